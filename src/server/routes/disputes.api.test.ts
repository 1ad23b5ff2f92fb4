import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { runDueJobs } from "../../core/jobs/index.js";
import { auditLog } from "../../db/schema/audit.js";
import { inboxItems, jobs } from "../../db/schema/jobs.js";
import { JOB_HANDLERS } from "../../modules/timers.js";

const DAY = 86_400_000;
const T0 = new Date("2026-03-02T08:00:00Z");
let clock = T0;
let h: Harness;

type Actor = { code: string };
type Entry = { id: string; kind: string; stage: string; actor: Actor | null; body: string | null; filename: string | null };
type Dispute = {
  id: string;
  code: string;
  stage: string;
  status: string;
  stageDeadline: string;
  daysLeft: number | null;
  daysToSettle: number | null;
  escalations: number;
  parties: Actor[];
  mediator: Actor | null;
  openedBy: Actor | null;
  about: { kind: string; code: string } | null;
  history: { stage: string; mediator: Actor | null; by: string | null }[];
  entries: Entry[];
  actions: string[];
  outcome: string | null;
};
type ErrorBody = { error: { code: string; details: { path?: string; code: string }[] | { rule: string } } };

const base = { mechanism: "MBZ", title: { en: "Boten freight terminal fees" }, summary: "Fees charged at the terminal", parties: ["cn-mohan", "la-boten"] };

async function open(as: string, body: Record<string, unknown> = {}): Promise<Dispute> {
  const res = await h.call("POST", "/api/v1/disputes", { as, body: { ...base, ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Dispute;
}
const show = async (code: string, as = "secretariat") => (await (await h.call("GET", `/api/v1/disputes/${code}`, { as })).json()) as Dispute;
const firstRule = async (res: Response) => {
  const { error } = (await res.json()) as ErrorBody;
  return Array.isArray(error.details) ? error.details[0]!.code : error.details.rule;
};
const runTimers = () => runDueJobs(h.database.db, JOB_HANDLERS, { now: () => clock });
const inboxFor = async (id: string) => h.database.db.select().from(inboxItems).where(eq(inboxItems.entityId, id));

beforeAll(async () => {
  h = await createHarness({ now: () => clock });
  await h.addUser("mohan", "officer", "cn-mohan");
  await h.addUser("boten", "officer", "la-boten");
  await h.addUser("botenAnalyst", "analyst", "la-boten");
});
afterAll(() => h?.close());

describe("opening a dispute", () => {
  it("opens a case at negotiation with the mechanism's default deadline", async () => {
    const d = await open("mohan", { project: "SAMPLE-MBZ-LOGISTICS" });
    expect(d).toMatchObject({ code: "DSP-2026-0001", stage: "negotiation", status: "open", daysLeft: 90, escalations: 0, openedBy: { code: "cn-mohan" }, about: { kind: "project", code: "SAMPLE-MBZ-LOGISTICS" } });
    expect(d.parties.map((p) => p.code)).toEqual(["cn-mohan", "la-boten"]);
    expect(new Date(d.stageDeadline).getTime()).toBe(T0.getTime() + 90 * DAY);
    expect(d.history).toEqual([expect.objectContaining({ stage: "negotiation", mediator: null })]);
    expect(d.actions).toEqual(expect.arrayContaining(["position", "document", "escalate", "withdraw"]));
    expect(d.actions).not.toContain("settle");
    const [job] = await h.database.db.select().from(jobs).where(eq(jobs.key, `dispute-deadline:${d.id}:negotiation`));
    expect(job).toMatchObject({ status: "pending", runAt: new Date(d.stageDeadline) });
  });

  it("refuses the public, non-parties and readers, and bad input, writing nothing", async () => {
    const before = await countRows(h.database, "disputes");
    const entries = await countRows(h.database, "dispute_entries");
    expect((await h.call("POST", "/api/v1/disputes", { body: base })).status).toBe(401);
    for (const as of ["analyst", "reviewer", "officer", "botenAnalyst"]) expect((await h.call("POST", "/api/v1/disputes", { as, body: base })).status, as).toBe(403);
    const bad = async (body: Record<string, unknown>, status: number, rule?: string) => {
      const res = await h.call("POST", "/api/v1/disputes", { as: "secretariat", body: { ...base, ...body } });
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (rule) expect(await firstRule(res)).toBe(rule);
    };
    await bad({ parties: ["cn-mohan"] }, 400);
    await bad({ title: { en: "" } }, 400);
    await bad({ project: "SAMPLE-MBZ-LOGISTICS", agreement: "X" }, 400);
    await bad({ deadline: "next week" }, 400);
    await bad({ extra: true }, 400);
    await bad({ parties: ["cn-mohan", "atlantis"] }, 422, "unknown_actor");
    await bad({ parties: ["cn-mohan", "cn-mohan"] }, 422, "duplicate_party");
    await bad({ mechanism: "NOPE" }, 422, "unknown_mechanism");
    await bad({ project: "NO-SUCH-PROJECT" }, 422, "unknown_project");
    await bad({ obligation: "NO-SUCH-OBLIGATION" }, 422, "unknown_obligation");
    await bad({ deadline: new Date(T0.getTime() - 1000).toISOString() }, 422, "deadline_not_future");
    expect(await countRows(h.database, "disputes")).toBe(before);
    expect(await countRows(h.database, "dispute_entries")).toBe(entries);
  });
});

describe("who sees a dispute", () => {
  it("shows the case to its parties and staff only: 404 and absent from lists and counts for everyone else", async () => {
    const d = await open("boten", { title: { en: "Quarantine inspection delays" } });
    for (const as of ["mohan", "boten", "botenAnalyst", "secretariat", "admin"]) expect((await h.call("GET", `/api/v1/disputes/${d.code}`, { as })).status, as).toBe(200);
    for (const as of [undefined, "officer", "otherOfficer", "reviewer", "analyst"]) {
      expect((await h.call("GET", `/api/v1/disputes/${d.code}`, { as })).status, String(as)).toBe(404);
      expect((await h.call("GET", `/api/v1/disputes/${d.id}`, { as })).status, String(as)).toBe(404);
      const page = (await (await h.call("GET", "/api/v1/disputes?limit=500", { as })).json()) as { items: Dispute[]; total: number };
      expect(page).toMatchObject({ items: [], total: 0 });
      const stats = (await (await h.call("GET", "/api/v1/disputes/stats", { as })).json()) as { total: number };
      expect(stats.total).toBe(0);
      expect((await h.call("POST", `/api/v1/disputes/${d.code}/entries`, { as, body: { kind: "position", body: "x" } })).status).toBe(as ? 404 : 401);
    }
    const mine = (await (await h.call("GET", "/api/v1/disputes?limit=500&mechanism=MBZ&status=open", { as: "mohan" })).json()) as { items: Dispute[]; total: number };
    expect(mine.items.map((x) => x.code)).toContain(d.code);
    expect(mine.total).toBe(mine.items.length);
  });
});

describe("positions, notes and escalation on request", () => {
  let d: Dispute;
  beforeAll(async () => {
    d = await open("mohan", { title: { en: "Cross-border power tariff" } });
  });

  it("records each party's position, speaking for its own organisation, and staff notes", async () => {
    for (const [i, [as, body]] of ([["mohan", "Tariffs follow the 2024 schedule."], ["boten", "The schedule was never ratified."]] as const).entries()) {
      clock = new Date(T0.getTime() + (i + 1) * 60_000);
      const res = await h.call("POST", `/api/v1/disputes/${d.code}/entries`, { as, body: { kind: "position", body } });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ kind: "position", stage: "negotiation", actor: { code: as === "mohan" ? "cn-mohan" : "la-boten" }, body });
    }
    clock = new Date(T0.getTime() + 3 * 60_000);
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/entries`, { as: "secretariat", body: { kind: "note", body: "Secretariat reminded both sides of the deadline." } })).status).toBe(201);
    const before = await countRows(h.database, "dispute_entries");
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/entries`, { as: "secretariat", body: { kind: "position", body: "x" } })).status).toBe(403);
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/entries`, { as: "mohan", body: { kind: "note", body: "x" } })).status).toBe(403);
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/entries`, { as: "botenAnalyst", body: { kind: "position", body: "x" } })).status).toBe(403);
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/entries`, { as: "mohan", body: { kind: "position", body: " " } })).status).toBe(400);
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/entries`, { as: "mohan", body: { kind: "award", body: "x" } })).status).toBe(400);
    expect(await countRows(h.database, "dispute_entries")).toBe(before);
    const shown = await show(d.code, "boten");
    expect(shown.entries.map((e) => [e.kind, e.actor?.code ?? null])).toEqual([
      ["position", "cn-mohan"],
      ["position", "la-boten"],
      ["note", null],
    ]);
  });

  it("escalates on a party's request, needs a mediator from third-party mediation on, and stops at arbitration", async () => {
    clock = new Date(T0.getTime() + 10 * DAY);
    const res = await h.call("POST", `/api/v1/disputes/${d.code}/escalate`, { as: "boten", body: { reason: "Talks stalled" } });
    expect(res.status).toBe(200);
    const jc = (await res.json()) as Dispute;
    expect(jc).toMatchObject({ stage: "joint_committee", escalations: 1, daysLeft: 90 });
    expect(jc.history.map((x) => x.stage)).toEqual(["negotiation", "joint_committee"]);
    const [old] = await h.database.db.select().from(jobs).where(eq(jobs.key, `dispute-deadline:${d.id}:negotiation`));
    expect(old!.status).toBe("cancelled");
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/escalate`, { as: "botenAnalyst", body: {} })).status).toBe(403);
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/escalate`, { as: "otherOfficer", body: {} })).status).toBe(404);
    expect(await firstRule(await h.call("POST", `/api/v1/disputes/${d.code}/escalate`, { as: "mohan", body: {} }))).toBe("mediator_required");
    expect(await firstRule(await h.call("POST", `/api/v1/disputes/${d.code}/escalate`, { as: "mohan", body: { mediator: "la-boten" } }))).toBe("mediator_is_party");
    expect(await firstRule(await h.call("POST", `/api/v1/disputes/${d.code}/escalate`, { as: "mohan", body: { mediator: "th", deadline: "2020-01-01T00:00:00Z" } }))).toBe("deadline_not_future");
    expect((await show(d.code)).stage).toBe("joint_committee");

    const deadline = new Date(clock.getTime() + 30 * DAY).toISOString();
    const tp = (await (await h.call("POST", `/api/v1/disputes/${d.code}/escalate`, { as: "secretariat", body: { mediator: "th", deadline } })).json()) as Dispute;
    expect(tp).toMatchObject({ stage: "third_party", mediator: { code: "th" }, stageDeadline: new Date(deadline).toISOString(), daysLeft: 30 });
    // The mediator's organisation now sees the case and may write notes; others still do not.
    expect((await h.call("GET", `/api/v1/disputes/${d.code}`, { as: "reviewer" })).status).toBe(200);
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/entries`, { as: "otherOfficer", body: { kind: "note", body: "Mediation session set for May." } })).status).toBe(201);
    expect((await h.call("GET", `/api/v1/disputes/${d.code}`, { as: "analyst" })).status).toBe(404);

    const arb = (await (await h.call("POST", `/api/v1/disputes/${d.code}/escalate`, { as: "mohan", body: { mediator: "lmc-secretariat" } })).json()) as Dispute;
    expect(arb).toMatchObject({ stage: "arbitration", escalations: 3 });
    expect(arb.actions).not.toContain("escalate");
    expect(await firstRule(await h.call("POST", `/api/v1/disputes/${d.code}/escalate`, { as: "secretariat", body: {} }))).toBe("dispute_final_stage");
    expect(await firstRule(await h.call("POST", `/api/v1/disputes/${d.code}/close`, { as: "secretariat", body: { outcome: "award", text: "" } }))).toBeDefined();
    const award = (await (await h.call("POST", `/api/v1/disputes/${d.code}/close`, { as: "secretariat", body: { outcome: "award", text: "Tariff set at the 2024 schedule." } })).json()) as Dispute;
    expect(award).toMatchObject({ status: "award", daysToSettle: 10, daysLeft: null, actions: [] });
    clock = T0;
  });
});

describe("closing", () => {
  it("lets staff settle and the opening party withdraw; awards only at arbitration; nothing after closing", async () => {
    const a = await open("mohan", { title: { en: "Warehouse lease" } });
    const b = await open("mohan", { title: { en: "Customs seal dispute" } });
    const before = await countRows(h.database, "disputes");
    expect((await h.call("POST", `/api/v1/disputes/${a.code}/close`, { as: "mohan", body: { outcome: "settled", text: "Agreed." } })).status).toBe(403);
    expect((await h.call("POST", `/api/v1/disputes/${b.code}/close`, { as: "boten", body: { outcome: "withdrawn", text: "Not ours to withdraw." } })).status).toBe(403);
    expect(await firstRule(await h.call("POST", `/api/v1/disputes/${a.code}/close`, { as: "secretariat", body: { outcome: "award", text: "No." } }))).toBe("award_only_at_arbitration");
    expect((await h.call("POST", `/api/v1/disputes/${a.code}/close`, { as: "secretariat", body: { outcome: "lost", text: "No." } })).status).toBe(400);
    expect((await show(a.code)).status).toBe("open");

    clock = new Date(T0.getTime() + 3 * DAY);
    const settled = (await (await h.call("POST", `/api/v1/disputes/${a.code}/close`, { as: "secretariat", body: { outcome: "settled", text: "Lease renewed at the old rent." } })).json()) as Dispute;
    expect(settled).toMatchObject({ status: "settled", outcome: "Lease renewed at the old rent.", daysToSettle: 3 });
    const [job] = await h.database.db.select().from(jobs).where(eq(jobs.key, `dispute-deadline:${a.id}:negotiation`));
    expect(job!.status).toBe("cancelled");
    expect((await h.call("POST", `/api/v1/disputes/${b.code}/close`, { as: "mohan", body: { outcome: "withdrawn", text: "Resolved informally." } })).status).toBe(200);
    expect(await firstRule(await h.call("POST", `/api/v1/disputes/${a.code}/close`, { as: "secretariat", body: { outcome: "withdrawn", text: "Again." } }))).toBe("dispute_closed");
    expect(await firstRule(await h.call("POST", `/api/v1/disputes/${a.code}/entries`, { as: "mohan", body: { kind: "position", body: "Late." } }))).toBe("dispute_closed");
    expect(await firstRule(await h.call("POST", `/api/v1/disputes/${a.code}/escalate`, { as: "mohan", body: {} }))).toBe("dispute_closed");
    expect(await countRows(h.database, "disputes")).toBe(before);
    clock = T0;
  });

  it("counts by stage and status, with the median days to settle", async () => {
    const stats = (await (await h.call("GET", "/api/v1/disputes/stats?mechanism=MBZ", { as: "secretariat" })).json()) as { total: number; byStatus: Record<string, number>; byStage: Record<string, number>; medianDaysToSettle: number | null };
    expect(stats.byStatus).toMatchObject({ settled: 1, award: 1, withdrawn: 1 });
    expect(stats.medianDaysToSettle).toBe(6.5);
    expect(stats.total).toBe(Object.values(stats.byStatus).reduce((x, y) => x + y, 0));
    expect(Object.values(stats.byStage).reduce((x, y) => x + y, 0)).toBe(stats.byStatus.open);
    const none = (await (await h.call("GET", "/api/v1/disputes/stats?mechanism=LMC", { as: "secretariat" })).json()) as { total: number; medianDaysToSettle: number | null };
    expect(none).toMatchObject({ total: 0, medianDaysToSettle: null });
  });
});

describe("deadline timers", () => {
  it("only notifies when the mechanism does not escalate by itself, once", async () => {
    const d = await open("mohan", { title: { en: "Late rail slot allocation" }, deadline: new Date(T0.getTime() + 2 * DAY).toISOString() });
    clock = new Date(T0.getTime() + 2 * DAY - 1000);
    await runTimers();
    expect(await inboxFor(d.id)).toHaveLength(0);
    clock = new Date(T0.getTime() + 2 * DAY + 1000);
    await runTimers();
    await runTimers();
    const items = await inboxFor(d.id);
    expect(items.map((i) => i.message)).toEqual(["dispute_deadline_passed", "dispute_deadline_passed", "dispute_deadline_passed"]);
    expect(items.filter((i) => i.role === "secretariat")).toHaveLength(1);
    expect(await show(d.code)).toMatchObject({ stage: "negotiation", escalations: 0, daysLeft: 0 });
    clock = T0;
  });

  it("escalates exactly once when the mechanism says so, and leaves settled cases alone", async () => {
    expect((await h.call("PATCH", "/api/v1/mechanisms/MBZ/settings", { as: "secretariat", body: { disputeAutoEscalate: true } })).status).toBe(200);
    const d = await open("boten", { title: { en: "Shared wastewater plant costs" }, deadline: new Date(T0.getTime() + DAY).toISOString() });
    const settled = await open("boten", { title: { en: "Signage languages" }, deadline: new Date(T0.getTime() + DAY).toISOString() });
    expect((await h.call("POST", `/api/v1/disputes/${settled.code}/close`, { as: "secretariat", body: { outcome: "settled", text: "Both languages." } })).status).toBe(200);
    clock = new Date(T0.getTime() + DAY + 1000);
    await runTimers();
    await runTimers();
    const after = await show(d.code);
    expect(after).toMatchObject({ stage: "joint_committee", escalations: 1, daysLeft: 90 });
    expect(after.history.map((x) => [x.stage, x.by])).toEqual([
      ["negotiation", "boten"],
      ["joint_committee", null],
    ]);
    const items = await inboxFor(d.id);
    expect(items.map((i) => i.message)).toEqual(Array(3).fill("dispute_escalated_joint_committee"));
    expect(items.map((i) => i.link)).toEqual(Array(3).fill(`/disputes/${d.code}`));
    expect(await inboxFor(settled.id)).toHaveLength(0);
    expect(await show(settled.code)).toMatchObject({ status: "settled", stage: "negotiation" });
    const escalations = await h.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, d.id), eq(auditLog.action, "escalate")));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.channel).toBe("worker");

    // The joint committee's deadline passes too, but third-party mediation needs a mediator named: a notice, no move.
    clock = new Date(clock.getTime() + 91 * DAY);
    await runTimers();
    expect((await show(d.code)).stage).toBe("joint_committee");
    expect((await inboxFor(d.id)).filter((i) => i.message === "dispute_deadline_passed")).toHaveLength(3);
    expect((await h.call("PATCH", "/api/v1/mechanisms/MBZ/settings", { as: "secretariat", body: { disputeAutoEscalate: false } })).status).toBe(200);
    clock = T0;
  });
});

describe("documents", () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
  it("files a document for a party, serves it to those who see the case (audited), and refuses others and wrong types", async () => {
    const d = await open("mohan", { title: { en: "Survey of the border fence" } });
    const up = await h.call("POST", `/api/v1/disputes/${d.code}/documents?filename=survey.pdf`, { as: "mohan", rawBody: pdf, headers: { "content-type": "application/pdf" } });
    expect(up.status, await up.clone().text()).toBe(201);
    const doc = (await up.json()) as Entry;
    expect(doc).toMatchObject({ kind: "document", filename: "survey.pdf", actor: { code: "cn-mohan" } });
    const got = await h.call("GET", `/api/v1/disputes/${d.code}/documents/${doc.id}`, { as: "boten" });
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(pdf);
    const downloads = await h.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, doc.id), eq(auditLog.action, "download")));
    expect(downloads).toHaveLength(1);
    for (const as of ["reviewer", "analyst", "officer"]) expect((await h.call("GET", `/api/v1/disputes/${d.code}/documents/${doc.id}`, { as })).status).toBe(404);
    const before = await countRows(h.database, "dispute_entries");
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/documents?filename=x.pdf`, { as: "reviewer", rawBody: pdf, headers: { "content-type": "application/pdf" } })).status).toBe(404);
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/documents?filename=x.pdf`, { as: "botenAnalyst", rawBody: pdf, headers: { "content-type": "application/pdf" } })).status).toBe(403);
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/documents?filename=x.exe`, { as: "mohan", rawBody: pdf, headers: { "content-type": "application/x-msdownload" } })).status).toBe(415);
    expect((await h.call("POST", `/api/v1/disputes/${d.code}/documents?filename=x.png`, { as: "mohan", rawBody: pdf, headers: { "content-type": "image/png" } })).status).toBe(422);
    expect(await countRows(h.database, "dispute_entries")).toBe(before);
  });
});

describe("mechanism settings", () => {
  it("shows the settings to everyone and lets only staff change them, validated", async () => {
    const m = (await (await h.call("GET", "/api/v1/mechanisms/MRC")).json()) as Record<string, unknown>;
    expect(m).toMatchObject({ consultationMonths: 6, disputeAutoEscalate: false, reminderDays: [30, 7], disputeStageDays: { negotiation: 90, joint_committee: 90, third_party: 180, arbitration: 365 } });
    const body = { consultationMonths: 8, disputeStageDays: { negotiation: 30 }, reminderDays: [7, 30, 1] };
    expect((await h.call("PATCH", "/api/v1/mechanisms/MRC/settings", { body })).status).toBe(401);
    for (const as of ["officer", "reviewer", "analyst"]) expect((await h.call("PATCH", "/api/v1/mechanisms/MRC/settings", { as, body })).status).toBe(403);
    for (const bad of [{ consultationMonths: 0 }, { disputeStageDays: { mediation: 10 } }, { disputeStageDays: { negotiation: 0 } }, { reminderDays: [7, 7] }, { disputeAutoEscalate: "yes" }, { colour: "blue" }])
      expect((await h.call("PATCH", "/api/v1/mechanisms/MRC/settings", { as: "secretariat", body: bad })).status, JSON.stringify(bad)).toBe(400);
    expect((await h.call("PATCH", "/api/v1/mechanisms/NOPE/settings", { as: "secretariat", body })).status).toBe(404);
    expect((await h.call("PATCH", "/api/v1/mechanisms/MRC/settings", { as: "secretariat", body, headers: { "if-match": '"999"' } })).status).toBe(412);
    const res = await h.call("PATCH", "/api/v1/mechanisms/MRC/settings", { as: "secretariat", body });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ consultationMonths: 8, reminderDays: [30, 7, 1], disputeStageDays: { negotiation: 30, joint_committee: 90, third_party: 180, arbitration: 365 } });
    const logged = await h.database.db.select().from(auditLog).where(and(eq(auditLog.entity, "mechanism"), eq(auditLog.action, "settings")));
    expect(logged.length).toBeGreaterThan(0);
    const d = await open("secretariat", { mechanism: "MRC", parties: ["th", "la"] });
    expect(d.daysLeft).toBe(30);
    expect((await h.database.db.select().from(jobs).where(like(jobs.key, `dispute-deadline:${d.id}:%`))).length).toBe(1);
  });
});
