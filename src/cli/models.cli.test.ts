import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { python } from "../../test/support/python.js";
import { rng } from "../lib/random.js";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const env = { ...process.env, CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (input: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: "utf8", timeout: 60_000 });

/** Every coalition of n players as the contract writes it, with a seeded value. */
function gameFile(n: number, seed: number) {
  const r = rng(seed);
  const values: Record<string, number> = {};
  for (let m = 0; m < 1 << n; m++) {
    const members = Array.from({ length: n }, (_, i) => i + 1).filter((i) => m & (1 << (i - 1)));
    values[members.join(",")] = m === 0 ? 0 : Math.round(r() * 50 * members.length);
  }
  return { players: n, values };
}

describe("concord share", () => {
  it("shapley --json prints {shapley: [...]} equal to Python's average over every order", () => {
    const game = gameFile(7, 2);
    const r = run(JSON.stringify(game), "share", "shapley", "--game", "-", "--json");
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { shapley: number[]; core: { inCore: boolean } };
    const ref = python<number[]>(
      `import json, sys, itertools, math
g = json.load(sys.stdin); n = g["players"]; phi = [0.0] * n
key = lambda s: ",".join(str(i + 1) for i in sorted(s))
for order in itertools.permutations(range(n)):
    s = set()
    for p in order:
        before = g["values"][key(s)]; s.add(p); phi[p] += g["values"][key(s)] - before
print(json.dumps([x / math.factorial(n) for x in phi]))`,
      game,
    );
    out.shapley.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 9));
    expect(typeof out.core.inCore).toBe("boolean");
  });

  it("samples with a bound for a contributions game beyond 20 parties, and Nash splits the surplus", () => {
    const contributions = Array.from({ length: 24 }, (_, i) => 1 + (i % 6));
    const s = run(JSON.stringify({ contributions, synergy: 0.2 }), "share", "shapley", "--game", "-", "--sample", "3000", "--json");
    expect(s.status, s.stderr).toBe(0);
    const out = JSON.parse(s.stdout) as { method: string; shapley: number[]; bound95: number[] };
    expect(out.method).toBe("sampled");
    expect(out.shapley).toHaveLength(24);
    const exact = JSON.parse(run(JSON.stringify({ contributions, synergy: 0.2 }), "share", "shapley", "--game", "-", "--json").stderr || "{}") as { error?: { code: string } };
    expect(exact.error?.code).toBe("rule_violated");
    const n = run(JSON.stringify(gameFile(3, 5)), "share", "nash", "--game", "-", "--weights", "2,1,1", "--json");
    expect(n.status, n.stderr).toBe(0);
    const nash = JSON.parse(n.stdout) as { nash: number[]; surplus: number; disagreement: number[] };
    expect(nash.nash[0]! - nash.disagreement[0]!).toBeCloseTo(nash.surplus / 2, 9);
  });

  it("names a missing or misspelt coalition, and a wrong number of shares", () => {
    const game = gameFile(3, 1);
    delete (game.values as Record<string, number>)["1,3"];
    const missing = run(JSON.stringify(game), "share", "shapley", "--game", "-");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('"1,3"');
    const unsorted = run(JSON.stringify({ ...gameFile(3, 1), values: { ...gameFile(3, 1).values, "3,1": 4 } }), "share", "shapley", "--game", "-");
    expect(unsorted.stderr).toContain('"3,1" is not a coalition');
    const core = run(JSON.stringify(gameFile(3, 1)), "share", "core", "--game", "-", "--allocation", "1,2");
    expect(core.stderr).toContain("exactly 3 numbers");
  });
});

describe("concord symbiosis", () => {
  it("classify --json prints the mode, the coexistence point and its stability, or unbounded growth", () => {
    const r = run("", "symbiosis", "classify", "--a12", "0.3", "--a21", "0.5", "--r1", "0.5", "--r2", "0.4", "--N1", "100", "--N2", "80", "--json");
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { mode: string; unbounded: boolean; coexistence: { x: number; y: number; stability: string } };
    expect(out.mode).toBe("asymmetric-mutualism");
    expect(out.unbounded).toBe(false);
    expect(out.coexistence.x).toBeCloseTo(130 / 0.85, 9);
    expect(out.coexistence.stability).toBe("ess");
    const wild = JSON.parse(run("", "symbiosis", "classify", "--a12", "1.1", "--a21", "1", "--json").stdout) as { unbounded: boolean; coexistence: null };
    expect(wild).toMatchObject({ unbounded: true, coexistence: null });
    expect(run("", "symbiosis", "classify", "--a12", "-0.4", "--a21", "0.2").stdout).toMatch(/^parasitism/);
  });

  it("fit recovers a series' parameters and warns on a short one", () => {
    const p = { r1: 0.5, r2: 0.4, N1: 100, N2: 80, a12: -0.2, a21: 0.3 };
    const x = [5];
    const y = [7];
    for (let t = 0; t < 10; t++) {
      x.push(x[t]! * (1 + p.r1 * (1 - x[t]! / p.N1 + (p.a12 * y[t]!) / p.N2)));
      y.push(y[t]! * (1 + p.r2 * (1 - y[t]! / p.N2 + (p.a21 * x[t]!) / p.N1)));
    }
    const r = run(JSON.stringify({ x, y }), "symbiosis", "fit", "--series", "-", "--json");
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { params: typeof p; mode: string; warnings: string[] };
    expect(out.warnings).toEqual([]);
    expect(out.mode).toBe("parasitism");
    for (const k of Object.keys(p) as (keyof typeof p)[]) expect(out.params[k]).toBeCloseTo(p[k], 6);
    const short = run(JSON.stringify({ x: [1, 2, 3], y: [2, 3, 4] }), "symbiosis", "fit", "--series", "-");
    expect(short.status).toBe(0);
    expect(short.stdout).toContain("Too few years");
  });
});
