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
  const merged = new Map<number, number>();
  for (const [a, b, w = 1] of edges) {
    if (a === b) continue;
    if (a < 0 || b < 0 || a >= n || b >= n) throw new RangeError(`edge (${a}, ${b}) outside 0..${n - 1}`);
    const key = a < b ? a * n + b : b * n + a;
    merged.set(key, (merged.get(key) ?? 0) + w);
  }
  const deg = new Int32Array(n);
  for (const key of merged.keys()) {
    deg[Math.floor(key / n)]!++;
    deg[key % n]!++;
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + deg[i]!;
  const adj = new Int32Array(offsets[n]!);
  const weights = new Float64Array(offsets[n]!);
  const fill = offsets.slice(0, n);
  let totalWeight = 0;
  for (const [key, w] of merged) {
    const a = Math.floor(key / n);
    const b = key % n;
    adj[fill[a]!] = b;
    weights[fill[a]!++] = w;
    adj[fill[b]!] = a;
    weights[fill[b]!++] = w;
    totalWeight += w;
  }
  return { n, offsets, adj, weights, totalWeight, edges: merged.size };
}

export const degree = (g: Graph, i: number) => g.offsets[i + 1]! - g.offsets[i]!;

/** Weighted degree (strength) of every node. */
export function strengths(g: Graph): Float64Array {
  const s = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) s[i]! += g.weights[k]!;
  return s;
}
