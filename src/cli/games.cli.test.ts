import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { python } from "../../test/support/python.js";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const env = { ...process.env, CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (input: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: "utf8", timeout: 60_000 });

const EXAMPLE = { C1: 3, C2: 2, dR1: 4, dR2: 3, S1: 5, S2: 4, L1: 2, L2: 1, F: 10, k1: 1.2, k2: 0.8, p: 0.5 };
type Eq = { x: number; y: number; eigenvalues: { re: number; im: number }[]; type: string };

describe("concord game (the --json contract)", () => {
  it("analyze prints the worked example's equilibria with eigenvalues and types", () => {
    const r = run(JSON.stringify(EXAMPLE), "game", "analyze", "--model", "two-governments", "--params", "-", "--json");
    expect(r.status, r.stderr).toBe(0);
    const { equilibria } = JSON.parse(r.stdout) as { equilibria: Eq[] };
    const type = (x: number, y: number) => equilibria.find((e) => Math.abs(e.x - x) < 1e-9 && Math.abs(e.y - y) < 1e-9)?.type;
    expect([type(0, 0), type(1, 1), type(1, 0), type(0, 1), type(0.25, 0.2)]).toEqual(["ess", "ess", "source", "source", "saddle"]);
    for (const e of equilibria) expect(e.eigenvalues).toHaveLength(2);
    const human = run(JSON.stringify(EXAMPLE), "game", "analyze", "--model", "two-governments", "--params", "-");
    expect(human.stdout).toMatch(/\(0\.25, 0\.2\)\s+saddle/);
  });

  it("simulate prints {t, x, y} agreeing with scipy's RK45 at the same tolerances", () => {
    const r = run(JSON.stringify(EXAMPLE), "game", "simulate", "--model", "two-governments", "--params", "-", "--from", "0.5,0.5", "--until", "30", "--rtol", "1e-8", "--atol", "1e-10", "--json");
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { t: number; x: number; y: number };
    expect(out.t).toBe(30);
    const ref = python<number[]>(
      `import json, sys
from scipy.integrate import solve_ivp
g = json.load(sys.stdin)
f = lambda t, z: [z[0]*(1-z[0])*(g["S1"]*z[1] - g["C1"] - g["dR1"] + g["k1"]*g["p"]*g["F"]), z[1]*(1-z[1])*(g["S2"]*z[0] - g["C2"] - g["dR2"] + g["k2"]*g["p"]*g["F"])]
print(json.dumps(solve_ivp(f, (0, 30), [0.5, 0.5], method="RK45", rtol=1e-8, atol=1e-10).y[:, -1].tolist()))`,
      EXAMPLE,
    );
    expect(Math.abs(out.x - ref[0]!)).toBeLessThan(1e-12);
    expect(Math.abs(out.y - ref[1]!)).toBeLessThan(1e-12);
    expect(out.x).toBeCloseTo(1, 5);
  });

  it("sweep gives the share of starts ending at each ESS over two parameters", () => {
    const r = run(JSON.stringify(EXAMPLE), "game", "sweep", "--model", "two-governments", "--params", "-", "--x", "F=0:40:3", "--y", "p=0:1:2", "--starts", "4", "--json");
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { x: { values: number[] }; cells: { at: number[]; outcomes: { point: number[]; share: number }[] }[] };
    expect(out.x.values).toEqual([0, 20, 40]);
    expect(out.cells).toHaveLength(6);
    // Without checks (p = 0) nobody restrains; checking every time with a fine of 40 everyone does.
    expect(out.cells.find((c) => c.at[0] === 0 && c.at[1] === 0)!.outcomes).toEqual([{ point: [0, 0], share: 1 }]);
    expect(out.cells.find((c) => c.at[0] === 40 && c.at[1] === 1)!.outcomes).toEqual([{ point: [1, 1], share: 1 }]);
  });

  it("refuses bad parameters with the field named and exit code 2, and an oversized sweep with the rule", () => {
    const missing = run(JSON.stringify({ ...EXAMPLE, p: 1.5, c1: 3 }), "game", "analyze", "--model", "two-governments", "--params", "-");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/p/);
    expect(missing.stderr).toMatch(/c1/);
    const notJson = run("{", "game", "analyze", "--model", "two-governments", "--params", "-");
    expect(notJson.status).not.toBe(0);
    expect(notJson.stderr).toMatch(/JSON/);
    const huge = run(JSON.stringify(EXAMPLE), "game", "sweep", "--model", "two-governments", "--params", "-", "--x", "F=0:40:60", "--y", "p=0:1:60", "--starts", "30");
    expect(huge.status).toBe(1);
    expect(huge.stderr).toContain("at most 100000");
    const sameAxis = run(JSON.stringify(EXAMPLE), "game", "sweep", "--model", "two-governments", "--params", "-", "--x", "F=0:40:3", "--y", "F=0:1:2");
    expect(sameAxis.stderr).toContain("different parameters");
    const notAParam = run(JSON.stringify(EXAMPLE), "game", "sweep", "--model", "two-governments", "--params", "-", "--x", "Q=0:40:3", "--y", "p=0:1:2");
    expect(notAParam.stderr).toContain('"Q" is not a numeric parameter');
  });

  it("a supervisor with a falling fine has a stable focus where the fixed fine has a centre", () => {
    const g = { C: 2, dR: 3, F: 20, L: 5, c: 4 };
    const interior = (fine: string) => {
      const r = run(JSON.stringify({ ...g, fine }), "game", "analyze", "--model", "supervisor", "--params", "-", "--json");
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { equilibria: (Eq & { p: number; shape: string })[] }).equilibria.find((e) => e.x > 0 && e.x < 1)!;
    };
    expect(interior("fixed").type).toBe("centre");
    expect(interior("dynamic")).toMatchObject({ type: "ess", shape: "focus" });
  });
});
