/**
 * The collaboration network as an undirected weighted graph in compressed sparse rows: actors are
 * nodes 0..n−1; a link's weight adds up every joint project, agreement, meeting and factor flow
 * between two actors. Parallel links merge, self-links are dropped (an actor does not collaborate
 * with itself), so every measure sees one simple graph.
 */
export type Graph = {
  n: number;
  /** Neighbours of node i are adj[offsets[i]..offsets[i+1]), with weights in the same slots. */
  offsets: Int32Array;
  adj: Int32Array;
  weights: Float64Array;
  /** Total weight of all links (each counted once). */
  totalWeight: number;
  edges: number;
};

export type Edge = [number, number, number?];

export function buildGraph(n: number, edges: readonly Edge[]): Graph {
  // Parallel links merge without a hash map: edges are bucketed by their lower end (keeping
  // their order), duplicates found with a per-row stamp on the upper end, and each distinct
  // link placed at the position of its first appearance, so adjacency lists keep that order.
  const E = edges.length;
  const lo = new Int32Array(E);
  const hi = new Int32Array(E);
  const wt = new Float64Array(E);
  const rowStart = new Int32Array(n + 1);
  let kept = 0;
  for (let e = 0; e < E; e++) {
    const [a, b, w = 1] = edges[e]!;
    if (a === b) {
      lo[e] = -1;
      continue;
    }
    if (!(a >= 0 && b >= 0 && a < n && b < n)) throw new RangeError(`edge (${a}, ${b}) outside 0..${n - 1}`);
    lo[e] = a < b ? a : b;
    hi[e] = a < b ? b : a;
    wt[e] = w;
    rowStart[lo[e]! + 1]!++;
    kept++;
  }
  for (let i = 0; i < n; i++) rowStart[i + 1]! += rowStart[i]!;
  const byRow = new Int32Array(kept);
  const fillRow = rowStart.slice(0, n);
  for (let e = 0; e < E; e++) if (lo[e]! >= 0) byRow[fillRow[lo[e]!]!++] = e;
  // first[e] = e for the first appearance of a link, with its summed weight in sum[e].
  const isFirst = new Uint8Array(E);
  const sum = new Float64Array(E);
  const stamp = new Int32Array(n).fill(-1);
  const firstOf = new Int32Array(n);
  for (let a = 0; a < n; a++)
    for (let p = rowStart[a]!; p < rowStart[a + 1]!; p++) {
      const e = byRow[p]!;
      const b = hi[e]!;
      const w = wt[e]!;
      if (stamp[b] !== a) {
        stamp[b] = a;
        firstOf[b] = e;
        isFirst[e] = 1;
        sum[e] = w;
      } else sum[firstOf[b]!]! += w;
    }
  const deg = new Int32Array(n);
  let count = 0;
  for (let e = 0; e < E; e++)
    if (isFirst[e]) {
      deg[lo[e]!]!++;
      deg[hi[e]!]!++;
      count++;
    }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + deg[i]!;
  const adj = new Int32Array(offsets[n]!);
  const weights = new Float64Array(offsets[n]!);
  const fill = offsets.slice(0, n);
  let totalWeight = 0;
  for (let e = 0; e < E; e++) {
    if (!isFirst[e]) continue;
    const a = lo[e]!;
    const b = hi[e]!;
    const w = sum[e]!;
    adj[fill[a]!] = b;
    weights[fill[a]!++] = w;
    adj[fill[b]!] = a;
    weights[fill[b]!++] = w;
    totalWeight += w;
  }
  return { n, offsets, adj, weights, totalWeight, edges: count };
}

export const degree = (g: Graph, i: number) => g.offsets[i + 1]! - g.offsets[i]!;

/** Weighted degree (strength) of every node. */
export function strengths(g: Graph): Float64Array {
  const s = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) s[i]! += g.weights[k]!;
  return s;
}
