import type { Graph } from "./graph.js";

/**
 * How the actor types mix along links (seed 002 §4.3.1: a mechanism whose partners are nearly all
 * governments is "single"). The matrix counts link ends by the types they join, each link once in
 * each direction as NetworkX's attribute mixing matrix does, normalised to sum 1; the assortativity
 * coefficient (Newman 2003) is 1 when links only join like with like and negative when they cross.
 */
export function mixingMatrix(g: Graph, type: readonly number[], types: number, weighted = false): { matrix: number[][]; assortativity: number } {
  const e = Array.from({ length: types }, () => new Array<number>(types).fill(0));
  let total = 0;
  for (let i = 0; i < g.n; i++)
    for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) {
      const w = weighted ? g.weights[k]! : 1;
      e[type[i]!]![type[g.adj[k]!]!]! += w;
      total += w;
    }
  if (total === 0) return { matrix: e, assortativity: 0 };
  for (const row of e) for (let j = 0; j < types; j++) row[j]! /= total;
  const a = e.map((row) => row.reduce((s, v) => s + v, 0));
  const b = e[0]!.map((_, j) => e.reduce((s, row) => s + row[j]!, 0));
  const trace = e.reduce((s, row, i) => s + row[i]!, 0);
  const ab = a.reduce((s, v, i) => s + v * b[i]!, 0);
  return { matrix: e, assortativity: ab === 1 ? 1 : (trace - ab) / (1 - ab) };
}

/**
 * Brokers between countries: for each actor, the pairs of its partners that are in different
 * countries and not linked to each other — the introductions only it can make across a border.
 */
export function crossBorderBrokerage(g: Graph, country: readonly number[]): Int32Array {
  const out = new Int32Array(g.n);
  const mark = new Int32Array(g.n).fill(-1);
  for (let v = 0; v < g.n; v++) {
    const start = g.offsets[v]!;
    const end = g.offsets[v + 1]!;
    let count = 0;
    for (let a = start; a < end; a++) {
      const u = g.adj[a]!;
      // Mark u's neighbours once, then test every later partner of v against the marks.
      for (let k = g.offsets[u]!; k < g.offsets[u + 1]!; k++) mark[g.adj[k]!] = u;
      for (let b = a + 1; b < end; b++) {
        const w = g.adj[b]!;
        if (country[u] !== country[w] && mark[w] !== u) count++;
      }
    }
    out[v] = count;
  }
  return out;
}
