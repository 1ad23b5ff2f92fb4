import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { runDueJobs } from "../../core/jobs/index.js";
import { JOB_HANDLERS } from "../../modules/timers.js";

let h: Harness;
/** The app's clock, moved forward by the test so the period and its timers can pass. */
let clock = new Date("2026-03-02T08:00:00Z");
const at = (iso: string) => (clock = new Date(iso));
const days = (n: number) => (clock = new Date(clock.getTime() + n * 86_400_000));

beforeAll(async () => {
  h = await createHarness({ now: () => clock });
  // Officers of each country in the Thai dam case; `otherOfficer` is already at th.
  await h.addUser("la", "officer", "la");
  await h.addUser("kh", "officer", "kh");
  await h.addUser("vn", "officer", "vn");
  await h.addUser("thBody", "officer", "th-bangkok");
});
afterAll(() => h?.close());

const dam = (over: Record<string, unknown> = {}) => ({
  code: "PNC-TH-DAM",
  mechanism: "MRC",
  subject: "dam",
  title: { en: "Pak Chom mainstream dam", th: "เขื่อนปากชม" },
  description: { en: "A run-of-river dam on the Mekong mainstream." },
  proposer: "th",
  affectedParties: ["la", "kh", "vn"],
  ...over,
});
const post = (path: string, as: string | undefined, body: unknown) => h.call("POST", `/api/v1/consultations${path}`, { as, body });
const inbox = async () => {
  const res = (await h.database.db.execute(sql`select message, org_id, role from inbox_items where entity = 'consultation' order by created_at`)) as unknown as { rows: { message: string; org_id: string | null; role: string | null }[] };
  return res.rows;
};

describe("prior notification and consultation", () => {
  it("refuses a notification from anyone but the proposing country or staff, and leaves nothing", async () => {
    const before = await countRows(h.database, "consultations");
    expect((await post("", undefined, dam())).status).toBe(401);
    expect((await post("", "officer", dam())).status).toBe(403); // Yunnan does not speak for Thailand
    expect((await post("", "la", dam())).status).toBe(403);
    expect((await post("", "reviewer", dam())).status).toBe(403); // a Thai reviewer is not an officer
    expect((await post("", "analyst", dam())).status).toBe(403);
    expect(await countRows(h.database, "consultations")).toBe(before);
    expect(await countRows(h.database, "consultation_entries")).toBe(0);
  });

  it("rejects bad input with the documented error shape and writes nothing", async () => {
    const bad = async (body: unknown, status: number, detail: Record<string, unknown>) => {
      const res = await post("", "otherOfficer", body);
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ error: { details: [expect.objectContaining(detail)] } });
    };
    await bad(dam({ affectedParties: [] }), 400, { path: "affectedParties" });
    await bad(dam({ subject: "casino" }), 400, { path: "subject" });
    await bad(dam({ extra: 1 }), 400, {});
    await bad(dam({ affectedParties: ["la", "th"] }), 422, { path: "affectedParties.1", code: "affected_party_is_proposer" });
    await bad(dam({ affectedParties: ["la", "la"] }), 422, { path: "affectedParties.1", code: "duplicate_party" });
    await bad(dam({ affectedParties: ["cn-yunnan"] }), 422, { path: "affectedParties.0", code: "consultation_party_not_country" });
    await bad(dam({ affectedParties: ["atlantis"] }), 422, { path: "affectedParties.0", code: "unknown_actor" });
    await bad(dam({ mechanism: "NOPE" }), 422, { path: "mechanism", code: "unknown_mechanism" });
    await bad(dam({ project: "NOPE" }), 422, { path: "project", code: "unknown_project" });
    expect(await countRows(h.database, "consultations")).toBe(0);
    expect(await countRows(h.database, "consultation_parties")).toBe(0);
  });

  it("walks the Thai dam through the whole procedure", async () => {
    at("2026-03-02T08:00:00Z");
    const sub = await post("", "otherOfficer", dam());
    expect(sub.status, await sub.clone().text()).toBe(201);
    expect(await sub.json()).toMatchObject({ code: "PNC-TH-DAM", status: "submitted", periodMonths: 6, proposer: { code: "th" }, clock: null, next: { kind: "completeness_check" } });
    expect((await post("", "otherOfficer", dam())).status).toBe(409);

    // Only staff check completeness; a return needs a reason.
    expect((await post("/PNC-TH-DAM/check", "otherOfficer", { complete: true })).status).toBe(403);
    expect((await post("/PNC-TH-DAM/check", "secretariat", { complete: false })).status).toBe(400);
    days(1);
    const ret = await post("/PNC-TH-DAM/check", "secretariat", { complete: false, reason: "Add the sediment study." });
    expect(await ret.json()).toMatchObject({ status: "returned", next: { kind: "resubmission", waitingFor: ["th"] } });
    expect((await post("/PNC-TH-DAM/receipt", "la", {})).status).toBe(409);
    expect((await post("/PNC-TH-DAM/resubmit", "la", {})).status).toBe(403);
    days(1);
    // A government body in Thailand speaks for it.
    expect((await post("/PNC-TH-DAM/resubmit", "thBody", { note: "Sediment study attached." })).status).toBe(200);
    days(1);
    const fwd = await (await post("/PNC-TH-DAM/check", "secretariat", { complete: true })).json();
    expect(fwd).toMatchObject({ status: "forwarded", next: { kind: "receipt", waitingFor: ["kh", "la", "vn"] } });
    expect(fwd.forwardedAt).toBe(clock.toISOString());

    // Receipts: each party's own officer, or staff naming the party.
    expect((await post("/PNC-TH-DAM/receipt", "otherOfficer", {})).status).toBe(403);
    expect((await post("/PNC-TH-DAM/receipt", "la", { party: "vn" })).status).toBe(403);
    expect(await (await post("/PNC-TH-DAM/receipt", "secretariat", {})).json()).toMatchObject({ error: { details: [{ code: "party_required" }] } });
    expect(await (await post("/PNC-TH-DAM/receipt", "secretariat", { party: "cn" })).json()).toMatchObject({ error: { details: [{ code: "not_affected_party" }] } });
    days(2);
    expect((await post("/PNC-TH-DAM/receipt", "la", {})).status).toBe(200);
    expect(await (await post("/PNC-TH-DAM/receipt", "la", {})).json()).toMatchObject({ error: { details: [{ code: "already_received" }] } });
    days(3);
    expect((await post("/PNC-TH-DAM/receipt", "vn", {})).status).toBe(200);
    expect((await post("/PNC-TH-DAM/entries", "vn", { kind: "reply", body: "Too early" })).status).toBe(409);
    at("2026-03-31T10:00:00Z");
    const started = await (await post("/PNC-TH-DAM/receipt", "secretariat", { party: "kh" })).json();
    expect(started).toMatchObject({
      status: "in_consultation",
      clock: { startedAt: "2026-03-31T10:00:00.000Z", dueAt: "2026-09-30T10:00:00.000Z", elapsedDays: 0, remainingDays: 183, extensions: 0 },
      next: { kind: "due", at: "2026-09-30T10:00:00.000Z" },
    });

    // The record while consulting.
    days(20);
    expect((await post("/PNC-TH-DAM/entries", "otherOfficer", { kind: "reply", body: "Our own reply" })).status).toBe(403);
    expect((await post("/PNC-TH-DAM/entries", "reviewer", { kind: "note", body: "x" })).status).toBe(403);
    expect((await post("/PNC-TH-DAM/entries", "secretariat", { kind: "reply", body: "x" })).status).toBe(422);
    expect((await post("/PNC-TH-DAM/entries", "la", { kind: "reply", body: "Laos asks for fish passage data." })).status).toBe(200);
    days(1);
    expect((await post("/PNC-TH-DAM/entries", "secretariat", { kind: "technical_review", body: "Technical review: sediment and fisheries." })).status).toBe(200);
    expect((await post("/PNC-TH-DAM/entries", "vn", { kind: "meeting", body: "Joint meeting", event: "NOPE" })).status).toBe(422);

    // Extending needs every party in the joint decision.
    const entriesBefore = await countRows(h.database, "consultation_entries");
    const partial = await post("/PNC-TH-DAM/extend", "secretariat", { months: 3, decision: "Joint Committee decision 2026/4", agreedBy: ["th", "la", "kh"] });
    expect(partial.status).toBe(422);
    expect(await partial.json()).toMatchObject({ error: { code: "rule_violated", details: [{ path: "agreedBy", code: "extension_needs_all_parties" }] } });
    expect((await post("/PNC-TH-DAM/extend", "secretariat", { months: 3, decision: "x", agreedBy: ["th", "la", "kh", "vn", "cn"] })).status).toBe(422);
    expect((await post("/PNC-TH-DAM/extend", "otherOfficer", { months: 3, decision: "x", agreedBy: ["th", "la", "kh", "vn"] })).status).toBe(403);
    expect(await countRows(h.database, "consultation_entries")).toBe(entriesBefore);
    days(1);
    const ext = await (await post("/PNC-TH-DAM/extend", "secretariat", { months: 3, decision: "Joint Committee decision 2026/4", agreedBy: ["th", "la", "kh", "vn"] })).json();
    expect(ext.clock).toMatchObject({ dueAt: "2026-12-30T10:00:00.000Z", extensions: 1 });

    const list = await (await h.call("GET", "/api/v1/consultations?party=kh", { as: "analyst" })).json();
    expect(list.items.map((c: { code: string }) => c.code)).toEqual(["PNC-TH-DAM"]);
    expect(list.items[0].clock.remainingDays).toBeGreaterThan(200);
    expect((await (await h.call("GET", "/api/v1/consultations?party=mm", { as: "analyst" })).json()).total).toBe(0);

    const full = await (await h.call("GET", "/api/v1/consultations/PNC-TH-DAM", { as: "reviewer" })).json();
    expect(full.entries.map((e: { kind: string }) => e.kind)).toEqual(["submitted", "completeness_check", "resubmitted", "forwarded", "received", "received", "received", "reply", "technical_review", "extension"]);
    expect(full.parties.every((p: { receivedAt: string | null }) => p.receivedAt)).toBe(true);

    // Closing: conditions required for a conditional agreement; parties cannot close.
    expect((await post("/PNC-TH-DAM/close", "secretariat", { outcome: "agreed_with_conditions" })).status).toBe(400);
    expect((await post("/PNC-TH-DAM/close", "otherOfficer", { outcome: "agreed" })).status).toBe(403);
    days(10);
    const closed = await (await post("/PNC-TH-DAM/close", "secretariat", { outcome: "agreed_with_conditions", conditions: { en: "Fish passage and sediment flushing as reviewed." } })).json();
    expect(closed).toMatchObject({ status: "closed", outcome: "agreed_with_conditions", next: { kind: "none" }, clock: { overdue: false } });
    expect((await post("/PNC-TH-DAM/close", "secretariat", { outcome: "agreed" })).status).toBe(409);
  });

  it("refuses every step to readers and the public, and an unknown consultation to anyone", async () => {
    at("2026-11-02T08:00:00Z");
    expect((await post("", "secretariat", dam({ code: "PNC-ROLES", subject: "water_transfer", affectedParties: ["kh"] }))).status).toBe(201);
    const steps: [string, unknown][] = [
      ["check", { complete: true }],
      ["resubmit", {}],
      ["receipt", { party: "kh" }],
      ["entries", { kind: "note", body: "x" }],
      ["extend", { months: 1, decision: "x", agreedBy: ["th", "kh"] }],
      ["close", { outcome: "withdrawn" }],
    ];
    const audit = await countRows(h.database, "audit_log");
    for (const [step, body] of steps) {
      expect((await post(`/PNC-ROLES/${step}`, undefined, body)).status, step).toBe(401);
      expect((await post(`/PNC-ROLES/${step}`, "reviewer", body)).status, step).toBe(403);
      expect((await post(`/PNC-ROLES/${step}`, "analyst", body)).status, step).toBe(403);
      expect((await post(`/PNC-ROLES/${step}`, "officer", body)).status, step).toBe(403); // Yunnan is neither proposer nor party
      expect((await post(`/NOPE/${step}`, "secretariat", body)).status, step).toBe(404);
    }
    expect((await post("/PNC-ROLES/extend", "secretariat", { months: 0, decision: "x", agreedBy: ["th"] })).status).toBe(400);
    expect((await post("/PNC-ROLES/check", "secretariat", { complete: "yes" })).status).toBe(400);
    expect(await countRows(h.database, "audit_log")).toBe(audit);
    expect(await countRows(h.database, "consultation_entries")).toBe(12); // the dam's eleven and this one's submission

    const found = await (await h.call("GET", "/api/v1/consultations?q=pnc-rol&sort=-submittedAt", { as: "reviewer" })).json();
    expect(found.items.map((c: { code: string }) => c.code)).toEqual(["PNC-ROLES"]);
    const running = await (await h.call("GET", "/api/v1/consultations?status=submitted&mechanism=MRC", { as: "reviewer" })).json();
    expect(running.items).toEqual([expect.objectContaining({ code: "PNC-ROLES", clock: null, next: { kind: "completeness_check", waitingFor: ["secretariat"], at: null } })]);
    expect((await h.call("GET", "/api/v1/consultations?sort=galaxy", { as: "reviewer" })).status).toBe(400);
    // The proposer withdraws before anything else happens; its clock never started.
    expect((await post("/PNC-ROLES/close", "otherOfficer", { outcome: "agreed" })).status).toBe(403);
    expect(await (await post("/PNC-ROLES/close", "otherOfficer", { outcome: "withdrawn" })).json()).toMatchObject({ status: "closed", outcome: "withdrawn", clock: null });
  });

  it("hides every consultation from the public", async () => {
    expect((await h.call("GET", "/api/v1/consultations")).status).toBe(401);
    expect((await h.call("GET", "/api/v1/consultations/PNC-TH-DAM")).status).toBe(401);
    expect((await h.call("GET", "/api/v1/consultations/clocks")).status).toBe(401);
    expect((await h.call("GET", "/api/v1/consultations/NOPE", { as: "analyst" })).status).toBe(404);
    expect((await h.call("GET", "/api/v1/consultations/clocks", { as: "analyst" })).status).toBe(403);
  });

  it("fires the period's timers once, re-armed by an extension and silenced by the close", async () => {
    at("2027-01-04T00:00:00Z");
    await post("", "otherOfficer", dam({ code: "PNC-TIMERS", mechanism: "LMC", affectedParties: ["la"] }));
    await post("/PNC-TIMERS/check", "secretariat", { complete: true });
    await post("/PNC-TIMERS/receipt", "la", {});
    const c = await (await h.call("GET", "/api/v1/consultations/PNC-TIMERS", { as: "la" })).json();
    expect(c.clock.dueAt).toBe("2027-07-04T00:00:00.000Z");
    const run = (iso: string) => runDueJobs(h.database.db, JOB_HANDLERS, { now: () => new Date(iso) });

    expect(await run("2027-06-03T00:00:00Z")).toBe(0);
    expect(await run("2027-06-04T00:00:00Z")).toBe(1); // 30 days before
    expect(await run("2027-06-05T00:00:00Z")).toBe(0);
    expect((await inbox()).map((i) => i.message)).toEqual(["consultation_due_soon", "consultation_due_soon", "consultation_due_soon"]);

    const board = await (await h.call("GET", "/api/v1/consultations/clocks", { as: "secretariat" })).json();
    expect(board.items.map((i: { code: string }) => i.code)).toEqual(["PNC-TIMERS"]);

    // The extension moves both timers: the old due date passes without a message.
    at("2027-06-10T00:00:00Z");
    expect((await post("/PNC-TIMERS/extend", "admin", { months: 1, decision: "Agreed by exchange of letters", agreedBy: ["la", "th"] })).status).toBe(200);
    expect(await run("2027-07-05T00:00:00Z")).toBe(1); // the re-armed due-soon (2027-07-05)
    expect(await run("2027-07-06T00:00:00Z")).toBe(0);
    const board2 = await (await h.call("GET", "/api/v1/consultations/clocks", { as: "secretariat" })).json();
    expect(board2.items[0]).toMatchObject({ code: "PNC-TIMERS", next: { kind: "due" } });
    expect(await run("2027-08-04T00:00:00Z")).toBe(1);
    expect((await inbox()).filter((i) => i.message === "consultation_due")).toHaveLength(3);
    expect((await inbox()).filter((i) => i.role === "secretariat")).toHaveLength(3);

    // A proposer withdraws; a second consultation's timers then never speak.
    at("2027-08-10T00:00:00Z");
    expect((await post("/PNC-TIMERS/close", "otherOfficer", { outcome: "withdrawn" })).status).toBe(200);
    await post("", "otherOfficer", dam({ code: "PNC-SILENT", affectedParties: ["vn"] }));
    await post("/PNC-SILENT/check", "secretariat", { complete: true });
    await post("/PNC-SILENT/receipt", "vn", {});
    await post("/PNC-SILENT/close", "secretariat", { outcome: "no_consensus" });
    const count = (await inbox()).length;
    expect(await run("2028-12-31T00:00:00Z")).toBe(0);
    expect((await inbox()).length).toBe(count);
  });
});
