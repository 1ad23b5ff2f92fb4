import { eq } from "drizzle-orm";
import type { Job, JobHandlers } from "../../core/jobs/index.js";
import type { ServiceContext } from "../../core/context.js";
import { agreements } from "../../db/schema/fund.js";
import { obligations } from "../../db/schema/obligations.js";
import { notify } from "../inbox/notify.js";

/**
 * The obligation a timer is about, if the timer still stands: an obligation fulfilled (or
 * assessed) meanwhile, or one whose due date moved after the job was set, gets no message.
 */
async function stillOpen(ctx: ServiceContext, job: Job) {
  const id = String(job.payload.obligationId ?? "");
  const [row] = await ctx.db
    .select({ o: obligations, agreementCode: agreements.code })
    .from(obligations)
    .innerJoin(agreements, eq(agreements.id, obligations.agreementId))
    .where(eq(obligations.id, id));
  if (!row || row.o.status !== null || row.o.dueDate !== job.payload.dueDate) return undefined;
  return row;
}

/** Timers of obligations, by job kind. */
export const obligationJobs: JobHandlers = {
  "obligation.reminder": async (ctx, job) => {
    const row = await stillOpen(ctx, job);
    if (!row) return;
    await notify(ctx, [{ orgId: row.o.ownerActorId }], {
      message: "obligation_reminder",
      params: { code: row.o.code, title: row.o.title.en, dueDate: row.o.dueDate, days: Number(job.payload.days ?? 0) },
      entity: "obligation",
      entityId: row.o.id,
      link: `/agreements/${row.agreementCode}`,
    });
  },
  "obligation.overdue": async (ctx, job) => {
    const row = await stillOpen(ctx, job);
    if (!row) return;
    await notify(ctx, [{ orgId: row.o.ownerActorId }, { role: "secretariat" }], {
      message: "obligation_overdue",
      params: { code: row.o.code, title: row.o.title.en, dueDate: row.o.dueDate },
      entity: "obligation",
      entityId: row.o.id,
      link: `/agreements/${row.agreementCode}`,
    });
  },
};
