"""Peer for the network measures: NetworkX's Louvain communities (seed 1), PageRank and betweenness
sampled from k sources, on the graph in the edge-list file given as argv[1] ("a b weight" lines),
argv[2] = k. Prints {"seconds", "build", "louvain", "pagerank", "betweenness", "modularity"}:
the total leaves out reading the file."""
import json, sys, time
import networkx as nx

edges = []
with open(sys.argv[1]) as f:
    for line in f:
        a, b, w = line.split()
        edges.append((int(a), int(b), float(w)))
t0 = time.perf_counter()
G = nx.Graph()
G.add_weighted_edges_from(edges)
t1 = time.perf_counter()
comms = nx.community.louvain_communities(G, weight="weight", seed=1)
t2 = time.perf_counter()
nx.pagerank(G, weight="weight")
t3 = time.perf_counter()
nx.betweenness_centrality(G, k=int(sys.argv[2]), seed=1)
t4 = time.perf_counter()
q = nx.community.modularity(G, comms, weight="weight")
print(json.dumps({"seconds": t4 - t0, "build": t1 - t0, "louvain": t2 - t1, "pagerank": t3 - t2, "betweenness": t4 - t3, "modularity": q}))
