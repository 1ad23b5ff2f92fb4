import { z } from "@hono/zod-openapi";
import { COOPERATION_MODES } from "../../lib/localgov/modes.js";
import { ZRateRow } from "../obligations/schemas.js";
import { ZLocalized } from "../shared/schemas.js";

export const ZProvinceListQuery = z.object({
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "country_format")
    .optional()
    .openapi({ description: "Only provinces and states of this country (ISO 3166-1 alpha-2)", example: "CN" }),
  mechanism: z.string().max(64).optional().openapi({ description: "Count only projects, events and agreements under this mechanism (code or id)", example: "LMC" }),
});

export const ZProvinceQuery = ZProvinceListQuery.pick({ mechanism: true });

const ZMode = z.enum(COOPERATION_MODES);

export const ZModeCount = z
  .object({
    mode: ZMode,
    /** The seed that describes the mode. */
    source: z.string(),
    projects: z.number().int(),
    events: z.number().int(),
    agreements: z.number().int(),
    total: z.number().int(),
  })
  .openapi("CooperationModeCount");

/** Money of the counted projects in US dollars, each amount converted at its own date's rate. */
export const ZProvinceMoney = z
  .object({
    currency: z.literal("USD"),
    budget: z.string(),
    committed: z.string(),
    disbursed: z.string(),
    /** Projects without a budget are not in the sums; amounts without an exchange rate are counted here instead. */
    unconverted: z.number().int(),
  })
  .openapi("ProvinceMoney");

/** A province's obligation counts and rate: the fulfilment-rate row's figures over all years. */
export const ZObligationSummary = ZRateRow.pick({ due: true, fulfilled: true, partly: true, late: true, notFulfilled: true, openOverdue: true, rate: true })
  .openapi("ProvinceObligations");

export const ZProvinceRow = z
  .object({
    code: z.string(),
    name: ZLocalized,
    country: z.string().nullable(),
    projects: z.number().int(),
    partners: z.number().int(),
    partnerCountries: z.number().int(),
    events: z.number().int(),
    agreements: z.number().int(),
    obligations: ZObligationSummary,
    money: ZProvinceMoney,
    modes: z.array(ZModeCount),
  })
  .openapi("ProvinceSummary");

export const ZProvinceList = z
  .object({
    /**
     * How the figures are counted: a province's or state's records are those where it or a
     * government body under it (prefecture, district, zone, provincial department) is a party,
     * participant, signatory or obligation owner, each record once.
     */
    rule: z.string(),
    items: z.array(ZProvinceRow),
  })
  .openapi("ProvinceList");

const ZActorRef = z.object({ code: z.string(), name: ZLocalized });

export const ZProvinceProject = z.object({
  code: z.string(),
  title: ZLocalized,
  mechanismCode: z.string(),
  status: z.string(),
  sector: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  /** The province's own bodies on the project, with their roles. */
  via: z.array(z.object({ code: z.string(), role: z.string() })),
  budget: z.string().nullable(),
  committed: z.string().nullable(),
  disbursed: z.string().nullable(),
  modes: z.array(ZMode),
});

export const ZProvincePartner = z.object({
  code: z.string(),
  name: ZLocalized,
  type: z.string(),
  country: z.string().nullable(),
  projects: z.number().int(),
  events: z.number().int(),
  agreements: z.number().int(),
});

export const ZProvinceEvent = z.object({
  code: z.string(),
  title: ZLocalized,
  kind: z.string(),
  date: z.string(),
  /** The seeds often date an event to the month or year only. */
  datePrecision: z.enum(["day", "month", "year"]),
  mechanismCode: z.string().nullable(),
  via: z.array(z.object({ code: z.string(), role: z.string() })),
  modes: z.array(ZMode),
});

export const ZProvinceAgreement = z.object({
  code: z.string(),
  title: ZLocalized,
  kind: z.string(),
  signedOn: z.string(),
  mechanismCode: z.string().nullable(),
  projectCode: z.string().nullable(),
  via: z.array(z.string()),
});

export const ZProvinceProfile = z
  .object({
    province: ZProvinceRow,
    rule: z.string(),
    /** The government bodies under it whose records count as its own. */
    subordinates: z.array(ZActorRef.extend({ level: z.string().nullable() })),
    projects: z.array(ZProvinceProject),
    partners: z.array(ZProvincePartner),
    partnersByCountryType: z.array(z.object({ country: z.string().nullable(), type: z.string(), partners: z.number().int() })),
    events: z.array(ZProvinceEvent),
    agreements: z.array(ZProvinceAgreement),
    /** Fulfilment per owner (the province or a body under it) and year of due date. */
    obligationRates: z.array(ZRateRow),
  })
  .openapi("ProvinceProfile");

export type ProvinceRow = z.infer<typeof ZProvinceRow>;
export type ProvinceList = z.infer<typeof ZProvinceList>;
export type ProvinceProfile = z.infer<typeof ZProvinceProfile>;
