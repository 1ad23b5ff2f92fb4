import { symbiosisMode, type SymbiosisMode, type SymbiosisParams } from "./model.js";

/**
 * Fitting the symbiosis model to two yearly series (two parties' project money or counts): the
 * discretised growth rate of each, g_x(t) = (x_{t+1} − x_t)/x_t, is linear in the sizes,
 *   g_x = r1 − (r1/N1)·x + (r1·a12/N2)·y,
 * so ordinary least squares on [1, x_t, y_t] gives r1, N1 and a12·(r1/N2), and likewise for y.
 * Short, flat or collinear series cannot support the three coefficients; the fit says so rather
 * than print numbers that mean nothing.
 */

export const FIT_WARNINGS = ["too_few_points", "non_positive_values", "collinear", "no_capacity_x", "no_capacity_y", "no_growth_x", "no_growth_y"] as const;
export type FitWarning = (typeof FIT_WARNINGS)[number];

export type FitResult = {
  params: SymbiosisParams | null;
  mode: SymbiosisMode | null;
  /** The regression coefficients [intercept, on x, on y] of each growth rate. */
  coefficients: { x: number[]; y: number[] } | null;
  /** Root mean square error of the fitted growth rates, and R² of each regression. */
  rmse: { x: number; y: number } | null;
  r2: { x: number; y: number } | null;
  points: number;
  warnings: FitWarning[];
};

/** Least squares of b on the columns of A (n × 3) through the normal equations; null when singular. */
export function leastSquares3(A: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const M = [0, 1, 2].map(() => [0, 0, 0, 0]);
  for (let k = 0; k < A.length; k++)
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) M[i]![j]! += A[k]![i]! * A[k]![j]!;
      M[i]![3]! += A[k]![i]! * b[k]!;
    }
  const scale = Math.max(...M.flatMap((r) => r.slice(0, 3).map(Math.abs)));
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < 3; c++) {
    let piv = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    if (Math.abs(M[piv]![c]!) <= 1e-12 * scale) return null;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k < 4; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[3]! / row[i]!);
}

function regress(rows: number[][], g: number[]) {
  const beta = leastSquares3(rows, g);
  if (!beta) return null;
  const fitted = rows.map((r) => beta[0]! + beta[1]! * r[1]! + beta[2]! * r[2]!);
  const sse = fitted.reduce((s, f, i) => s + (g[i]! - f) ** 2, 0);
  const mean = g.reduce((s, v) => s + v, 0) / g.length;
  const sst = g.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { beta, rmse: Math.sqrt(sse / g.length), r2: sst === 0 ? 1 : 1 - sse / sst };
}

export function fitSymbiosis(xs: readonly number[], ys: readonly number[]): FitResult {
  const n = Math.min(xs.length, ys.length);
  const empty: FitResult = { params: null, mode: null, coefficients: null, rmse: null, r2: null, points: Math.max(0, n - 1), warnings: [] };
  // Three coefficients need at least four growth rates to leave a residual worth the name.
  if (n < 5) return { ...empty, warnings: ["too_few_points"] };
  if (xs.slice(0, n).some((v) => !(v > 0)) || ys.slice(0, n).some((v) => !(v > 0))) return { ...empty, warnings: ["non_positive_values"] };
  const rows: number[][] = [];
  const gx: number[] = [];
  const gy: number[] = [];
  for (let t = 0; t + 1 < n; t++) {
    rows.push([1, xs[t]!, ys[t]!]);
    gx.push((xs[t + 1]! - xs[t]!) / xs[t]!);
    gy.push((ys[t + 1]! - ys[t]!) / ys[t]!);
  }
  const fx = regress(rows, gx);
  const fy = regress(rows, gy);
  if (!fx || !fy) return { ...empty, warnings: ["collinear"] };
  const warnings: FitWarning[] = [];
  const [r1, bx1, bx2] = fx.beta as [number, number, number];
  const [r2, by2, by1] = [fy.beta[0]!, fy.beta[2]!, fy.beta[1]!];
  if (!(r1 > 0)) warnings.push("no_growth_x");
  if (!(r2 > 0)) warnings.push("no_growth_y");
  // A capacity needs growth to slow as the party grows: a negative coefficient on its own size.
  if (!(bx1 < 0)) warnings.push("no_capacity_x");
  if (!(by2 < 0)) warnings.push("no_capacity_y");
  const result = { coefficients: { x: fx.beta, y: fy.beta }, rmse: { x: fx.rmse, y: fy.rmse }, r2: { x: fx.r2, y: fy.r2 }, points: rows.length };
  if (warnings.length) return { ...result, params: null, mode: null, warnings };
  const N1 = -r1 / bx1;
  const N2 = -r2 / by2;
  const params = { r1, r2, N1, N2, a12: (bx2 * N2) / r1, a21: (by1 * N1) / r2 };
  return { ...result, params, mode: symbiosisMode(params.a12, params.a21), warnings };
}
