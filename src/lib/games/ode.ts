/**
 * The Dormand–Prince 5(4) embedded Runge–Kutta method with adaptive steps, written to take the
 * same steps as scipy's `solve_ivp(method="RK45")` (and Matlab's ode45): the same tableau, the
 * same first-step guess, error norm and step-size controller. A model's answer therefore agrees
 * with the scipy computation an analyst would check it against, not just to the tolerance.
 */

export type Rhs = (t: number, y: readonly number[]) => readonly number[];

export type OdeOptions = {
  /** Relative tolerance (scipy's default 1e-3). */
  rtol?: number;
  /** Absolute tolerance (scipy's default 1e-6). */
  atol?: number;
  /** Largest step; Infinity by default. */
  maxStep?: number;
  /** Give up after this many evaluations of the right-hand side. */
  maxEvaluations?: number;
  /** Keep every accepted step (for phase portraits); only the end otherwise. */
  keepSteps?: boolean;
  /** Stop early once every |dy/dt| is below this (a rest point is reached). */
  stopWhenStill?: number;
  /** Stop early once this holds for an accepted state (e.g. it is inside an attractor's basin). */
  stopWhen?: (y: readonly number[]) => boolean;
};

export type OdeResult = {
  t: number;
  y: number[];
  /** Accepted steps as [t, ...y], when `keepSteps`. */
  steps: number[][];
  accepted: number;
  rejected: number;
  evaluations: number;
  /** "done": reached the end; "still": stopped at a rest point; "failed": step too small or budget spent. */
  status: "done" | "still" | "failed";
};

const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1];
const A: number[][] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
];
const B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84];
/** Fifth- minus fourth-order weights (scipy's E): the local error estimate. */
const E = [-71 / 57600, 0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40];
const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
const ORDER = 4;
const EXPONENT = -1 / (ORDER + 1);

/** Root mean square, scipy's norm for tolerances. */
const rms = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);

/** scipy's `select_initial_step` (Hairer, Nørsett & Wanner, II.4). */
function initialStep(f: Rhs, t0: number, y0: readonly number[], f0: readonly number[], span: number, rtol: number, atol: number): number {
  if (y0.length === 0 || span === 0) return Infinity;
  const scale = y0.map((y) => atol + Math.abs(y) * rtol);
  const d0 = rms(y0.map((y, i) => y / scale[i]!));
  const d1 = rms(f0.map((v, i) => v / scale[i]!));
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  h0 = Math.min(h0, span);
  const y1 = y0.map((y, i) => y + h0 * f0[i]!);
  const f1 = f(t0 + h0, y1);
  const d2 = rms(f1.map((v, i) => (v - f0[i]!) / scale[i]!)) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / (ORDER + 1));
  return Math.min(100 * h0, h1, span);
}

/** The gap to the next representable number above |t|, scaled as scipy does for its smallest step. */
const ulp = (t: number) => {
  const a = Math.abs(t);
  if (a === 0) return Number.MIN_VALUE;
  const buf = new Float64Array([a]);
  const bits = new BigInt64Array(buf.buffer);
  bits[0]! += 1n;
  return buf[0]! - a;
};

/** Integrates dy/dt = f(t, y) from t0 to t1 > t0. */
export function dopri5(f: Rhs, t0: number, y0: readonly number[], t1: number, opts: OdeOptions = {}): OdeResult {
  const rtol = opts.rtol ?? 1e-3;
  const atol = opts.atol ?? 1e-6;
  const maxStep = opts.maxStep ?? Infinity;
  const budget = opts.maxEvaluations ?? 1_000_000;
  if (!(t1 >= t0)) throw new RangeError("dopri5 integrates forward only: t1 must be ≥ t0");
  if (!(rtol > 0) || !(atol >= 0)) throw new RangeError("tolerances must be positive");
  const n = y0.length;
  let t = t0;
  let y = [...y0];
  let fy = f(t, y);
  let evaluations = 1;
  const steps: number[][] = opts.keepSteps ? [[t, ...y]] : [];
  let hAbs = Math.min(initialStep(f, t0, y, fy, t1 - t0, rtol, atol), maxStep);
  evaluations++;
  let accepted = 0;
  let rejected = 0;
  const still = (v: readonly number[]) => opts.stopWhenStill !== undefined && v.every((x) => Math.abs(x) < opts.stopWhenStill!);
  if (still(fy) || opts.stopWhen?.(y)) return { t, y, steps, accepted, rejected, evaluations, status: "still" };
  const K: (readonly number[])[] = new Array<readonly number[]>(7);
  while (t < t1) {
    const minStep = 10 * ulp(t);
    if (hAbs > maxStep) hAbs = maxStep;
    else if (hAbs < minStep) hAbs = minStep;
    let stepRejected = false;
    let yNew: number[] = y;
    let fNew: readonly number[] = fy;
    let tNew = t;
    for (;;) {
      if (hAbs < minStep || evaluations + 6 > budget) return { t, y, steps, accepted, rejected, evaluations, status: "failed" };
      tNew = t + hAbs;
      if (tNew > t1) tNew = t1;
      const h = tNew - t;
      hAbs = Math.abs(h);
      K[0] = fy;
      for (let s = 1; s < 6; s++) {
        // A fresh stage state each time: a right-hand side may hand back (or keep) the array it was given.
        const yTmp = new Array<number>(n);
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = 0; j < s; j++) acc += A[s]![j]! * K[j]![i]!;
          yTmp[i] = y[i]! + h * acc;
        }
        K[s] = f(t + C[s]! * h, yTmp);
      }
      yNew = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < 6; j++) acc += B[j]! * K[j]![i]!;
        yNew[i] = y[i]! + h * acc;
      }
      fNew = f(tNew, yNew);
      K[6] = fNew;
      evaluations += 6;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        let err = 0;
        for (let j = 0; j < 7; j++) err += K[j]![i]! * E[j]!;
        const scale = atol + Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!)) * rtol;
        sum += ((err * h) / scale) ** 2;
      }
      const errorNorm = n ? Math.sqrt(sum / n) : 0;
      if (errorNorm < 1) {
        let factor = errorNorm === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * errorNorm ** EXPONENT);
        if (stepRejected) factor = Math.min(1, factor);
        hAbs *= factor;
        break;
      }
      hAbs *= Math.max(MIN_FACTOR, SAFETY * errorNorm ** EXPONENT);
      stepRejected = true;
      rejected++;
    }
    t = tNew;
    y = yNew;
    fy = fNew;
    accepted++;
    if (opts.keepSteps) steps.push([t, ...y]);
    if (still(fy) || opts.stopWhen?.(y)) return { t, y, steps, accepted, rejected, evaluations, status: "still" };
  }
  return { t, y, steps, accepted, rejected, evaluations, status: "done" };
}
