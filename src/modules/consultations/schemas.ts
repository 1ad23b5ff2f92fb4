import { z } from "@hono/zod-openapi";
import { CONSULTATION_ENTRY_KINDS, CONSULTATION_OUTCOMES, CONSULTATION_STATUSES, CONSULTATION_SUBJECTS } from "../../db/schema/consultations.js";
import { ZCode, ZDate, ZListQuery, ZLocalized, ZLocalizedLong, pageOf, sortParam } from "../shared/schemas.js";
import { MILESTONES, RECORDABLE_KINDS } from "./workflow.js";

const ZActorRefIn = z.string().trim().min(1).max(200);
const ZText = z.string().trim().min(1).max(20_000);
const ZActorBrief = z.object({ actorId: z.string().uuid(), code: z.string(), name: ZLocalized });

const ZClock = z
  .object({
    startedAt: z.string().datetime(),
    dueAt: z.string().datetime(),
    periodMonths: z.number().int().openapi({ description: "Months of the period as set at submission (the mechanism's); extensions move `dueAt`" }),
    totalDays: z.number().int(),
    elapsedDays: z.number().int(),
    remainingDays: z.number().int().openapi({ description: "Whole days left until the due moment, rounded up; 0 once due" }),
    overdue: z.boolean(),
    extensions: z.number().int(),
  })
  .openapi("ConsultationClock");

export const ZMilestone = z
  .object({
    kind: z.enum(MILESTONES).openapi({ description: "completeness_check: the secretariat checks it; resubmission: the proposer completes it; receipt: parties still to acknowledge; due: the period runs until `at`; outcome: the period is over and the outcome is missing; none: closed" }),
    waitingFor: z.array(z.string()).openapi({ description: "Actor codes (or `secretariat`) the step waits for" }),
    at: z.string().datetime().nullable(),
  })
  .openapi("ConsultationMilestone");

export const ZConsultationSummary = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    mechanismCode: z.string(),
    projectCode: z.string().nullable(),
    subject: z.enum(CONSULTATION_SUBJECTS),
    title: ZLocalized,
    proposer: ZActorBrief,
    parties: z.array(ZActorBrief.extend({ receivedAt: z.string().datetime().nullable() })),
    status: z.enum(CONSULTATION_STATUSES),
    submittedAt: z.string().datetime(),
    forwardedAt: z.string().datetime().nullable(),
    clock: ZClock.nullable().openapi({ description: "Null until the last affected party has received the notification" }),
    next: ZMilestone,
    outcome: z.enum(CONSULTATION_OUTCOMES).nullable(),
    closedAt: z.string().datetime().nullable(),
    version: z.number().int(),
  })
  .openapi("ConsultationSummary");
export type ConsultationSummary = z.infer<typeof ZConsultationSummary>;

export const ZConsultationEntry = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(CONSULTATION_ENTRY_KINDS),
    actor: ZActorBrief.nullable().openapi({ description: "The party the entry is from or about (a receipt, a reply)" }),
    eventCode: z.string().nullable(),
    on: z.string(),
    body: z.string().nullable(),
    byName: z.string().nullable(),
    at: z.string().datetime(),
  })
  .openapi("ConsultationEntry");

export const ZConsultation = ZConsultationSummary.extend({
  description: ZLocalizedLong.nullable(),
  periodMonths: z.number().int(),
  conditions: ZLocalizedLong.nullable(),
  entries: z.array(ZConsultationEntry),
}).openapi("Consultation");
export type Consultation = z.infer<typeof ZConsultation>;

export const ZConsultationPage = pageOf(ZConsultationSummary, "ConsultationPage");

export const ZConsultationListQuery = ZListQuery.extend({
  status: z.enum(CONSULTATION_STATUSES).optional(),
  mechanism: z.string().max(64).optional(),
  party: z.string().max(200).optional().openapi({ description: "Consultations this country (code or id) proposed or is affected by" }),
  sort: sortParam(["clock", "dueAt", "submittedAt", "code"] as const).openapi({ description: "`clock` (default): running clocks first, soonest due first" }),
});

export const ZConsultationSubmit = z
  .object({
    code: ZCode.optional(),
    mechanism: z.string().trim().min(1).max(64),
    subject: z.enum(CONSULTATION_SUBJECTS),
    title: ZLocalized,
    description: ZLocalizedLong.optional(),
    project: z.string().trim().min(1).max(200).optional().openapi({ description: "The project notified, by code" }),
    proposer: ZActorRefIn.openapi({ description: "The notifying country (actor code, e.g. `th`)" }),
    affectedParties: z.array(ZActorRefIn).min(1).max(20).openapi({ description: "Countries affected (actor codes), not the proposer" }),
  })
  .strict()
  .openapi("ConsultationSubmit");

export const ZConsultationCheck = z
  .object({
    complete: z.boolean(),
    reason: ZText.optional().openapi({ description: "Required when incomplete: what the proposer must add" }),
  })
  .strict()
  .refine((c) => c.complete || c.reason, { message: "reason_required", path: ["reason"] })
  .openapi("ConsultationCheck");

export const ZConsultationResubmit = z
  .object({
    description: ZLocalizedLong.optional(),
    note: ZText.optional(),
  })
  .strict()
  .openapi("ConsultationResubmit");

export const ZConsultationReceipt = z
  .object({
    party: ZActorRefIn.optional().openapi({ description: "The party acknowledging; an officer's own country by default, required for staff" }),
    on: ZDate.optional(),
  })
  .strict()
  .openapi("ConsultationReceipt");

export const ZConsultationEntryCreate = z
  .object({
    kind: z.enum(RECORDABLE_KINDS),
    body: ZText,
    party: ZActorRefIn.optional().openapi({ description: "The party the entry is from; an officer's own country by default" }),
    event: z.string().trim().min(1).max(200).optional().openapi({ description: "A meeting: the event's code" }),
    on: ZDate.optional(),
  })
  .strict()
  .openapi("ConsultationEntryCreate");

export const ZConsultationExtend = z
  .object({
    months: z.number().int().min(1).max(36),
    decision: ZText,
    agreedBy: z.array(ZActorRefIn).min(1).max(21).openapi({ description: "Every party to the joint decision: the proposer and each affected party" }),
    on: ZDate.optional(),
  })
  .strict()
  .openapi("ConsultationExtend");

export const ZConsultationClose = z
  .object({
    outcome: z.enum(CONSULTATION_OUTCOMES),
    conditions: ZLocalizedLong.optional().openapi({ description: "Required for agreed_with_conditions" }),
    note: ZText.optional(),
  })
  .strict()
  .refine((c) => c.outcome !== "agreed_with_conditions" || c.conditions, { message: "conditions_required", path: ["conditions"] })
  .openapi("ConsultationClose");

export const ZClockBoard = z
  .object({
    items: z.array(ZConsultationSummary),
    total: z.number().int(),
  })
  .openapi("ConsultationClocks");
