/**
 * Eigenvalues of a rest point's Jacobian and what they say about it. The names follow the
 * evolutionary-game literature: an evolutionarily stable strategy (ESS) is an asymptotically
 * stable rest point (every eigenvalue with a negative real part), a source repels in every
 * direction, a saddle attracts in some and repels in others, a centre has purely imaginary
 * eigenvalues (closed orbits around it in the linearisation), and a point with a zero real part
 * otherwise cannot be judged from the linearisation at all (non-hyperbolic).
 */

export type Complex = { re: number; im: number };
export const EQUILIBRIUM_TYPES = ["ess", "saddle", "source", "centre", "non-hyperbolic"] as const;
export type EquilibriumType = (typeof EQUILIBRIUM_TYPES)[number];

/** Real parts this close to zero count as zero: rounding in the payoffs must not invent stability. */
export const ZERO = 1e-9;

/** Both eigenvalues of a real 2×2 matrix [[a, b], [c, d]], the larger real part first. */
export function eigen2(m: readonly (readonly number[])[]): [Complex, Complex] {
  const [[a, b], [c, d]] = m as [[number, number], [number, number]];
  const half = (a + d) / 2;
  const det = a * d - b * c;
  const disc = half * half - det;
  if (disc >= 0) {
    const r = Math.sqrt(disc);
    // The smaller root from the product avoids cancellation when the two differ greatly in size.
    const big = half >= 0 ? half + r : half - r;
    const small = big === 0 ? 0 : det / big;
    const [hi, lo] = big >= small ? [big, small] : [small, big];
    return [
      { re: hi, im: 0 },
      { re: lo, im: 0 },
    ];
  }
  const im = Math.sqrt(-disc);
  return [
    { re: half, im },
    { re: half, im: -im },
  ];
}

/** The scale of the matrix's entries, so "zero" is judged relative to the problem's own numbers. */
const scaleOf = (xs: readonly number[]) => Math.max(1, ...xs.map(Math.abs));

export function classify(eigenvalues: readonly Complex[], scale = 1): EquilibriumType {
  const tol = ZERO * scale;
  const res = eigenvalues.map((e) => (Math.abs(e.re) <= tol ? 0 : e.re));
  if (res.every((r) => r < 0)) return "ess";
  if (res.every((r) => r > 0)) return "source";
  if (res.some((r) => r < 0) && res.some((r) => r > 0) && res.every((r) => r !== 0)) return "saddle";
  if (res.every((r) => r === 0) && eigenvalues.every((e) => Math.abs(e.im) > tol)) return "centre";
  return "non-hyperbolic";
}

/** For a 2×2 Jacobian: node or focus, which the type alone does not say (a stable focus spirals in). */
export function shape(eigenvalues: readonly Complex[], scale = 1): "node" | "focus" | null {
  if (eigenvalues.some((e) => Math.abs(e.re) <= ZERO * scale)) return null;
  return eigenvalues.some((e) => Math.abs(e.im) > ZERO * scale) ? "focus" : "node";
}

export type Equilibrium = {
  point: number[];
  jacobian: number[][];
  eigenvalues: Complex[];
  type: EquilibriumType;
  /** Node or focus, for two-dimensional hyperbolic points that are not saddles. */
  shape: "node" | "focus" | null;
};

export function equilibriumAt(point: number[], jacobian: number[][], eigenvalues: Complex[]): Equilibrium {
  const scale = scaleOf(jacobian.flat());
  const type = classify(eigenvalues, scale);
  return { point, jacobian, eigenvalues, type, shape: point.length === 2 && type !== "saddle" ? shape(eigenvalues, scale) : null };
}
