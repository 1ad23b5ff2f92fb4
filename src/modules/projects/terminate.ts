import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { authorize, isStaff, isUser } from "../../core/policy/index.js";
import { phaseEvents } from "../../db/schema/fund.js";
import { phases, projects } from "../../db/schema/projects.js";
import { findVisibleProject, getProject } from "./read.js";
import type { Project, ZProjectTerminate } from "./schemas.js";

/**
 * The secretariat stops a project for good: every open phase is cancelled (kept in its history)
 * and what was disbursed until now is reported as sunk cost (seed 002 H4).
 */
export async function terminateProject(ctx: ServiceContext, ref: string, input: z.infer<typeof ZProjectTerminate>): Promise<Project> {
  authorize(ctx.principal, isStaff(ctx.principal), "terminate", "project");
  return withTransaction(ctx, async (tx) => {
    const { row } = await findVisibleProject(tx, ref);
    const [before] = await tx.db.select().from(projects).where(eq(projects.id, row.id)).for("update");
    if (!before || !["approved", "active", "suspended"].includes(before.status)) {
      throw new AppError("conflict", { params: { entity: "project" }, details: [{ path: "status", code: "invalid_transition", message: "invalid_transition", from: before?.status ?? "?" }] });
    }
    const now = tx.now();
    const open = await tx.db.select().from(phases).where(and(eq(phases.projectId, before.id), inArray(phases.status, ["planned", "active", "suspended"]))).for("update");
    if (open.length) {
      await tx.db.update(phases).set({ status: "cancelled", version: sql`${phases.version} + 1`, updatedAt: now }).where(inArray(phases.id, open.map((p) => p.id)));
      await tx.db.insert(phaseEvents).values(
        open.map((p) => ({ phaseId: p.id, projectId: before.id, action: "cancel", fromStatus: p.status, toStatus: "cancelled" as const, note: input.reason, at: now, by: isUser(tx.principal) ? tx.principal.userId : null })),
      );
    }
    const [after] = await tx.db
      .update(projects)
      .set({ status: "terminated", terminatedAt: now, terminationReason: input.reason, version: sql`${projects.version} + 1`, updatedAt: now })
      .where(eq(projects.id, before.id))
      .returning();
    await audit(tx, { entity: "project", entityId: before.id, action: "terminate", before, after: { ...after, cancelledPhases: open.map((p) => p.seq) } });
    return getProject(tx, before.id);
  });
}
