import { eq } from "drizzle-orm";
import type { JobHandlers } from "../../core/jobs/index.js";
import { disputeParties, disputes } from "../../db/schema/disputes.js";
import { DISPUTE_STAGES, mechanisms } from "../../db/schema/mechanisms.js";
import { notify, type InboxTarget } from "../inbox/notify.js";
import { audienceOf } from "./read.js";
import { mediatorRequired, nextStage } from "./stages.js";
import { DISPUTE_DEADLINE_JOB, escalateCase } from "./write.js";

/** Timers of disputes, by job kind. */
export const disputeJobs: JobHandlers = {
  /**
   * A stage deadline passed. If the case is still open in that stage, it escalates where the
   * mechanism says so (and the next stage needs no mediator to be named); otherwise the parties
   * and the secretariat are told that escalation may be requested. A settled, withdrawn or
   * already escalated case is left alone.
   */
  [DISPUTE_DEADLINE_JOB]: async (ctx, job) => {
    const disputeId = String(job.payload.disputeId ?? "");
    const stage = DISPUTE_STAGES.find((s) => s === job.payload.stage);
    const [row] = await ctx.db.select().from(disputes).where(eq(disputes.id, disputeId));
    if (!row || !stage || row.status !== "open" || row.stage !== stage) return;
    const parties = await ctx.db.select({ id: disputeParties.actorId }).from(disputeParties).where(eq(disputeParties.disputeId, row.id));
    const [mech] = await ctx.db.select({ auto: mechanisms.disputeAutoEscalate }).from(mechanisms).where(eq(mechanisms.id, row.mechanismId));
    const next = nextStage(stage);
    const audience = audienceOf(row, parties);
    const msg = { entity: "dispute", entityId: row.id, link: `/disputes/${row.code}` };
    if (mech?.auto && next && !mediatorRequired(next)) {
      const to = await escalateCase(ctx, row, audience, {});
      const targets: InboxTarget[] = [...parties.map((p) => ({ orgId: p.id })), { role: "secretariat" }];
      if (row.mediatorActorId && !parties.some((p) => p.id === row.mediatorActorId)) targets.push({ orgId: row.mediatorActorId });
      await notify(ctx, targets, { ...msg, message: `dispute_escalated_${to}`, params: { code: row.code } });
      return;
    }
    const targets: InboxTarget[] = [...parties.map((p) => ({ orgId: p.id })), { role: "secretariat" }];
    if (row.mediatorActorId) targets.push({ orgId: row.mediatorActorId });
    await notify(ctx, targets, { ...msg, message: next ? "dispute_deadline_passed" : "dispute_final_deadline_passed", params: { code: row.code } });
  },
};
