import { z } from "@hono/zod-openapi";
import { FIT_WARNINGS } from "../../lib/symbiosis/fit.js";
import { SYMBIOSIS_MODES } from "../../lib/symbiosis/model.js";
import { ZLocalized } from "../shared/schemas.js";

export const SYMBIOSIS_LEVELS = ["country", "actor"] as const;
export const SYMBIOSIS_MEASURES = ["count", "money"] as const;
export const SYMBIOSIS_SERIES = ["cumulative", "yearly"] as const;

export const ZNetworkSymbiosisQuery = z.object({
  level: z.enum(SYMBIOSIS_LEVELS).default("country").openapi({ description: "Pairs of countries (the six LMC countries and any other on visible joint projects) or the most linked pairs of actors" }),
  measure: z.enum(SYMBIOSIS_MEASURES).default("count").openapi({ description: "Each party's size: visible projects it takes part in, or their budgets in US dollars" }),
  series: z
    .enum(SYMBIOSIS_SERIES)
    .default("cumulative")
    .openapi({ description: "Size in a year: everything started up to that year (the portfolio that grows towards a capacity), or only what started in it" }),
  limit: z.coerce.number().int().min(1).max(100).default(15).openapi({ description: "How many pairs, those with the most shared projects first" }),
  mechanism: z.string().max(64).optional().openapi({ description: "Only projects under this mechanism (code or id)" }),
  from: z.coerce.number().int().min(1900).max(2200).optional().openapi({ description: "Only projects started in or after this year" }),
  to: z.coerce.number().int().min(1900).max(2200).optional().openapi({ description: "Only projects started in or before this year" }),
});

const ZParty = z.object({ code: z.string(), name: ZLocalized });

export const ZSymbiosisPair = z.object({
  a: ZParty,
  b: ZParty,
  shared: z.number().int().openapi({ description: "Visible projects both parties take part in" }),
  years: z.array(z.number().int()).openapi({ description: "The years fitted: from the first in which both parties have a positive size" }),
  x: z.array(z.number()).openapi({ description: "Party a's size in each year" }),
  y: z.array(z.number()).openapi({ description: "Party b's size in each year" }),
  mode: z.enum(SYMBIOSIS_MODES).nullable().openapi({ description: "Null when the data cannot support an estimate (see warnings)" }),
  params: z.object({ a12: z.number(), a21: z.number(), r1: z.number(), r2: z.number(), N1: z.number(), N2: z.number() }).nullable(),
  coefficients: z
    .object({ x: z.array(z.number()), y: z.array(z.number()) })
    .nullable()
    .openapi({ description: "Least-squares coefficients [intercept, on x, on y] of each party's yearly growth rate" }),
  rmse: z.object({ x: z.number(), y: z.number() }).nullable().openapi({ description: "Root mean square error of the fitted growth rates" }),
  r2: z.object({ x: z.number(), y: z.number() }).nullable(),
  points: z.number().int().openapi({ description: "Growth rates fitted (years used − 1)" }),
  warnings: z.array(z.enum(FIT_WARNINGS)),
});

export const ZNetworkSymbiosis = z
  .object({
    level: z.enum(SYMBIOSIS_LEVELS),
    measure: z.enum(SYMBIOSIS_MEASURES),
    series: z.enum(SYMBIOSIS_SERIES),
    pairs: z.array(ZSymbiosisPair),
    unconverted: z.number().int().openapi({ description: "Visible projects left out of money sizes: no budget, or no exchange rate to US dollars" }),
    rules: z.record(z.string(), z.string()),
  })
  .openapi("NetworkSymbiosis");
