import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { analyzeGame, simulateGame, sweepGame } from "../../modules/games/run.js";
import { ZAnalysis, ZGameRequest, ZSimulateRequest, ZSimulation, ZSweep, ZSweepRequest } from "../../modules/games/schemas.js";
import { core, nash, shapley } from "../../modules/sharing/run.js";
import { ZCoreCheck, ZCoreRequest, ZNashRequest, ZNashResult, ZShapleyRequest, ZShapleyResult } from "../../modules/sharing/schemas.js";
import { classify, fitSeries, simulate } from "../../modules/symbiosis/run.js";
import { ZSymbiosisClassification, ZSymbiosisFit, ZSymbiosisParams, ZSymbiosisRun, ZSymbiosisSeries, ZSymbiosisSimulate } from "../../modules/symbiosis/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";

/** A sweep through the API runs at most this many simulations (the CLI allows more): a few seconds of work. */
export const API_SWEEP_MAX_RUNS = 20_000;

/**
 * Models for policy design: computations on what the caller sends, storing nothing. They are
 * POSTs because their inputs are documents, so they need a signed-in user like every POST.
 */
export function registerModels(app: OpenAPIHono<AppEnv>) {
  // These two results name each variable as a key of its own beside the vectors. Their schemas
  // say so with a catch-all of numbers, whose TypeScript type (an index signature every key must
  // meet) no object with array fields satisfies; so the result is checked against the schema
  // when it is sent, which also proves it is what the contract says.
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/models/games/analyze",
      tags: ["models"],
      summary: "Rest points of an evolutionary game, their eigenvalues and types",
      request: { body: body(ZGameRequest) },
      responses: { 200: json(ZAnalysis, "The result"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    (c) => c.json(ZAnalysis.parse(analyzeGame(c.req.valid("json"))), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/models/games/simulate",
      tags: ["models"],
      summary: "Replicator dynamics from a starting state (Dormand–Prince 5(4))",
      request: { body: body(ZSimulateRequest) },
      responses: { 200: json(ZSimulation, "The result"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    (c) => c.json(ZSimulation.parse(simulateGame(c.req.valid("json"))), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/models/games/sweep",
      tags: ["models"],
      summary: "Share of starting states ending at each ESS over a grid of two parameters",
      description: `At most ${API_SWEEP_MAX_RUNS} simulations (cells × starting states) per request.`,
      request: { body: body(ZSweepRequest) },
      responses: { 200: json(ZSweep, "The result"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    async (c) => c.json(await sweepGame(c.req.valid("json"), API_SWEEP_MAX_RUNS), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/models/share/shapley",
      tags: ["models"],
      summary: "Shapley value of a cooperative game, exact or sampled, checked against the core",
      request: { body: body(ZShapleyRequest) },
      responses: { 200: json(ZShapleyResult, "The result"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    (c) => c.json(shapley(c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/models/share/nash",
      tags: ["models"],
      summary: "Weighted Nash bargaining solution",
      request: { body: body(ZNashRequest) },
      responses: { 200: json(ZNashResult, "The result"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    (c) => c.json(nash(c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/models/share/core",
      tags: ["models"],
      summary: "Whether an allocation is in the core, with the coalitions that block it",
      request: { body: body(ZCoreRequest) },
      responses: { 200: json(ZCoreCheck, "The result"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    (c) => c.json(core(c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/models/symbiosis/classify",
      tags: ["models"],
      summary: "Symbiosis mode, coexistence point and its stability",
      request: { body: body(ZSymbiosisParams) },
      responses: { 200: json(ZSymbiosisClassification, "The result"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    (c) => c.json(classify(c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/models/symbiosis/simulate",
      tags: ["models"],
      summary: "The two parties' sizes over time",
      request: { body: body(ZSymbiosisSimulate) },
      responses: { 200: json(ZSymbiosisRun, "The result"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    (c) => c.json(simulate(c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/models/symbiosis/fit",
      tags: ["models"],
      summary: "Fit the symbiosis model to two yearly series",
      request: { body: body(ZSymbiosisSeries) },
      responses: { 200: json(ZSymbiosisFit, "The result"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    (c) => c.json(fitSeries(c.req.valid("json")), 200),
  );
}
