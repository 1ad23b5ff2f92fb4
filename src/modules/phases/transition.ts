import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, notFound, ruleAt } from "../../core/errors.js";
import { requireUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { phaseEvents } from "../../db/schema/fund.js";
import { phases, projects, type PhaseStatus, type ProjectStatus } from "../../db/schema/projects.js";
import { findVisibleProject } from "../projects/read.js";
import type { PhaseEvent, ZPhaseTransition } from "./schemas.js";
import { phaseTransition, type PhaseAction, type SuspensionReason } from "./workflow.js";

/**
 * The project's status follows its phases: any active phase makes it active; otherwise a
 * suspended one makes it suspended. Other states (completed, terminated) are decided elsewhere.
 */
export function projectStatusAfter(current: ProjectStatus, phaseStatuses: PhaseStatus[]): ProjectStatus {
  if (phaseStatuses.includes("active")) return current === "approved" || current === "suspended" || current === "active" ? "active" : current;
  if (phaseStatuses.includes("suspended")) return current === "active" ? "suspended" : current;
  return current;
}

/** Moves a phase through its workflow, keeping every step in the phase's history. */
export async function transitionPhase(ctx: ServiceContext, ref: string, seq: number, input: z.infer<typeof ZPhaseTransition>) {
  const user = requireUser(ctx.principal);
  return withTransaction(ctx, async (tx) => {
    const { row: found, partyOrgIds } = await findVisibleProject(tx, ref);
    // Lock the project before its phase, in the order terminateProject and addTransaction lock
    // them: phase-then-project here deadlocked against those. Holding the project also makes
    // transitions of two phases at once take turns, so the second computes the project's status
    // from the first one's result instead of both from a stale read.
    const [project] = await tx.db.select().from(projects).where(eq(projects.id, found.id)).for("update");
    if (!project) throw notFound("project", ref);
    // Lock the phase: of two people acting at once, the second sees the first one's result.
    const [phase] = await tx.db.select().from(phases).where(and(eq(phases.projectId, project.id), eq(phases.seq, seq))).for("update");
    if (!phase) throw notFound("phase", `${project.code}/${seq}`);
    const step = phaseTransition(phase.status, input.action, user.role, user.orgId === project.ownerOrgId);
    if (!step.ok && step.code === "forbidden") throw new AppError("forbidden", { params: { action: input.action, entity: "phase" } });
    if (!step.ok) {
      throw new AppError("conflict", {
        params: { entity: "phase" },
        details: [{ path: "action", code: "invalid_transition", message: "invalid_transition", from: phase.status, action: input.action }],
      });
    }
    const country = input.action === "suspend" ? input.country!.toUpperCase() : null;
    if (country) {
      const named = partyOrgIds.length
        ? await tx.db.select({ c: actors.countryCode }).from(actors).where(and(inArray(actors.id, partyOrgIds), eq(actors.countryCode, country)))
        : [];
      if (!named.length) throw ruleAt("suspension_country_not_party", "country", { country });
    }
    const now = ctx.now();
    const [after] = await tx.db
      .update(phases)
      .set({ status: step.to, version: sql`${phases.version} + 1`, updatedAt: now })
      .where(eq(phases.id, phase.id))
      .returning();
    await tx.db.insert(phaseEvents).values({
      phaseId: phase.id,
      projectId: project.id,
      action: input.action,
      fromStatus: phase.status,
      toStatus: step.to,
      reason: input.action === "suspend" ? input.reason! : null,
      countryCode: country,
      note: input.note ?? null,
      at: now,
      by: user.userId,
    });
    const statuses = (await tx.db.select({ s: phases.status }).from(phases).where(eq(phases.projectId, project.id))).map((r) => r.s);
    const projectStatus = projectStatusAfter(project.status, statuses);
    if (projectStatus !== project.status) {
      await tx.db.update(projects).set({ status: projectStatus, version: sql`${projects.version} + 1`, updatedAt: now }).where(eq(projects.id, project.id));
      await audit(tx, { entity: "project", entityId: project.id, action: "status", before: { status: project.status }, after: { status: projectStatus } });
    }
    await audit(tx, { entity: "phase", entityId: phase.id, action: input.action, before: phase, after: { ...after, reason: input.reason, country, note: input.note } });
    return phaseHistory(tx, project.id, seq);
  });
}

/** Every status change of a project's phase, oldest first. */
export async function phaseHistory(ctx: ServiceContext, projectId: string, seq: number): Promise<{ items: PhaseEvent[] }> {
  const rows = await ctx.db
    .select({ e: phaseEvents, seq: phases.seq })
    .from(phaseEvents)
    .innerJoin(phases, eq(phases.id, phaseEvents.phaseId))
    .where(and(eq(phaseEvents.projectId, projectId), eq(phases.seq, seq)))
    .orderBy(asc(phaseEvents.ordinal));
  return {
    items: rows.map(({ e, seq: s }) => ({
      seq: s,
      action: e.action as PhaseAction,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason as SuspensionReason | null,
      countryCode: e.countryCode,
      note: e.note,
      at: e.at.toISOString(),
      by: e.by,
    })),
  };
}

/** The history of a phase the caller may see. */
export async function getPhaseHistory(ctx: ServiceContext, ref: string, seq: number) {
  const { row } = await findVisibleProject(ctx, ref);
  const [phase] = await ctx.db.select({ id: phases.id }).from(phases).where(and(eq(phases.projectId, row.id), eq(phases.seq, seq)));
  if (!phase) throw notFound("phase", `${row.code}/${seq}`);
  return phaseHistory(ctx, row.id, seq);
}

