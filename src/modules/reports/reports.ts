import { and, asc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, notFound } from "../../core/errors.js";
import { authorize, isStaff, isUser, requireUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { phases, progressReports, projectParties, projects } from "../../db/schema/projects.js";
import { findVisibleProject, projectVisibility } from "../projects/read.js";
import { isUuid } from "../shared/refs.js";
import { lateReports, reportPeriods, type LateReport } from "./schedule.js";
import type { ZLateReportQuery, ZReportReview } from "./schemas.js";

/**
 * Reports overdue today across the projects the caller may see: every reporting period of an
 * active or completed phase whose due date has passed with no report covering it.
 */
export async function listLateReports(ctx: ServiceContext, query: z.infer<typeof ZLateReportQuery>) {
  requireUser(ctx.principal);
  const late = await collectLateReports(ctx, query, ctx.now());
  return { items: late.slice(query.offset, query.offset + query.limit), total: late.length, limit: query.limit, offset: query.offset };
}

/** Every overdue period on `asOf` over the projects the caller may see (the annual report uses a year's end). */
export async function collectLateReports(ctx: ServiceContext, query: Pick<z.infer<typeof ZLateReportQuery>, "project" | "mechanism" | "country">, asOf: Date) {
  const where: (SQL | undefined)[] = [projectVisibility(ctx.principal), inArray(phases.status, ["active", "completed"]), isNotNull(phases.startDate)];
  if (query.project) where.push(isUuid(query.project) ? eq(projects.id, query.project) : eq(projects.code, query.project));
  if (query.mechanism) where.push(eq(mechanisms.code, query.mechanism));
  if (query.country) {
    where.push(sql`exists (select 1 from ${projectParties} pp join ${actors} a on a.id = pp.actor_id where pp.project_id = ${projects.id} and a.country_code = ${query.country.toUpperCase()})`);
  }
  const rows = await ctx.db
    .select({ phaseId: phases.id, seq: phases.seq, start: phases.startDate, end: phases.endDate, code: projects.code, title: projects.title, interval: projects.reportIntervalMonths })
    .from(phases)
    .innerJoin(projects, eq(projects.id, phases.projectId))
    .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
    .where(and(...where))
    .orderBy(asc(projects.code), asc(phases.seq));
  const today = asOf.toISOString().slice(0, 10);
  const reports = rows.length
    ? await ctx.db
        .select({ phaseId: progressReports.phaseId, periodStart: progressReports.periodStart, periodEnd: progressReports.periodEnd })
        .from(progressReports)
        .where(inArray(progressReports.phaseId, rows.map((r) => r.phaseId)))
    : [];
  const late: (LateReport & { projectCode: string; projectTitle: (typeof rows)[number]["title"]; seq: number })[] = [];
  for (const r of rows) {
    const end = r.end && r.end < today ? r.end : today;
    const periods = reportPeriods(r.start!, end, r.interval);
    for (const l of lateReports(periods, reports.filter((x) => x.phaseId === r.phaseId), today)) late.push({ ...l, projectCode: r.code, projectTitle: r.title, seq: r.seq });
  }
  late.sort((a, b) => b.daysLate - a.daysLate || a.projectCode.localeCompare(b.projectCode) || a.seq - b.seq);
  return late;
}

/** The secretariat accepts a submitted report, or returns it with what must change. */
export async function reviewReport(ctx: ServiceContext, ref: string, reportId: string, input: z.infer<typeof ZReportReview>) {
  authorize(ctx.principal, isStaff(ctx.principal), "review", "progress_report");
  return withTransaction(ctx, async (tx) => {
    const { row: project } = await findVisibleProject(tx, ref);
    const [before] = await tx.db.select().from(progressReports).where(and(eq(progressReports.id, reportId), eq(progressReports.projectId, project.id))).for("update");
    if (!before) throw notFound("progress_report", reportId);
    if (before.status !== "submitted") {
      throw new AppError("conflict", { params: { entity: "progress_report" }, details: [{ path: "decision", code: "invalid_transition", message: "invalid_transition", from: before.status }] });
    }
    const [after] = await tx.db
      .update(progressReports)
      .set({
        status: input.decision === "accept" ? "accepted" : "returned",
        reviewComment: input.comment ?? null,
        reviewedAt: tx.now(),
        reviewedBy: isUser(tx.principal) ? tx.principal.userId : null,
        version: sql`${progressReports.version} + 1`,
        updatedAt: tx.now(),
      })
      .where(eq(progressReports.id, before.id))
      .returning();
    await audit(tx, { entity: "progress_report", entityId: before.id, action: input.decision, before, after });
    return { id: after!.id, status: after!.status, reviewComment: after!.reviewComment, version: after!.version };
  });
}
