import { z } from "@hono/zod-openapi";
import { ZCode, ZCurrency, ZListQuery, ZLocalized, ZLocalizedLong, ZMoney, pageOf } from "../shared/schemas.js";

export const ZRubricCriterion = z
  .object({
    code: ZCode,
    name: ZLocalized,
    weight: z.number().positive().max(100),
    min: z.number().int().min(0).max(1000),
    max: z.number().int().min(1).max(1000),
  })
  .strict()
  .refine((c) => c.max > c.min, { path: ["max"], message: "range_order" });

const ZCountryCode = z.string().regex(/^[A-Z]{2}$/, "country_format");

export const ZCallCreate = z
  .object({
    code: ZCode,
    mechanism: z.string().min(1).max(64),
    fund: ZLocalized.openapi({ example: { en: "LMC Special Fund" } }),
    title: ZLocalized,
    description: ZLocalizedLong.optional(),
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }),
    eligiblePillars: z.array(ZCode).max(20).default([]),
    eligibleAreas: z.array(ZCode).max(50).default([]),
    eligibleCountries: z.array(ZCountryCode).max(50).default([]),
    ceiling: ZMoney,
    currency: ZCurrency.default("USD"),
    rubric: z.array(ZRubricCriterion).min(1).max(20),
    reviewersPerApplication: z.number().int().min(1).max(10).default(2),
    moderationSpread: z.number().min(0).max(100).default(20),
    requireCrossBorder: z.boolean().default(true),
    reportIntervalMonths: z.number().int().min(1).max(24).default(3),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (Date.parse(c.closesAt) <= Date.parse(c.opensAt)) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "closes_before_opens" });
    c.rubric.forEach((r, i) => {
      if (c.rubric.findIndex((x) => x.code === r.code) !== i) ctx.addIssue({ code: "custom", path: ["rubric", i, "code"], message: "duplicate_code" });
    });
  })
  .openapi("CallCreate");

export const ZCall = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    mechanismCode: z.string(),
    fund: ZLocalized,
    title: ZLocalized,
    description: ZLocalizedLong.nullable(),
    opensAt: z.string(),
    closesAt: z.string(),
    /** Where the call stands now: upcoming, open or closed. */
    state: z.enum(["upcoming", "open", "closed"]),
    eligiblePillars: z.array(z.string()),
    eligibleAreas: z.array(z.string()),
    eligibleCountries: z.array(z.string()),
    ceiling: z.string(),
    currency: z.string(),
    rubric: z.array(z.object({ code: z.string(), name: ZLocalized, weight: z.number(), min: z.number(), max: z.number() })),
    reviewersPerApplication: z.number().int(),
    moderationSpread: z.number(),
    requireCrossBorder: z.boolean(),
    reportIntervalMonths: z.number().int(),
    version: z.number().int(),
  })
  .openapi("Call");
export type Call = z.infer<typeof ZCall>;

export const ZCallPage = pageOf(ZCall, "CallPage");
export const ZCallListQuery = ZListQuery.extend({
  mechanism: z.string().max(64).optional(),
  state: z.enum(["upcoming", "open", "closed"]).optional(),
});
