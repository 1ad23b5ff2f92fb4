"""Peer for the duplicate-detection full scan: a TF-IDF cosine self-join of project titles with
scipy's sparse matrix product, blocked by country as Concord's scan is. It reads JSON lines
{"id","title","country"} on stdin and prints {"pairs", "seconds"} where seconds covers the
vectorising and the join, not the reading. Text only: no sector, place or years, so it does less
than Concord's scan and is a floor for what the same work costs in numpy/scipy."""
import json, re, sys, time
from collections import defaultdict

import numpy as np
from scipy import sparse

THRESHOLD = float(sys.argv[1]) if len(sys.argv) > 1 else 0.55
rows = [json.loads(line) for line in sys.stdin if line.strip()]
t0 = time.perf_counter()
vocab = {}
indptr, indices = [0], []
for r in rows:
    toks = {vocab.setdefault(w, len(vocab)) for w in re.findall(r"\w+", r["title"].lower())}
    indices.extend(sorted(toks))
    indptr.append(len(indices))
X = sparse.csr_matrix((np.ones(len(indices)), np.array(indices), np.array(indptr)), shape=(len(rows), len(vocab)))
df = np.bincount(X.indices, minlength=len(vocab))
X = X.multiply(np.log((1 + len(rows)) / (1 + df)) + 1).tocsr()
norms = np.sqrt(X.multiply(X).sum(axis=1)).A1
norms[norms == 0] = 1
X = sparse.diags(1 / norms) @ X
blocks = defaultdict(list)
for i, r in enumerate(rows):
    blocks[r["country"]].append(i)
pairs = 0
for idx in blocks.values():
    B = X[idx]
    S = sparse.triu(B @ B.T, k=1).tocoo()
    pairs += int((S.data >= THRESHOLD).sum())
print(json.dumps({"pairs": pairs, "seconds": time.perf_counter() - t0}))
