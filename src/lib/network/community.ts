import { strengths, type Graph } from "./graph.js";

/** Modularity of a partition (Newman 2004) with resolution γ: Σ_c [L_c/m − γ·(d_c/2m)²]. */
export function modularity(g: Graph, community: ArrayLike<number>, resolution = 1): number {
  const m = g.totalWeight;
  if (m === 0) return 0;
  const s = strengths(g);
  const inside = new Map<number, number>();
  const total = new Map<number, number>();
  for (let i = 0; i < g.n; i++) {
    const c = community[i]!;
    total.set(c, (total.get(c) ?? 0) + s[i]!);
    for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) {
      const j = g.adj[k]!;
      // Each internal link is seen from both ends; count it once.
      if (j > i && community[j] === c) inside.set(c, (inside.get(c) ?? 0) + g.weights[k]!);
    }
  }
  let q = 0;
  for (const [c, d] of total) q += (inside.get(c) ?? 0) / m - resolution * (d / (2 * m)) ** 2;
  return q;
}

/** A level of the Louvain hierarchy: nodes are the previous level's communities, with self-loops. */
type Level = { n: number; nbrs: number[][]; wts: number[][]; self: number[] };

function levelOf(g: Graph): Level {
  const nbrs: number[][] = [];
  const wts: number[][] = [];
  for (let i = 0; i < g.n; i++) {
    nbrs.push(Array.from(g.adj.subarray(g.offsets[i]!, g.offsets[i + 1]!)));
    wts.push(Array.from(g.weights.subarray(g.offsets[i]!, g.offsets[i + 1]!)));
  }
  return { n: g.n, nbrs, wts, self: new Array<number>(g.n).fill(0) };
}

/** Moves nodes between communities while modularity rises; returns the community of each node, or null if none moved. */
function moveNodes(L: Level, m: number, resolution: number, order: readonly number[]): number[] | null {
  const k = L.nbrs.map((ns, i) => L.wts[i]!.reduce((a, b) => a + b, 0) + 2 * L.self[i]!);
  const comm = Array.from({ length: L.n }, (_, i) => i);
  const tot = [...k];
  let movedAny = false;
  for (let improved = true; improved; ) {
    improved = false;
    for (const i of order) {
      const own = comm[i]!;
      const links = new Map<number, number>();
      L.nbrs[i]!.forEach((j, x) => links.set(comm[j]!, (links.get(comm[j]!) ?? 0) + L.wts[i]![x]!));
      tot[own]! -= k[i]!;
      let best = own;
      let bestGain = (links.get(own) ?? 0) / m - (resolution * tot[own]! * k[i]!) / (2 * m * m);
      for (const [c, w] of links) {
        const gain = w / m - (resolution * tot[c]! * k[i]!) / (2 * m * m);
        if (gain > bestGain + 1e-12) {
          best = c;
          bestGain = gain;
        }
      }
      tot[best]! += k[i]!;
      if (best !== own) {
        comm[i] = best;
        improved = true;
        movedAny = true;
      }
    }
  }
  return movedAny ? comm : null;
}

function aggregate(L: Level, comm: readonly number[]): { level: Level; index: number[] } {
  const ids = new Map<number, number>();
  const index = comm.map((c) => {
    if (!ids.has(c)) ids.set(c, ids.size);
    return ids.get(c)!;
  });
  const n = ids.size;
  const links = Array.from({ length: n }, () => new Map<number, number>());
  const self = new Array<number>(n).fill(0);
  for (let i = 0; i < L.n; i++) {
    const a = index[i]!;
    self[a]! += L.self[i]!;
    L.nbrs[i]!.forEach((j, x) => {
      const b = index[j]!;
      if (a === b) {
        // Seen from both ends: half each time.
        if (j > i) self[a]! += L.wts[i]![x]!;
      } else links[a]!.set(b, (links[a]!.get(b) ?? 0) + L.wts[i]![x]!);
    });
  }
  return { level: { n, nbrs: links.map((l) => [...l.keys()]), wts: links.map((l) => [...l.values()]), self }, index };
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
    const order = Array.from({ length: L.n }, (_, i) => i);
    if (opts.shuffle)
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(opts.shuffle() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
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
