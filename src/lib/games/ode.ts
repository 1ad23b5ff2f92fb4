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

// Scratch words for `ulp`: stepping the low word with a carry is the bit increment without a BigInt per step.
const ulpFloat = new Float64Array(1);
const ulpWords = new Uint32Array(ulpFloat.buffer);
const LOW = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;

/** The gap to the next representable number above |t|, scaled as scipy does for its smallest step. */
const ulp = (t: number) => {
  const a = Math.abs(t);
  if (a === 0) return Number.MIN_VALUE;
  ulpFloat[0] = a;
  if (ulpWords[LOW] === 0xffffffff) {
    ulpWords[LOW] = 0;
    ulpWords[1 - LOW]!++;
  } else ulpWords[LOW]!++;
  return ulpFloat[0]! - a;
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

/**
 * A right-hand side of two variables that writes dx/dt and dy/dt into `out` instead of returning
 * a fresh array, so that the integrator below allocates nothing per stage.
 */
export type PlanarRhs = (t: number, x: number, y: number, out: Float64Array) => void;

// The tableau as scalars, for the planar integrator's unrolled stages.
const [, C1, C2, C3, C4] = C as [number, number, number, number, number, number];
const [A10] = A[1] as [number];
const [A20, A21] = A[2] as [number, number];
const [A30, A31, A32] = A[3] as [number, number, number];
const [A40, A41, A42, A43] = A[4] as [number, number, number, number];
const [A50, A51, A52, A53, A54] = A[5] as [number, number, number, number, number];
const [B0, B1, B2, B3, B4, B5] = B as [number, number, number, number, number, number];
const [E0, E1, E2, E3, E4, E5, E6] = E as [number, number, number, number, number, number, number];

/**
 * `dopri5` for a system of two variables, with the state and the seven stages held in locals: the
 * same operations in the same order as the general integrator, so it takes the very same steps
 * and returns the very same numbers (games.test.ts checks this), several times faster. A sweep
 * integrates thousands of two-population games, so this is where its time goes.
 */
export function dopri5Planar(f: PlanarRhs, t0: number, from: readonly [number, number] | readonly number[], t1: number, opts: OdeOptions = {}): OdeResult {
  const rtol = opts.rtol ?? 1e-3;
  const atol = opts.atol ?? 1e-6;
  const maxStep = opts.maxStep ?? Infinity;
  const budget = opts.maxEvaluations ?? 1_000_000;
  if (!(t1 >= t0)) throw new RangeError("dopri5 integrates forward only: t1 must be ≥ t0");
  if (!(rtol > 0) || !(atol >= 0)) throw new RangeError("tolerances must be positive");
  if (from.length !== 2) throw new RangeError("dopri5Planar integrates two variables");
  const keep = opts.keepSteps === true;
  const stillBelow = opts.stopWhenStill;
  const stopWhen = opts.stopWhen;
  const out = new Float64Array(2);
  let t = t0;
  let x = from[0]!;
  let y = from[1]!;
  f(t, x, y, out);
  let fx = out[0]!;
  let fy = out[1]!;
  let evaluations = 1;
  const steps: number[][] = keep ? [[t, x, y]] : [];

  // scipy's `select_initial_step`, as `initialStep` above computes it for two variables.
  let hAbs: number;
  const span = t1 - t0;
  if (span === 0) hAbs = Infinity;
  else {
    const sx = atol + Math.abs(x) * rtol;
    const sy = atol + Math.abs(y) * rtol;
    const d0 = Math.sqrt((0 + (x / sx) * (x / sx) + (y / sy) * (y / sy)) / 2);
    const d1 = Math.sqrt((0 + (fx / sx) * (fx / sx) + (fy / sy) * (fy / sy)) / 2);
    let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    h0 = Math.min(h0, span);
    f(t0 + h0, x + h0 * fx, y + h0 * fy, out);
    const gx = (out[0]! - fx) / sx;
    const gy = (out[1]! - fy) / sy;
    const d2 = Math.sqrt((0 + gx * gx + gy * gy) / 2) / h0;
    const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / (ORDER + 1));
    hAbs = Math.min(100 * h0, h1, span);
  }
  hAbs = Math.min(hAbs, maxStep);
  evaluations++;
  let accepted = 0;
  let rejected = 0;
  const end = (status: OdeResult["status"]): OdeResult => ({ t, y: [x, y], steps, accepted, rejected, evaluations, status });
  const still = () => (stillBelow !== undefined && Math.abs(fx) < stillBelow && Math.abs(fy) < stillBelow) || (stopWhen !== undefined && stopWhen([x, y]));
  if (still()) return end("still");
  // The smallest step is 10 ulp(t), the same for every t in one binade [2^e, 2^(e+1)): worked out again only on leaving it.
  let minStep = 0;
  let binadeLow = Infinity;
  let binadeHigh = -Infinity;
  while (t < t1) {
    const a = Math.abs(t);
    if (!(a >= binadeLow && a < binadeHigh)) {
      const gap = ulp(t);
      minStep = 10 * gap;
      binadeLow = gap * 2 ** 52;
      binadeHigh = 2 * binadeLow;
    }
    if (hAbs > maxStep) hAbs = maxStep;
    else if (hAbs < minStep) hAbs = minStep;
    let stepRejected = false;
    let tNew = t;
    let xNew = x;
    let yNew = y;
    let fxNew = fx;
    let fyNew = fy;
    for (;;) {
      if (hAbs < minStep || evaluations + 6 > budget) return end("failed");
      tNew = t + hAbs;
      if (tNew > t1) tNew = t1;
      const h = tNew - t;
      hAbs = Math.abs(h);
      const k0x = fx;
      const k0y = fy;
      f(t + C1 * h, x + h * (0 + A10 * k0x), y + h * (0 + A10 * k0y), out);
      const k1x = out[0]!;
      const k1y = out[1]!;
      f(t + C2 * h, x + h * (0 + A20 * k0x + A21 * k1x), y + h * (0 + A20 * k0y + A21 * k1y), out);
      const k2x = out[0]!;
      const k2y = out[1]!;
      f(t + C3 * h, x + h * (0 + A30 * k0x + A31 * k1x + A32 * k2x), y + h * (0 + A30 * k0y + A31 * k1y + A32 * k2y), out);
      const k3x = out[0]!;
      const k3y = out[1]!;
      f(t + C4 * h, x + h * (0 + A40 * k0x + A41 * k1x + A42 * k2x + A43 * k3x), y + h * (0 + A40 * k0y + A41 * k1y + A42 * k2y + A43 * k3y), out);
      const k4x = out[0]!;
      const k4y = out[1]!;
      // The last stage is at t + h itself (C[5] = 1), as in the general loop.
      f(t + 1 * h, x + h * (0 + A50 * k0x + A51 * k1x + A52 * k2x + A53 * k3x + A54 * k4x), y + h * (0 + A50 * k0y + A51 * k1y + A52 * k2y + A53 * k3y + A54 * k4y), out);
      const k5x = out[0]!;
      const k5y = out[1]!;
      xNew = x + h * (0 + B0 * k0x + B1 * k1x + B2 * k2x + B3 * k3x + B4 * k4x + B5 * k5x);
      yNew = y + h * (0 + B0 * k0y + B1 * k1y + B2 * k2y + B3 * k3y + B4 * k4y + B5 * k5y);
      f(tNew, xNew, yNew, out);
      fxNew = out[0]!;
      fyNew = out[1]!;
      evaluations += 6;
      const ex = 0 + k0x * E0 + k1x * E1 + k2x * E2 + k3x * E3 + k4x * E4 + k5x * E5 + fxNew * E6;
      const ey = 0 + k0y * E0 + k1y * E1 + k2y * E2 + k3y * E3 + k4y * E4 + k5y * E5 + fyNew * E6;
      const scaleX = atol + Math.max(Math.abs(x), Math.abs(xNew)) * rtol;
      const scaleY = atol + Math.max(Math.abs(y), Math.abs(yNew)) * rtol;
      const sum = 0 + ((ex * h) / scaleX) ** 2 + ((ey * h) / scaleY) ** 2;
      const errorNorm = Math.sqrt(sum / 2);
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
    x = xNew;
    y = yNew;
    fx = fxNew;
    fy = fyNew;
    accepted++;
    if (keep) steps.push([t, x, y]);
    if (still()) return end("still");
  }
  return end("done");
}
