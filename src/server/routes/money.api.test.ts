import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
});
afterAll(() => h?.close());

type Gap = { items: { key: string; budget: string; committed: string; disbursed: string; gap: string; projects: number; unconverted: number }[] };
const gap = async (query: string, as?: string) => {
  const res = await h.call("GET", `/api/v1/funding-gap${query}`, { as });
  expect(res.status).toBe(200);
  return (await res.json()) as Gap;
};
const row = (g: Gap, key: string) => g.items.find((i) => i.key === key);

describe("funding gap", () => {
  it("is budget minus commitments per project, over what the caller may see", async () => {
    const pub = await gap("?by=project");
    expect(row(pub, "SAMPLE-MBZ-LOGISTICS")).toMatchObject({ budget: "4800000.00", committed: "3300000.00", disbursed: "1780000.00", gap: "1500000.00", unconverted: 0 });
    expect(row(pub, "SAMPLE-RMZ-TRADE")).toMatchObject({ gap: "0.00" });
    // An internal proposal is not the public's business.
    expect(row(pub, "SAMPLE-LMC-WATER-DATA")).toBeUndefined();
    expect(row(await gap("?by=project", "analyst"), "SAMPLE-LMC-WATER-DATA")).toMatchObject({ committed: "0.00", gap: "750000.00" });
  });

  it("groups by phase, country, zone and priority area", async () => {
    const phases = await gap("?by=phase", "analyst");
    expect(row(phases, "SAMPLE-MBZ-LOGISTICS/1")).toMatchObject({ budget: "600000.00", gap: "0.00" });
    expect(row(phases, "SAMPLE-MBZ-LOGISTICS/3")).toMatchObject({ budget: "1500000.00", committed: "0.00", gap: "1500000.00" });
    const la = row(await gap("?by=country", "analyst"), "LA")!;
    // The logistics hub (Luang Namtha) and the rice project (a Lao cooperative) both have Lao parties.
    expect(la).toMatchObject({ budget: "5150000.00", committed: "3500000.00", gap: "1650000.00", projects: 2 });
    const zones = await gap("?by=zone", "analyst");
    expect(zones.items.map((z) => z.key).sort()).toEqual(["cn-mohan", "cn-ruili-zone", "la-boten", "mm-muse-zone"]);
    const areas = await gap("?by=priority_area&mechanism=LMC", "analyst");
    expect(row(areas, "water-resources")).toMatchObject({ gap: "750000.00", projects: 1 });
    expect(areas.items.map((a) => a.key)).not.toContain("SAMPLE-RMZ-TRADE");
    expect((await h.call("GET", "/api/v1/funding-gap?by=galaxy")).status).toBe(400);
    expect((await h.call("GET", "/api/v1/funding-gap?mechanism=NOPE")).status).toBe(422);
  });

  it("converts each commitment at the rate of its date, and says what it could not convert", async () => {
    const created = await h.call("POST", "/api/v1/projects", {
      as: "officer",
      body: { code: "YN-LA-CNY", mechanism: "LMC", title: { en: "Co-financed border market" }, visibility: "public", budget: "1000000.00", parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "la", role: "partner" }] },
    });
    expect(created.status).toBe(201);
    const commit = await h.call("POST", "/api/v1/projects/YN-LA-CNY/transactions", { as: "secretariat", body: { type: "outgoing_commitment", instrument: "concessional_loan", value: "700000.00", currency: "CNY", valueDate: "2026-02-01", provider: "sample-mekong-bank" } });
    expect(commit.status).toBe(201);
    expect(row(await gap("?by=project", "secretariat"), "YN-LA-CNY")).toMatchObject({ committed: "0.00", unconverted: 1 });
    expect((await h.call("GET", "/api/v1/funding-gap?currency=CNY", { as: "secretariat" })).status).toBe(422);

    const rate = (body: Record<string, unknown>, as = "secretariat") => h.call("POST", "/api/v1/exchange-rates", { as, body });
    expect((await rate({ currency: "CNY", date: "2026-01-01", usdPerUnit: "0.14" }, "officer")).status).toBe(403);
    expect((await rate({ currency: "USD", date: "2026-01-01", usdPerUnit: "1" })).status).toBe(400);
    expect((await rate({ currency: "CNY", date: "2026-01-01", usdPerUnit: "0" })).status).toBe(400);
    expect((await rate({ currency: "CNY", date: "2026-01-01", usdPerUnit: "0.14", source: "test" })).status).toBe(201);
    expect((await rate({ currency: "CNY", date: "2026-01-01", usdPerUnit: "0.15" })).status).toBe(409);
    // A later rate does not change a commitment dated before it.
    expect((await rate({ currency: "CNY", date: "2026-06-01", usdPerUnit: "0.125" })).status).toBe(201);

    expect(row(await gap("?by=project", "secretariat"), "YN-LA-CNY")).toMatchObject({ committed: "98000.00", gap: "902000.00", unconverted: 0 });
    // In yuan: the budget at today's rate (0.125), the commitment at its own date's rate.
    expect(row(await gap("?by=project&currency=CNY", "secretariat"), "YN-LA-CNY")).toMatchObject({ budget: "8000000.00", committed: "700000.00" });
    const project = (await (await h.call("GET", "/api/v1/projects/YN-LA-CNY", { as: "secretariat" })).json()) as { transactions: { instrument: string | null }[] };
    expect(project.transactions.map((t) => t.instrument)).toEqual(["concessional_loan"]);
  });
});
