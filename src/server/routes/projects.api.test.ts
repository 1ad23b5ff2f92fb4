import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
});
afterAll(() => h?.close());

type Page = { items: { code: string; visibility: string; status: string; countries: string[] }[]; total: number };
type Project = { id: string; code: string; version: number; phases: { seq: number; version: number }[]; totals: { type: string; value: string }[] };

const proposal = (lead: string, extra: Record<string, unknown> = {}) => ({
  mechanism: "LMC",
  pillar: "economic-sustainable",
  priorityArea: "agriculture-poverty",
  title: { en: "Cross-border rice seed trials", lo: "ການທົດລອງແນວພັນເຂົ້າຂ້າມແດນ" },
  visibility: "public",
  startDate: "2026-01-01",
  endDate: "2027-12-31",
  budget: "900000.00",
  currency: "USD",
  parties: [
    { actor: lead, role: "lead" },
    { actor: "la", role: "partner" },
  ],
  ...extra,
});

const list = async (query: string, as?: string) => (await (await h.call("GET", `/api/v1/projects${query}`, { as })).json()) as Page;

describe("visibility", () => {
  it("shows the public only published public projects", async () => {
    const page = await list("?limit=500");
    expect(page.items.length).toBeGreaterThan(0);
    for (const p of page.items) {
      expect(p.visibility).toBe("public");
      expect(["approved", "active", "suspended", "completed", "terminated"]).toContain(p.status);
    }
  });

  it("never shows a restricted project to an organisation not named on it, by list or by id", async () => {
    const create = await h.call("POST", "/api/v1/projects", { as: "officer", body: proposal("cn-yunnan", { code: "RESTRICTED-1", visibility: "restricted" }) });
    expect(create.status).toBe(201);
    for (const as of ["otherOfficer", "admin", "secretariat", "reviewer", "analyst", undefined]) {
      const page = await list("?limit=500&q=RESTRICTED", as);
      expect(page.items.map((p) => p.code), String(as)).not.toContain("RESTRICTED-1");
      expect((await h.call("GET", "/api/v1/projects/RESTRICTED-1", { as })).status, String(as)).toBe(404);
    }
    expect((await list("?limit=500&q=RESTRICTED", "officer")).items.map((p) => p.code)).toContain("RESTRICTED-1");
  });

  it("lists the same set a single read allows, for every role", async () => {
    for (const as of ["admin", "officer", "otherOfficer", "analyst", undefined]) {
      const page = await list("?limit=500", as);
      for (const p of page.items) expect((await h.call("GET", `/api/v1/projects/${p.code}`, { as })).status).toBe(200);
    }
  });
});

describe("POST /api/v1/projects", () => {
  it("refuses the public (401) and an officer proposing for another organisation (403), leaving nothing", async () => {
    const before = await countRows(h.database, "projects");
    const parties = await countRows(h.database, "project_parties");
    expect((await h.call("POST", "/api/v1/projects", { body: proposal("cn-yunnan") })).status).toBe(401);
    const res = await h.call("POST", "/api/v1/projects", { as: "officer", body: proposal("th") });
    expect(res.status).toBe(403);
    expect(await countRows(h.database, "projects")).toBe(before);
    expect(await countRows(h.database, "project_parties")).toBe(parties);
  });

  it("refuses analysts and reviewers", async () => {
    for (const as of ["analyst", "reviewer"]) expect((await h.call("POST", "/api/v1/projects", { as, body: proposal("cn-yunnan") })).status).toBe(403);
  });

  it("checks the rules of a proposal: one lead, dates in order, known pillar", async () => {
    const twoLeads = proposal("cn-yunnan", { parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "la", role: "lead" }] });
    expect((await h.call("POST", "/api/v1/projects", { as: "officer", body: twoLeads })).status).toBe(400);
    expect((await h.call("POST", "/api/v1/projects", { as: "officer", body: proposal("cn-yunnan", { endDate: "2025-01-01" }) })).status).toBe(400);
    const pillar = await h.call("POST", "/api/v1/projects", { as: "officer", body: proposal("cn-yunnan", { pillar: "nope" }) });
    expect(pillar.status).toBe(422);
    expect(((await pillar.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe("pillar");
    const money = await h.call("POST", "/api/v1/projects", { as: "officer", body: proposal("cn-yunnan", { budget: 12.5 }) });
    expect(money.status).toBe(400);
  });

  it("creates a proposal for the officer's own organisation", async () => {
    const res = await h.call("POST", "/api/v1/projects", { as: "officer", body: proposal("cn-yunnan", { code: "YN-LA-RICE" }) });
    expect(res.status).toBe(201);
    const p = (await res.json()) as Project & { status: string; countries: string[]; budget: string };
    expect(p.status).toBe("proposed");
    expect(p.countries).toEqual(["CN", "LA"]);
    expect(p.budget).toBe("900000.00");
    // A proposal is not public until approved.
    expect((await h.call("GET", "/api/v1/projects/YN-LA-RICE")).status).toBe(404);
  });
});

describe("updates, phases and money", () => {
  it("lets the lead's officer edit but not change status; another organisation's officer gets 403", async () => {
    const etag = (await h.call("GET", "/api/v1/projects/YN-LA-RICE", { as: "officer" })).headers.get("etag")!;
    expect((await h.call("PATCH", "/api/v1/projects/YN-LA-RICE", { as: "otherOfficer", body: { sector: "31161" }, headers: { "if-match": etag } })).status).toBe(403);
    expect((await h.call("PATCH", "/api/v1/projects/YN-LA-RICE", { as: "officer", body: { status: "approved" }, headers: { "if-match": etag } })).status).toBe(403);
    const ok = await h.call("PATCH", "/api/v1/projects/YN-LA-RICE", { as: "officer", body: { sector: "31161" }, headers: { "if-match": etag } });
    expect(ok.status).toBe(200);
    const stale = await h.call("PATCH", "/api/v1/projects/YN-LA-RICE", { as: "secretariat", body: { status: "approved" }, headers: { "if-match": etag } });
    expect(stale.status).toBe(412);
    const fresh = ok.headers.get("etag")!;
    expect((await h.call("PATCH", "/api/v1/projects/YN-LA-RICE", { as: "secretariat", body: { status: "approved" }, headers: { "if-match": fresh } })).status).toBe(200);
    expect((await h.call("GET", "/api/v1/projects/YN-LA-RICE")).status).toBe(200);
  });

  it("numbers phases in order, even when added at the same time", async () => {
    const phase = (n: number) => ({ name: { en: `Phase ${n}` }, startDate: "2026-01-01", endDate: "2026-06-30", budget: "300000.00" });
    const results = await Promise.all([1, 2, 3].map((n) => h.call("POST", "/api/v1/projects/YN-LA-RICE/phases", { as: "officer", body: phase(n) })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const p = (await (await h.call("GET", "/api/v1/projects/YN-LA-RICE", { as: "officer" })).json()) as Project;
    expect(p.phases.map((x) => x.seq)).toEqual([1, 2, 3]);
  });

  it("refuses a disbursement beyond the commitment with 422 and records none", async () => {
    const commit = await h.call("POST", "/api/v1/projects/YN-LA-RICE/transactions", { as: "secretariat", body: { type: "outgoing_commitment", value: "500000.00", valueDate: "2026-02-01", phase: 1 } });
    expect(commit.status).toBe(201);
    const before = await countRows(h.database, "transactions");
    const over = await h.call("POST", "/api/v1/projects/YN-LA-RICE/transactions", { as: "secretariat", body: { type: "disbursement", value: "500000.01", valueDate: "2026-03-01" } });
    expect(over.status).toBe(422);
    expect(((await over.json()) as { error: { code: string; details: { code: string }[] } }).error.details[0]!.code).toBe("disbursement_exceeds_commitment");
    expect(await countRows(h.database, "transactions")).toBe(before);
  });

  it("lets only one of two racing disbursements through when both together would exceed the commitment", async () => {
    const body = { type: "disbursement", value: "300000.00", valueDate: "2026-03-01" };
    const results = await Promise.all([1, 2].map(() => h.call("POST", "/api/v1/projects/YN-LA-RICE/transactions", { as: "secretariat", body })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    const p = (await (await h.call("GET", "/api/v1/projects/YN-LA-RICE", { as: "officer" })).json()) as Project;
    expect(p.totals.find((t) => t.type === "disbursement")!.value).toBe("300000.00");
    expect(p.totals.find((t) => t.type === "outgoing_commitment")!.value).toBe("500000.00");
  });

  it("takes a progress report from a party's officer and flags it late after its due date", async () => {
    const report = { phase: 1, periodStart: "2026-01-01", periodEnd: "2026-03-31", dueDate: "2026-04-15", narrative: "Trial plots planted on both sides of the border." };
    expect((await h.call("POST", "/api/v1/projects/YN-LA-RICE/reports", { as: "otherOfficer", body: report })).status).toBe(403);
    const res = await h.call("POST", "/api/v1/projects/YN-LA-RICE/reports", { as: "officer", body: report });
    expect(res.status).toBe(201);
    const p = (await res.json()) as { reports: { late: boolean }[] };
    expect(p.reports[0]!.late).toBe(true); // filed in November, due in April
    expect((await h.call("POST", "/api/v1/projects/YN-LA-RICE/reports", { as: "officer", body: { ...report, phase: 9 } })).status).toBe(422);
  });
});

describe("list filters", () => {
  it("filters by country, actor, status and mechanism and sorts", async () => {
    const la = await list("?country=LA&limit=500", "admin");
    expect(la.items.length).toBeGreaterThan(0);
    for (const p of la.items) expect(p.countries).toContain("LA");
    const yn = await list("?actor=cn-yunnan&limit=500", "admin");
    expect(yn.items.map((p) => p.code)).toContain("YN-LA-RICE");
    const approved = await list("?status=approved&mechanism=LMC&limit=500", "admin");
    for (const p of approved.items) expect(p.status).toBe("approved");
    const sorted = await list("?sort=-code&limit=500", "admin");
    const codes = sorted.items.map((p) => p.code);
    expect(codes).toEqual([...codes].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect((await h.call("GET", "/api/v1/projects?sort=nonsense")).status).toBe(400);
    const y2024 = (await (await h.call("GET", "/api/v1/projects?year=2024&limit=500", { as: "admin" })).json()) as { items: { code: string; startDate: string }[] };
    expect(y2024.items.map((p) => p.code)).toContain("SAMPLE-MBZ-LOGISTICS");
    for (const p of y2024.items) expect(p.startDate.startsWith("2024")).toBe(true);
    expect((await h.call("GET", "/api/v1/projects?year=next")).status).toBe(400);
  });
});
