import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
});
afterAll(() => h?.close());

type Bucket = { key: string | null; projects: number; budget: string; committed: string; disbursed: string };
type Portfolio = {
  currency: string;
  totals: { projects: number; budget: string; committed: string; disbursed: string };
  otherCurrencyProjects: number;
} & Record<"byMechanism" | "byPillar" | "byArea" | "byCountry" | "byLocalGov" | "byStatus" | "byYear", Bucket[]>;

const summary = async (as?: string, query = "") => {
  const res = await h.call("GET", `/api/v1/portfolio${query}`, { as });
  expect(res.status).toBe(200);
  return (await res.json()) as Portfolio;
};
const bucket = (p: Portfolio, dim: keyof Omit<Portfolio, "currency" | "totals" | "otherCurrencyProjects">, key: string) =>
  p[dim].find((b) => b.key === key) ?? { key, projects: 0, budget: "0", committed: "0", disbursed: "0" };
const cents = (s: string) => Math.round(Number(s) * 100);

const proposal = (code: string, visibility: string, extra: Record<string, unknown> = {}) => ({
  code,
  mechanism: "LMC",
  title: { en: `Portfolio test ${code}` },
  visibility,
  startDate: "2031-02-01",
  budget: "1000000.00",
  currency: "USD",
  parties: [
    { actor: "cn-yunnan", role: "lead" },
    { actor: "la", role: "partner" },
  ],
  ...extra,
});

describe("GET /api/v1/portfolio", () => {
  it("counts for the public only what the public project list shows", async () => {
    const p = await summary();
    const list = (await (await h.call("GET", "/api/v1/projects?limit=500")).json()) as { total: number; items: { status: string }[] };
    expect(p.totals.projects).toBe(list.total);
    for (const b of p.byStatus) expect(["approved", "active", "suspended", "completed"]).toContain(b.key);
  });

  it("adds up: every project once per status and per mechanism", async () => {
    for (const as of [undefined, "admin", "officer"]) {
      const p = await summary(as);
      expect(p.byStatus.reduce((s, b) => s + b.projects, 0)).toBe(p.totals.projects);
      expect(p.byMechanism.reduce((s, b) => s + b.projects, 0)).toBe(p.totals.projects);
      expect(p.byYear.reduce((s, b) => s + b.projects, 0)).toBe(p.totals.projects);
      expect(p.byStatus.reduce((s, b) => s + cents(b.budget), 0)).toBe(cents(p.totals.budget));
    }
  });

  it("includes a restricted project only for the organisations named on it, with its money", async () => {
    const before = { officer: await summary("officer"), other: await summary("otherOfficer"), admin: await summary("admin") };
    const res = await h.call("POST", "/api/v1/projects", { as: "officer", body: proposal("PF-RESTRICTED", "restricted") });
    expect(res.status).toBe(201);
    expect((await h.call("POST", "/api/v1/projects/PF-RESTRICTED/transactions", { as: "officer", body: { type: "outgoing_commitment", value: "400000.00", valueDate: "2031-02-10" } })).status).toBe(201);
    expect((await h.call("POST", "/api/v1/projects/PF-RESTRICTED/transactions", { as: "officer", body: { type: "disbursement", value: "150000.50", valueDate: "2031-03-01" } })).status).toBe(201);

    const officer = await summary("officer");
    expect(officer.totals.projects).toBe(before.officer.totals.projects + 1);
    expect(cents(officer.totals.budget) - cents(before.officer.totals.budget)).toBe(100_000_000);
    expect(cents(officer.totals.committed) - cents(before.officer.totals.committed)).toBe(40_000_000);
    expect(cents(officer.totals.disbursed) - cents(before.officer.totals.disbursed)).toBe(15_000_050);
    expect(bucket(officer, "byCountry", "LA").projects).toBe(bucket(before.officer, "byCountry", "LA").projects + 1);
    expect(bucket(officer, "byLocalGov", "cn-yunnan").projects).toBe(bucket(before.officer, "byLocalGov", "cn-yunnan").projects + 1);
    expect(bucket(officer, "byYear", "2031").projects).toBe(bucket(before.officer, "byYear", "2031").projects + 1);
    expect(bucket(officer, "byStatus", "proposed").projects).toBe(bucket(before.officer, "byStatus", "proposed").projects + 1);

    // Not even an admin of another organisation sees it in the totals.
    expect((await summary("otherOfficer")).totals).toEqual(before.other.totals);
    expect((await summary("admin")).totals).toEqual(before.admin.totals);
  });

  it("counts a proposal for signed-in users but never for the public", async () => {
    const pub = await summary();
    const analyst = await summary("analyst");
    expect((await h.call("POST", "/api/v1/projects", { as: "officer", body: proposal("PF-INTERNAL", "internal") })).status).toBe(201);
    expect((await h.call("POST", "/api/v1/projects", { as: "officer", body: proposal("PF-PUBLIC-PROPOSAL", "public") })).status).toBe(201);
    expect((await summary("analyst")).totals.projects).toBe(analyst.totals.projects + 2);
    expect((await summary()).totals).toEqual(pub.totals);
  });

  it("filters by mechanism and sums only the chosen currency", async () => {
    const all = await summary("admin");
    const lmc = await summary("admin", "?mechanism=LMC");
    expect(lmc.totals.projects).toBeLessThanOrEqual(all.totals.projects);
    expect(lmc.byMechanism.map((b) => b.key)).toEqual(lmc.totals.projects ? ["LMC"] : []);
    expect((await summary("admin", "?mechanism=NO-SUCH")).totals).toEqual({ projects: 0, budget: "0", committed: "0", disbursed: "0" });

    expect((await h.call("POST", "/api/v1/projects", { as: "officer", body: proposal("PF-CNY", "internal", { currency: "CNY", budget: "7000000.00" }) })).status).toBe(201);
    const usd = await summary("admin");
    const cny = await summary("admin", "?currency=CNY");
    expect(usd.otherCurrencyProjects).toBeGreaterThanOrEqual(1);
    expect(cents(cny.totals.budget)).toBeGreaterThanOrEqual(700_000_000);
    expect(cny.currency).toBe("CNY");
  });

  it("answers 400 with the field named for a bad currency", async () => {
    const res = await h.call("GET", "/api/v1/portfolio?currency=dollars");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details[0]?.path).toBe("currency");
    expect((await h.call("GET", `/api/v1/portfolio?mechanism=${"x".repeat(65)}`)).status).toBe(400);
  });
});
