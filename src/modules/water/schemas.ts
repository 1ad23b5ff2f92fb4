import { z } from "@hono/zod-openapi";
import { ZDate, ZListQuery, pageOf, sortParam } from "../shared/schemas.js";

const ZBasinCode = z.string().trim().min(1).max(16).regex(/^[A-Za-z0-9_-]+$/, "code_format");
const ZIso3 = z.string().trim().regex(/^[A-Za-z]{3}$/, "country_format");
const ZNamed = z.object({ code: z.string(), name: z.string().nullable() });

/** A river basin organisation from the TFDD RBO database, with the basins and member countries of its rows. */
export const ZRbo = z
  .object({
    code: z.string().openapi({ description: "TFDD organisation code (MRCX, ICPD…)" }),
    name: z.string(),
    agreementName: z.string().nullable(),
    agreementYear: z.number().int().nullable(),
    continent: z.string().nullable(),
    laterality: z.string().nullable(),
    orgType: z.string().nullable(),
    website: z.string().nullable(),
    mechanismCode: z.string().nullable().openapi({ description: "The Concord mechanism this organisation is (MRC for the Mekong River Commission)" }),
    basins: z.array(ZNamed),
    countries: z.array(z.string()).openapi({ description: "Member countries, ISO 3166-1 alpha-3 as TFDD writes them" }),
    source: z.string(),
  })
  .openapi("RiverBasinOrganisation");
export const ZRboPage = pageOf(ZRbo, "RiverBasinOrganisationPage");

/** A freshwater treaty from the TFDD treaties database: its rows (one per basin and party) taken together. */
export const ZTreaty = z
  .object({
    code: z.string().openapi({ description: "The first TFDD Entry ID of the treaty's rows" }),
    name: z.string(),
    signedOn: z.string().nullable(),
    signatories: z.string().nullable(),
    basins: z.array(ZNamed),
    countries: z.array(ZNamed),
    issueTypes: z.array(z.string()).openapi({ description: "Issue areas as the water events' codes (1 water quality … 13 territorial issues)" }),
    entries: z.array(z.string()).openapi({ description: "TFDD Entry IDs of the treaty's rows" }),
    source: z.string(),
  })
  .openapi("WaterTreaty");
export const ZTreatyPage = pageOf(ZTreaty, "WaterTreatyPage");

const waterFilters = {
  basin: ZBasinCode.optional().openapi({ description: "TFDD basin code (MEKO, NILE, DANU…)" }),
  country: ZIso3.optional().openapi({ description: "ISO 3166-1 alpha-3 country code" }),
};

export const ZRboListQuery = ZListQuery.extend({ ...waterFilters, sort: sortParam(["name", "agreementYear"] as const) });
export const ZTreatyListQuery = ZListQuery.extend({ ...waterFilters, from: ZDate.optional(), to: ZDate.optional(), sort: sortParam(["signedOn", "name"] as const) });

export const ZBasin = z
  .object({
    code: z.string(),
    name: z.string().nullable(),
    events: z.number().int().openapi({ description: "Water events the caller may see" }),
    rbos: z.number().int(),
    treaties: z.number().int(),
  })
  .openapi("WaterBasin");
export const ZBasinList = z.object({ items: z.array(ZBasin) }).openapi("WaterBasinList");

export const ZIntensityQuery = z.object({
  basin: ZBasinCode.optional(),
  mechanism: z.string().trim().max(64).optional(),
});

/** Water events per year with their BAR intensity, for the chart on a basin's or a mechanism's timeline. */
export const ZIntensityYear = z
  .object({
    year: z.number().int(),
    events: z.number().int(),
    conflict: z.number().int().openapi({ description: "Events rated below 0" }),
    neutral: z.number().int(),
    cooperation: z.number().int().openapi({ description: "Events rated above 0" }),
    mean: z.number().nullable().openapi({ description: "Mean BAR of the rated events" }),
    min: z.number().int().nullable(),
    max: z.number().int().nullable(),
  })
  .openapi("WaterIntensityYear");
export const ZIntensity = z.object({ items: z.array(ZIntensityYear) }).openapi("WaterIntensity");

export type Rbo = z.infer<typeof ZRbo>;
export type Treaty = z.infer<typeof ZTreaty>;
export type Basin = z.infer<typeof ZBasin>;
export type IntensityYear = z.infer<typeof ZIntensityYear>;
