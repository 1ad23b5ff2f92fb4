import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { alertSubscriptions } from "../../db/schema/monitoring.js";
import { projects } from "../../db/schema/projects.js";

const DAY = 86_400_000;
const T0 = new Date("2026-11-24T08:00:00Z");
let clock = T0;
let h: Harness;

type Alert = { kind: string; severity: string; entity: string; code: string; mechanismCode: string | null; kindLabel: string; message: string; params: Record<string, string | number>; reason: string; link: string; dueAt: string | null; since: string | null };
type AlertList = { asOf: string; total: number; items: Alert[] };

beforeAll(async () => {
  h = await createHarness({ now: () => clock });
  await h.addUser("ynAnalyst", "analyst", "cn-yunnan");
  await h.addUser("mohanAnalyst", "analyst", "cn-mohan");
});
afterAll(() => h?.close());

const alerts = async (as: string, query = "") => {
  const res = await h.call("GET", `/api/v1/alerts${query}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as AlertList;
};
const find = (list: AlertList, kind: string, code: string) => list.items.find((a) => a.kind === kind && a.code === code);
const SEVERITY = ["high", "medium", "low"];

describe("GET /api/v1/alerts", () => {
  it("is for staff and analysts only: 401 for the public, 403 for officers and reviewers", async () => {
    expect((await h.call("GET", "/api/v1/alerts")).status).toBe(401);
    for (const as of ["officer", "otherOfficer", "reviewer"]) expect((await h.call("GET", "/api/v1/alerts", { as })).status, as).toBe(403);
    for (const as of ["admin", "secretariat", "analyst"]) expect((await h.call("GET", "/api/v1/alerts", { as })).status, as).toBe(200);
  });

  it("rejects bad filters with the documented error shape", async () => {
    const kind = await h.call("GET", "/api/v1/alerts?kind=weather", { as: "secretariat" });
    expect(kind.status).toBe(400);
    expect(await kind.json()).toMatchObject({ error: { details: [expect.objectContaining({ path: "kind" })] } });
    const country = await h.call("GET", "/api/v1/alerts?country=LAO", { as: "secretariat" });
    expect(country.status).toBe(400);
    expect(await country.json()).toMatchObject({ error: { details: [expect.objectContaining({ path: "country" })] } });
    const mech = await h.call("GET", "/api/v1/alerts?mechanism=NOPE", { as: "secretariat" });
    expect(mech.status).toBe(422);
    expect(await mech.json()).toMatchObject({ error: { details: [expect.objectContaining({ path: "mechanism", code: "unknown_mechanism" })] } });
  });

  it("raises real alerts on the reference data, most severe first, with reasons and links", async () => {
    const list = await alerts("secretariat");
    expect(list.asOf).toBe(T0.toISOString());
    expect(list.total).toBe(list.items.length);

    // The customs-yard phase was to end on 30 June 2026 and is still active.
    expect(find(list, "phase_overdue", "SAMPLE-MBZ-LOGISTICS/2")).toMatchObject({
      severity: "high",
      entity: "phase",
      mechanismCode: "LMC",
      link: "/projects/SAMPLE-MBZ-LOGISTICS",
      dueAt: "2026-06-30",
      params: { days: 147 },
      reason: "Phase 2 of SAMPLE-MBZ-LOGISTICS was to end on 2026-06-30, 147 days ago, and is not completed.",
    });
    // The Ruili–Muse roll-out is suspended.
    expect(find(list, "phase_suspended", "SAMPLE-RMZ-TRADE/2")).toMatchObject({ severity: "high", mechanismCode: "RMZ", link: "/projects/SAMPLE-RMZ-TRADE" });
    // Reports after the first half of 2025 were never sent.
    const late = list.items.filter((a) => a.kind === "late_report");
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((a) => a.code === "SAMPLE-MBZ-LOGISTICS" && a.reason.includes("days late"))).toBe(true);
    // The rice project is 60 % through its time with nothing disbursed of what was committed.
    expect(find(list, "slow_disbursement", "SAMPLE-LMC-RICE")).toMatchObject({ severity: "high", params: { elapsed: 60, disbursed: 0, lag: 60 } });
    expect(find(list, "slow_disbursement", "SAMPLE-MBZ-LOGISTICS")).toBeUndefined();
    // Budget − committed: 1.5 M of 4.8 M (31 %) and 150,000 of 350,000 (43 %); the others are fully committed.
    expect(find(list, "funding_gap", "SAMPLE-MBZ-LOGISTICS")).toMatchObject({ severity: "low", params: { gap: "1500000.00", share: 31, currency: "USD" } });
    expect(find(list, "funding_gap", "SAMPLE-LMC-RICE")).toMatchObject({ params: { gap: "150000.00", share: 43 } });
    expect(find(list, "funding_gap", "SAMPLE-RMZ-TRADE")).toBeUndefined();
    // A proposal or a finished project raises nothing.
    expect(list.items.filter((a) => a.code.startsWith("SAMPLE-LMC-WATER-DATA") || a.code.startsWith("SAMPLE-LMC-VOCATIONAL"))).toEqual([]);

    const ranks = list.items.map((a) => SEVERITY.indexOf(a.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // Analysts see the same public records.
    expect((await alerts("analyst")).items.map((a) => `${a.kind}:${a.code}`)).toEqual(list.items.map((a) => `${a.kind}:${a.code}`));
  });

  it("filters by kind, mechanism and country, and speaks the caller's language", async () => {
    const suspended = await alerts("secretariat", "?kind=phase_suspended");
    expect(suspended.items.map((a) => a.code)).toEqual(["SAMPLE-RMZ-TRADE/2"]);
    const rmz = await alerts("secretariat", "?mechanism=RMZ");
    expect(rmz.items.length).toBeGreaterThan(0);
    expect(rmz.items.every((a) => a.mechanismCode === "RMZ")).toBe(true);
    const la = await alerts("secretariat", "?country=la");
    expect(la.items.some((a) => a.code.startsWith("SAMPLE-MBZ-LOGISTICS"))).toBe(true);
    expect(la.items.some((a) => a.code.startsWith("SAMPLE-RMZ-TRADE"))).toBe(false);
    const zh = await alerts("secretariat", "?kind=phase_suspended&lang=zh");
    expect(zh.items[0]).toMatchObject({ kindLabel: "阶段暂停", reason: "SAMPLE-RMZ-TRADE 的第 2 阶段已暂停（国家：—）。" });
  });

  it("shows a restricted project's alerts only to users of its named organisations", async () => {
    await h.database.db.update(projects).set({ visibility: "restricted" }).where(eq(projects.code, "SAMPLE-RMZ-TRADE"));
    try {
      for (const as of ["secretariat", "analyst"]) expect((await alerts(as)).items.filter((a) => a.code.startsWith("SAMPLE-RMZ-TRADE")), as).toEqual([]);
      // Yunnan funds the project, so its analyst still sees the suspension.
      expect(find(await alerts("ynAnalyst"), "phase_suspended", "SAMPLE-RMZ-TRADE/2")).toBeDefined();
    } finally {
      await h.database.db.update(projects).set({ visibility: "public" }).where(eq(projects.code, "SAMPLE-RMZ-TRADE"));
    }
  });

  it("raises overdue obligations, and leaves open ones not yet due alone", async () => {
    const mou = { code: "MOU-ALERTS", kind: "mou", mechanism: "LMC", title: { en: "Border clinic MoU" }, signedOn: "2026-03-01", signatories: ["cn-yunnan", "la-luangnamtha"] };
    expect((await h.call("POST", "/api/v1/agreements", { as: "secretariat", body: mou })).status).toBe(201);
    const add = (code: string, dueDate: string) => h.call("POST", "/api/v1/agreements/MOU-ALERTS/obligations", { as: "secretariat", body: { code, owner: "cn-yunnan", title: { en: `Obligation ${code}` }, dueDate } });
    expect((await add("OB-ALERT-LATE", "2026-10-31")).status).toBe(201);
    expect((await add("OB-ALERT-OLD", "2026-08-01")).status).toBe(201);
    expect((await add("OB-ALERT-FUTURE", "2026-12-31")).status).toBe(201);
    const list = await alerts("secretariat", "?kind=obligation_overdue");
    expect(list.items.map((a) => a.code)).toEqual(["OB-ALERT-OLD", "OB-ALERT-LATE"]);
    expect(list.items[1]).toMatchObject({ severity: "medium", entity: "obligation", mechanismCode: "LMC", link: "/agreements/MOU-ALERTS", dueAt: "2026-10-31", params: { days: 24, owner: "cn-yunnan", agreement: "MOU-ALERTS" } });
    expect(list.items[0]).toMatchObject({ severity: "high", params: { days: 115 } });
    expect((await alerts("secretariat", "?kind=obligation_overdue&country=LA")).items).toEqual([]);
    expect((await alerts("secretariat", "?kind=obligation_overdue&mechanism=MRC")).items).toEqual([]);
    // A fulfilment record, even a late one, settles it.
    const done = await h.call("POST", "/api/v1/obligations/OB-ALERT-LATE/fulfilment", { as: "secretariat", body: { status: "late", fulfilledOn: "2026-11-20", evidence: "Clinic opened late." } });
    expect(done.status, await done.clone().text()).toBe(201);
    expect((await alerts("secretariat", "?kind=obligation_overdue")).items.map((a) => a.code)).toEqual(["OB-ALERT-OLD"]);
  });

  it("raises a consultation clock within 30 days of its end, and once it has passed", async () => {
    const post = (path: string, body: unknown, as = "secretariat") => h.call("POST", `/api/v1/consultations${path}`, { as, body });
    const sub = await post("", { code: "PNC-ALERT", mechanism: "MRC", subject: "dam", title: { en: "Alert test dam" }, description: { en: "A dam." }, proposer: "th", affectedParties: ["la", "kh"] }, "otherOfficer");
    expect(sub.status, await sub.clone().text()).toBe(201);
    expect((await post("/PNC-ALERT/check", { complete: true })).status).toBe(200);
    for (const party of ["la", "kh"]) expect((await post("/PNC-ALERT/receipt", { party })).status).toBe(200);
    const due = ((await (await h.call("GET", "/api/v1/consultations/PNC-ALERT", { as: "secretariat" })).json()) as { clock: { dueAt: string } }).clock.dueAt;
    expect(due).toBe("2027-05-24T08:00:00.000Z");
    expect((await alerts("secretariat", "?kind=consultation_due")).items).toEqual([]);
    try {
      clock = new Date("2027-05-01T08:00:00Z");
      const soon = await alerts("analyst", "?kind=consultation_due");
      expect(soon.items).toEqual([expect.objectContaining({ code: "PNC-ALERT", severity: "medium", mechanismCode: "MRC", link: "/consultations/PNC-ALERT", dueAt: due, params: { due: "2027-05-24", days: 23 } })]);
      clock = new Date("2027-05-20T08:00:00Z");
      expect((await alerts("secretariat", "?kind=consultation_due")).items[0]).toMatchObject({ severity: "high", params: { days: 4 } });
      expect((await alerts("secretariat", "?kind=consultation_due&country=VN")).items).toEqual([]);
      clock = new Date("2027-06-03T08:00:00Z");
      expect((await alerts("secretariat", "?kind=consultation_due")).items[0]).toMatchObject({
        severity: "high",
        message: "consultation_due_past",
        reason: "The consultation period ended on 2027-05-24, 10 days ago; record the outcome.",
      });
    } finally {
      clock = T0;
    }
  });

  it("raises dispute deadlines within 14 days, only to those who may see the case", async () => {
    const open = async (code: string, days: number) => {
      const res = await h.call("POST", "/api/v1/disputes", { as: "secretariat", body: { mechanism: "MBZ", title: { en: `Terminal fees ${code}` }, parties: ["cn-mohan", "la-boten"], deadline: new Date(T0.getTime() + days * DAY).toISOString() } });
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { code: string }).code;
    };
    const near = await open("near", 10);
    const far = await open("far", 20);
    const list = await alerts("secretariat", "?kind=dispute_deadline");
    expect(list.items.map((a) => a.code)).toEqual([near]);
    expect(list.items[0]).toMatchObject({ severity: "medium", entity: "dispute", mechanismCode: "MBZ", link: `/disputes/${near}`, params: { days: 10, stage: "negotiation" } });
    // A Vietnamese analyst is no party to the case; the Mohan analyst is.
    expect((await alerts("analyst", "?kind=dispute_deadline")).items).toEqual([]);
    expect((await alerts("mohanAnalyst", "?kind=dispute_deadline")).items.map((a) => a.code)).toEqual([near]);
    try {
      clock = new Date(T0.getTime() + 8 * DAY);
      expect((await alerts("secretariat", "?kind=dispute_deadline")).items.map((a) => `${a.code}:${a.severity}`)).toEqual([`${near}:high`, `${far}:medium`]);
      clock = new Date(T0.getTime() + 13 * DAY);
      expect((await alerts("secretariat", "?kind=dispute_deadline")).items[0]).toMatchObject({ code: near, message: "dispute_deadline_past", params: { days: 3 } });
    } finally {
      clock = T0;
    }
  });

  it("lists the projects exposed to a suspension in the same country", async () => {
    const suspend = await h.call("POST", "/api/v1/projects/SAMPLE-MBZ-LOGISTICS/phases/2/transitions", { as: "secretariat", body: { action: "suspend", reason: "change_of_government", country: "LA" } });
    expect(suspend.status, await suspend.clone().text()).toBe(200);
    const list = await alerts("secretariat");
    expect(find(list, "phase_suspended", "SAMPLE-MBZ-LOGISTICS/2")).toMatchObject({ params: { country: "LA" }, since: "2026-11-24" });
    expect(find(list, "phase_overdue", "SAMPLE-MBZ-LOGISTICS/2")).toBeUndefined();
    // The rice project has a Lao partner; the suspended project itself is not "exposed".
    expect(find(list, "suspension_exposure", "SAMPLE-LMC-RICE")).toMatchObject({ severity: "medium", params: { country: "LA", suspended: "SAMPLE-MBZ-LOGISTICS/2", spent: "0" } });
    expect(find(list, "suspension_exposure", "SAMPLE-MBZ-LOGISTICS")).toBeUndefined();
    expect((await alerts("secretariat", "?kind=suspension_exposure&country=CN")).items).toEqual([]);
  });

  it("writes nothing: alerts are computed on read", async () => {
    const before = await countRows(h.database, "audit_log");
    await alerts("secretariat");
    expect(await countRows(h.database, "audit_log")).toBe(before);
  });
});

type Subscription = { kinds: string[]; mechanismCode: string | null; channel: string; email: string; emailAvailable: boolean; lastDigestOn: string | null };
const SUB = "/api/v1/alerts/subscription";

describe("alert subscriptions", () => {
  it("is none by default, for staff and analysts only: 401 for the public, 403 for officers and reviewers", async () => {
    const res = await h.call("GET", SUB, { as: "analyst" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kinds: [], mechanismCode: null, channel: "none", email: h.users.analyst!.email, emailAvailable: false, lastDigestOn: null });
    expect((await h.call("GET", SUB)).status).toBe(401);
    expect((await h.call("PUT", SUB, { body: { kinds: [] } })).status).toBe(401);
    for (const as of ["officer", "reviewer"]) {
      expect((await h.call("GET", SUB, { as })).status, as).toBe(403);
      expect((await h.call("PUT", SUB, { as, body: { kinds: ["funding_gap"], channel: "file" } })).status, as).toBe(403);
      expect((await h.call("GET", "/api/v1/alerts?mine=true", { as })).status, as).toBe(403);
    }
    // Nothing subscribed: mine=true lists nothing although alerts exist.
    expect((await alerts("secretariat", "?mine=true")).items).toEqual([]);
    expect(await countRows(h.database, "alert_subscriptions")).toBe(0);
  });

  it("saves the caller's own choice, audited, and mine=true follows it", async () => {
    const auditBefore = await countRows(h.database, "audit_log");
    const res = await h.call("PUT", SUB, { as: "secretariat", body: { kinds: ["phase_suspended", "funding_gap"], mechanism: "LMC", channel: "file" } });
    expect(res.status, await res.clone().text()).toBe(200);
    // Stored in the canonical order of the kinds, with the mechanism's code.
    expect(await res.json()).toMatchObject({ kinds: ["phase_suspended", "funding_gap"], mechanismCode: "LMC", channel: "file" });
    expect(((await (await h.call("GET", SUB, { as: "secretariat" })).json()) as Subscription).kinds).toEqual(["phase_suspended", "funding_gap"]);
    expect(await countRows(h.database, "audit_log")).toBe(auditBefore + 1);
    // Another user's subscription is untouched.
    expect(((await (await h.call("GET", SUB, { as: "admin" })).json()) as Subscription).kinds).toEqual([]);

    const mine = await alerts("secretariat", "?mine=true");
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((a) => ["phase_suspended", "funding_gap"].includes(a.kind) && a.mechanismCode === "LMC")).toBe(true);
    expect(find(mine, "funding_gap", "SAMPLE-LMC-RICE")).toBeDefined();
    // Filters narrow the subscription, never widen it.
    expect((await alerts("secretariat", "?mine=true&kind=late_report")).items).toEqual([]);
    expect((await alerts("secretariat", "?mine=true&mechanism=RMZ")).items).toEqual([]);
    expect((await alerts("secretariat", "?mine=true&kind=funding_gap")).items.every((a) => a.kind === "funding_gap")).toBe(true);

    // Every mechanism again, and the digest off.
    const all = await h.call("PUT", SUB, { as: "secretariat", body: { kinds: ["phase_suspended"], mechanism: null, channel: "none" } });
    expect(await all.json()).toMatchObject({ kinds: ["phase_suspended"], mechanismCode: null, channel: "none" });
    expect((await alerts("secretariat", "?mine=true")).items.map((a) => a.kind)).toEqual(expect.arrayContaining(["phase_suspended"]));
    expect(await countRows(h.database, "audit_log")).toBe(auditBefore + 2);
  });

  it("refuses bad input with the documented error shape and writes nothing", async () => {
    const rows = await countRows(h.database, "alert_subscriptions");
    const audits = await countRows(h.database, "audit_log");
    const bad = async (body: unknown, status: number, path: string, code?: string) => {
      const res = await h.call("PUT", SUB, { as: "analyst", body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(await res.json()).toMatchObject({ error: { details: [expect.objectContaining({ path, ...(code ? { code } : {}) })] } });
    };
    await bad({ kinds: ["weather"], channel: "file" }, 400, "kinds.0");
    await bad({ kinds: ["funding_gap", "funding_gap"] }, 400, "kinds");
    await bad({ kinds: ["funding_gap"], channel: "pigeon" }, 400, "channel");
    await bad({ kinds: ["funding_gap"], mechanism: "NOPE" }, 422, "mechanism", "unknown_mechanism");
    // No SMTP server is configured here, so an e-mail digest would never arrive.
    await bad({ kinds: ["funding_gap"], channel: "email" }, 422, "channel", "digest_email_unavailable");
    const msg = await h.call("PUT", `${SUB}?lang=zh`, { as: "analyst", body: { kinds: ["funding_gap"], channel: "email" } });
    expect(((await msg.json()) as { error: { message: string } }).error.message).toContain("SMTP");
    expect(await countRows(h.database, "alert_subscriptions")).toBe(rows);
    expect(await countRows(h.database, "audit_log")).toBe(audits);
  });

  it("accepts the e-mail channel once an SMTP server is configured", async () => {
    process.env.CONCORD_SMTP_URL = "smtp://127.0.0.1:2525";
    try {
      const res = await h.call("PUT", SUB, { as: "analyst", body: { kinds: ["late_report"], channel: "email" } });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json()).toMatchObject({ channel: "email", emailAvailable: true, email: h.users.analyst!.email });
      const [row] = await h.database.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.userId, h.users.analyst!.userId));
      expect(row).toMatchObject({ kinds: ["late_report"], channel: "email", lastDigestOn: null });
    } finally {
      delete process.env.CONCORD_SMTP_URL;
    }
  });
});
