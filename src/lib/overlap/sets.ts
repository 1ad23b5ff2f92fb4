/**
 * Set and weight overlaps. Two empty sets share nothing we can observe, so their Jaccard is 0,
 * not 1 (0/0): an overlap matrix then never shows two mechanisms with no recorded members, sectors
 * or places as identical.
 */

/** |A ∩ B| / |A ∪ B|; 0 when both are empty. */
export function jaccard<T>(a: Iterable<T>, b: Iterable<T>): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 0;
  let shared = 0;
  for (const x of sa) if (sb.has(x)) shared++;
  return shared / (sa.size + sb.size - shared);
}

/** The elements both sets hold, sorted, for the reasons shown beside a score. */
export function intersection<T>(a: Iterable<T>, b: Iterable<T>): T[] {
  const sb = new Set(b);
  return [...new Set(a)].filter((x) => sb.has(x)).sort();
}

export type Weights = Record<string, number>;

/** Each key's share of the total; negative or non-finite weights count as 0; all-zero gives {}. */
export function shares(w: Weights): Weights {
  const clean = Object.entries(w).map(([k, v]) => [k, Number.isFinite(v) && v > 0 ? v : 0] as const);
  const total = clean.reduce((s, [, v]) => s + v, 0);
  if (total === 0) return {};
  return Object.fromEntries(clean.filter(([, v]) => v > 0).map(([k, v]) => [k, v / total]));
}

/**
 * Weighted Jaccard (Ruzicka similarity) Σ min / Σ max of the two distributions, taken on shares so
 * a mechanism with ten times the projects is not "less similar" only for being bigger: 1 when both
 * spread their weight the same way over the same keys, 0 when they share no key with weight.
 */
export function weightedJaccard(a: Weights, b: Weights): number {
  const pa = shares(a);
  const pb = shares(b);
  let min = 0;
  let max = 0;
  for (const k of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
    const x = pa[k] ?? 0;
    const y = pb[k] ?? 0;
    min += Math.min(x, y);
    max += Math.max(x, y);
  }
  return max === 0 ? 0 : min / max;
}

export type Matrix = {
  /** Row and column labels, in the order given. */
  codes: string[];
  /** cells[i][j] = similarity of codes[i] and codes[j]; symmetric. */
  cells: number[][];
};

/** Every pair's similarity, computed once per unordered pair. */
export function pairMatrix<T>(items: readonly T[], code: (t: T) => string, sim: (a: T, b: T) => number): Matrix {
  const n = items.length;
  const cells = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const s = sim(items[i]!, items[j]!);
      cells[i]![j] = s;
      cells[j]![i] = s;
    }
  return { codes: items.map(code), cells };
}
