import { z } from "@hono/zod-openapi";
import { PHASE_STATUSES } from "../../db/schema/projects.js";
import { PHASE_ACTIONS, SUSPENSION_REASONS } from "./workflow.js";

export const ZPhaseTransition = z
  .object({
    action: z.enum(PHASE_ACTIONS),
    /** Required to suspend: why, and which country's situation stopped the phase. */
    reason: z.enum(SUSPENSION_REASONS).optional(),
    country: z.string().regex(/^[A-Za-z]{2}$/, "country_format").optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.action !== "suspend") return;
    if (!v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "suspension_reason_required" });
    if (!v.country) ctx.addIssue({ code: "custom", path: ["country"], message: "suspension_country_required" });
  })
  .openapi("PhaseTransition");

export const ZPhaseEvent = z
  .object({
    seq: z.number().int(),
    action: z.enum(PHASE_ACTIONS),
    fromStatus: z.enum(PHASE_STATUSES),
    toStatus: z.enum(PHASE_STATUSES),
    reason: z.enum(SUSPENSION_REASONS).nullable(),
    countryCode: z.string().nullable(),
    note: z.string().nullable(),
    at: z.string(),
    by: z.string().uuid().nullable(),
  })
  .openapi("PhaseEvent");
export type PhaseEvent = z.infer<typeof ZPhaseEvent>;

export const ZPhaseHistory = z.object({ items: z.array(ZPhaseEvent) }).openapi("PhaseHistory");

export const ZExposure = z
  .object({
    items: z.array(
      z.object({
        countryCode: z.string(),
        /** Phases stopped now because of this country's situation. */
        suspendedPhases: z.array(z.object({ projectCode: z.string(), seq: z.number().int(), reason: z.enum(SUSPENSION_REASONS).nullable(), since: z.string() })),
        /** Every project with a party in the country: all are exposed to the same situation. */
        exposedProjects: z.array(z.object({ code: z.string(), status: z.string(), budget: z.string().nullable(), currency: z.string(), spent: z.string() })),
      }),
    ),
  })
  .openapi("Exposure");
