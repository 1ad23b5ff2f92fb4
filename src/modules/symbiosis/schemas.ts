import { z } from "@hono/zod-openapi";

const num = z.number().finite();

/** Without growth rates or capacities the model is read in units of the capacities (r = N = 1). */
export const ZSymbiosisParams = z
  .object({
    a12: num.openapi({ description: "Effect of party 2 on party 1's growth" }),
    a21: num.openapi({ description: "Effect of party 1 on party 2's growth" }),
    r1: num.positive().default(1),
    r2: num.positive().default(1),
    N1: num.positive().default(1),
    N2: num.positive().default(1),
  })
  .strict()
  .openapi("SymbiosisParams");

export const ZSymbiosisSimulate = z.object({
  params: ZSymbiosisParams,
  from: z.tuple([num.positive(), num.positive()]),
  until: z.number().positive().max(10_000),
  trajectory: z.boolean().default(false),
});

export const ZSymbiosisSeries = z
  .object({
    years: z.array(z.number().int()).optional(),
    x: z.array(num).min(1).max(500),
    y: z.array(num).min(1).max(500),
  })
  .strict()
  .openapi("SymbiosisSeries");

const ZComplex = z.object({ re: z.number(), im: z.number() });
const ZType = z.enum(["ess", "saddle", "source", "centre", "non-hyperbolic"]);
export const ZSymbiosisClassification = z
  .object({
    mode: z.string(),
    unbounded: z.boolean(),
    coexistence: z.object({ x: z.number(), y: z.number(), stability: ZType, shape: z.enum(["node", "focus"]).nullable(), eigenvalues: z.array(ZComplex) }).nullable(),
    restPoints: z.array(z.object({ x: z.number(), y: z.number(), type: ZType, eigenvalues: z.array(ZComplex) })),
    params: z.object({ a12: z.number(), a21: z.number(), r1: z.number(), r2: z.number(), N1: z.number(), N2: z.number() }),
  })
  .openapi("SymbiosisClassification");
export const ZSymbiosisRun = z
  .object({ t: z.number(), x: z.number(), y: z.number(), status: z.enum(["done", "still", "failed"]), steps: z.array(z.array(z.number())).optional() })
  .openapi("SymbiosisSimulation");
export const ZSymbiosisFit = z
  .object({
    params: z.object({ a12: z.number(), a21: z.number(), r1: z.number(), r2: z.number(), N1: z.number(), N2: z.number() }).nullable(),
    mode: z.string().nullable(),
    coefficients: z.object({ x: z.array(z.number()), y: z.array(z.number()) }).nullable(),
    rmse: z.object({ x: z.number(), y: z.number() }).nullable(),
    r2: z.object({ x: z.number(), y: z.number() }).nullable(),
    points: z.number().int(),
    warnings: z.array(z.string()),
    classification: ZSymbiosisClassification.nullable(),
  })
  .openapi("SymbiosisFit");
