import { z } from "@hono/zod-openapi";

import { MEMBER_ROLES, ORGAN_KINDS } from "../../db/schema/mechanisms.js";
import { ZCode, ZDate, ZListQuery, ZLocalized, ZLocalizedLong, pageOf, sortParam } from "../shared/schemas.js";

const ZPrecision = z.enum(["day", "month", "year"]);

export const ZMember = z
  .object({
    id: z.string().uuid(),
    actorId: z.string().uuid(),
    actorCode: z.string(),
    actorName: ZLocalized,
    countryCode: z.string().nullable(),
    role: z.enum(MEMBER_ROLES),
    since: z.string().nullable(),
    until: z.string().nullable(),
  })
  .openapi("Member");

export const ZMechanismSummary = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    name: ZLocalized,
    description: ZLocalizedLong.nullable(),
    foundedOn: z.string().nullable(),
    foundedPrecision: ZPrecision,
    source: z.string().nullable(),
    isSample: z.boolean(),
    version: z.number().int(),
    members: z.array(ZMember),
  })
  .openapi("MechanismSummary");
export type MechanismSummary = z.infer<typeof ZMechanismSummary>;

const ZNamed = z.object({ id: z.string().uuid(), code: z.string(), name: ZLocalized, position: z.number().int() });

export const ZMechanism = ZMechanismSummary.extend({
  secretariatActorId: z.string().uuid().nullable(),
  pillars: z.array(ZNamed),
  priorityAreas: z.array(ZNamed.extend({ pillarId: z.string().uuid().nullable() })),
  organs: z.array(ZNamed.extend({ kind: z.enum(ORGAN_KINDS), description: ZLocalizedLong.nullable(), actorId: z.string().uuid().nullable() })),
  participantCounts: z.array(z.object({ countryCode: z.string(), actorType: z.string(), count: z.number().int(), source: z.string().nullable() })),
  consultationMonths: z.number().int().openapi({ description: "Prior consultation period in months" }),
  disputeStageDays: z
    .object({ negotiation: z.number().int(), joint_committee: z.number().int(), third_party: z.number().int(), arbitration: z.number().int() })
    .openapi({ description: "Days each dispute stage runs before it may escalate" }),
  disputeAutoEscalate: z.boolean().openapi({ description: "Whether a dispute escalates by itself when a stage deadline passes unsettled" }),
  reminderDays: z.array(z.number().int()).openapi({ description: "Days before an obligation's due date its owner is reminded" }),
}).openapi("Mechanism");
export type Mechanism = z.infer<typeof ZMechanism>;

export const ZMechanismPage = pageOf(ZMechanismSummary, "MechanismPage");

export const ZMechanismListQuery = ZListQuery.extend({
  member: z.string().max(200).optional().openapi({ description: "Only mechanisms this actor (code or id) belongs to" }),
  sort: sortParam(["code", "foundedOn"] as const),
});

export const ZMechanismCreate = z
  .object({
    code: ZCode,
    name: ZLocalized,
    description: ZLocalizedLong.optional(),
    foundedOn: ZDate.optional(),
    foundedPrecision: ZPrecision.default("day"),
    secretariat: z.string().max(200).optional().openapi({ description: "Actor code or id of the secretariat" }),
  })
  .strict()
  .openapi("MechanismCreate");

export const ZMechanismUpdate = ZMechanismCreate.omit({ code: true })
  .partial()
  .extend({ description: ZLocalizedLong.nullable().optional(), foundedOn: ZDate.nullable().optional() })
  .strict()
  .openapi("MechanismUpdate");

export const ZMembershipCreate = z
  .object({
    actor: z.string().min(1).max(200),
    role: z.enum(MEMBER_ROLES),
    since: ZDate.optional(),
    until: ZDate.optional(),
  })
  .strict()
  .refine((m) => !m.since || !m.until || m.since <= m.until, { message: "until_before_since", path: ["until"] })
  .openapi("MembershipCreate");

