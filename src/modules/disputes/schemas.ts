import { z } from "@hono/zod-openapi";
import { DISPUTE_STATUSES } from "../../db/schema/disputes.js";
import { DISPUTE_STAGES } from "../../db/schema/mechanisms.js";
import { ZCode, ZListQuery, ZLocalized, pageOf, sortParam } from "../shared/schemas.js";

const ZActorRefIn = z.string().trim().min(1).max(200);
const ZInstant = z.string().datetime({ offset: true }).openapi({ example: "2026-12-31T00:00:00Z", format: "date-time" });

export const ZDisputeStage = z.enum(DISPUTE_STAGES);
export const ZDisputeStatus = z.enum(DISPUTE_STATUSES);

const ZActorShort = z.object({ id: z.string().uuid(), code: z.string(), name: ZLocalized });

export const ZDisputeOpen = z
  .object({
    mechanism: z.string().trim().min(1).max(200),
    title: ZLocalized,
    summary: z.string().trim().min(1).max(20_000).optional(),
    parties: z.array(ZActorRefIn).min(2).max(20).openapi({ description: "Actor codes or ids of the parties (at least two)" }),
    project: ZCode.optional(),
    agreement: ZCode.optional(),
    obligation: ZCode.optional(),
    deadline: ZInstant.optional().openapi({ description: "End of the negotiation stage; by default the mechanism's negotiation days from now" }),
  })
  .strict()
  .refine((d) => [d.project, d.agreement, d.obligation].filter(Boolean).length <= 1, { message: "one_subject_only", path: ["project"] })
  .openapi("DisputeOpen");

export const ZDisputeEntryCreate = z
  .object({
    kind: z.enum(["position", "note"]),
    body: z.string().trim().min(1).max(20_000),
  })
  .strict()
  .openapi("DisputeEntryCreate");

export const ZDisputeEscalate = z
  .object({
    deadline: ZInstant.optional().openapi({ description: "End of the next stage; by default the mechanism's days for that stage from now" }),
    mediator: ZActorRefIn.optional().openapi({ description: "The organisation that mediates or arbitrates; required for third-party mediation and arbitration" }),
    reason: z.string().trim().min(1).max(5_000).optional(),
  })
  .strict()
  .openapi("DisputeEscalate");

export const ZDisputeClose = z
  .object({
    outcome: z.enum(["settled", "withdrawn", "award"]),
    text: z.string().trim().min(1).max(20_000),
  })
  .strict()
  .openapi("DisputeClose");

export const ZDisputeListQuery = ZListQuery.extend({
  status: ZDisputeStatus.optional(),
  stage: ZDisputeStage.optional(),
  mechanism: z.string().max(200).optional(),
  sort: sortParam(["deadline", "opened", "code"] as const),
});

export const ZDisputeStatsQuery = z.object({ mechanism: z.string().max(200).optional() });

export const ZDisputeSummary = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    mechanismCode: z.string(),
    title: ZLocalized,
    stage: ZDisputeStage,
    status: ZDisputeStatus,
    parties: z.array(ZActorShort),
    stageDeadline: z.string(),
    daysLeft: z.number().int().nullable().openapi({ description: "Whole days before the stage deadline (negative once passed); null once closed" }),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
    daysToSettle: z.number().nullable().openapi({ description: "closedAt − openedAt in days, once closed" }),
  })
  .openapi("DisputeSummary");
export type DisputeSummary = z.infer<typeof ZDisputeSummary>;

export const ZDisputeEntry = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(["position", "document", "note"]),
    stage: ZDisputeStage,
    actor: ZActorShort.nullable(),
    body: z.string().nullable(),
    filename: z.string().nullable(),
    contentType: z.string().nullable(),
    size: z.number().int().nullable(),
    sha256: z.string().nullable(),
    by: z.string().nullable().openapi({ description: "Name of the user who recorded it" }),
    at: z.string(),
  })
  .openapi("DisputeEntry");
export type DisputeEntry = z.infer<typeof ZDisputeEntry>;

export const ZDisputeStageChange = z
  .object({
    stage: ZDisputeStage,
    at: z.string(),
    mediator: ZActorShort.nullable(),
    note: z.string().nullable(),
    by: z.string().nullable().openapi({ description: "Who moved it; null when the deadline timer escalated it" }),
  })
  .openapi("DisputeStageChange");

export const ZDispute = ZDisputeSummary.extend({
  mechanismName: ZLocalized,
  summary: z.string().nullable(),
  about: z.object({ kind: z.enum(["project", "agreement", "obligation"]), code: z.string() }).nullable(),
  stageStartedAt: z.string(),
  mediator: ZActorShort.nullable(),
  openedBy: ZActorShort.nullable().openapi({ description: "The organisation that opened the case" }),
  outcome: z.string().nullable(),
  escalations: z.number().int(),
  autoEscalate: z.boolean().openapi({ description: "Whether the mechanism escalates the case itself when a deadline passes" }),
  history: z.array(ZDisputeStageChange),
  entries: z.array(ZDisputeEntry),
  actions: z.array(z.enum(["position", "note", "document", "escalate", "settle", "withdraw", "award"])).openapi({ description: "What the caller may do now" }),
  version: z.number().int(),
}).openapi("Dispute");
export type Dispute = z.infer<typeof ZDispute>;

export const ZDisputePage = pageOf(ZDisputeSummary, "DisputePage");

export const ZDisputeStats = z
  .object({
    total: z.number().int(),
    byStage: z
      .object({ negotiation: z.number().int(), joint_committee: z.number().int(), third_party: z.number().int(), arbitration: z.number().int() })
      .openapi({ description: "Open cases by their current stage" }),
    byStatus: z.object({ open: z.number().int(), settled: z.number().int(), withdrawn: z.number().int(), award: z.number().int() }),
    medianDaysToSettle: z.number().nullable().openapi({ description: "Over cases settled or decided by award" }),
  })
  .openapi("DisputeStats");
export type DisputeStats = z.infer<typeof ZDisputeStats>;
