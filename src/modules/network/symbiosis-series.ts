/**
 * From projects to the two yearly series the symbiosis model is fitted to: each party's size in
 * each year is the number (or money) of the projects it takes part in, either started up to that
 * year (its portfolio, which grows towards a capacity) or started in it. Pure, so the rules are
 * tested on their own; the verb only reads the visible projects.
 */

/** One visible project: its start year, its value for the chosen measure, and its parties (actor codes or country codes). */
export type ProjectUnits = { year: number; value: number; units: readonly string[] };

export type Series = { years: number[]; x: number[]; y: number[] };

/** Each unit's size per year over [first, last], indexed from `first`. */
export function yearlySizes(projects: readonly ProjectUnits[], first: number, last: number): Map<string, number[]> {
  const sizes = new Map<string, number[]>();
  const span = last - first + 1;
  for (const p of projects) {
    if (p.year < first || p.year > last) continue;
    for (const u of new Set(p.units)) {
      let s = sizes.get(u);
      if (!s) sizes.set(u, (s = new Array<number>(span).fill(0)));
      s[p.year - first]! += p.value;
    }
  }
  return sizes;
}

export function cumulate(values: readonly number[]): number[] {
  let sum = 0;
  return values.map((v) => (sum += v));
}

/**
 * The pair's two series from the first year both parties have a positive size: before that one of
 * them does not exist yet as a partner, and a growth rate from zero is undefined.
 */
export function pairSeries(first: number, x: readonly number[], y: readonly number[]): Series {
  const start = x.findIndex((v, i) => v > 0 && y[i]! > 0);
  if (start < 0) return { years: [], x: [], y: [] };
  return { years: x.slice(start).map((_, i) => first + start + i), x: x.slice(start), y: y.slice(start) };
}

/** Projects both units take part in, for every pair that shares at least one. Keys are "a|b" with a < b. */
export function sharedCounts(projects: readonly ProjectUnits[]): Map<string, number> {
  const shared = new Map<string, number>();
  for (const p of projects) {
    const units = [...new Set(p.units)].sort();
    for (let i = 0; i < units.length; i++)
      for (let j = i + 1; j < units.length; j++) {
        const key = `${units[i]}|${units[j]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
  }
  return shared;
}

/**
 * The pairs to fit: every pair of the given units (countries), or only pairs that share a project
 * (actors), those sharing the most first, then by code, cut at `limit`.
 */
export function rankPairs(shared: ReadonlyMap<string, number>, limit: number, all?: readonly string[]): [string, string, number][] {
  const pairs: [string, string, number][] = [];
  if (all) {
    const units = [...new Set(all)].sort();
    for (let i = 0; i < units.length; i++) for (let j = i + 1; j < units.length; j++) pairs.push([units[i]!, units[j]!, shared.get(`${units[i]}|${units[j]}`) ?? 0]);
  } else
    for (const [key, n] of shared) {
      const [a, b] = key.split("|") as [string, string];
      pairs.push([a, b, n]);
    }
  return pairs.sort((p, q) => q[2] - p[2] || p[0].localeCompare(q[0]) || p[1].localeCompare(q[1])).slice(0, limit);
}
