import { describe, expect, it } from "vitest";
import { python } from "../../../test/support/python.js";
import { rng } from "../random.js";
import { fitSymbiosis } from "./fit.js";
import { dopri5 } from "../games/ode.js";
import { classifySymbiosis, rhs, simulateSymbiosis, symbiosisMode, type SymbiosisParams } from "./model.js";

const BASE: SymbiosisParams = { r1: 0.5, r2: 0.4, N1: 100, N2: 80, a12: 0.3, a21: 0.5 };

/** Yearly sizes from the discretised model itself, optionally with multiplicative noise. */
function series(p: SymbiosisParams, years: number, noise = 0, seed = 3): [number[], number[]] {
  const r = rng(seed);
  const xs = [10];
  const ys = [20];
  for (let t = 0; t + 1 < years; t++) {
    const x = xs[t]!;
    const y = ys[t]!;
    const e = () => 1 + noise * (r() * 2 - 1);
    xs.push(x * (1 + p.r1 * (1 - x / p.N1 + (p.a12 * y) / p.N2)) * e());
    ys.push(y * (1 + p.r2 * (1 - y / p.N2 + (p.a21 * x) / p.N1)) * e());
  }
  return [xs, ys];
}

describe("symbiosis modes", () => {
  it("names every combination of signs", () => {
    expect(symbiosisMode(0, 0)).toBe("independent");
    expect(symbiosisMode(0.4, 0)).toBe("commensalism");
    expect(symbiosisMode(0, -0.4)).toBe("amensalism");
    expect(symbiosisMode(0.4, -0.2)).toBe("parasitism");
    expect(symbiosisMode(-0.4, -0.2)).toBe("competition");
    expect(symbiosisMode(0.4, 0.2)).toBe("asymmetric-mutualism");
    expect(symbiosisMode(0.3, 0.3)).toBe("symmetric-mutualism");
  });

  it("mutualism settles at a stable coexistence point above both capacities, as scipy's RK45 finds", () => {
    const c = classifySymbiosis(BASE);
    expect(c.mode).toBe("asymmetric-mutualism");
    expect(c.coexistence.kind).toBe("point");
    if (c.coexistence.kind !== "point") return;
    expect(c.coexistence.x).toBeCloseTo((100 * 1.3) / 0.85, 9);
    expect(c.coexistence.y).toBeCloseTo((80 * 1.5) / 0.85, 9);
    expect(c.coexistence.equilibrium.type).toBe("ess");
    const ours = simulateSymbiosis(BASE, [10, 20], 60, { rtol: 1e-8, atol: 1e-10 });
    const ref = python<{ y: number[]; nfev: number }>(
      `import json, sys
from scipy.integrate import solve_ivp
p = json.load(sys.stdin)
f = lambda t, z: [p["r1"]*z[0]*(1 - z[0]/p["N1"] + p["a12"]*z[1]/p["N2"]), p["r2"]*z[1]*(1 - z[1]/p["N2"] + p["a21"]*z[0]/p["N1"])]
s = solve_ivp(f, (0, 60), [10, 20], method="RK45", rtol=1e-8, atol=1e-10)
print(json.dumps({"y": s.y[:, -1].tolist(), "nfev": int(s.nfev)}))`,
      BASE,
    );
    expect(ours.evaluations).toBe(ref.nfev);
    ours.y.forEach((v, i) => expect(Math.abs(v - ref.y[i]!) / v).toBeLessThan(1e-10));
    expect(ours.y[0]).toBeCloseTo(c.coexistence.x, 2);
  });

  it("the planar integrator's run is step for step the general integrator's on the same field", () => {
    for (const p of [BASE, { ...BASE, a12: -0.8, a21: -0.6 }, { ...BASE, a12: 1.2, a21: 1.1 }]) {
      const f = rhs(p);
      const opts = { rtol: 1e-6, atol: 1e-9, keepSteps: true, maxEvaluations: 20_000 };
      expect(simulateSymbiosis(p, [10, 5], 60, opts)).toEqual(dopri5((_t, [x, y]) => f(x!, y!), 0, [10, 5], 60, opts));
    }
  });

  it("strong mutualism grows without bound; strong competition leaves a saddle", () => {
    expect(classifySymbiosis({ ...BASE, a12: 1.2, a21: 1 }).coexistence.kind).toBe("unbounded");
    const strong = classifySymbiosis({ ...BASE, a12: -1.5, a21: -1.5 });
    expect(strong.mode).toBe("competition");
    expect(strong.coexistence.kind === "point" && strong.coexistence.equilibrium.type).toBe("saddle");
    const weak = classifySymbiosis({ ...BASE, a12: -0.5, a21: -0.5 });
    expect(weak.coexistence.kind === "point" && weak.coexistence.equilibrium.type).toBe("ess");
    // Parasitism strong enough to push the host below zero has no coexistence point.
    expect(classifySymbiosis({ ...BASE, a12: 0.5, a21: -1.5 }).coexistence.kind).toBe("none");
  });
});

describe("fitting two yearly series", () => {
  it("recovers the parameters of noise-free series", () => {
    const [xs, ys] = series(BASE, 12);
    const fit = fitSymbiosis(xs, ys);
    expect(fit.warnings).toEqual([]);
    for (const k of ["r1", "r2", "N1", "N2", "a12", "a21"] as const) expect(fit.params![k]).toBeCloseTo(BASE[k], 6);
    expect(fit.mode).toBe("asymmetric-mutualism");
    expect(fit.rmse!.x).toBeLessThan(1e-9);
  });

  it("noisy series: the same coefficients and error as numpy's least squares", () => {
    const [xs, ys] = series(BASE, 15, 0.03, 9);
    const fit = fitSymbiosis(xs, ys);
    const ref = python<{ bx: number[]; by: number[]; rx: number }>(
      `import json, sys, numpy as np
d = json.load(sys.stdin); x, y = np.array(d["x"]), np.array(d["y"])
A = np.column_stack([np.ones(len(x) - 1), x[:-1], y[:-1]])
gx, gy = np.diff(x) / x[:-1], np.diff(y) / y[:-1]
bx = np.linalg.lstsq(A, gx, rcond=None)[0]; by = np.linalg.lstsq(A, gy, rcond=None)[0]
print(json.dumps({"bx": bx.tolist(), "by": by.tolist(), "rx": float(np.sqrt(np.mean((A @ bx - gx) ** 2)))}))`,
      { x: xs, y: ys },
    );
    fit.coefficients!.x.forEach((b, i) => expect(b).toBeCloseTo(ref.bx[i]!, 8));
    fit.coefficients!.y.forEach((b, i) => expect(b).toBeCloseTo(ref.by[i]!, 8));
    expect(fit.rmse!.x).toBeCloseTo(ref.rx, 10);
  });

  it("warns instead of estimating from series that cannot support it", () => {
    expect(fitSymbiosis([1, 2, 3], [1, 2, 3]).warnings).toEqual(["too_few_points"]);
    expect(fitSymbiosis([1, 2, 0, 4, 5, 6], [1, 2, 3, 4, 5, 6]).warnings).toEqual(["non_positive_values"]);
    const xs = [1, 2, 4, 7, 11, 16];
    expect(fitSymbiosis(xs, xs.map((v) => 2 * v)).warnings).toEqual(["collinear"]);
    // Exponential growth never slows: no capacity can be read from it.
    const grow = Array.from({ length: 8 }, (_, t) => 10 * 1.2 ** t);
    const fit = fitSymbiosis(grow, grow.map((v, t) => v + 3 * t * t + 1));
    expect(fit.params).toBeNull();
    expect(fit.warnings.length).toBeGreaterThan(0);
  });
});
