import { describe, expect, it } from "vitest";
import { python } from "../../../test/support/python.js";
import { rng } from "../random.js";
import { checkCore, membersOf, nashBargaining, shapleyExact, shapleySampled, synergyGame, synergyShapley, tabulate } from "./shapley.js";

/** A random superadditive-ish game of n players as a table, deterministic from the seed. */
function randomGame(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const v = new Float64Array(1 << n);
  for (let m = 1; m < v.length; m++) v[m] = Math.round(r() * 100 * membersOf(m).length);
  return v;
}

const PY_SHAPLEY_PERMUTATIONS = `
import json, sys, itertools, math
d = json.load(sys.stdin)
out = []
for g in d:
    n, v = g["n"], g["v"]
    phi = [0.0] * n
    for order in itertools.permutations(range(n)):
        mask = 0
        for p in order:
            phi[p] += v[mask | (1 << p)] - v[mask]
            mask |= 1 << p
    out.append([x / math.factorial(n) for x in phi])
print(json.dumps(out))`;

describe("Shapley value", () => {
  it("agrees with Python's enumeration of every order of arrival", () => {
    const games = [3, 4, 6, 7].map((n, k) => ({ n, v: [...randomGame(n, k + 1)] }));
    const ref = python<number[][]>(PY_SHAPLEY_PERMUTATIONS, games);
    games.forEach((g, k) => shapleyExact(g.n, Float64Array.from(g.v)).forEach((phi, i) => expect(phi).toBeCloseTo(ref[k]![i]!, 9)));
  });

  it("is efficient and symmetric, and gives a null player nothing, at 20 players", () => {
    const n = 20;
    const contributions = Array.from({ length: n }, (_, i) => (i === 7 ? 0 : 1 + (i % 5)));
    const table = tabulate(synergyGame(contributions, 0.3));
    const phi = shapleyExact(n, table);
    expect(phi.reduce((s, x) => s + x, 0)).toBeCloseTo(table[(1 << n) - 1]!, 6);
    expect(phi[7]).toBeCloseTo(0, 9);
    expect(phi[1]).toBeCloseTo(phi[6]!, 9);
    synergyShapley(contributions, 0.3).forEach((x, i) => expect(phi[i]).toBeCloseTo(x, 8));
  });

  it("the sampled estimate falls within its own bound of the exact value", () => {
    const contributions = Array.from({ length: 25 }, (_, i) => 1 + ((i * 7) % 11));
    const exact = synergyShapley(contributions, 0.2);
    const est = shapleySampled(synergyGame(contributions, 0.2), 4000, rng(5));
    const within = est.shapley.filter((x, i) => Math.abs(x - exact[i]!) <= est.bound95[i]!).length;
    // A 95% bound may miss a player or two of 25; it must not miss most.
    expect(within).toBeGreaterThanOrEqual(22);
    expect(Math.max(...est.bound95)).toBeLessThan(0.5);
    // Every order shares exactly v(N): the estimates are efficient too.
    expect(est.shapley.reduce((s, x) => s + x, 0)).toBeCloseTo(synergyGame(contributions, 0.2).value((1 << 25) - 1), 6);
  });

  it("refuses more players than it can tabulate", () => {
    expect(() => shapleyExact(21, new Float64Array(1))).toThrow(RangeError);
    expect(() => shapleySampled(synergyGame(Array(32).fill(1), 0), 10, rng(1))).toThrow(RangeError);
  });
});

describe("Nash bargaining and the core", () => {
  it("splits the surplus over the disagreement points by weight, as scipy's optimiser finds", () => {
    const cases = [
      { total: 100, d: [10, 20, 5], w: [1, 1, 1] },
      { total: 60, d: [0, 10], w: [2, 1] },
    ];
    const ref = python<number[][]>(
      `import json, sys, numpy as np
from scipy.optimize import minimize
out = []
for c in json.load(sys.stdin):
    d, w, T = np.array(c["d"], float), np.array(c["w"], float), c["total"]
    f = lambda x: -np.sum(w * np.log(np.maximum(x - d, 1e-12)))
    x0 = d + (T - d.sum()) / len(d)
    r = minimize(f, x0, constraints=[{"type": "eq", "fun": lambda x: x.sum() - T}], method="SLSQP", options={"ftol": 1e-12})
    out.append(r.x.tolist())
print(json.dumps(out))`,
      cases,
    );
    cases.forEach((c, k) => {
      const r = nashBargaining(c.total, c.d, c.w);
      r.allocation!.forEach((x, i) => expect(x).toBeCloseTo(ref[k]![i]!, 4));
    });
    expect(nashBargaining(10, [6, 6], [1, 1]).allocation).toBeNull();
  });

  it("a convex game's Shapley value is in its core; a blocking coalition is named", () => {
    const table = tabulate(synergyGame([4, 9, 16, 1], 0.5));
    const phi = shapleyExact(4, table);
    expect(checkCore(4, table, phi)).toMatchObject({ inCore: true, blockingCount: 0 });
    // Glove-like game: players 1 and 2 together make 10, anyone else adds nothing; giving all to 3 is blocked by {1,2}.
    const v = new Float64Array(8);
    for (let m = 0; m < 8; m++) v[m] = (m & 3) === 3 ? 10 : 0;
    const check = checkCore(3, v, [0, 0, 10]);
    expect(check.inCore).toBe(false);
    expect(check.blocking[0]).toEqual({ coalition: [1, 2], excess: 10 });
    expect(checkCore(3, v, [5, 5, 1]).efficiencyGap).toBeCloseTo(1, 12);
  });
});
