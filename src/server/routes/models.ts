import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { analyzeGame, simulateGame, sweepGame } from "../../modules/games/run.js";
import { ZAnalysis, ZGameRequest, ZSimulateRequest, ZSimulation, ZSweep, ZSweepRequest } from "../../modules/games/schemas.js";
import { core, nash, shapley } from "../../modules/sharing/run.js";
import { ZCoreCheck, ZCoreRequest, ZNashRequest, ZNashResult, ZShapleyRequest, ZShapleyResult } from "../../modules/sharing/schemas.js";
import { classify, fit, simulate } from "../../modules/symbiosis/run.js";
import { ZSymbiosisClassification, ZSymbiosisFit, ZSymbiosisParams, ZSymbiosisRun, ZSymbiosisSeries, ZSymbiosisSimulate } from "../../modules/symbiosis/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";

/** A sweep through the API runs at most this many simulations (the CLI allows more): a few seconds of work. */
export const API_SWEEP_MAX_RUNS = 20_000;

const compute = { 400: errors[400], 401: errors[401], 422: errors[422] };

/**
 * Models for policy design: computations on what the caller sends, storing nothing. They are
 * POSTs because their inputs are documents, so they need a signed-in user like every POST.
 */
export function registerModels(app: OpenAPIHono<AppEnv>) {
  const post = <S, R>(path: string, summary: string, request: S, response: R, description?: string) =>
    createRoute({ method: "post", path, tags: ["models"], summary, ...(description ? { description } : {}), request: { body: body(request as never) }, responses: { 200: json(response as never, "The result"), ...compute } });

  app.openapi(post("/api/v1/models/games/analyze", "Rest points of an evolutionary game, their eigenvalues and types", ZGameRequest, ZAnalysis), (c) => c.json(analyzeGame(c.req.valid("json") as never) as never, 200));
  app.openapi(post("/api/v1/models/games/simulate", "Replicator dynamics from a starting state (Dormand–Prince 5(4))", ZSimulateRequest, ZSimulation), (c) => c.json(simulateGame(c.req.valid("json") as never) as never, 200));
  app.openapi(
    post("/api/v1/models/games/sweep", "Share of starting states ending at each ESS over a grid of two parameters", ZSweepRequest, ZSweep, `At most ${API_SWEEP_MAX_RUNS} simulations (cells × starting states) per request.`),
    async (c) => c.json((await sweepGame(c.req.valid("json") as never, API_SWEEP_MAX_RUNS)) as never, 200),
  );
  app.openapi(post("/api/v1/models/share/shapley", "Shapley value of a cooperative game, exact or sampled, checked against the core", ZShapleyRequest, ZShapleyResult), (c) => c.json(shapley(c.req.valid("json") as never) as never, 200));
  app.openapi(post("/api/v1/models/share/nash", "Weighted Nash bargaining solution", ZNashRequest, ZNashResult), (c) => c.json(nash(c.req.valid("json") as never) as never, 200));
  app.openapi(post("/api/v1/models/share/core", "Whether an allocation is in the core, with the coalitions that block it", ZCoreRequest, ZCoreCheck), (c) => c.json(core(c.req.valid("json") as never) as never, 200));
  app.openapi(post("/api/v1/models/symbiosis/classify", "Symbiosis mode, coexistence point and its stability", ZSymbiosisParams, ZSymbiosisClassification), (c) => c.json(classify(c.req.valid("json") as never) as never, 200));
  app.openapi(post("/api/v1/models/symbiosis/simulate", "The two parties' sizes over time", ZSymbiosisSimulate, ZSymbiosisRun), (c) => c.json(simulate(c.req.valid("json") as never) as never, 200));
  app.openapi(post("/api/v1/models/symbiosis/fit", "Fit the symbiosis model to two yearly series", ZSymbiosisSeries, ZSymbiosisFit), (c) => c.json(fit(c.req.valid("json") as never) as never, 200));
}
