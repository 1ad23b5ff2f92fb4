import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/support/app.js";
import { API_SWEEP_MAX_RUNS } from "./models.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

const EXAMPLE = { C1: 3, C2: 2, dR1: 4, dR2: 3, S1: 5, S2: 4, L1: 2, L2: 1, F: 10, k1: 1.2, k2: 0.8, p: 0.5 };
const post = async (path: string, body: unknown, as: string | null = "analyst") => h.call("POST", `/api/v1/models/${path}`, { as: as ?? undefined, body });
type Err = { error: { code: string; message: string; details?: { path?: string; message: string }[] } };

describe("models through the API", () => {
  it("analyses, simulates and sweeps the two-governments game", async () => {
    const a = await post("games/analyze", { model: "two-governments", params: EXAMPLE });
    expect(a.status).toBe(200);
    const { equilibria } = (await a.json()) as { equilibria: { x: number; y: number; type: string }[] };
    expect(equilibria.find((e) => e.x === 0.25)?.type).toBe("saddle");
    const s = await post("games/simulate", { model: "two-governments", params: EXAMPLE, from: [0.5, 0.5], until: 50, trajectory: true });
    const sim = (await s.json()) as { t: number; x: number; y: number; steps: number[][] };
    expect(sim.t).toBe(50);
    expect(sim.x).toBeCloseTo(1, 4);
    expect(sim.steps[0]).toEqual([0, 0.5, 0.5]);
    const w = await post("games/sweep", { model: "two-governments", params: EXAMPLE, x: { name: "F", from: 0, to: 40, steps: 3 }, y: { name: "p", from: 0, to: 1, steps: 2 }, starts: 3 }, "officer");
    expect(w.status).toBe(200);
    expect(((await w.json()) as { cells: unknown[] }).cells).toHaveLength(6);
  });

  it("shares with Shapley, Nash and the core; classifies and fits symbiosis", async () => {
    const game = { players: 2, values: { "": 0, "1": 1, "2": 2, "1,2": 5 } };
    expect(await (await post("share/shapley", { game })).json()).toMatchObject({ method: "exact", shapley: [2, 3], core: { inCore: true } });
    expect(await (await post("share/nash", { game, weights: [1, 3] })).json()).toMatchObject({ nash: [1.5, 3.5], surplus: 2 });
    expect(await (await post("share/core", { game, allocation: [0.5, 4.5] })).json()).toMatchObject({ inCore: false, blocking: [{ coalition: [1], excess: 0.5 }] });
    expect(await (await post("symbiosis/classify", { a12: -0.5, a21: -0.5 })).json()).toMatchObject({ mode: "competition", coexistence: { stability: "ess" } });
    const fit = (await (await post("symbiosis/fit", { x: [1, 2, 3], y: [1, 1, 1] })).json()) as { warnings: string[] };
    expect(fit.warnings).toEqual(["too_few_points"]);
  });

  it("refuses the public, bad parameters with their path, and a sweep over the API's bound", async () => {
    expect((await post("games/analyze", { model: "two-governments", params: EXAMPLE }, null)).status).toBe(401);
    const bad = await post("games/analyze", { model: "two-governments", params: { ...EXAMPLE, p: 2 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Err).error.details?.some((d) => d.path === "p")).toBe(true);
    const unknown = await post("games/analyze", { model: "four-governments", params: {} });
    expect(unknown.status).toBe(400);
    const big = await post("games/sweep", { model: "two-governments", params: EXAMPLE, x: { name: "F", from: 0, to: 40, steps: 30 }, y: { name: "p", from: 0, to: 1, steps: 30 }, starts: 5 });
    expect(big.status).toBe(422);
    expect(((await big.json()) as Err).error.message).toContain(String(API_SWEEP_MAX_RUNS));
    const missing = await post("share/shapley", { game: { players: 2, values: { "": 0, "1": 1, "1,2": 3 } } });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as Err).error.message).toContain('"2"');
  });
});
