import { describe, expect, it } from "vitest";
import { python } from "../../../test/support/python.js";
import { rng } from "../random.js";
import { analyze, cubicRoots, eigenvalues, simulate } from "./analyze.js";
import { bimatrix, supervisor, threePopulations, twoGovernments, type Model, type ThreePopulationPayoffs } from "./models.js";
import { dopri5, dopri5Planar, type OdeOptions } from "./ode.js";
import { classify } from "./stability.js";
import { startGrid, sweep } from "./sweep.js";

// The worked example of the issue: two governments, C=(3,2), dR=(4,3), S=(5,4), F=10, k=(1.2,0.8), p=0.5.
const EXAMPLE = { C1: 3, C2: 2, dR1: 4, dR2: 3, S1: 5, S2: 4, L1: 2, L2: 1, F: 10, k1: 1.2, k2: 0.8, p: 0.5 };

const SCIPY_RK45 = `
import json, sys
import numpy as np
from scipy.integrate import solve_ivp
d = json.load(sys.stdin)
out = []
for case in d:
    kind, g = case["kind"], case["params"]
    if kind == "two":
        def f(t, z):
            x, y = z
            da = g["S1"] * y - g["C1"] - g["dR1"] + g["k1"] * g["p"] * g["F"]
            db = g["S2"] * x - g["C2"] - g["dR2"] + g["k2"] * g["p"] * g["F"]
            return [x * (1 - x) * da, y * (1 - y) * db]
    else:
        def f(t, z):
            x, p = z
            fine = (1 - x) * g["F"] if g["fine"] == "dynamic" else g["F"]
            return [x * (1 - x) * (p * fine - g["C"] - g["dR"]), p * (1 - p) * ((1 - x) * (fine + g["L"]) - g["c"])]
    s = solve_ivp(f, (0, case["until"]), case["from"], method="RK45", rtol=case["rtol"], atol=case["atol"])
    out.append({"y": s.y[:, -1].tolist(), "nfev": int(s.nfev), "steps": len(s.t) - 1})
print(json.dumps(out))
`;

describe("two local governments sharing a river", () => {
  const eq = analyze(twoGovernments(EXAMPLE));
  const at = (x: number, y: number) => eq.find((e) => Math.abs(e.point[0]! - x) < 1e-12 && Math.abs(e.point[1]! - y) < 1e-12);

  it("finds the worked example's equilibria and their types", () => {
    expect(at(0, 0)?.type).toBe("ess");
    expect(at(1, 1)?.type).toBe("ess");
    expect(at(1, 0)?.type).toBe("source");
    expect(at(0, 1)?.type).toBe("source");
    const interior = eq.filter((e) => e.point.every((v) => v > 0 && v < 1));
    expect(interior).toHaveLength(1);
    expect(interior[0]!.point[0]).toBeCloseTo(0.25, 12);
    expect(interior[0]!.point[1]).toBeCloseTo(0.2, 12);
    expect(interior[0]!.type).toBe("saddle");
  });

  it("agrees with numpy on every Jacobian's eigenvalues", () => {
    const np = python<{ re: number; im: number }[][]>(
      `import json, sys, numpy as np
print(json.dumps([[{"re": float(v.real), "im": float(v.imag)} for v in sorted(np.linalg.eigvals(np.array(J)), key=lambda v: (-v.real, -v.imag))] for J in json.load(sys.stdin)]))`,
      eq.map((e) => e.jacobian),
    );
    eq.forEach((e, i) =>
      e.eigenvalues.forEach((v, k) => {
        expect(v.re).toBeCloseTo(np[i]![k]!.re, 10);
        expect(v.im).toBeCloseTo(np[i]![k]!.im, 10);
      }),
    );
  });

  it("the Jacobian is the derivative of the field (central differences)", () => {
    const m = twoGovernments(EXAMPLE);
    for (const z of [[0.3, 0.7], [0.9, 0.1], [0.5, 0.5]]) {
      const J = m.jacobian(z);
      for (let j = 0; j < 2; j++) {
        const hi = [...z];
        const lo = [...z];
        hi[j]! += 1e-6;
        lo[j]! -= 1e-6;
        const num = m.rhs(hi).map((v, i) => (v - m.rhs(lo)[i]!) / 2e-6);
        num.forEach((v, i) => expect(J[i]![j]).toBeCloseTo(v, 6));
      }
    }
  });

  it("from (0.5, 0.5) goes to (1, 1), taking the very steps scipy's RK45 takes", () => {
    const cases = [
      { from: [0.5, 0.5], until: 50, rtol: 1e-8, atol: 1e-10 },
      { from: [0.1, 0.3], until: 40, rtol: 1e-3, atol: 1e-6 },
      { from: [0.26, 0.19], until: 80, rtol: 1e-6, atol: 1e-9 },
    ];
    const ref = python<{ y: number[]; nfev: number; steps: number }[]>(SCIPY_RK45, cases.map((c) => ({ ...c, kind: "two", params: EXAMPLE })));
    cases.forEach((c, i) => {
      const r = simulate(twoGovernments(EXAMPLE), c.from, c);
      expect(r.status).toBe("done");
      expect(r.evaluations).toBe(ref[i]!.nfev);
      expect(r.accepted).toBe(ref[i]!.steps);
      r.y.forEach((v, k) => expect(Math.abs(v - ref[i]!.y[k]!)).toBeLessThan(1e-12));
    });
    const end = simulate(twoGovernments(EXAMPLE), [0.5, 0.5], { until: 50, rtol: 1e-8, atol: 1e-10 }).y;
    expect(end[0]).toBeCloseTo(1, 6);
    expect(end[1]).toBeCloseTo(1, 6);
  });

  it("penalties large enough leave restraint as the only ESS", () => {
    const strict = analyze(twoGovernments({ ...EXAMPLE, F: 40 }));
    expect(strict.filter((e) => e.type === "ess").map((e) => e.point)).toEqual([[1, 1]]);
  });
});

describe("a supervisor as a player", () => {
  const base = { C: 2, dR: 3, F: 20, L: 5, c: 4 };
  const interior = (fine: "fixed" | "dynamic") => analyze(supervisor({ ...base, fine })).find((e) => e.point.every((v) => v > 0 && v < 1))!;

  it("a fixed fine makes the interior point a centre; a fine falling with compliance makes it a stable focus", () => {
    const fixed = interior("fixed");
    expect(fixed.point[0]).toBeCloseTo(1 - 4 / 25, 12);
    expect(fixed.point[1]).toBeCloseTo(5 / 20, 12);
    expect(fixed.type).toBe("centre");
    const dynamic = interior("dynamic");
    expect(dynamic.type).toBe("ess");
    expect(dynamic.shape).toBe("focus");
  });

  it("simulates both as scipy does: the fixed fine cycles, the dynamic one spirals in", () => {
    const cases = (["fixed", "dynamic"] as const).map((fine) => ({ kind: "supervisor", params: { ...base, fine }, from: [0.5, 0.5], until: 200, rtol: 1e-9, atol: 1e-12 }));
    const ref = python<{ y: number[]; nfev: number }[]>(SCIPY_RK45, cases);
    cases.forEach((c, i) => {
      const r = simulate(supervisor(c.params), c.from, c);
      expect(r.evaluations).toBe(ref[i]!.nfev);
      r.y.forEach((v, k) => expect(Math.abs(v - ref[i]!.y[k]!)).toBeLessThan(1e-9));
    });
    const d = interior("dynamic").point;
    const end = simulate(supervisor({ ...base, fine: "dynamic" }), [0.5, 0.5], { until: 400, rtol: 1e-9, atol: 1e-12 }).y;
    expect(Math.hypot(end[0]! - d[0]!, end[1]! - d[1]!)).toBeLessThan(1e-4);
    // On the cycle the distance to the centre never shrinks to nothing.
    const f = interior("fixed").point;
    const orbit = simulate(supervisor({ ...base, fine: "fixed" }), [0.5, 0.5], { until: 400, rtol: 1e-9, atol: 1e-12, keepSteps: true }).steps;
    expect(Math.min(...orbit.slice(-50).map(([, x, p]) => Math.hypot(x! - f[0]!, p! - f[1]!)))).toBeGreaterThan(0.05);
  });
});

describe("any two-population and three-population game", () => {
  it("a coordination game has two ESSs and an interior saddle; matching pennies a centre", () => {
    const coord = analyze(bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]]));
    expect(coord.filter((e) => e.type === "ess").map((e) => e.point)).toEqual([[0, 0], [1, 1]]);
    expect(coord.find((e) => e.point[0] === 1 / 3)?.type).toBe("saddle");
    const pennies = analyze(bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]));
    expect(pennies.find((e) => e.point[0] === 0.5)?.type).toBe("centre");
  });

  it("classifies the eight corners of a government–enterprise–public game, checked against numpy", () => {
    // Strategy 1: government regulates, enterprise complies, public participates.
    const u: ThreePopulationPayoffs = {
      "111": [3, 2, 1], "112": [4, 2, 0], "121": [5, 3, 1], "122": [2, 4, 0],
      "211": [4, 1, 2], "212": [5, 1, 0], "221": [1, 5, -1], "222": [2, 6, 0],
    };
    const m = threePopulations(u);
    const eq = analyze(m);
    expect(eq).toHaveLength(8);
    const np = python<number[][]>(
      `import json, sys, numpy as np
print(json.dumps([sorted(np.linalg.eigvals(np.array(J)).real.tolist(), reverse=True) for J in json.load(sys.stdin)]))`,
      eq.map((e) => e.jacobian),
    );
    eq.forEach((e, i) => e.eigenvalues.forEach((v, k) => expect(v.re).toBeCloseTo(np[i]![k]!, 10)));
    // Corner (1,1,1): Δ_gov = u111 − u211 = 3 − 4 < 0 raised to... each eigenvalue is −Δ_i there.
    const top = eq.find((e) => e.point.join() === "1,1,1")!;
    expect(top.eigenvalues.map((v) => v.re).sort()).toEqual([-(3 - 4), -(2 - 3), -(1 - 0)].sort());
    // The Jacobian away from the corners matches central differences too.
    const z = [0.3, 0.6, 0.2];
    const J = m.jacobian(z);
    for (let j = 0; j < 3; j++) {
      const hi = [...z];
      const lo = [...z];
      hi[j]! += 1e-6;
      lo[j]! -= 1e-6;
      m.rhs(hi).forEach((v, i) => expect(J[i]![j]).toBeCloseTo((v - m.rhs(lo)[i]!) / 2e-6, 6));
    }
  });

  it("eigenvalues of a general 3×3 matrix and cubic roots agree with numpy", () => {
    const mats = [
      [[1, 2, 3], [0, 4, 5], [1, 0, 6]],
      [[0, -1, 0], [1, 0, 0], [0, 0, -2]],
      [[2, 1, 0], [1, 2, 1], [0, 1, 2]],
    ];
    const np = python<{ re: number; im: number }[][]>(
      `import json, sys, numpy as np
print(json.dumps([[{"re": float(v.real), "im": float(v.imag)} for v in sorted(np.linalg.eigvals(np.array(J)), key=lambda v: (-v.real, -v.imag))] for J in json.load(sys.stdin)]))`,
      mats,
    );
    mats.forEach((m, i) =>
      eigenvalues(m).forEach((v, k) => {
        expect(v.re).toBeCloseTo(np[i]![k]!.re, 9);
        expect(v.im).toBeCloseTo(np[i]![k]!.im, 9);
      }),
    );
    expect(cubicRoots(-6, 11, -6).map((r) => r.re).sort()).toEqual([1, 2, 3].map((v) => expect.closeTo(v, 12)));
  });

  it("types: a zero real part is non-hyperbolic unless both are imaginary", () => {
    expect(classify([{ re: 0, im: 0 }, { re: -1, im: 0 }])).toBe("non-hyperbolic");
    expect(classify([{ re: 1e-12, im: 2 }, { re: 1e-12, im: -2 }])).toBe("centre");
    expect(classify([{ re: -1, im: 2 }, { re: -1, im: -2 }])).toBe("ess");
  });
});

describe("the integrator", () => {
  it("refuses a backward span and bad tolerances", () => {
    expect(() => dopri5((_t, y) => y, 1, [1], 0)).toThrow(RangeError);
    expect(() => dopri5((_t, y) => y, 0, [1], 1, { rtol: 0 })).toThrow(RangeError);
  });
  it("integrates y' = y to e within its tolerance", () => {
    expect(dopri5((_t, y) => y, 0, [1], 1, { rtol: 1e-10, atol: 1e-12 }).y[0]).toBeCloseTo(Math.E, 9);
  });

  it("the planar fast path takes exactly the general path's steps and ends at exactly its state", () => {
    const r = rng(12);
    const general = (m: Model, from: number[], until: number, opts: OdeOptions) => dopri5((_t, z) => m.rhs(z), 0, from, until, opts);
    const planar = (m: Model, from: number[], until: number, opts: OdeOptions) => dopri5Planar((_t, x, y, out) => m.planar!(x, y, out), 0, from, until, opts);
    const cases: { m: Model; from: number[]; until: number; opts: OdeOptions }[] = [];
    for (let i = 0; i < 40; i++) {
      const g = { ...EXAMPLE, F: 40 * r(), p: r(), S1: 10 * r(), C2: 5 * r() };
      cases.push({ m: twoGovernments(g), from: [r(), r()], until: 50, opts: { rtol: 1e-6, atol: 1e-9 } });
    }
    for (const fine of ["fixed", "dynamic"] as const) {
      const m = supervisor({ C: 1, dR: 2, F: 8, L: 4, c: 2, fine });
      cases.push({ m, from: [0.3, 0.6], until: 100, opts: { keepSteps: true } });
      cases.push({ m, from: [0.2, 0.9], until: 60, opts: { rtol: 1e-9, atol: 1e-12, maxStep: 0.5, keepSteps: true } });
      // Runs out of evaluations part-way: both stop at the same state with "failed".
      cases.push({ m, from: [0.5, 0.5], until: 1000, opts: { maxEvaluations: 200 } });
    }
    const ex = twoGovernments(EXAMPLE);
    const nearCorner = (y: readonly number[]) => y.every((v) => Math.min(v, 1 - v) < 1e-4);
    cases.push({ m: ex, from: [0.9, 0.9], until: 200, opts: { rtol: 1e-6, atol: 1e-9, stopWhen: nearCorner, keepSteps: true } });
    cases.push({ m: ex, from: [0.1, 0.1], until: 500, opts: { rtol: 1e-6, atol: 1e-9, stopWhenStill: 1e-10 } });
    cases.push({ m: ex, from: [0.25, 0.2], until: 0, opts: {} });
    const statuses = new Set<string>();
    for (const c of cases) {
      const a = general(c.m, c.from, c.until, c.opts);
      expect(planar(c.m, c.from, c.until, c.opts)).toEqual(a);
      statuses.add(a.status);
    }
    expect([...statuses].sort()).toEqual(["done", "failed", "still"]);
    // simulate picks the planar path for a planar model.
    expect(simulate(ex, [0.4, 0.7], { until: 30, rtol: 1e-6, atol: 1e-9 })).toEqual(general(ex, [0.4, 0.7], 30, { rtol: 1e-6, atol: 1e-9 }));
    expect(() => dopri5Planar(() => {}, 0, [1, 2, 3], 1)).toThrow(RangeError);
  });
});

describe("parameter sweeps", () => {
  it("the share of starts ending at each ESS matches the same sweep done with scipy", () => {
    const fines = [4, 10, 20];
    const probs = [0.2, 0.5];
    const cells = sweep(twoGovernments, EXAMPLE, { name: "F", values: fines }, { name: "p", values: probs }, { starts: 4, until: 200 });
    expect(cells).toHaveLength(6);
    for (const c of cells) expect(c.outcomes.reduce((s, o) => s + o.share, 0) + c.elsewhere).toBeCloseTo(1, 12);
    const ref = python<Record<string, number>[]>(
      `import json, sys
from scipy.integrate import solve_ivp
d = json.load(sys.stdin); g0 = d["base"]; out = []
for p in d["probs"]:
    for F in d["fines"]:
        g = dict(g0, F=F, p=p); ends = {}
        for x0 in d["starts"]:
            def f(t, z):
                x, y = z
                return [x*(1-x)*(g["S1"]*y - g["C1"] - g["dR1"] + g["k1"]*g["p"]*g["F"]), y*(1-y)*(g["S2"]*x - g["C2"] - g["dR2"] + g["k2"]*g["p"]*g["F"])]
            e = solve_ivp(f, (0, 200), x0, rtol=1e-6, atol=1e-9).y[:, -1]
            key = "%d,%d" % (round(e[0]), round(e[1]))
            ends[key] = ends.get(key, 0) + 1 / len(d["starts"])
        out.append(ends)
print(json.dumps(out))`,
      { base: EXAMPLE, fines, probs, starts: startGrid(4, 2) },
    );
    cells.forEach((c, i) => {
      for (const o of c.outcomes) expect(o.share).toBeCloseTo(ref[i]![o.point.join()] ?? 0, 12);
    });
    // More checking pulls every start to restraint.
    expect(cells.find((c) => c.at[0] === 20 && c.at[1] === 0.5)!.outcomes.find((o) => o.point.join() === "1,1")!.share).toBe(1);
  });
});
