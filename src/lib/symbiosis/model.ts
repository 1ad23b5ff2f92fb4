import { dopri5Planar, type OdeOptions } from "../games/ode.js";
import { eigen2, equilibriumAt, type Equilibrium } from "../games/stability.js";

/**
 * The logistic symbiosis model of two cooperating parties (seed 003 §4: symbiosis units and
 * modes): each grows logistically to its own capacity N_i, and the other's presence adds to
 * (a > 0) or takes from (a < 0) its growth:
 *   dx/dt = r1·x·(1 − x/N1 + a12·y/N2),   dy/dt = r2·y·(1 − y/N2 + a21·x/N1).
 */
export type SymbiosisParams = { r1: number; r2: number; N1: number; N2: number; a12: number; a21: number };

export const SYMBIOSIS_MODES = ["independent", "commensalism", "amensalism", "parasitism", "competition", "asymmetric-mutualism", "symmetric-mutualism"] as const;
export type SymbiosisMode = (typeof SYMBIOSIS_MODES)[number];

/** Coefficients this close to zero count as no effect. */
const EPS = 1e-12;
const sign = (a: number) => (Math.abs(a) <= EPS ? 0 : a > 0 ? 1 : -1);

/** The mode from the two coefficients' signs (and, for mutualism, whether they are equal). */
export function symbiosisMode(a12: number, a21: number): SymbiosisMode {
  const s = [sign(a12), sign(a21)].sort().join(",");
  switch (s) {
    case "0,0":
      return "independent";
    case "0,1":
      return "commensalism";
    case "-1,0":
      return "amensalism";
    case "-1,1":
      return "parasitism";
    case "-1,-1":
      return "competition";
    default:
      return Math.abs(a12 - a21) <= EPS * Math.max(1, Math.abs(a12), Math.abs(a21)) ? "symmetric-mutualism" : "asymmetric-mutualism";
  }
}

export type Coexistence =
  /** Both parties settle at positive sizes. */
  | { kind: "point"; x: number; y: number; equilibrium: Equilibrium }
  /** Mutualism strong enough (a12·a21 ≥ 1) that each pushes the other up without limit. */
  | { kind: "unbounded" }
  /** No positive rest point: one party crowds the other out. */
  | { kind: "none" };

export const rhs = (p: SymbiosisParams) => (x: number, y: number) => [p.r1 * x * (1 - x / p.N1 + (p.a12 * y) / p.N2), p.r2 * y * (1 - y / p.N2 + (p.a21 * x) / p.N1)];

export function jacobian(p: SymbiosisParams, x: number, y: number): number[][] {
  return [
    [p.r1 * (1 - (2 * x) / p.N1 + (p.a12 * y) / p.N2), (p.r1 * x * p.a12) / p.N2],
    [(p.r2 * y * p.a21) / p.N1, p.r2 * (1 - (2 * y) / p.N2 + (p.a21 * x) / p.N1)],
  ];
}

/**
 * The coexistence point solves x/N1 − a12·y/N2 = 1 and −a21·x/N1 + y/N2 = 1, so in units of the
 * capacities u = (1 + a12)/(1 − a12·a21) and v = (1 + a21)/(1 − a12·a21). It exists when both are
 * positive; with a12·a21 ≥ 1 and both coefficients positive nothing stops the growth.
 */
export function coexistence(p: SymbiosisParams): Coexistence {
  const det = 1 - p.a12 * p.a21;
  if (p.a12 > 0 && p.a21 > 0 && det <= EPS) return { kind: "unbounded" };
  if (Math.abs(det) <= EPS) return { kind: "none" };
  const u = (1 + p.a12) / det;
  const v = (1 + p.a21) / det;
  if (!(u > 0 && v > 0)) return { kind: "none" };
  const x = u * p.N1;
  const y = v * p.N2;
  const J = jacobian(p, x, y);
  return { kind: "point", x, y, equilibrium: equilibriumAt([x, y], J, eigen2(J)) };
}

export type Classification = { mode: SymbiosisMode; coexistence: Coexistence; restPoints: Equilibrium[] };

/** The mode, the coexistence point with its stability, and every rest point on the axes. */
export function classifySymbiosis(p: SymbiosisParams): Classification {
  const points: [number, number][] = [
    [0, 0],
    [p.N1, 0],
    [0, p.N2],
  ];
  const co = coexistence(p);
  if (co.kind === "point") points.push([co.x, co.y]);
  const restPoints = points.map(([x, y]) => {
    const J = jacobian(p, x, y);
    return equilibriumAt([x, y], J, eigen2(J));
  });
  return { mode: symbiosisMode(p.a12, p.a21), coexistence: co, restPoints };
}

/** The two parties' sizes over time from (x0, y0). */
export function simulateSymbiosis(p: SymbiosisParams, from: [number, number], until: number, opts: OdeOptions = {}) {
  // `rhs` written into the planar integrator's buffer, operation for operation, so no array is made per stage.
  const field = (_t: number, x: number, y: number, out: Float64Array) => {
    out[0] = p.r1 * x * (1 - x / p.N1 + (p.a12 * y) / p.N2);
    out[1] = p.r2 * y * (1 - y / p.N2 + (p.a21 * x) / p.N1);
  };
  return dopri5Planar(field, 0, from, until, { rtol: 1e-6, atol: 1e-9, ...opts });
}
