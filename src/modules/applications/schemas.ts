import { z } from "@hono/zod-openapi";
import { APPLICATION_PARTY_ROLES } from "../../db/schema/fund.js";
import { ZCode, ZDate, ZListQuery, ZLocalized, ZMoney, pageOf } from "../shared/schemas.js";
import { APPLICATION_STATES } from "./workflow.js";

const ZProposedPhase = z
  .object({
    name: ZLocalized,
    startDate: ZDate,
    endDate: ZDate,
    budget: ZMoney,
    deliverables: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
  })
  .strict()
  .refine((p) => p.startDate <= p.endDate, { path: ["endDate"], message: "end_before_start" });

export const ZApplicationCreate = z
  .object({
    call: z.string().min(1).max(64),
    code: ZCode.optional(),
    title: ZLocalized,
    summary: z.string().trim().min(1).max(20_000).optional(),
    /** The applicant organisation; an officer applies for its own. */
    lead: z.string().min(1).max(64),
    coApplicants: z.array(z.string().min(1).max(64)).min(1).max(20),
    pillar: ZCode.optional(),
    priorityArea: ZCode.optional(),
    requested: ZMoney,
    startDate: ZDate.optional(),
    endDate: ZDate.optional(),
    phases: z.array(ZProposedPhase).max(20).default([]),
  })
  .strict()
  .refine((a) => !a.startDate || !a.endDate || a.startDate <= a.endDate, { path: ["endDate"], message: "end_before_start" })
  .openapi("ApplicationCreate");

/** A revision of a draft or returned application: any field may change, except its call and lead. */
export const ZApplicationUpdate = z
  .object({
    title: ZLocalized,
    summary: z.string().trim().min(1).max(20_000).nullable(),
    coApplicants: z.array(z.string().min(1).max(64)).min(1).max(20),
    pillar: ZCode.nullable(),
    priorityArea: ZCode.nullable(),
    requested: ZMoney,
    startDate: ZDate.nullable(),
    endDate: ZDate.nullable(),
    phases: z.array(ZProposedPhase).max(20),
  })
  .partial()
  .strict()
  .openapi("ApplicationUpdate");

export const ZApplicationAction = z
  .object({
    action: z.enum(["submit", "withdraw", "screen", "approve", "reject", "return"]),
    /** Required to reject or return: the secretariat's reasons, shown to the applicant. */
    reason: z.string().trim().min(1).max(5000).optional(),
    /** Required to approve when the reviewers disagree widely: what the moderation concluded. */
    moderationNote: z.string().trim().min(1).max(5000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.action === "reject" || v.action === "return") && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "reason_required" });
  })
  .openapi("ApplicationAction");

export const ZAssignReviewers = z
  .object({ reviewers: z.array(z.string().trim().min(1).max(200)).min(1).max(10).openapi({ description: "Reviewer e-mail addresses or user ids" }) })
  .strict()
  .openapi("AssignReviewers");

export const ZReviewSubmit = z
  .object({
    scores: z.array(z.object({ criterion: z.string().min(1).max(64), score: z.number().int().min(0).max(1000) }).strict()).min(1).max(20),
    comment: z.string().trim().min(1).max(10_000),
  })
  .strict()
  .openapi("ReviewSubmit");

const ZScreening = z.array(z.object({ rule: z.string(), passed: z.boolean(), detail: z.string().optional() }));

export const ZReview = z.object({
  reviewerId: z.string().uuid(),
  reviewerName: z.string(),
  submitted: z.boolean(),
  scores: z.array(z.object({ criterion: z.string(), score: z.number() })).nullable(),
  comment: z.string().nullable(),
  total: z.number().nullable(),
});

export const ZApplication = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    callCode: z.string(),
    mechanismCode: z.string(),
    title: ZLocalized,
    summary: z.string().nullable(),
    status: z.enum(APPLICATION_STATES),
    parties: z.array(z.object({ actorCode: z.string(), actorName: ZLocalized, countryCode: z.string().nullable(), role: z.enum(APPLICATION_PARTY_ROLES) })),
    pillarCode: z.string().nullable(),
    priorityAreaCode: z.string().nullable(),
    requested: z.string(),
    currency: z.string(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    phases: z.array(z.object({ name: ZLocalized, startDate: z.string(), endDate: z.string(), budget: z.string(), deliverables: z.array(z.string()) })),
    screening: ZScreening.nullable(),
    decisionReason: z.string().nullable(),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    projectCode: z.string().nullable(),
    attachments: z.array(z.object({ id: z.string().uuid(), filename: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), uploadedAt: z.string() })),
    /** Shown to staff and to each reviewer for their own review only. */
    reviews: z.array(ZReview),
    scoring: z.object({ mean: z.number().nullable(), spread: z.number().nullable(), needsModeration: z.boolean() }).nullable(),
    version: z.number().int(),
  })
  .openapi("Application");
export type Application = z.infer<typeof ZApplication>;

export const ZApplicationSummary = ZApplication.pick({ id: true, code: true, callCode: true, title: true, status: true, requested: true, currency: true, submittedAt: true, version: true }).openapi("ApplicationSummary");
export type ApplicationSummary = z.infer<typeof ZApplicationSummary>;
export const ZApplicationPage = pageOf(ZApplicationSummary, "ApplicationPage");
export const ZApplicationListQuery = ZListQuery.extend({
  call: z.string().max(64).optional(),
  status: z.enum(APPLICATION_STATES).optional(),
});
