import type { Model } from "./models.js";
import { dopri5, dopri5Planar, type OdeOptions } from "./ode.js";
import { eigen2, equilibriumAt, type Complex, type Equilibrium } from "./stability.js";

/** Real and complex roots of λ³ + a·λ² + b·λ + c (Cardano, with the trigonometric form for three real roots). */
export function cubicRoots(a: number, b: number, c: number): Complex[] {
  const p = b - (a * a) / 3;
  const q = (2 * a * a * a) / 27 - (a * b) / 3 + c;
  const shift = -a / 3;
  const disc = (q * q) / 4 + (p * p * p) / 27;
  if (Math.abs(p) < 1e-14 && Math.abs(q) < 1e-14) return [0, 0, 0].map(() => ({ re: shift, im: 0 }));
  if (disc > 0) {
    const s = Math.sqrt(disc);
    const u = Math.cbrt(-q / 2 + s);
    const v = Math.cbrt(-q / 2 - s);
    return [
      { re: u + v + shift, im: 0 },
      { re: -(u + v) / 2 + shift, im: ((u - v) * Math.sqrt(3)) / 2 },
      { re: -(u + v) / 2 + shift, im: -((u - v) * Math.sqrt(3)) / 2 },
    ];
  }
  const r = Math.sqrt(-p / 3);
  const phi = Math.acos(Math.max(-1, Math.min(1, (3 * q) / (2 * p * r))));
  return [0, 1, 2].map((k) => ({ re: 2 * r * Math.cos(phi / 3 - (2 * Math.PI * k) / 3) + shift, im: 0 }));
}

/** Eigenvalues of a 2×2 or 3×3 real matrix (a diagonal one of any size), sorted by real part, largest first. */
export function eigenvalues(m: number[][]): Complex[] {
  const n = m.length;
  let out: Complex[];
  if (m.every((row, i) => row.every((v, j) => i === j || v === 0))) out = m.map((row, i) => ({ re: row[i]!, im: 0 }));
  else if (n === 2) out = eigen2(m);
  else if (n === 3) {
    const [[a, b, c], [d, e, f], [g, h, i]] = m as [[number, number, number], [number, number, number], [number, number, number]];
    const tr = a + e + i;
    const minors = a * e - b * d + a * i - c * g + e * i - f * h;
    const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    out = cubicRoots(-tr, minors, -det);
  } else throw new RangeError("eigenvalues: only 2×2, 3×3 or diagonal matrices");
  return out.sort((x, y) => y.re - x.re || y.im - x.im);
}

/** Every candidate rest point of the model with its Jacobian, eigenvalues and type. */
export function analyze(model: Model): Equilibrium[] {
  return model.candidates().map((point) => {
    const J = model.jacobian(point);
    return equilibriumAt(point, J, eigenvalues(J));
  });
}

export type SimulateOptions = OdeOptions & { until: number };

/** The state at time `until` from `from`, by Dormand–Prince 5(4): the planar integrator where the model has a planar field. */
export function simulate(model: Model, from: readonly number[], opts: SimulateOptions) {
  if (from.length !== model.variables.length) throw new RangeError(`the state has ${model.variables.length} shares`);
  const planar = model.planar;
  if (planar && from.length === 2) return dopri5Planar((_t, x, y, out) => planar(x, y, out), 0, from, opts.until, opts);
  return dopri5((_t, z) => model.rhs(z), 0, from, opts.until, opts);
}
