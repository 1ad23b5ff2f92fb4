import { z } from "@hono/zod-openapi";
import { ZCurrency, ZDate, ZLocalized } from "../shared/schemas.js";

export const ZExchangeRateCreate = z
  .object({
    currency: ZCurrency,
    date: ZDate,
    /** US dollars per one unit of the currency, e.g. 0.1389 for CNY. */
    usdPerUnit: z.string().regex(/^\d{1,12}(\.\d{1,12})?$/, "rate_format"),
    source: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((r) => r.currency !== "USD", { path: ["currency"], message: "usd_is_base" })
  .refine((r) => Number(r.usdPerUnit) > 0, { path: ["usdPerUnit"], message: "rate_format" })
  .openapi("ExchangeRateCreate");

export const ZExchangeRate = z.object({ currency: z.string(), date: z.string(), usdPerUnit: z.string(), source: z.string().nullable() }).openapi("ExchangeRate");
export const ZExchangeRateList = z.object({ items: z.array(ZExchangeRate) }).openapi("ExchangeRateList");
export const ZExchangeRateQuery = z.object({ currency: ZCurrency.optional() });

export const GAP_DIMENSIONS = ["project", "phase", "mechanism", "priority_area", "country", "zone"] as const;

export const ZFundingGapQuery = z.object({
  by: z.enum(GAP_DIMENSIONS).default("project"),
  mechanism: z.string().max(64).optional(),
  currency: ZCurrency.default("USD").openapi({ description: "Currency to report in; amounts are converted at the rate of their date" }),
});

export const ZFundingGap = z
  .object({
    by: z.enum(GAP_DIMENSIONS),
    currency: z.string(),
    items: z.array(
      z.object({
        key: z.string(),
        label: ZLocalized.nullable(),
        budget: z.string(),
        committed: z.string(),
        disbursed: z.string(),
        /** Approved budget minus what is committed; negative when commitments exceed the budget. */
        gap: z.string(),
        projects: z.number().int(),
        /** Amounts left out because no exchange rate on or before their date exists. */
        unconverted: z.number().int(),
      }),
    ),
  })
  .openapi("FundingGap");
