/**
 * Replicator-dynamics models of cooperation between governments (seed 002 §2.1, after Zhang &
 * Zhan 2020): each population's share playing its first strategy grows in proportion to how much
 * better that strategy pays than the other, x' = x(1 − x)·Δ. Every model here gives its vector
 * field, its exact Jacobian and the candidate rest points; `analyze` (analyze.ts) classifies them.
 */

export type Model = {
  /** Names of the state variables, in order (shares of the first strategy). */
  variables: readonly string[];
  rhs: (z: readonly number[]) => number[];
  /**
   * For a model of two variables, the same field written into `out` (no array per call), with
   * the parameters folded in once per model: what the fast integrator (`dopri5Planar`) runs on.
   * It must compute exactly what `rhs` computes, operation for operation.
   */
  planar?: (x: number, y: number, out: Float64Array) => void;
  jacobian: (z: readonly number[]) => number[][];
  /** The rest points worth classifying: the corners, and the interior point when it exists. */
  candidates: () => number[][];
};

/** A 2×2 payoff matrix: m[i][j] is the payoff of the population's strategy i against the other's j. */
export type Matrix2 = [[number, number], [number, number]];

const inOpen = (v: number) => Number.isFinite(v) && v > 0 && v < 1;
const CORNERS_2: number[][] = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];

/**
 * Any two-population game with two strategies each. `a` holds population 1's payoffs (rows its
 * strategies, columns population 2's), `b` population 2's (rows its own strategies, columns
 * population 1's), so both read "my strategy, their strategy". x and y are the shares playing
 * strategy 1.
 */
export function bimatrix(a: Matrix2, b: Matrix2): Model {
  // Δ1(y) = p + q·y is how much better strategy 1 pays population 1; likewise Δ2(x) = r + s·x.
  const p = a[0][1] - a[1][1];
  const q = a[0][0] - a[1][0] - p;
  const r = b[0][1] - b[1][1];
  const s = b[0][0] - b[1][0] - r;
  const d1 = (y: number) => p + q * y;
  const d2 = (x: number) => r + s * x;
  return {
    variables: ["x", "y"],
    rhs: ([x, y]) => [x! * (1 - x!) * d1(y!), y! * (1 - y!) * d2(x!)],
    planar: (x, y, out) => {
      out[0] = x * (1 - x) * (p + q * y);
      out[1] = y * (1 - y) * (r + s * x);
    },
    jacobian: ([x, y]) => [
      [(1 - 2 * x!) * d1(y!), x! * (1 - x!) * q],
      [y! * (1 - y!) * s, (1 - 2 * y!) * d2(x!)],
    ],
    candidates: () => {
      const out = CORNERS_2.map((c) => [...c]);
      const yStar = q === 0 ? NaN : -p / q;
      const xStar = s === 0 ? NaN : -r / s;
      if (inOpen(xStar) && inOpen(yStar)) out.push([xStar, yStar]);
      return out;
    },
  };
}

export const TWO_GOVERNMENT_PARAMS = ["C1", "C2", "dR1", "dR2", "S1", "S2", "L1", "L2", "F", "k1", "k2", "p"] as const;
export type TwoGovernmentParams = Record<(typeof TWO_GOVERNMENT_PARAMS)[number], number> & { R1?: number; R2?: number };

/**
 * Two local governments sharing a river, each using it reasonably (R) or excessively (E). A
 * supervisor spot-checks with probability p and fines excess F·k_i. Government i's payoffs:
 * (R,R) R_i + S_i − C_i; (R,E) R_i − C_i − L_i; (E,R) R_i + dR_i − k_i·p·F; (E,E) R_i + dR_i − k_i·p·F − L_i.
 * x is A's share using the river reasonably, y is B's.
 */
export function twoGovernments(g: TwoGovernmentParams): Model {
  const side = (R: number, C: number, dR: number, S: number, L: number, k: number): Matrix2 => [
    [R + S - C, R - C - L],
    [R + dR - k * g.p * g.F, R + dR - k * g.p * g.F - L],
  ];
  return bimatrix(side(g.R1 ?? 0, g.C1, g.dR1, g.S1, g.L1, g.k1), side(g.R2 ?? 0, g.C2, g.dR2, g.S2, g.L2, g.k2));
}

export const FINE_KINDS = ["fixed", "dynamic"] as const;
export type FineKind = (typeof FINE_KINDS)[number];
export const SUPERVISOR_PARAMS = ["C", "dR", "F", "L", "c"] as const;
export type SupervisorParams = Record<(typeof SUPERVISOR_PARAMS)[number], number> & { fine: FineKind };

/**
 * The supervisor as a player. Local governments use the resource reasonably (share x, cost C) or
 * excessively (extra gain dR, fined when caught); the supervisor checks strictly (share p, cost c)
 * or not, and bears the loss L of excess it lets through. Payoff differences:
 * Δx = p·F(x) − C − dR and Δp = (1 − x)·(F(x) + L) − c. With a fixed fine F(x) = F the interior
 * point is a centre and the shares cycle around it; with a fine that falls as compliance rises,
 * F(x) = (1 − x)·F, the same point becomes a stable focus.
 */
export function supervisor(g: SupervisorParams): Model {
  const dynamic = g.fine === "dynamic";
  const fine = (x: number) => (dynamic ? (1 - x) * g.F : g.F);
  const dFine = dynamic ? -g.F : 0;
  const dx = (x: number, p: number) => p * fine(x) - g.C - g.dR;
  const dp = (x: number) => (1 - x) * (fine(x) + g.L) - g.c;
  return {
    variables: ["x", "p"],
    rhs: ([x, p]) => [x! * (1 - x!) * dx(x!, p!), p! * (1 - p!) * dp(x!)],
    planar: (x, p, out) => {
      out[0] = x * (1 - x) * dx(x, p);
      out[1] = p * (1 - p) * dp(x);
    },
    jacobian: ([x, p]) => [
      [(1 - 2 * x!) * dx(x!, p!) + x! * (1 - x!) * p! * dFine, x! * (1 - x!) * fine(x!)],
      [p! * (1 - p!) * (-(fine(x!) + g.L) + (1 - x!) * dFine), (1 - 2 * p!) * dp(x!)],
    ],
    candidates: () => {
      const out = CORNERS_2.map((c) => [...c]);
      // Δp = 0: (1 − x)(F(x) + L) = c, in u = 1 − x: F·u² + L·u − c = 0 when the fine is dynamic.
      const u = dynamic ? (g.F === 0 ? (g.L === 0 ? NaN : g.c / g.L) : (-g.L + Math.sqrt(g.L * g.L + 4 * g.F * g.c)) / (2 * g.F)) : g.F + g.L === 0 ? NaN : g.c / (g.F + g.L);
      const x = 1 - u;
      const f = fine(x);
      const p = f === 0 ? NaN : (g.C + g.dR) / f;
      if (inOpen(x) && inOpen(p)) out.push([x, p]);
      return out;
    },
  };
}

/** A three-population profile as the strategies played, 1 or 2 for each population: "112" etc. */
export const PROFILES_3 = ["111", "112", "121", "122", "211", "212", "221", "222"] as const;
export type Profile3 = (typeof PROFILES_3)[number];
/** Each pure profile's payoffs to the three populations. */
export type ThreePopulationPayoffs = Record<Profile3, [number, number, number]>;

/**
 * Any three-population game with two strategies each (government, enterprise, public, say).
 * Expected payoffs are multilinear in the three shares, so Δ_i at a mixed state is the average of
 * the pure differences weighted by the others' shares. At a corner every x_i(1 − x_i) vanishes,
 * the Jacobian is diagonal and its eigenvalues are (1 − 2x_i)·Δ_i.
 */
export function threePopulations(u: ThreePopulationPayoffs): Model {
  const payoff = (i: number, own: 0 | 1, z: readonly number[]) => {
    let sum = 0;
    for (const profile of PROFILES_3) {
      if (Number(profile[i]) - 1 !== own) continue;
      let w = 1;
      for (let j = 0; j < 3; j++) if (j !== i) w *= profile[j] === "1" ? z[j]! : 1 - z[j]!;
      sum += w * u[profile][i]!;
    }
    return sum;
  };
  const delta = (i: number, z: readonly number[]) => payoff(i, 0, z) - payoff(i, 1, z);
  const rhs = (z: readonly number[]) => z.map((x, i) => x * (1 - x) * delta(i, z));
  return {
    variables: ["x", "y", "z"],
    rhs,
    jacobian: (z) => {
      // Δ_i does not depend on x_i; ∂Δ_i/∂x_j is exact by the difference at x_j = 1 and 0 (multilinear).
      const J = [0, 1, 2].map(() => [0, 0, 0]);
      for (let i = 0; i < 3; i++) {
        const g = z[i]! * (1 - z[i]!);
        J[i]![i] = (1 - 2 * z[i]!) * delta(i, z);
        for (let j = 0; j < 3; j++) {
          if (j === i) continue;
          const hi = [...z];
          const lo = [...z];
          hi[j] = 1;
          lo[j] = 0;
          J[i]![j] = g * (delta(i, hi) - delta(i, lo));
        }
      }
      return J;
    },
    candidates: () => PROFILES_3.map((p) => [...p].map((s) => (s === "1" ? 1 : 0))),
  };
}
