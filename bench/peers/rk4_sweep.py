"""Peer for the evolutionary-game sweep: the two-government replicator dynamics at every point of a
grid of (F, p), integrated together to t = T by classical RK4 with a fixed step, vectorised over
the grid with numpy. Reads {"base", "F", "p", "T", "h"} as JSON on stdin; prints {"seconds",
"x", "y"} (the end state of the first point, to check both computed the same thing)."""
import json, sys, time
import numpy as np

d = json.load(sys.stdin)
g = d["base"]
F, P = np.meshgrid(np.array(d["F"], float), np.array(d["p"], float))
F, P = F.ravel(), P.ravel()
t0 = time.perf_counter()
a = -g["C1"] - g["dR1"] + g["k1"] * P * F
b = -g["C2"] - g["dR2"] + g["k2"] * P * F
def f(x, y):
    return x * (1 - x) * (g["S1"] * y + a), y * (1 - y) * (g["S2"] * x + b)
x = np.full(F.shape, 0.5); y = np.full(F.shape, 0.5)
h = d["h"]
for _ in range(int(round(d["T"] / h))):
    k1x, k1y = f(x, y)
    k2x, k2y = f(x + h / 2 * k1x, y + h / 2 * k1y)
    k3x, k3y = f(x + h / 2 * k2x, y + h / 2 * k2y)
    k4x, k4y = f(x + h * k3x, y + h * k3y)
    x = x + h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x)
    y = y + h / 6 * (k1y + 2 * k2y + 2 * k3y + k4y)
print(json.dumps({"seconds": time.perf_counter() - t0, "x": float(x[-1]), "y": float(y[-1])}))
