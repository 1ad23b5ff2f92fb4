"""Peer for the exact Shapley value: the textbook formula in plain Python (no numpy), over the table
of 2^n coalition values read as JSON {"n", "values"} on stdin. Prints {"seconds", "shapley"}."""
import json, math, sys, time

d = json.load(sys.stdin)
n, v = d["n"], d["values"]
t0 = time.perf_counter()
weight = [math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)]
phi = [0.0] * n
for mask in range(1 << n):
    w = weight[bin(mask).count("1")] if mask != (1 << n) - 1 else 0
    vm = v[mask]
    for i in range(n):
        bit = 1 << i
        if not mask & bit:
            phi[i] += w * (v[mask | bit] - vm)
print(json.dumps({"seconds": time.perf_counter() - t0, "shapley": phi}))
