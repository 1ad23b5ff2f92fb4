import { describe, expect, it } from "vitest";
import { python } from "../../../test/support/python.js";
import { rng } from "../random.js";
import { betweenness, coreNumbers, pagerank } from "./centrality.js";
import { louvain, modularity } from "./community.js";
import { buildGraph, type Edge } from "./graph.js";
import { crossBorderBrokerage, mixingMatrix } from "./mixing.js";

/** A network with planted groups, weighted links, six actor types and six countries (deterministic). */
function planted(n: number, groups: number, pIn: number, pOut: number, seed: number) {
  const r = rng(seed);
  const edges: Edge[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (r() < (i % groups === j % groups ? pIn : pOut)) edges.push([i, j, 1 + Math.floor(r() * 3)]);
  const type = Array.from({ length: n }, () => Math.floor(r() * 6));
  const country = Array.from({ length: n }, (_, i) => (i % groups) % 6);
  return { n, edges, type, country };
}

const net = planted(240, 6, 0.09, 0.006, 7);
const g = buildGraph(net.n, net.edges);

const NX = `
import json, sys, networkx as nx
from networkx.algorithms.centrality.betweenness import _single_source_shortest_path_basic, _accumulate_basic, _rescale
d = json.load(sys.stdin)
G = nx.Graph(); G.add_nodes_from(range(d["n"]))
for a, b, w in d["edges"]: G.add_edge(a, b, weight=w)
for i, t in enumerate(d["type"]): G.nodes[i]["type"] = t
out = {}
pr = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-13, max_iter=10000)
out["pagerank"] = [pr[i] for i in range(d["n"])]
bc = nx.betweenness_centrality(G, normalized=True)
out["betweenness"] = [bc[i] for i in range(d["n"])]
part = dict.fromkeys(G, 0.0)
for s in d["sources"]:
    S, P, sigma, _ = _single_source_shortest_path_basic(G, s)
    part, _ = _accumulate_basic(part, S, P, sigma, s)
part = _rescale(part, len(G), normalized=True, directed=False, endpoints=False, sampled_nodes=d["sources"])
out["sampled"] = [part[i] for i in range(d["n"])]
core = nx.core_number(G)
out["core"] = [core[i] for i in range(d["n"])]
comms = {}
for i, c in enumerate(d["community"]): comms.setdefault(c, set()).add(i)
out["modularity"] = nx.community.modularity(G, comms.values(), weight="weight")
out["nxLouvain"] = nx.community.modularity(G, nx.community.louvain_communities(G, weight="weight", seed=1), weight="weight")
m = nx.attribute_mixing_matrix(G, "type", mapping={t: t for t in range(6)}, normalized=True)
out["mixing"] = m.tolist()
out["assortativity"] = nx.attribute_assortativity_coefficient(G, "type")
broker = []
for v in G:
    ns = list(G[v]); c = 0
    for x in range(len(ns)):
        for y in range(x + 1, len(ns)):
            a, b = ns[x], ns[y]
            if d["country"][a] != d["country"][b] and not G.has_edge(a, b): c += 1
    broker.append(c)
out["broker"] = broker
print(json.dumps(out))`;

describe("network measures agree with NetworkX", () => {
  const sources = Array.from({ length: 40 }, (_, i) => (i * 7) % net.n);
  const communities = louvain(g, { shuffle: rng(3) });
  const ref = python<{
    pagerank: number[]; betweenness: number[]; sampled: number[]; core: number[]; modularity: number; nxLouvain: number;
    mixing: number[][]; assortativity: number; broker: number[];
  }>(NX, { ...net, sources, community: [...communities.community] });

  it("PageRank (weighted, dangling nodes spread evenly)", () => {
    const pr = pagerank(g, 0.85, 1e-13);
    pr.forEach((v, i) => expect(Math.abs(v - ref.pagerank[i]!)).toBeLessThan(1e-10));
  });

  it("betweenness, exact and sampled from given sources", () => {
    betweenness(g).forEach((v, i) => expect(Math.abs(v - ref.betweenness[i]!)).toBeLessThan(1e-12));
    betweenness(g, sources).forEach((v, i) => expect(Math.abs(v - ref.sampled[i]!)).toBeLessThan(1e-12));
  });

  it("core numbers", () => {
    expect([...coreNumbers(g)]).toEqual(ref.core);
  });

  it("Louvain: the modularity it reports is NetworkX's for the same partition, and as good as NetworkX's own Louvain", () => {
    expect(communities.modularity).toBeCloseTo(ref.modularity, 12);
    expect(modularity(g, communities.community)).toBeCloseTo(ref.modularity, 12);
    expect(communities.modularity).toBeGreaterThan(ref.nxLouvain - 0.02);
    // The six planted groups are found (isolated actors stay alone, and are not counted here).
    const sizes = new Map<number, number>();
    for (const c of communities.community) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    const groups = [...sizes.values()].filter((s) => s > 1).length;
    expect(groups).toBeGreaterThanOrEqual(5);
    expect(groups).toBeLessThanOrEqual(8);
  });

  it("the mixing matrix of actor types and its assortativity", () => {
    const mix = mixingMatrix(g, net.type, 6);
    mix.matrix.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(ref.mixing[i]![j]!, 12)));
    expect(mix.assortativity).toBeCloseTo(ref.assortativity, 10);
  });

  it("cross-border brokerage", () => {
    expect([...crossBorderBrokerage(g, net.country)]).toEqual(ref.broker);
  });
});

describe("the graph", () => {
  it("merges parallel links, drops self-links and refuses nodes outside the range", () => {
    const h = buildGraph(3, [[0, 1, 2], [1, 0, 3], [2, 2, 5]]);
    expect(h.edges).toBe(1);
    expect(h.totalWeight).toBe(5);
    expect(() => buildGraph(2, [[0, 2]])).toThrow(RangeError);
  });
  it("an empty graph has no communities to find", () => {
    expect(louvain(buildGraph(4, [])).modularity).toBe(0);
    expect(betweenness(buildGraph(2, [[0, 1]]))[0]).toBe(0);
  });
});
