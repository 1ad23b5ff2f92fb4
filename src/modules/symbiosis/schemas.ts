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
