import { eq, sql } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { authorize, policies } from "../../core/policy/index.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { updateVersioned } from "../shared/versioned.js";
import { findMechanism, getMechanism } from "./read.js";
import type { Mechanism } from "./schemas.js";

const ZDays = z.number().int().min(1).max(3650);

/** The rules a mechanism sets for its procedures; each field is replaced when given. */
export const ZMechanismSettings = z
  .object({
    consultationMonths: z.number().int().min(1).max(60).optional().openapi({ description: "Prior consultation period in months" }),
    disputeStageDays: z
      .object({ negotiation: ZDays, joint_committee: ZDays, third_party: ZDays, arbitration: ZDays })
      .partial()
      .strict()
      .optional()
      .openapi({ description: "Days each dispute stage runs; stages not named keep their days" }),
    disputeAutoEscalate: z.boolean().optional().openapi({ description: "Escalate a dispute when its stage deadline passes unsettled" }),
    reminderDays: z
      .array(z.number().int().min(0).max(365))
      .max(10)
      .refine((a) => new Set(a).size === a.length, "duplicate_days")
      .optional()
      .openapi({ description: "Days before an obligation's due date its owner is reminded" }),
  })
  .strict()
  .openapi("MechanismSettings");

/**
 * Changes a mechanism's procedural settings (staff). With If-Match the change applies only to
 * that version; without, it applies to the current one, since each field is set whole.
 */
export async function updateMechanismSettings(ctx: ServiceContext, ref: string, ifMatch: string | undefined, raw: z.input<typeof ZMechanismSettings>): Promise<Mechanism> {
  authorize(ctx.principal, policies.mechanism.write(ctx.principal), "update", "mechanism");
  const input = ZMechanismSettings.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const before = await findMechanism(tx.db, ref);
    const values = {
      ...(input.consultationMonths !== undefined ? { consultationMonths: input.consultationMonths } : {}),
      ...(input.disputeStageDays ? { disputeStageDays: { ...before.disputeStageDays, ...input.disputeStageDays } } : {}),
      ...(input.disputeAutoEscalate !== undefined ? { disputeAutoEscalate: input.disputeAutoEscalate } : {}),
      ...(input.reminderDays ? { reminderDays: [...input.reminderDays].sort((a, b) => b - a) } : {}),
    };
    const now = tx.now();
    const after = ifMatch
      ? await updateVersioned(tx.db, mechanisms, "mechanism", before.id, ifMatch, values, now)
      : (await tx.db.update(mechanisms).set({ ...values, version: sql`${mechanisms.version} + 1`, updatedAt: now }).where(eq(mechanisms.id, before.id)).returning())[0];
    const settings = (m: typeof before) => ({ consultationMonths: m.consultationMonths, disputeStageDays: m.disputeStageDays, disputeAutoEscalate: m.disputeAutoEscalate, reminderDays: m.reminderDays });
    await audit(tx, { entity: "mechanism", entityId: before.id, action: "settings", before: settings(before), after: after ? settings(after) : undefined });
    return getMechanism(tx, before.id);
  });
}
