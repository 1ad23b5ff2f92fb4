/**
 * The issue 8 rows of `npm run bench` (PERFORMANCE.md): an evolutionary-game sweep, network
 * measures on 50,000 actors and about a million links, the exact Shapley value of 20 parties, and
 * partner matching of 10,000 needs against 10,000 offers, each against its peer where it has one,
 * in the same run. Pure computation: no database. `BENCH_ONLY=models` runs only these, and
 * `BENCH_MODELS=sweep,matching` (any of sweep, network, shapley, matching) only those of them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulate } from "../src/lib/games/analyze.js";
import { twoGovernments } from "../src/lib/games/models.js";
import { FACTORS, matchAll, type Posting } from "../src/lib/matching/score.js";
import { betweenness, pagerank } from "../src/lib/network/centrality.js";
import { louvain } from "../src/lib/network/community.js";
import { buildGraph, type Edge } from "../src/lib/network/graph.js";
import { rng } from "../src/lib/random.js";
import { shapleyExact, synergyGame, tabulate } from "../src/lib/sharing/shapley.js";

export type BenchRow = { work: string; figure: string; peer: string; ratio: string; target: string; pass: boolean | null; detail?: Record<string, number> };

const peerScript = (name: string) => fileURLToPath(new URL(`./peers/${name}`, import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function timed<T>(f: () => T, runs: number): { result: T; ms: number } {
  let result = f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = f();
    times.push(performance.now() - t);
  }
  return { result, ms: median(times) };
}
function python<T>(script: string, args: string[], input?: string): T | null {
  const out = spawnSync("python3", [peerScript(script), ...args], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  return out.status === 0 ? (JSON.parse(out.stdout) as T) : null;
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const BASE = { C1: 3, C2: 2, dR1: 4, dR2: 3, S1: 5, S2: 4, L1: 2, L2: 1, F: 10, k1: 1.2, k2: 0.8, p: 0.5 };

/** 10,000 parameter points (100 fines × 100 checking probabilities), each from (0.5, 0.5) to t = 50. */
function benchSweep(side: number): BenchRow {
  const F = Array.from({ length: side }, (_, i) => (40 * i) / (side - 1));
  const p = Array.from({ length: side }, (_, i) => i / (side - 1));
  const run = () => {
    let last: number[] = [];
    for (const pv of p) for (const fv of F) last = simulate(twoGovernments({ ...BASE, F: fv, p: pv }), [0.5, 0.5], { until: 50, rtol: 1e-6, atol: 1e-9 }).y;
    return last;
  };
  const { result, ms } = timed(run, 3);
  const peer = python<{ seconds: number; x: number; y: number }>("rk4_sweep.py", [], JSON.stringify({ base: BASE, F, p, T: 50, h: 0.01 }));
  const points = side * side;
  return {
    work: `evolutionary-game sweep: ${points} parameter points, each integrated to t = 50 (Dormand–Prince 5(4), rtol 1e-6)`,
    figure: s(ms),
    peer: peer ? `numpy RK4 vectorised, h = 0.01: ${s(peer.seconds * 1000)}` : "python3 with numpy not found",
    ratio: peer ? `${(ms / 1000 / peer.seconds).toFixed(2)}×` : "—",
    target: "≤ 1 s; ≤ 1× numpy",
    pass: peer ? ms <= 1000 && ms / 1000 <= peer.seconds : null,
    detail: { ms, points, endX: result[0]!, endY: result[1]!, ...(peer ? { peerMs: peer.seconds * 1000, peerEndX: peer.x, peerEndY: peer.y } : {}) },
  };
}

/** A graph with planted communities and skewed degrees: many small actors and a few hubs. */
function syntheticGraph(n: number, links: number, seed = 5): Edge[] {
  const r = rng(seed);
  const groups = 200;
  const edges: Edge[] = [];
  for (let e = 0; e < links; e++) {
    // Squaring a uniform draw makes low node numbers (the hubs) far more likely to be picked.
    const a = Math.floor(n * r() * r());
    const b = r() < 0.8 ? (a % groups) + groups * Math.floor((r() * n) / groups) : Math.floor(r() * n);
    if (a !== b && b < n) edges.push([a, b, 1 + Math.floor(r() * 3)]);
  }
  return edges;
}

function benchNetwork(n: number, links: number, sources: number): BenchRow {
  const edges = syntheticGraph(n, links);
  const random = rng(2);
  const from = Array.from({ length: sources }, () => Math.floor(random() * n));
  const run = () => {
    const g = buildGraph(n, edges);
    const c = louvain(g, { shuffle: rng(1) });
    pagerank(g);
    betweenness(g, from);
    return { g, c };
  };
  const { result, ms } = timed(run, 2);
  const dir = mkdtempSync(join(tmpdir(), "concord-bench-net-"));
  let peer: { seconds: number; louvain: number; pagerank: number; betweenness: number; modularity: number } | null = null;
  try {
    const file = join(dir, "edges.txt");
    // The merged graph (parallel links summed), so NetworkX sees the very links Concord measured.
    const g = result.g;
    const lines: string[] = [];
    for (let a = 0; a < g.n; a++) for (let k = g.offsets[a]!; k < g.offsets[a + 1]!; k++) if (g.adj[k]! > a) lines.push(`${a} ${g.adj[k]} ${g.weights[k]}`);
    writeFileSync(file, lines.join("\n"));
    peer = python("nx_network.py", [file, String(sources)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    work: `network: Louvain + PageRank + betweenness from ${sources} sources, ${n} actors / ${result.g.edges} links`,
    figure: `${s(ms)} (modularity ${result.c.modularity.toFixed(3)})`,
    peer: peer ? `NetworkX ${s(peer.seconds * 1000)} (modularity ${peer.modularity.toFixed(3)})` : "python3 with networkx not found",
    ratio: peer ? `${(ms / 1000 / peer.seconds).toFixed(3)}×` : "—",
    target: "≤ 3 s; ≤ 0.2× NetworkX",
    pass: peer ? ms <= 3000 && ms / 1000 <= 0.2 * peer.seconds : null,
    detail: { ms, links: result.g.edges, modularity: result.c.modularity, ...(peer ? { peerMs: peer.seconds * 1000, peerLouvainMs: peer.louvain * 1000, peerPagerankMs: peer.pagerank * 1000, peerBetweennessMs: peer.betweenness * 1000, peerModularity: peer.modularity } : {}) },
  };
}

function benchShapley(players: number): BenchRow {
  const table = tabulate(synergyGame(Array.from({ length: players }, (_, i) => 1 + (i % 7)), 0.2));
  const { result, ms } = timed(() => shapleyExact(players, table), 5);
  const peer = python<{ seconds: number; shapley: number[] }>("shapley_plain.py", [], JSON.stringify({ n: players, values: [...table] }));
  const agree = peer ? Math.max(...peer.shapley.map((v, i) => Math.abs(v - result[i]!))) : NaN;
  return {
    work: `exact Shapley value, ${players} parties (${table.length} coalitions)`,
    figure: `${ms.toFixed(1)} ms`,
    peer: peer ? `plain Python ${s(peer.seconds * 1000)} (max difference ${agree.toExponential(1)})` : "python3 not found",
    ratio: peer ? `${(ms / 1000 / peer.seconds).toFixed(4)}×` : "—",
    target: "≤ 1 s; ≤ 0.1× plain Python",
    pass: peer ? ms <= 1000 && ms / 1000 <= 0.1 * peer.seconds : null,
    detail: { ms, ...(peer ? { peerMs: peer.seconds * 1000, maxDifference: agree } : {}) },
  };
}

function postings(kind: "need" | "offer", count: number, seed: number): Posting[] {
  const r = rng(seed);
  const countries = ["cn", "la", "kh", "mm", "th", "vn"];
  const types = ["government", "enterprise", "university", "research", "finance", "ngo"];
  return Array.from({ length: count }, (_, i) => {
    const c = countries[Math.floor(r() * countries.length)]!;
    const start = 2026 + Math.floor(r() * 4);
    return {
      id: `${kind}-${i}`,
      actor: `actor-${Math.floor(r() * 3000)}`,
      country: c,
      actorType: types[Math.floor(r() * types.length)]!,
      kind,
      factor: FACTORS[Math.floor(r() * FACTORS.length)]!,
      sector: r() < 0.2 ? null : String(11000 + Math.floor(r() * 80) * 1000 + Math.floor(r() * 5) * 10),
      places: [r() < 0.5 ? c : `${c}-p${Math.floor(r() * 12)}`],
      size: Math.round(10 ** (3 + r() * 4)),
      from: r() < 0.3 ? null : `${start}-01-01`,
      to: r() < 0.3 ? null : `${start + 1 + Math.floor(r() * 3)}-12-31`,
    };
  });
}

function benchMatching(count: number): BenchRow {
  const needs = postings("need", count, 3);
  const offers = postings("offer", count, 4);
  const { result, ms } = timed(() => matchAll(needs, offers, { limit: 10 }), 3);
  const matched = [...result.values()].filter((m) => m.length).length;
  return {
    work: `partner matching: ${count} needs × ${count} offers, top 10 each`,
    figure: s(ms),
    peer: `${matched} needs with a match`,
    ratio: "—",
    target: "≤ 2 s",
    pass: ms <= 2000,
    detail: { ms, matched },
  };
}

const ROWS = ["sweep", "network", "shapley", "matching"] as const;
/** The work each row's name starts with, to find its last figure in results.json. */
const WORK: Record<(typeof ROWS)[number], string> = { sweep: "evolutionary-game sweep", network: "network:", shapley: "exact Shapley", matching: "partner matching" };

/**
 * The rows named in BENCH_MODELS (all when unset). A row left out keeps its last figure from
 * results.json, so rerunning one row does not drop the others from the file.
 */
export async function benchModels(scale: "reference" | "small"): Promise<BenchRow[]> {
  const big = scale === "reference";
  const wanted = process.env.BENCH_MODELS?.split(",").map((w) => w.trim()).filter(Boolean) ?? [...ROWS];
  const unknown = wanted.filter((w) => !(ROWS as readonly string[]).includes(w));
  if (unknown.length) throw new Error(`BENCH_MODELS may name ${ROWS.join(", ")}; not ${unknown.join(", ")}`);
  const file = new URL("./results.json", import.meta.url);
  const last = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { scale: string; rows: BenchRow[] }) : null;
  const kept = (row: (typeof ROWS)[number]) => (last?.scale === scale ? last.rows.filter((r) => r.work.startsWith(WORK[row])) : []);
  const run: Record<(typeof ROWS)[number], () => BenchRow> = {
    sweep: () => benchSweep(big ? 100 : 10),
    network: () => benchNetwork(big ? 50_000 : 500, big ? 1_000_000 : 10_000, big ? 32 : 8),
    shapley: () => benchShapley(big ? 20 : 12),
    matching: () => benchMatching(big ? 10_000 : 100),
  };
  return ROWS.flatMap((row) => (wanted.includes(row) ? [run[row]()] : kept(row)));
}
