import { degree, strengths, type Graph } from "./graph.js";

/**
 * PageRank by power iteration on the weighted graph, as NetworkX computes it: damping α, a
 * dangling node's rank spread evenly, stopped when the L1 change falls below n·tol.
 */
export function pagerank(g: Graph, alpha = 0.85, tol = 1e-10, maxIter = 1000): Float64Array {
  const n = g.n;
  if (n === 0) return new Float64Array();
  const s = strengths(g);
  let x = new Float64Array(n).fill(1 / n);
  for (let iter = 0; iter < maxIter; iter++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      if (s[i] === 0) {
        dangling += x[i]!;
        continue;
      }
      const share = (alpha * x[i]!) / s[i]!;
      for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) next[g.adj[k]!]! += share * g.weights[k]!;
    }
    const base = (alpha * dangling + (1 - alpha)) / n;
    let err = 0;
    for (let i = 0; i < n; i++) {
      next[i]! += base;
      err += Math.abs(next[i]! - x[i]!);
    }
    x = next;
    if (err < n * tol) break;
  }
  return x;
}

/**
 * Betweenness (Brandes 2001) on hop distance, normalised as NetworkX does for an undirected graph
 * (÷ (n − 1)(n − 2)). With `sources` fewer than n, only those start a search and the sums are
 * scaled as NetworkX 3.6 scales its `k` sample, for graphs too large to search from every node.
 */
export function betweenness(g: Graph, sources?: readonly number[]): Float64Array {
  const n = g.n;
  const bc = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n);
  const delta = new Float64Array(n);
  const stack = new Int32Array(n);
  const queue = new Int32Array(n);
  const from = sources ?? Array.from({ length: n }, (_, i) => i);
  const { offsets, adj } = g;
  for (const s of from) {
    sigma.fill(0);
    dist.fill(-1);
    delta.fill(0);
    sigma[s] = 1;
    dist[s] = 0;
    let head = 0;
    let tail = 0;
    let top = 0;
    queue[tail++] = s;
    while (head < tail) {
      const v = queue[head++]!;
      stack[top++] = v;
      const next = dist[v]! + 1;
      const sv = sigma[v]!;
      for (let k = offsets[v]!, end = offsets[v + 1]!; k < end; k++) {
        const w = adj[k]!;
        const dw = dist[w]!;
        if (dw === -1) {
          dist[w] = next;
          queue[tail++] = w;
          sigma[w]! += sv;
        } else if (dw === next) sigma[w]! += sv;
      }
    }
    while (top > 0) {
      const w = stack[--top]!;
      const prev = dist[w]! - 1;
      // NetworkX's order of operations: one coefficient per node, then a product per predecessor.
      const coeff = (1 + delta[w]!) / sigma[w]!;
      for (let k = offsets[w]!, end = offsets[w + 1]!; k < end; k++) {
        const v = adj[k]!;
        if (dist[v] === prev) delta[v]! += sigma[v]! * coeff;
      }
      if (w !== s) bc[w]! += delta[w]!;
    }
  }
  if (n > 2) {
    const k = from.length;
    if (!sources || k >= n) for (let i = 0; i < n; i++) bc[i]! *= 1 / ((n - 1) * (n - 2));
    else {
      // A source's own search adds nothing to it, so it is averaged over the other k − 1 searches.
      const isSource = new Uint8Array(n);
      for (const s of from) isSource[s] = 1;
      for (let i = 0; i < n; i++) bc[i]! *= isSource[i] ? (k > 1 ? 1 / ((k - 1) * (n - 2)) : 0) : 1 / (k * (n - 2));
    }
  }
  return bc;
}

/** Core number of every node (Batagelj & Zaversnik 2003): the largest k with the node in the k-core. */
export function coreNumbers(g: Graph): Int32Array {
  const n = g.n;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let i = 0; i < n; i++) maxDeg = Math.max(maxDeg, (deg[i] = degree(g, i)));
  const bin = new Int32Array(maxDeg + 1);
  for (let i = 0; i < n; i++) bin[deg[i]!]!++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) {
    const c = bin[d]!;
    bin[d] = start;
    start += c;
  }
  const pos = new Int32Array(n);
  const vert = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    pos[i] = bin[deg[i]!]!;
    vert[pos[i]!] = i;
    bin[deg[i]!]!++;
  }
  for (let d = maxDeg; d > 0; d--) bin[d] = bin[d - 1]!;
  bin[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = vert[i]!;
    for (let k = g.offsets[v]!; k < g.offsets[v + 1]!; k++) {
      const u = g.adj[k]!;
      if (deg[u]! > deg[v]!) {
        const du = deg[u]!;
        const pu = pos[u]!;
        const pw = bin[du]!;
        const w = vert[pw]!;
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bin[du]!++;
        deg[u]!--;
      }
    }
  }
  return deg;
}
