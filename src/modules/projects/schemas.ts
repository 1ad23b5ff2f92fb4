import { z } from "@hono/zod-openapi";
import { ACTOR_TYPES } from "../../db/schema/actors.js";
import { INSTRUMENTS } from "../../db/schema/money.js";
import { EXTERNAL_SOURCES, PARTY_ROLES, PHASE_STATUSES, PROJECT_STATUSES, REPORT_STATUSES, TRANSACTION_TYPES } from "../../db/schema/projects.js";
import { ZCode, ZCurrency, ZDate, ZListQuery, ZLocalized, ZLocalizedLong, ZMoney, ZVisibility, pageOf, sortParam } from "../shared/schemas.js";

const dateOrder = <T extends { startDate?: string | null; endDate?: string | null }>(v: T) => !v.startDate || !v.endDate || v.startDate <= v.endDate;
const dateOrderIssue = { message: "end_before_start", path: ["endDate"] };

export const ZParty = z
  .object({
    actorId: z.string().uuid(),
    actorCode: z.string(),
    actorName: ZLocalized,
    actorType: z.enum(ACTOR_TYPES),
    countryCode: z.string().nullable(),
    role: z.enum(PARTY_ROLES),
  })
  .openapi("Party");

export const ZProjectSummary = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    mechanismCode: z.string(),
    pillarCode: z.string().nullable(),
    priorityAreaCode: z.string().nullable(),
    title: ZLocalized,
    sector: z.string().nullable(),
    status: z.enum(PROJECT_STATUSES),
    visibility: ZVisibility,
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    budget: z.string().nullable(),
    currency: z.string(),
    ownerOrgId: z.string().uuid(),
    /** Recipient countries where the project has them (imported projects), else its parties' countries. */
    countries: z.array(z.string()),
    /** The dataset an imported project came from (`iati`, `gcdf`, `csv`), so a list can credit it; null for Concord's own. */
    externalSource: z.enum(EXTERNAL_SOURCES).nullable(),
    isSample: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi("ProjectSummary");
export type ProjectSummary = z.infer<typeof ZProjectSummary>;

export const ZPhase = z
  .object({
    id: z.string().uuid(),
    seq: z.number().int(),
    name: ZLocalized,
    status: z.enum(PHASE_STATUSES),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    budget: z.string().nullable(),
    deliverables: z.array(z.string()),
    version: z.number().int(),
  })
  .openapi("Phase");

export const ZTransaction = z
  .object({
    id: z.string().uuid(),
    phaseId: z.string().uuid().nullable(),
    type: z.enum(TRANSACTION_TYPES),
    instrument: z.enum(INSTRUMENTS).nullable(),
    value: z.string(),
    currency: z.string(),
    valueDate: z.string(),
    providerActorId: z.string().uuid().nullable(),
    receiverActorId: z.string().uuid().nullable(),
    description: z.string().nullable(),
  })
  .openapi("Transaction");

export const ZReport = z
  .object({
    id: z.string().uuid(),
    phaseId: z.string().uuid(),
    periodStart: z.string(),
    periodEnd: z.string(),
    dueDate: z.string(),
    submittedAt: z.string(),
    late: z.boolean(),
    status: z.enum(REPORT_STATUSES),
    narrative: z.string(),
    spending: z.string().nullable(),
    /** The secretariat's comment when it accepted or returned the report. */
    reviewComment: z.string().nullable(),
    /** Indicator values against their targets for the period. */
    indicators: z.array(z.object({ name: z.string(), target: z.number().nullable(), value: z.number().nullable() })),
  })
  .openapi("ProgressReport");

export const ZProject = ZProjectSummary.extend({
  description: ZLocalizedLong.nullable(),
  source: z.string().nullable(),
  /** Where an imported project came from: `iati`, `gcdf` or `csv`, and its identifier there. */
  externalSource: z.enum(EXTERNAL_SOURCES).nullable(),
  externalId: z.string().nullable(),
  /** Recipient countries with their share in percent, as the source gave them. */
  recipientCountries: z.array(z.object({ code: z.string(), percentage: z.string().nullable() })),
  /** The IATI activity as imported (model in src/lib/iati/model.ts), for projects imported from IATI. */
  iati: z.record(z.string(), z.unknown()).nullable().openapi({ description: "IatiActivity" }),
  /** What another source said that has no column of its own (e.g. AidData's flow type and class). */
  externalDetail: z.record(z.string(), z.unknown()).nullable(),
  parties: z.array(ZParty),
  phases: z.array(ZPhase),
  transactions: z.array(ZTransaction),
  reports: z.array(ZReport),
  /** Sums per transaction type and currency; amounts as exact decimal strings. */
  totals: z.array(z.object({ type: z.enum(TRANSACTION_TYPES), currency: z.string(), value: z.string() })),
  /** Signed agreements: who signed and when. */
  agreements: z.array(
    z.object({ code: z.string(), title: ZLocalized, signedOn: z.string(), signatories: z.array(z.object({ actorCode: z.string(), actorName: ZLocalized })) }),
  ),
  /** Set once the project is terminated: the reason, and what had been disbursed by then (sunk cost). */
  termination: z
    .object({ at: z.string(), reason: z.string(), sunkCost: z.array(z.object({ currency: z.string(), value: z.string() })) })
    .nullable(),
}).openapi("Project");

export const ZProjectTerminate = z.object({ reason: z.string().trim().min(1).max(5000) }).strict().openapi("ProjectTerminate");
export type Project = z.infer<typeof ZProject>;

export const ZProjectPage = pageOf(ZProjectSummary, "ProjectPage");

export const ZProjectListQuery = ZListQuery.extend({
  mechanism: z.string().max(64).optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/, "country_format").optional().openapi({ description: "Projects in this country: a recipient country, or for projects without recipients, a party's country" }),
  actor: z.string().max(200).optional().openapi({ description: "Projects this actor (code or id) is a party to" }),
  pillar: z.string().max(64).optional(),
  area: z.string().max(64).optional(),
  visibility: ZVisibility.optional(),
  year: z.coerce.number().int().min(1900).max(2100).optional().openapi({ description: "Projects that start in this year" }),
  sort: sortParam(["code", "startDate", "budget", "updatedAt", "status"] as const),
});

export const ZPartyInput = z.object({ actor: z.string().min(1).max(200), role: z.enum(PARTY_ROLES) }).strict();

export const ZProjectCreate = z
  .object({
    code: ZCode.optional(),
    mechanism: z.string().min(1).max(64),
    pillar: z.string().max(64).optional(),
    priorityArea: z.string().max(64).optional(),
    title: ZLocalized,
    description: ZLocalizedLong.optional(),
    sector: z.string().trim().max(20).optional(),
    visibility: ZVisibility.default("internal"),
    startDate: ZDate.optional(),
    endDate: ZDate.optional(),
    budget: ZMoney.optional(),
    currency: ZCurrency.default("USD"),
    parties: z.array(ZPartyInput).min(1).max(100),
  })
  .strict()
  .refine(dateOrder, dateOrderIssue)
  .refine((p) => p.parties.filter((x) => x.role === "lead").length === 1, { message: "exactly_one_lead", path: ["parties"] })
  .openapi("ProjectCreate");

export const ZProjectUpdate = z
  .object({
    title: ZLocalized,
    description: ZLocalizedLong.nullable(),
    sector: z.string().trim().max(20).nullable(),
    // Termination has its own verb: it needs a reason and stops every open phase.
    status: z.enum(PROJECT_STATUSES).exclude(["terminated"]),
    visibility: ZVisibility,
    startDate: ZDate.nullable(),
    endDate: ZDate.nullable(),
    budget: ZMoney.nullable(),
    currency: ZCurrency,
  })
  .partial()
  .strict()
  .refine(dateOrder, dateOrderIssue)
  .openapi("ProjectUpdate");

export const ZPhaseCreate = z
  .object({
    name: ZLocalized,
    startDate: ZDate.optional(),
    endDate: ZDate.optional(),
    budget: ZMoney.optional(),
    deliverables: z.array(z.string().trim().min(1).max(500)).max(100).default([]),
  })
  .strict()
  .refine(dateOrder, dateOrderIssue)
  .openapi("PhaseCreate");

/** A phase's status is not edited here: it moves only through POST .../phases/{seq}/transitions, which keeps its history. */
export const ZPhaseUpdate = z
  .object({
    name: ZLocalized,
    startDate: ZDate.nullable(),
    endDate: ZDate.nullable(),
    budget: ZMoney.nullable(),
    deliverables: z.array(z.string().trim().min(1).max(500)).max(100),
  })
  .partial()
  .strict()
  .refine(dateOrder, dateOrderIssue)
  .openapi("PhaseUpdate");

export const ZTransactionCreate = z
  .object({
    phase: z.number().int().min(1).optional().openapi({ description: "Phase sequence number" }),
    type: z.enum(TRANSACTION_TYPES),
    instrument: z.enum(INSTRUMENTS).optional(),
    value: ZMoney,
    currency: ZCurrency.optional(),
    valueDate: ZDate,
    provider: z.string().max(200).optional(),
    receiver: z.string().max(200).optional(),
    description: z.string().trim().max(2000).optional(),
  })
  .strict()
  .openapi("TransactionCreate");

export const ZReportCreate = z
  .object({
    phase: z.number().int().min(1),
    periodStart: ZDate,
    periodEnd: ZDate,
    dueDate: ZDate,
    narrative: z.string().trim().min(1).max(50_000),
    spending: ZMoney.optional(),
    indicators: z
      .array(z.object({ name: z.string().trim().min(1).max(200), target: z.number().finite().nullable(), value: z.number().finite().nullable() }).strict())
      .max(100)
      .default([]),
  })
  .strict()
  .refine((r) => r.periodStart <= r.periodEnd, { message: "end_before_start", path: ["periodEnd"] })
  .openapi("ReportCreate");
