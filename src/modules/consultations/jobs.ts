import { eq } from "drizzle-orm";
import type { Job, JobHandlers } from "../../core/jobs/index.js";
import type { ServiceContext } from "../../core/context.js";
import { consultationParties, consultations } from "../../db/schema/consultations.js";
import { notify, type InboxTarget } from "../inbox/notify.js";

/** The consultation's two timers; their keys are `<kind>:<consultation id>`, so an extension moves them. */
export const DUE_SOON_JOB = "consultation-due-soon";
export const DUE_JOB = "consultation-due";

/**
 * Tells the secretariat and every party that a consultation period ends soon or has ended.
 * A timer left over from a closed consultation (or one re-armed by an extension) says nothing.
 */
const clockMessage =
  (message: string) =>
  async (ctx: ServiceContext, job: Job): Promise<void> => {
    const id = String(job.payload.consultationId ?? "");
    const [row] = await ctx.db.select().from(consultations).where(eq(consultations.id, id));
    if (!row || row.status !== "in_consultation" || !row.dueAt) return;
    const parties = await ctx.db.select({ actorId: consultationParties.actorId }).from(consultationParties).where(eq(consultationParties.consultationId, id));
    const targets: InboxTarget[] = [{ role: "secretariat" }, { orgId: row.proposerActorId }, ...parties.map((p) => ({ orgId: p.actorId }))];
    await notify(ctx, targets, {
      message,
      params: { code: row.code, due: row.dueAt.toISOString().slice(0, 10) },
      entity: "consultation",
      entityId: row.id,
      link: `/consultations/${row.code}`,
    });
  };

/** Timers of consultations, by job kind. */
export const consultationJobs: JobHandlers = {
  [DUE_SOON_JOB]: clockMessage("consultation_due_soon"),
  [DUE_JOB]: clockMessage("consultation_due"),
};
