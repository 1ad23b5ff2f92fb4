import { strengths, type Graph } from "./graph.js";

/** Modularity of a partition (Newman 2004) with resolution γ: Σ_c [L_c/m − γ·(d_c/2m)²]. */
export function modularity(g: Graph, community: ArrayLike<number>, resolution = 1): number {
  const m = g.totalWeight;
  if (m === 0) return 0;
  const s = strengths(g);
  // Community ids are below n (Louvain numbers them so); others go through a map to a dense id.
  const dense = new Map<number, number>();
  const id = (c: number) => {
    let d = dense.get(c);
    if (d === undefined) dense.set(c, (d = dense.size));
    return d;
  };
  const ids = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) ids[i] = id(community[i]!);
  const inside = new Float64Array(dense.size);
  const total = new Float64Array(dense.size);
  for (let i = 0; i < g.n; i++) {
    const c = ids[i]!;
    total[c]! += s[i]!;
    for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) {
      const j = g.adj[k]!;
      // Each internal link is seen from both ends; count it once.
      if (j > i && ids[j] === c) inside[c]! += g.weights[k]!;
    }
  }
  let q = 0;
  for (let c = 0; c < dense.size; c++) q += inside[c]! / m - resolution * (total[c]! / (2 * m)) ** 2;
  return q;
}

/**
 * A level of the Louvain hierarchy in compressed sparse rows: nodes are the previous level's
 * communities, with the weight of the links inside each as a self-loop.
 */
type Level = { n: number; offsets: Int32Array; nbrs: Int32Array; wts: Float64Array; self: Float64Array };

const levelOf = (g: Graph): Level => ({ n: g.n, offsets: g.offsets, nbrs: g.adj, wts: g.weights, self: new Float64Array(g.n) });

/**
 * Moves nodes between communities while modularity rises; returns the community of each node, or
 * null if none moved. The weights from a node to each neighbouring community gather in a dense
 * array, visited in the order the communities are first met, so ties break as they always did.
 */
function moveNodes(L: Level, m: number, resolution: number, order: Int32Array): Int32Array | null {
  const { n, offsets, nbrs, wts, self } = L;
  const k = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let x = offsets[i]!; x < offsets[i + 1]!; x++) sum += wts[x]!;
    k[i] = sum + 2 * self[i]!;
  }
  const comm = new Int32Array(n).map((_, i) => i);
  const tot = Float64Array.from(k);
  const toComm = new Float64Array(n);
  const seen = new Uint8Array(n);
  const touched = new Int32Array(n);
  const scale = resolution / (2 * m * m);
  let movedAny = false;
  for (let improved = true; improved; ) {
    improved = false;
    for (let o = 0; o < n; o++) {
      const i = order[o]!;
      const own = comm[i]!;
      let count = 0;
      for (let x = offsets[i]!; x < offsets[i + 1]!; x++) {
        const c = comm[nbrs[x]!]!;
        if (!seen[c]) {
          seen[c] = 1;
          touched[count++] = c;
        }
        toComm[c]! += wts[x]!;
      }
      const ki = k[i]!;
      tot[own]! -= ki;
      let best = own;
      let bestGain = toComm[own]! / m - scale * tot[own]! * ki;
      for (let t = 0; t < count; t++) {
        const c = touched[t]!;
        const gain = toComm[c]! / m - scale * tot[c]! * ki;
        if (gain > bestGain + 1e-12) {
          best = c;
          bestGain = gain;
        }
      }
      for (let t = 0; t < count; t++) {
        toComm[touched[t]!] = 0;
        seen[touched[t]!] = 0;
      }
      tot[best]! += ki;
      if (best !== own) {
        comm[i] = best;
        improved = true;
        movedAny = true;
      }
    }
  }
  return movedAny ? comm : null;
}

/** Merges each community into one node: links between communities summed, links inside kept as a self-loop. */
function aggregate(L: Level, comm: Int32Array): { level: Level; index: Int32Array } {
  const index = new Int32Array(L.n).fill(-1);
  const ids = new Int32Array(L.n).fill(-1);
  let n = 0;
  for (let i = 0; i < L.n; i++) {
    const c = comm[i]!;
    if (ids[c] === -1) ids[c] = n++;
    index[i] = ids[c]!;
  }
  // Members of each new node in increasing order (a counting sort), so links appear in the order they did.
  const start = new Int32Array(n + 1);
  for (let i = 0; i < L.n; i++) start[index[i]! + 1]!++;
  for (let a = 0; a < n; a++) start[a + 1]! += start[a]!;
  const members = new Int32Array(L.n);
  const fill = start.slice(0, n);
  for (let i = 0; i < L.n; i++) members[fill[index[i]!]!++] = i;

  const self = new Float64Array(n);
  const acc = new Float64Array(n);
  const seen = new Uint8Array(n);
  const touched = new Int32Array(n);
  const offsets = new Int32Array(n + 1);
  const nbrParts: Int32Array[] = [];
  const wtParts: Float64Array[] = [];
  for (let a = 0; a < n; a++) {
    let count = 0;
    for (let p = start[a]!; p < start[a + 1]!; p++) {
      const i = members[p]!;
      self[a]! += L.self[i]!;
      for (let x = L.offsets[i]!; x < L.offsets[i + 1]!; x++) {
        const j = L.nbrs[x]!;
        const b = index[j]!;
        if (a === b) {
          // Seen from both ends: half each time.
          if (j > i) self[a]! += L.wts[x]!;
        } else {
          if (!seen[b]) {
            seen[b] = 1;
            touched[count++] = b;
          }
          acc[b]! += L.wts[x]!;
        }
      }
    }
    const ns = touched.slice(0, count);
    const ws = new Float64Array(count);
    for (let t = 0; t < count; t++) {
      ws[t] = acc[ns[t]!]!;
      acc[ns[t]!] = 0;
      seen[ns[t]!] = 0;
    }
    nbrParts.push(ns);
    wtParts.push(ws);
    offsets[a + 1] = offsets[a]! + count;
  }
  const nbrs = new Int32Array(offsets[n]!);
  const wts = new Float64Array(offsets[n]!);
  for (let a = 0; a < n; a++) {
    nbrs.set(nbrParts[a]!, offsets[a]!);
    wts.set(wtParts[a]!, offsets[a]!);
  }
  return { level: { n, offsets, nbrs, wts, self }, index };
}

export type Louvain = { community: Int32Array; communities: number; modularity: number; levels: number };

/**
 * Louvain communities (Blondel et al. 2008): move single nodes to the neighbouring community that
 * raises modularity most, merge each community into one node, and repeat until nothing moves.
 * `shuffle` (a seeded random source) varies the visiting order, as NetworkX's seed does.
 */
export function louvain(g: Graph, opts: { resolution?: number; shuffle?: () => number } = {}): Louvain {
  const resolution = opts.resolution ?? 1;
  const m = g.totalWeight;
  const community = new Int32Array(g.n).map((_, i) => i);
  if (m === 0) return { community, communities: g.n, modularity: 0, levels: 0 };
  let L = levelOf(g);
  let levels = 0;
  let q = modularity(g, community, resolution);
  for (;;) {
    const order = new Int32Array(L.n).map((_, i) => i);
    if (opts.shuffle)
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(opts.shuffle() * (i + 1));
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
    const comm = moveNodes(L, m, resolution, order);
    if (!comm) break;
    const { level, index } = aggregate(L, comm);
    const next = community.map((c) => index[c]!);
    const nq = modularity(g, next, resolution);
    // Stop when a pass no longer raises modularity (NetworkX's threshold is 1e-7).
    if (nq - q <= 1e-7) break;
    community.set(next);
    q = nq;
    L = level;
    levels++;
  }
  return { community, communities: new Set(community).size, modularity: q, levels };
}
