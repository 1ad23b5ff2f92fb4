import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { runDueJobs } from "../../core/jobs/index.js";
import { jobs } from "../../db/schema/jobs.js";
import { obligations } from "../../db/schema/obligations.js";
import { JOB_HANDLERS } from "../../modules/timers.js";

let h: Harness;
let clock = new Date("2026-05-01T10:00:00Z");
beforeAll(async () => {
  h = await createHarness({ now: () => clock });
  await h.addUser("laOfficer", "officer", "la-luangnamtha");
});
afterAll(() => h?.close());

type Obligation = { id: string; code: string; status: string | null; overdue: boolean; dueDate: string; version: number; fulfilments: { status: string; evidence: string }[] };
type Agreement = { code: string; kind: string; mechanismCode: string | null; signatories: { actorCode: string }[]; obligations: Obligation[] };
type Inbox = { items: { id: string; message: string; text: string; link: string | null; readAt: string | null }[]; total: number; unread: number };
type Rate = { actorCode: string; year: number; due: number; fulfilled: number; openOverdue: number; rate: number | null };

const run = (at: string) => runDueJobs(h.database.db, JOB_HANDLERS, { now: () => new Date(at) });
const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;
const mou = { code: "MOU-YN-LNT", kind: "mou", mechanism: "LMC", title: { en: "Yunnan–Luang Namtha border health MoU" }, signedOn: "2026-03-01", signatories: ["cn-yunnan", "la-luangnamtha"] };
const jobsOf = (id: string) => h.database.db.select().from(jobs).where(like(jobs.key, `%:${id}%`));

describe("agreements", () => {
  it("lets the secretariat record an MoU under a mechanism, and signed-in users read it", async () => {
    const res = await h.call("POST", "/api/v1/agreements", { as: "secretariat", body: mou });
    expect(res.status).toBe(201);
    const a = (await res.json()) as Agreement;
    expect(a).toMatchObject({ code: "MOU-YN-LNT", kind: "mou", mechanismCode: "LMC", obligations: [] });
    expect(a.signatories.map((s) => s.actorCode)).toEqual(["cn-yunnan", "la-luangnamtha"]);
    expect((await h.call("GET", "/api/v1/agreements/MOU-YN-LNT", { as: "analyst" })).status).toBe(200);
    const list = await json<{ items: Agreement[] }>(h.call("GET", "/api/v1/agreements?mechanism=LMC&actor=la-luangnamtha", { as: "reviewer" }));
    expect(list.items.map((x) => x.code)).toContain("MOU-YN-LNT");
    expect((await json<{ items: Agreement[] }>(h.call("GET", "/api/v1/agreements?actor=th", { as: "reviewer" }))).items.map((x) => x.code)).not.toContain("MOU-YN-LNT");
  });

  it("hides standalone agreements from the public, in the list and one by one", async () => {
    expect((await h.call("GET", "/api/v1/agreements/MOU-YN-LNT")).status).toBe(404);
    const list = await json<{ items: Agreement[] }>(h.call("GET", "/api/v1/agreements?limit=500"));
    expect(list.items.map((x) => x.code)).not.toContain("MOU-YN-LNT");
  });

  it("lets an officer record an agreement its organisation signed, and no other", async () => {
    const own = await h.call("POST", "/api/v1/agreements", { as: "officer", body: { ...mou, code: "MOU-OWN", mechanism: undefined } });
    expect(own.status).toBe(201);
    const before = await countRows(h.database, "agreements");
    expect((await h.call("POST", "/api/v1/agreements", { as: "otherOfficer", body: { ...mou, code: "MOU-X" } })).status).toBe(403);
    for (const as of ["analyst", "reviewer"]) expect((await h.call("POST", "/api/v1/agreements", { as, body: { ...mou, code: "MOU-X" } })).status).toBe(403);
    expect((await h.call("POST", "/api/v1/agreements", { body: { ...mou, code: "MOU-X" } })).status).toBe(401);
    expect(await countRows(h.database, "agreements")).toBe(before);
  });

  it("lists a project's agreement under its project's visibility, and keeps the project route working", async () => {
    const project = { code: "OB-RESTRICTED", mechanism: "LMC", title: { en: "Restricted twinning" }, visibility: "restricted", startDate: "2026-06-01", budget: "100000.00", currency: "USD", parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "la", role: "partner" }] };
    expect((await h.call("POST", "/api/v1/projects", { as: "officer", body: project })).status).toBe(201);
    const signed = await h.call("POST", "/api/v1/projects/OB-RESTRICTED/agreements", { as: "officer", body: { code: "OB-RESTRICTED-GA", title: { en: "Grant agreement" }, signedOn: "2026-05-20", signatories: ["cn-yunnan", "la"] } });
    expect(signed.status).toBe(201);
    expect(((await signed.json()) as { agreements: { code: string }[] }).agreements.map((a) => a.code)).toEqual(["OB-RESTRICTED-GA"]);
    const own = await json<Agreement & { projectCode: string; mechanismCode: string }>(h.call("GET", "/api/v1/agreements/OB-RESTRICTED-GA", { as: "officer" }));
    expect(own).toMatchObject({ projectCode: "OB-RESTRICTED", mechanismCode: "LMC", kind: "agreement" });
    expect((await json<{ items: Agreement[] }>(h.call("GET", "/api/v1/agreements?project=OB-RESTRICTED", { as: "officer" }))).items).toHaveLength(1);
    for (const as of [undefined, "otherOfficer", "admin"]) {
      expect((await h.call("GET", "/api/v1/agreements/OB-RESTRICTED-GA", { as })).status).toBe(404);
      expect((await json<{ items: Agreement[] }>(h.call("GET", "/api/v1/agreements?limit=500", { as }))).items.map((a) => a.code)).not.toContain("OB-RESTRICTED-GA");
      expect((await h.call("POST", "/api/v1/agreements/OB-RESTRICTED-GA/obligations", { as, body: { owner: "la", title: { en: "X" }, dueDate: "2026-09-01" } })).status).toBe(as ? 404 : 401);
    }
  });

  it("refuses bad input with the documented error shape, writing nothing", async () => {
    const before = await countRows(h.database, "agreements");
    const one = await h.call("POST", "/api/v1/agreements", { as: "secretariat", body: { ...mou, code: "MOU-1", signatories: ["cn-yunnan"] } });
    expect(one.status).toBe(400);
    expect(await one.json()).toMatchObject({ error: { code: "validation_failed" } });
    const unknown = await h.call("POST", "/api/v1/agreements", { as: "secretariat", body: { ...mou, code: "MOU-2", signatories: ["cn-yunnan", "nowhere"] } });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: { code: "rule_violated", details: [{ path: "signatories.1", code: "unknown_actor" }] } });
    const twice = await h.call("POST", "/api/v1/agreements", { as: "secretariat", body: { ...mou, code: "MOU-3", signatories: ["cn-yunnan", "cn-yunnan"] } });
    expect(twice.status).toBe(422);
    expect((await h.call("POST", "/api/v1/agreements", { as: "secretariat", body: { ...mou, mechanism: "NOPE", code: "MOU-4" } })).status).toBe(422);
    expect((await h.call("POST", "/api/v1/agreements", { as: "secretariat", body: { ...mou, signedOn: "2026-02-30", code: "MOU-5" } })).status).toBe(400);
    expect((await h.call("POST", "/api/v1/agreements", { as: "secretariat", body: mou })).status).toBe(409);
    expect(await countRows(h.database, "agreements")).toBe(before);
    expect(await countRows(h.database, "agreement_parties")).toBeGreaterThan(0);
  });
});

describe("obligations, reminders and fulfilment", () => {
  let yn: Obligation;
  let lnt: Obligation;

  it("adds obligations owed by signatories and schedules their reminders and overdue notice", async () => {
    const res = await h.call("POST", "/api/v1/agreements/MOU-YN-LNT/obligations", { as: "secretariat", body: { owner: "cn-yunnan", title: { en: "Open the joint clinic" }, dueDate: "2026-07-31" } });
    expect(res.status).toBe(201);
    yn = (await res.json()) as Obligation;
    expect(yn).toMatchObject({ code: "MOU-YN-LNT-O1", status: null, overdue: false });
    const timers = await jobsOf(yn.id);
    expect(timers.map((j) => [j.key.split(":")[0], j.runAt.toISOString(), j.status]).sort()).toEqual([
      ["obligation-overdue", "2026-08-01T00:00:00.000Z", "pending"],
      ["obligation-reminder", "2026-07-01T00:00:00.000Z", "pending"],
      ["obligation-reminder", "2026-07-24T00:00:00.000Z", "pending"],
    ]);
    lnt = await json<Obligation>(h.call("POST", "/api/v1/agreements/MOU-YN-LNT/obligations", { as: "laOfficer", body: { owner: "la-luangnamtha", title: { en: "Second the nurses" }, dueDate: "2026-07-31" } }));
    expect(lnt.code).toBe("MOU-YN-LNT-O2");
    const a = await json<Agreement>(h.call("GET", "/api/v1/agreements/MOU-YN-LNT", { as: "analyst" }));
    expect(a.obligations.map((o) => o.code)).toEqual(["MOU-YN-LNT-O1", "MOU-YN-LNT-O2"]);
  });

  it("refuses an owner that did not sign, a due date before signing, other roles, and the public, writing nothing", async () => {
    const before = await countRows(h.database, "obligations");
    const jobsBefore = await countRows(h.database, "jobs");
    const body = { owner: "cn-yunnan", title: { en: "X" }, dueDate: "2026-09-01" };
    const notSigner = await h.call("POST", "/api/v1/agreements/MOU-YN-LNT/obligations", { as: "secretariat", body: { ...body, owner: "th" } });
    expect(notSigner.status).toBe(422);
    expect(await notSigner.json()).toMatchObject({ error: { code: "rule_violated", details: [{ path: "owner", code: "owner_not_signatory" }] } });
    const early = await h.call("POST", "/api/v1/agreements/MOU-YN-LNT/obligations", { as: "secretariat", body: { ...body, dueDate: "2026-02-28" } });
    expect(early.status).toBe(422);
    expect(await early.json()).toMatchObject({ error: { details: [{ path: "dueDate", code: "due_before_signing" }] } });
    expect((await h.call("POST", "/api/v1/agreements/MOU-YN-LNT/obligations", { as: "secretariat", body: { ...body, dueDate: "soon" } })).status).toBe(400);
    expect((await h.call("POST", "/api/v1/agreements/MOU-YN-LNT/obligations", { as: "otherOfficer", body })).status).toBe(403);
    expect((await h.call("POST", "/api/v1/agreements/MOU-YN-LNT/obligations", { as: "analyst", body })).status).toBe(403);
    expect((await h.call("POST", "/api/v1/agreements/MOU-YN-LNT/obligations", { body })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/agreements/NO-SUCH/obligations", { as: "secretariat", body })).status).toBe(404);
    expect(await countRows(h.database, "obligations")).toBe(before);
    expect(await countRows(h.database, "jobs")).toBe(jobsBefore);
  });

  it("fires each reminder once, to the owner's organisation, in the reader's language", async () => {
    expect(await run("2026-06-30T23:00:00Z")).toBe(0);
    expect(await run("2026-07-01T01:00:00Z")).toBe(2);
    expect(await run("2026-07-01T02:00:00Z")).toBe(0);
    const inbox = await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "officer" }));
    expect(inbox.items.map((i) => i.text)).toEqual(['Reminder: obligation MOU-YN-LNT-O1 "Open the joint clinic" is due on 2026-07-31 (in 30 days).']);
    expect(inbox).toMatchObject({ total: 1, unread: 1 });
    expect(inbox.items[0]!.link).toBe("/agreements/MOU-YN-LNT");
    const zh = await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "officer", headers: { "accept-language": "zh" } }));
    expect(zh.items[0]!.text).toContain("提醒");
    expect((await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "otherOfficer" }))).total).toBe(0);
    expect((await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "laOfficer" }))).total).toBe(1);
  });

  it("lets only staff or the owner's officer record fulfilment, refusing 'fulfilled' after the due date", async () => {
    clock = new Date("2026-08-05T10:00:00Z");
    const path = `/api/v1/obligations/${yn.code}/fulfilment`;
    const body = { status: "fulfilled", fulfilledOn: "2026-07-20", evidence: "Clinic opened; minutes of the opening ceremony." };
    const before = await countRows(h.database, "obligation_fulfilments");
    expect((await h.call("POST", path, { as: "laOfficer", body })).status).toBe(403);
    expect((await h.call("POST", path, { as: "analyst", body })).status).toBe(403);
    expect((await h.call("POST", path, { body })).status).toBe(401);
    expect((await h.call("POST", path, { as: "officer", body: { ...body, evidence: "" } })).status).toBe(400);
    expect((await h.call("POST", path, { as: "officer", body: { ...body, status: "done" } })).status).toBe(400);
    const late = await h.call("POST", path, { as: "officer", body: { ...body, fulfilledOn: "2026-08-02" } });
    expect(late.status).toBe(422);
    const err = (await late.json()) as { error: { message: string; details: { code: string }[] } };
    expect(err.error.details[0]!.code).toBe("fulfilled_after_due");
    expect(err.error.message).toContain('"late"');
    expect((await h.call("POST", path, { as: "officer", body: { ...body, fulfilledOn: "2026-09-01" } })).status).toBe(422);
    expect(await countRows(h.database, "obligation_fulfilments")).toBe(before);

    const ok = await h.call("POST", path, { as: "officer", body });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ status: "fulfilled", overdue: false, fulfilments: [{ status: "fulfilled", evidence: body.evidence }] });
    const timers = await jobsOf(yn.id);
    expect(timers.filter((j) => j.status === "pending")).toEqual([]);
  });

  it("cancels a fulfilled obligation's timers; the open one's overdue notice goes once to the owner and the secretariat", async () => {
    // The 7-day reminders and the overdue notices are all due by now; only the open obligation's fire.
    expect(await run("2026-08-05T10:00:00Z")).toBe(2);
    expect(await run("2026-08-05T11:00:00Z")).toBe(0);
    const officer = await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "officer" }));
    expect(officer.total).toBe(1);
    const la = await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "laOfficer" }));
    expect(la.items.map((i) => i.message).sort()).toEqual(["obligation_overdue", "obligation_reminder", "obligation_reminder"]);
    const sec = await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "secretariat" }));
    expect(sec.items.map((i) => i.message)).toEqual(["obligation_overdue"]);
    expect((await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "analyst" }))).total).toBe(0);
  });

  it("lists overdue obligations and computes fulfilment rates per actor and year", async () => {
    const overdue = await json<{ items: Obligation[] }>(h.call("GET", "/api/v1/obligations?status=overdue", { as: "analyst" }));
    expect(overdue.items.map((o) => o.code)).toEqual([lnt.code]);
    expect(overdue.items[0]!.overdue).toBe(true);
    const fulfilled = await json<{ items: Obligation[] }>(h.call("GET", "/api/v1/obligations?status=fulfilled&owner=cn-yunnan&dueBefore=2026-12-31", { as: "analyst" }));
    expect(fulfilled.items.map((o) => o.code)).toEqual([yn.code]);
    expect((await json<{ items: Obligation[] }>(h.call("GET", "/api/v1/obligations?status=overdue"))).items).toEqual([]);
    expect((await h.call("GET", "/api/v1/obligations?status=bogus", { as: "analyst" })).status).toBe(400);

    const rates = await json<{ items: Rate[] }>(h.call("GET", "/api/v1/obligations/rates?mechanism=LMC", { as: "analyst" }));
    expect(rates.items.map((r) => [r.actorCode, r.year, r.due, r.fulfilled, r.openOverdue, r.rate])).toEqual([
      ["cn-yunnan", 2026, 1, 1, 0, 1],
      ["la-luangnamtha", 2026, 1, 0, 1, 0],
    ]);
    const one = await json<{ items: Rate[] }>(h.call("GET", "/api/v1/actors/cn-yunnan/fulfilment", { as: "analyst" }));
    expect(one.items).toHaveLength(1);
    expect(one.items[0]).toMatchObject({ actorCode: "cn-yunnan", rate: 1 });
    expect((await h.call("GET", "/api/v1/actors/nowhere/fulfilment", { as: "analyst" })).status).toBe(404);
  });

  it("keeps the fulfilment history when a later record supersedes", async () => {
    const res = await h.call("POST", `/api/v1/obligations/${lnt.code}/fulfilment`, { as: "laOfficer", body: { status: "partly", fulfilledOn: "2026-08-03", evidence: "Two of four nurses seconded." } });
    expect(res.status).toBe(201);
    const again = await json<Obligation>(h.call("POST", `/api/v1/obligations/${lnt.code}/fulfilment`, { as: "secretariat", body: { status: "late", fulfilledOn: "2026-08-04", evidence: "All four nurses seconded." } }));
    expect(again.status).toBe("late");
    expect(again.fulfilments.map((f) => f.status)).toEqual(["partly", "late"]);
  });

  it("moves the timers when the due date changes, with If-Match", async () => {
    const o = await json<Obligation>(h.call("POST", "/api/v1/agreements/MOU-YN-LNT/obligations", { as: "secretariat", body: { owner: "cn-yunnan", title: { en: "Annual joint report" }, dueDate: "2026-12-31" } }));
    const path = `/api/v1/obligations/${o.code}`;
    expect((await h.call("PATCH", path, { as: "secretariat", body: { dueDate: "2027-01-31" } })).status).toBe(428);
    expect((await h.call("PATCH", path, { as: "otherOfficer", body: { dueDate: "2027-01-31" }, headers: { "if-match": '"1"' } })).status).toBe(403);
    const moved = await h.call("PATCH", path, { as: "officer", body: { dueDate: "2027-01-31" }, headers: { "if-match": '"1"' } });
    expect(moved.status).toBe(200);
    expect(moved.headers.get("etag")).toBe('"2"');
    const timers = await jobsOf(o.id);
    expect(timers.map((j) => j.runAt.toISOString()).sort()).toEqual(["2027-01-01T00:00:00.000Z", "2027-01-24T00:00:00.000Z", "2027-02-01T00:00:00.000Z"]);
    expect((await h.call("PATCH", path, { as: "officer", body: { dueDate: "2027-03-01" }, headers: { "if-match": '"1"' } })).status).toBe(412);
    expect(await run("2026-12-31T12:00:00Z")).toBe(0);
  });
});

describe("timers of an obligation closed meanwhile", () => {
  it("fire without a message when the obligation was assessed after they were set", async () => {
    const o = await json<Obligation>(h.call("POST", "/api/v1/agreements/MOU-YN-LNT/obligations", { as: "secretariat", body: { owner: "la-luangnamtha", title: { en: "Joint drill" }, dueDate: "2026-12-20" } }));
    // As if a fulfilment had been recorded by a path that left the timers armed.
    await h.database.db.update(obligations).set({ status: "fulfilled" }).where(eq(obligations.id, o.id));
    const before = await countRows(h.database, "inbox_items");
    expect(await run("2026-12-22T00:00:00Z")).toBe(3);
    expect(await countRows(h.database, "inbox_items")).toBe(before);
    expect((await jobsOf(o.id)).map((j) => j.status)).toEqual(["done", "done", "done"]);
  });
});

describe("inbox", () => {
  it("marks one item read, then all, and keeps others' items out of reach", async () => {
    const la = await json<Inbox>(h.call("GET", "/api/v1/inbox?unread=true", { as: "laOfficer" }));
    expect(la.unread).toBe(3);
    const first = la.items[0]!;
    expect((await h.call("POST", `/api/v1/inbox/${first.id}/read`, { as: "otherOfficer" })).status).toBe(404);
    expect((await h.call("POST", `/api/v1/inbox/${first.id}/read`)).status).toBe(401);
    expect((await h.call("POST", "/api/v1/inbox/not-a-uuid/read", { as: "laOfficer" })).status).toBe(404);
    const read = await h.call("POST", `/api/v1/inbox/${first.id}/read`, { as: "laOfficer" });
    expect(read.status).toBe(200);
    expect((await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "laOfficer" }))).unread).toBe(2);
    expect(await json<{ marked: number }>(h.call("POST", "/api/v1/inbox/read-all", { as: "laOfficer" }))).toEqual({ marked: 2 });
    const after = await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "laOfficer" }));
    expect(after.unread).toBe(0);
    expect(after.items.every((i) => i.readAt)).toBe(true);
    expect((await h.call("GET", "/api/v1/inbox")).status).toBe(401);
    // Staff see the secretariat's items; the overdue notice there is still unread.
    expect((await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "admin" }))).unread).toBe(1);
    // Read state is each reader's own: a colleague at the same organisation still has all three unread.
    await h.addUser("laColleague", "analyst", "la-luangnamtha");
    const colleague = await json<Inbox>(h.call("GET", "/api/v1/inbox", { as: "laColleague" }));
    expect(colleague).toMatchObject({ total: 3, unread: 3 });
    expect(colleague.items.every((i) => i.readAt === null)).toBe(true);
    expect((await json<Inbox>(h.call("GET", "/api/v1/inbox?unread=false", { as: "laOfficer" }))).total).toBe(3);
    expect((await json<Inbox>(h.call("GET", "/api/v1/inbox?unread=false", { as: "laColleague" }))).total).toBe(0);
  });
});
