import { z } from "@hono/zod-openapi";
import { FINE_KINDS, PROFILES_3 } from "../../lib/games/models.js";
import { EQUILIBRIUM_TYPES } from "../../lib/games/stability.js";

export const GAME_MODELS = ["two-governments", "bimatrix", "supervisor", "three-populations"] as const;
export type GameModel = (typeof GAME_MODELS)[number];

const num = z.number().finite();
const share = z.number().min(0).max(1);
const matrix2 = z.tuple([z.tuple([num, num]), z.tuple([num, num])]);

/** Unknown keys are refused: a misspelt "c1" must not silently count as nothing. */
export const ZTwoGovernmentParams = z
  .object({
    C1: num.openapi({ description: "A's cost of reasonable use" }),
    C2: num,
    dR1: num.openapi({ description: "A's extra gain from excessive use" }),
    dR2: num,
    S1: num.openapi({ description: "A's bonus when both use the river reasonably" }),
    S2: num,
    L1: num.openapi({ description: "A's damage from B's excessive use" }),
    L2: num,
    F: num.min(0).openapi({ description: "The fine for excessive use" }),
    k1: num.min(0).openapi({ description: "A's differential penalty coefficient" }),
    k2: num.min(0),
    p: share.openapi({ description: "The probability that the supervisor spot-checks" }),
    R1: num.optional().openapi({ description: "A's base revenue (cancels out of the dynamics)" }),
    R2: num.optional(),
  })
  .strict()
  .openapi("TwoGovernmentParams");

export const ZBimatrixParams = z
  .object({
    a: matrix2.openapi({ description: "Population 1's payoffs: rows its strategies, columns population 2's" }),
    b: matrix2.openapi({ description: "Population 2's payoffs: rows its strategies, columns population 1's" }),
  })
  .strict()
  .openapi("BimatrixParams");

export const ZSupervisorParams = z
  .object({
    C: num.openapi({ description: "A local government's cost of reasonable use" }),
    dR: num.openapi({ description: "Its extra gain from excessive use" }),
    F: num.min(0).openapi({ description: "The fine (its maximum when it falls with compliance)" }),
    L: num.openapi({ description: "The supervisor's loss from excess it lets through" }),
    c: num.openapi({ description: "The supervisor's cost of checking strictly" }),
    fine: z.enum(FINE_KINDS).default("fixed").openapi({ description: "fixed, or dynamic: F(x) = (1 − x)·F" }),
  })
  .strict()
  .openapi("SupervisorParams");

export const ZThreePopulationParams = z
  .object({ payoffs: z.object(Object.fromEntries(PROFILES_3.map((p) => [p, z.tuple([num, num, num])])) as Record<(typeof PROFILES_3)[number], z.ZodTuple<[typeof num, typeof num, typeof num]>>).strict() })
  .strict()
  .openapi("ThreePopulationParams");

export const PARAM_SCHEMAS = {
  "two-governments": ZTwoGovernmentParams,
  bimatrix: ZBimatrixParams,
  supervisor: ZSupervisorParams,
  "three-populations": ZThreePopulationParams,
} as const;

export const ZGameRequest = z.object({
  model: z.enum(GAME_MODELS),
  params: z.record(z.string(), z.unknown()).openapi({ description: "The model's parameters (see the model's schema)" }),
});

const tolerances = {
  rtol: z.number().min(1e-12).max(0.1).default(1e-6).openapi({ description: "Relative tolerance of the integrator" }),
  atol: z.number().min(1e-15).max(0.1).default(1e-9).openapi({ description: "Absolute tolerance of the integrator" }),
};

export const ZSimulateRequest = ZGameRequest.extend({
  from: z.array(share).min(2).max(3).openapi({ description: "Starting shares, one per population" }),
  until: z.number().positive().max(100_000),
  ...tolerances,
  trajectory: z.boolean().default(false).openapi({ description: "Also return every accepted step (for a phase portrait)" }),
});

const ZAxis = z.object({
  name: z.string().min(1).max(20),
  from: num,
  to: num,
  steps: z.number().int().min(1).max(60),
});

/** Bounded so a sweep stays an interactive request: cells × starts is at most SWEEP_MAX_RUNS. */
export const SWEEP_MAX_RUNS = 100_000;
export const ZSweepRequest = ZGameRequest.extend({
  x: ZAxis,
  y: ZAxis,
  starts: z.number().int().min(1).max(30).default(5).openapi({ description: "Starting states per population (an n × n or n × n × n grid)" }),
  until: z.number().positive().max(10_000).default(200),
  tolerance: z.number().positive().max(0.5).default(1e-3),
  ...tolerances,
});

export const ZComplex = z.object({ re: z.number(), im: z.number() });
export const ZEquilibrium = z
  .object({
    point: z.array(z.number()),
    eigenvalues: z.array(ZComplex),
    type: z.enum(EQUILIBRIUM_TYPES),
    shape: z.enum(["node", "focus"]).nullable(),
    jacobian: z.array(z.array(z.number())),
  })
  .catchall(z.number())
  .openapi("Equilibrium", { description: "A rest point; each variable (x, y, z or p) is also a key of its own" });

export const ZAnalysis = z.object({ model: z.enum(GAME_MODELS), variables: z.array(z.string()), equilibria: z.array(ZEquilibrium) }).openapi("GameAnalysis");
export const ZSimulation = z
  .object({ t: z.number(), status: z.enum(["done", "still", "failed"]), evaluations: z.number().int(), steps: z.array(z.array(z.number())).optional() })
  .catchall(z.number())
  .openapi("GameSimulation", { description: "The end state: t and each variable's share" });
export const ZSweep = z
  .object({
    x: z.object({ name: z.string(), values: z.array(z.number()) }),
    y: z.object({ name: z.string(), values: z.array(z.number()) }),
    cells: z.array(z.object({ at: z.tuple([z.number(), z.number()]), outcomes: z.array(z.object({ point: z.array(z.number()), share: z.number() })), elsewhere: z.number() })),
  })
  .openapi("GameSweep");
