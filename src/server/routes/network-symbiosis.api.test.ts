import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/support/app.js";
import { python } from "../../../test/support/python.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

type Pair = {
  a: { code: string };
  b: { code: string };
  shared: number;
  years: number[];
  x: number[];
  y: number[];
  mode: string | null;
  params: { a12: number; a21: number; r1: number; r2: number; N1: number; N2: number } | null;
  coefficients: { x: number[]; y: number[] } | null;
  rmse: { x: number; y: number } | null;
  points: number;
  warnings: string[];
};
type Result = { level: string; measure: string; pairs: Pair[]; unconverted: number };

const get = async (query: string, as?: string) => {
  const res = await h.call("GET", `/api/v1/network/symbiosis${query}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Result;
};
const pairOf = (r: Result, x: string, y: string) => r.pairs.find((p) => (p.a.code === x && p.b.code === y) || (p.a.code === y && p.b.code === x));

async function project(code: string, year: number, parties: string[], extra: Record<string, unknown> = {}, as = "secretariat") {
  const res = await h.call("POST", "/api/v1/projects", {
    as,
    body: { code, mechanism: "LMC", title: { en: code }, startDate: `${year}-04-01`, parties: parties.map((actor, i) => ({ actor, role: i ? "partner" : "lead" })), ...extra },
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

// Two parties whose project portfolios grow and slow together: cumulative counts 1, 3, 6, 9, 11, 12, 13
// and 2, 3, 5, 8, 10, 11, 12 over 2030–2036, most of them joint projects.
const X = [1, 3, 6, 9, 11, 12, 13];
const Y = [2, 3, 5, 8, 10, 11, 12];

describe("GET /api/v1/network/symbiosis", () => {
  it("fits a pair of actors, and its coefficients agree with numpy's least squares on the same series", async () => {
    for (const code of ["sym-alpha", "sym-beta"]) {
      const res = await h.call("POST", "/api/v1/actors", { as: "secretariat", body: { code, type: "enterprise", country: "TH", name: { en: code } } });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    let n = 0;
    for (let t = 0; t < X.length; t++) {
      const dx = X[t]! - (X[t - 1] ?? 0);
      const dy = Y[t]! - (Y[t - 1] ?? 0);
      const both = Math.min(dx, dy);
      for (let k = 0; k < both; k++) await project(`SYM-J${++n}`, 2030 + t, ["sym-alpha", "sym-beta"]);
      for (let k = both; k < dx; k++) await project(`SYM-A${++n}`, 2030 + t, ["sym-alpha"]);
      for (let k = both; k < dy; k++) await project(`SYM-B${++n}`, 2030 + t, ["sym-beta"]);
    }
    const r = await get("?level=actor&limit=100", "analyst");
    expect(r.level).toBe("actor");
    const p = pairOf(r, "sym-alpha", "sym-beta")!;
    expect(p.shared).toBe(11);
    // Ranked by shared projects: no pair shares more.
    expect(r.pairs[0]!.shared).toBe(11);
    const [x, y] = p.a.code === "sym-alpha" ? [p.x, p.y] : [p.y, p.x];
    expect(p.years).toEqual([2030, 2031, 2032, 2033, 2034, 2035, 2036]);
    expect(x).toEqual(X);
    expect(y).toEqual(Y);
    expect(p.warnings).toEqual([]);
    expect(p.points).toBe(6);
    const ref = python<{ bx: number[]; by: number[]; rmse: number[] }>(
      `import json, sys
import numpy as np
d = json.load(sys.stdin); x = np.array(d["x"], float); y = np.array(d["y"], float)
A = np.column_stack([np.ones(len(x) - 1), x[:-1], y[:-1]])
gx = np.diff(x) / x[:-1]; gy = np.diff(y) / y[:-1]
bx = np.linalg.lstsq(A, gx, rcond=None)[0]; by = np.linalg.lstsq(A, gy, rcond=None)[0]
rmse = [float(np.sqrt(np.mean((A @ bx - gx) ** 2))), float(np.sqrt(np.mean((A @ by - gy) ** 2)))]
print(json.dumps({"bx": bx.tolist(), "by": by.tolist(), "rmse": rmse}))`,
      { x: p.x, y: p.y },
    );
    p.coefficients!.x.forEach((v, i) => expect(v).toBeCloseTo(ref.bx[i]!, 9));
    p.coefficients!.y.forEach((v, i) => expect(v).toBeCloseTo(ref.by[i]!, 9));
    expect(p.rmse!.x).toBeCloseTo(ref.rmse[0]!, 9);
    expect(p.rmse!.y).toBeCloseTo(ref.rmse[1]!, 9);
    // a12 = (coefficient on y)·N2/r1 with N2 = −r2/(coefficient on y of y's rate), and likewise a21.
    const [r1, bx1, bx2] = ref.bx as [number, number, number];
    const [r2, by1, by2] = ref.by as [number, number, number];
    const N1 = -r1 / bx1;
    const N2 = -r2 / by2;
    expect(p.params!.a12).toBeCloseTo((bx2 * N2) / r1, 9);
    expect(p.params!.a21).toBeCloseTo((by1 * N1) / r2, 9);
    expect(p.params!.N1).toBeCloseTo(N1, 9);
    expect(p.mode).toBe("asymmetric-mutualism");

    // Only what started each year: the increments.
    const yearly = pairOf(await get("?level=actor&limit=100&series=yearly", "analyst"), "sym-alpha", "sym-beta")!;
    expect(yearly.a.code === "sym-alpha" ? yearly.x : yearly.y).toEqual(X.map((v, i) => v - (X[i - 1] ?? 0)));

    // None of these projects has a budget: in money they are left out, and counted as such.
    const money = await get("?level=actor&limit=100&measure=money", "analyst");
    expect(money.unconverted).toBeGreaterThanOrEqual(14);
    const m = pairOf(money, "sym-alpha", "sym-beta")!;
    expect(m.shared).toBe(11);
    expect(m.years).toEqual([]);
    expect(m.mode).toBeNull();
    expect(m.warnings).toEqual(["too_few_points"]);
  });

  it("counts money in US dollars at the rate of each project's start date, and counts what it cannot convert", async () => {
    expect((await h.call("POST", "/api/v1/actors", { as: "secretariat", body: { code: "sym-gamma", type: "finance", country: "LA", name: { en: "sym-gamma" } } })).status).toBe(201);
    const before = await get("?level=actor&measure=money&limit=100", "analyst");
    expect((await h.call("POST", "/api/v1/exchange-rates", { as: "secretariat", body: { currency: "CNY", date: "2031-01-01", usdPerUnit: "0.14" } })).status).toBe(201);
    expect((await h.call("POST", "/api/v1/exchange-rates", { as: "secretariat", body: { currency: "CNY", date: "2033-01-01", usdPerUnit: "0.125" } })).status).toBe(201);
    await project("SYM-G1", 2031, ["sym-gamma", "sym-beta"], { budget: "1000000.00", currency: "CNY" });
    await project("SYM-G2", 2033, ["sym-gamma", "sym-beta"], { budget: "200000.00", currency: "CNY" });
    await project("SYM-G3", 2032, ["sym-beta", "sym-gamma"], { budget: "50000.00", currency: "USD" });
    // Before any yuan rate: left out, and counted as such.
    await project("SYM-G4", 2029, ["sym-gamma", "sym-beta"], { budget: "300000.00", currency: "CNY" });
    const after = await get("?level=actor&measure=money&limit=100", "analyst");
    expect(after.unconverted).toBe(before.unconverted + 1);
    const p = pairOf(after, "sym-beta", "sym-gamma")!;
    expect(p.shared).toBe(4);
    expect(p.years.slice(0, 3)).toEqual([2031, 2032, 2033]);
    // Cumulative: 140,000 in 2031; + 50,000 in 2032; + 25,000 (200,000 yuan at 0.125) in 2033.
    expect(p.x.slice(0, 3)).toEqual([140000, 190000, 215000]);
    expect(p.y.slice(0, 3)).toEqual([140000, 190000, 215000]);
  });

  it("compares the six LMC countries, gives short series a warning and no mode, and counts money in US dollars", async () => {
    const r = await get("");
    expect(r.level).toBe("country");
    expect(r.pairs).toHaveLength(15);
    expect(new Set(r.pairs.flatMap((p) => [p.a.code, p.b.code]))).toEqual(new Set(["CN", "KH", "LA", "MM", "TH", "VN"]));
    for (const p of r.pairs) {
      if (p.mode === null) expect(p.warnings.length).toBeGreaterThan(0);
      expect(p.x).toHaveLength(p.years.length);
    }
    // The public sees only the published sample projects, 2022–2027: too few years to fit.
    const cnLa = pairOf(r, "CN", "LA")!;
    expect(cnLa.shared).toBeGreaterThan(0);
    expect(cnLa.warnings).toContain("too_few_points");
    expect(cnLa.mode).toBeNull();
    const money = await get("?measure=money");
    expect(money.measure).toBe("money");
    expect(pairOf(money, "CN", "LA")!.x.at(-1)).toBeGreaterThan(1000);
  });

  it("a restricted project of another organisation changes nothing for an outsider", async () => {
    const before = { country: await get("?limit=100", "analyst"), actor: await get("?level=actor&limit=100", "analyst"), officer: await get("?limit=100", "officer") };
    await project("SYM-RESTRICTED", 2031, ["cn-yunnan", "sym-alpha", "kh"], { visibility: "restricted" }, "officer");
    const after = { country: await get("?limit=100", "analyst"), actor: await get("?level=actor&limit=100", "analyst"), officer: await get("?limit=100", "officer") };
    expect(after.country).toEqual(before.country);
    expect(after.actor).toEqual(before.actor);
    // The officer's organisation is a party: it sees one more project shared by China and Thailand.
    expect(pairOf(after.officer, "CN", "TH")!.shared).toBe(pairOf(before.officer, "CN", "TH")!.shared + 1);
    expect(pairOf(after.officer, "CN", "KH")!.shared).toBe(pairOf(before.officer, "CN", "KH")!.shared + 1);
  });

  it("refuses bad queries", async () => {
    expect((await h.call("GET", "/api/v1/network/symbiosis?level=province")).status).toBe(400);
    expect((await h.call("GET", "/api/v1/network/symbiosis?measure=weight")).status).toBe(400);
    expect((await h.call("GET", "/api/v1/network/symbiosis?limit=0")).status).toBe(400);
    expect((await h.call("GET", "/api/v1/network/symbiosis?mechanism=NOPE")).status).toBe(422);
  });
});
