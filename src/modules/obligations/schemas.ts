import { z } from "@hono/zod-openapi";
import { FULFILMENT_STATUSES } from "../../db/schema/obligations.js";
import { localizedSchema, pageOf, ZCode, ZDate, ZListQuery, ZLocalized } from "../shared/schemas.js";

export const AGREEMENT_KINDS = ["agreement", "mou"] as const;
/** What the obligation list filters on: the latest fulfilment record, or still open (and past due, for overdue). */
export const OBLIGATION_STATES = ["open", "overdue", ...FULFILMENT_STATUSES] as const;

const ZRef = z.string().min(1).max(64);

export const ZAgreementNew = z
  .object({
    code: ZCode.optional(),
    kind: z.enum(AGREEMENT_KINDS).default("mou"),
    /** The mechanism the agreement stands under (e.g. LMC); none for a bilateral MoU. */
    mechanism: ZRef.optional(),
    title: ZLocalized,
    description: localizedSchema(5000).optional(),
    signedOn: ZDate,
    /** The organisations that signed: at least two. */
    signatories: z.array(ZRef).min(2).max(30),
  })
  .strict()
  .openapi("AgreementNew");

export const ZSignatory = z.object({ actorCode: z.string(), actorName: ZLocalized });

export const ZObligation = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    agreementCode: z.string(),
    ownerCode: z.string(),
    ownerName: ZLocalized,
    title: ZLocalized,
    description: ZLocalized.nullable(),
    dueDate: z.string(),
    /** Latest fulfilment record's status; null while open. */
    status: z.enum(FULFILMENT_STATUSES).nullable(),
    /** Open and past its due date. */
    overdue: z.boolean(),
    fulfilments: z.array(
      z.object({
        status: z.enum(FULFILMENT_STATUSES),
        fulfilledOn: z.string(),
        evidence: z.string(),
        evidenceUrl: z.string().nullable(),
        recordedAt: z.string(),
      }),
    ),
    version: z.number().int(),
  })
  .openapi("Obligation");

export const ZAgreementSummary = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    kind: z.enum(AGREEMENT_KINDS),
    mechanismCode: z.string().nullable(),
    projectCode: z.string().nullable(),
    title: ZLocalized,
    signedOn: z.string(),
    signatories: z.array(ZSignatory),
  })
  .openapi("AgreementSummary");

export const ZAgreementDetail = ZAgreementSummary.extend({ description: ZLocalized.nullable(), obligations: z.array(ZObligation) }).openapi("AgreementDetail");

export const ZAgreementListQuery = ZListQuery.extend({
  mechanism: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  project: z.string().max(64).optional(),
});
export const ZAgreementPage = pageOf(ZAgreementSummary, "AgreementPage");

export const ZObligationNew = z
  .object({
    code: ZCode.optional(),
    /** The signatory that owes it. */
    owner: ZRef,
    title: ZLocalized,
    description: localizedSchema(5000).optional(),
    dueDate: ZDate,
  })
  .strict()
  .openapi("ObligationNew");

export const ZObligationChange = z
  .object({ title: ZLocalized.optional(), description: localizedSchema(5000).optional(), dueDate: ZDate.optional() })
  .strict()
  .openapi("ObligationChange");

export const ZFulfilmentNew = z
  .object({
    status: z.enum(FULFILMENT_STATUSES),
    fulfilledOn: ZDate,
    evidence: z.string().trim().min(1).max(5000),
    evidenceUrl: z.string().url().max(2000).optional(),
  })
  .strict()
  .openapi("FulfilmentNew");

export const ZObligationListQuery = ZListQuery.extend({
  owner: z.string().max(64).optional(),
  agreement: z.string().max(64).optional(),
  status: z.enum(OBLIGATION_STATES).optional(),
  dueBefore: ZDate.optional(),
});
export const ZObligationPage = pageOf(ZObligation, "ObligationPage");

export const ZRateRow = z
  .object({
    actorCode: z.string(),
    actorName: ZLocalized,
    year: z.number().int(),
    due: z.number().int(),
    fulfilled: z.number().int(),
    partly: z.number().int(),
    late: z.number().int(),
    notFulfilled: z.number().int(),
    openOverdue: z.number().int(),
    /** (fulfilled + 0.5·partly + 0.5·late) / (assessed + open-overdue); null when nothing is assessed or overdue yet. */
    rate: z.number().nullable(),
  })
  .openapi("FulfilmentRate");
export const ZRateList = z.object({ items: z.array(ZRateRow) }).openapi("FulfilmentRates");
export const ZRatesQuery = z.object({ mechanism: z.string().max(64).optional() });

export type AgreementNew = z.infer<typeof ZAgreementNew>;
export type Obligation = z.infer<typeof ZObligation>;
export type AgreementSummary = z.infer<typeof ZAgreementSummary>;
export type AgreementDetail = z.infer<typeof ZAgreementDetail>;
export type RateRow = z.infer<typeof ZRateRow>;
