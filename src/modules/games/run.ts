import type { z } from "@hono/zod-openapi";
import { ruleAt } from "../../core/errors.js";
import { analyze, simulate } from "../../lib/games/analyze.js";
import { bimatrix, supervisor, threePopulations, twoGovernments, type Matrix2, type Model, type ThreePopulationPayoffs } from "../../lib/games/models.js";
import { sweepCells, type SweepCell } from "../../lib/games/sweep.js";
import { PARAM_SCHEMAS, SWEEP_MAX_RUNS, type GameModel, type ZGameRequest, type ZSimulateRequest, type ZSweepRequest } from "./schemas.js";

type Params = Record<string, unknown>;

/** Parses a model's parameters with its own schema (errors name the parameter) and builds it. */
function build(model: GameModel, raw: Params): { model: Model; params: Params } {
  const params = PARAM_SCHEMAS[model].parse(raw) as Params;
  return { model: make(model, params), params };
}

function make(model: GameModel, params: Params): Model {
  switch (model) {
    case "two-governments":
      return twoGovernments(params as Parameters<typeof twoGovernments>[0]);
    case "bimatrix":
      return bimatrix(params.a as Matrix2, params.b as Matrix2);
    case "supervisor":
      return supervisor(params as Parameters<typeof supervisor>[0]);
    case "three-populations":
      return threePopulations(params.payoffs as ThreePopulationPayoffs);
  }
}

/** A point as the contract prints it: each variable by name ({"x":…, "y":…}), beside the vector. */
const named = (variables: readonly string[], point: readonly number[]) => Object.fromEntries(variables.map((v, i) => [v, point[i]!]));

export function analyzeGame(req: z.infer<typeof ZGameRequest>) {
  const { model } = build(req.model, req.params);
  return {
    model: req.model,
    variables: [...model.variables],
    equilibria: analyze(model).map((e) => ({ ...named(model.variables, e.point), point: e.point, eigenvalues: e.eigenvalues, type: e.type, shape: e.shape, jacobian: e.jacobian })),
  };
}

export function simulateGame(req: z.infer<typeof ZSimulateRequest>) {
  const { model } = build(req.model, req.params);
  if (req.from.length !== model.variables.length) throw ruleAt("game_state_size", "from", { expected: model.variables.length });
  const r = simulate(model, req.from, { until: req.until, rtol: req.rtol, atol: req.atol, keepSteps: req.trajectory });
  return { t: r.t, ...named(model.variables, r.y), status: r.status, evaluations: r.evaluations, ...(req.trajectory ? { steps: r.steps } : {}) };
}

const axisValues = (a: { from: number; to: number; steps: number }) => (a.steps === 1 ? [a.from] : Array.from({ length: a.steps }, (_, i) => a.from + ((a.to - a.from) * i) / (a.steps - 1)));

/**
 * A parameter sweep. `maxRuns` bounds the simulations (cells × starts); the server passes a lower
 * bound than the CLI, and the grid is computed a cell at a time with a turn of the event loop in
 * between, so other requests are served while a sweep runs.
 */
export async function sweepGame(req: z.infer<typeof ZSweepRequest>, maxRuns = SWEEP_MAX_RUNS) {
  const { model, params } = build(req.model, req.params);
  for (const [axis, path] of [
    [req.x, "x.name"],
    [req.y, "y.name"],
  ] as const)
    if (typeof params[axis.name] !== "number") throw ruleAt("game_sweep_parameter", path, { name: axis.name });
  if (req.x.name === req.y.name) throw ruleAt("game_sweep_same_parameter", "y.name", { name: req.y.name });
  const runs = req.x.steps * req.y.steps * req.starts ** model.variables.length;
  if (runs > maxRuns) throw ruleAt("game_sweep_too_large", "starts", { runs, max: maxRuns });
  const x = { name: req.x.name, values: axisValues(req.x) };
  const y = { name: req.y.name, values: axisValues(req.y) };
  // Each cell is rebuilt through the schema, so a swept value outside its range (p > 1) is refused, not extrapolated.
  const cells: SweepCell[] = [];
  for (const cell of sweepCells((p: Params) => build(req.model, p).model, params, x, y, { starts: req.starts, until: req.until, tolerance: req.tolerance, ode: { rtol: req.rtol, atol: req.atol } })) {
    cells.push(cell);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { x, y, cells };
}
