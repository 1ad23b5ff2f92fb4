import { and, asc, count, desc, eq, or, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { readAll, type Principal, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { isStaff, isUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { applicationParties, applications, attachments, calls, reviews } from "../../db/schema/fund.js";
import { mechanisms, pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import { projects } from "../../db/schema/projects.js";
import { users } from "../../db/schema/users.js";
import { ilikeAny, ilikeJson, isUuid } from "../shared/refs.js";
import type { Page } from "../shared/schemas.js";
import { reviewSummary, weightedTotal } from "./rules.js";
import type { Application, ApplicationSummary, ZApplicationListQuery } from "./schemas.js";
import type { ApplicationState } from "./workflow.js";

/**
 * Applications are not public. Staff see all of them; officers and other users of the
 * organisations on an application see it; a reviewer sees the ones assigned to them.
 */
export function applicationFilter(p: Principal): SQL | undefined {
  if (isStaff(p)) return undefined;
  if (!isUser(p)) return sql`false`;
  return or(
    sql`exists (select 1 from ${applicationParties} ap where ap.application_id = ${applications.id} and ap.actor_id = ${p.orgId})`,
    sql`exists (select 1 from ${reviews} r where r.application_id = ${applications.id} and r.reviewer_id = ${p.userId})`,
  );
}

/** Finds an application the caller may see, or 404 (never 403, so its existence does not leak). */
export async function findVisibleApplication(ctx: ServiceContext, ref: string) {
  const [found] = await ctx.db
    .select({ app: applications, call: calls })
    .from(applications)
    .innerJoin(calls, eq(calls.id, applications.callId))
    .where(and(isUuid(ref) ? eq(applications.id, ref) : eq(applications.code, ref), applicationFilter(ctx.principal)));
  if (!found) throw notFound("application", ref);
  return found;
}

export async function getApplication(ctx: ServiceContext, ref: string): Promise<Application> {
  const { app, call } = await findVisibleApplication(ctx, ref);
  const [parties, reviewRows, [extra]] = await readAll(ctx, [
    () => ctx.db
      .select({ actorCode: actors.code, actorName: actors.name, countryCode: actors.countryCode, role: applicationParties.role })
      .from(applicationParties)
      .innerJoin(actors, eq(actors.id, applicationParties.actorId))
      .where(eq(applicationParties.applicationId, app.id))
      .orderBy(sql`case ${applicationParties.role} when 'lead' then 0 else 1 end`, asc(actors.code)),
    () => ctx.db
      .select({ r: reviews, reviewerName: users.name })
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.reviewerId))
      .where(eq(reviews.applicationId, app.id))
      .orderBy(asc(reviews.assignedAt), asc(users.name)),
    () => ctx.db
      .select({ mechanismCode: mechanisms.code, pillarCode: pillars.code, areaCode: priorityAreas.code, projectCode: projects.code })
      .from(mechanisms)
      .leftJoin(pillars, eq(pillars.id, sql`${app.pillarId}`))
      .leftJoin(priorityAreas, eq(priorityAreas.id, sql`${app.priorityAreaId}`))
      .leftJoin(projects, eq(projects.id, sql`${app.projectId}`))
      .where(eq(mechanisms.id, call.mechanismId)),
  ]);
  const p = ctx.principal;
  const staff = isStaff(p);
  const all = reviewRows.map(({ r, reviewerName }) => ({
    reviewerId: r.reviewerId,
    reviewerName,
    submitted: r.submittedAt !== null,
    scores: r.scores,
    comment: r.comment,
    total: r.scores ? weightedTotal(call.rubric, r.scores) : null,
  }));
  // Reviewers score independently: each sees only their own review; applicants see none.
  const shown = staff ? all : all.filter((r) => isUser(p) && r.reviewerId === p.userId);
  const totals = all.filter((r) => r.total !== null).map((r) => r.total!);
  return {
    id: app.id,
    code: app.code,
    callCode: call.code,
    mechanismCode: extra!.mechanismCode,
    title: app.title,
    summary: app.summary,
    status: app.status as ApplicationState,
    parties,
    pillarCode: extra!.pillarCode,
    priorityAreaCode: extra!.areaCode,
    requested: app.requested,
    currency: call.currency,
    startDate: app.startDate,
    endDate: app.endDate,
    phases: app.phases,
    screening: app.screening,
    decisionReason: app.decisionReason,
    submittedAt: app.submittedAt?.toISOString() ?? null,
    decidedAt: app.decidedAt?.toISOString() ?? null,
    projectCode: extra!.projectCode,
    attachments: await listAttachments(ctx, app.id),
    reviews: shown,
    scoring: staff ? reviewSummary(totals, Number(call.moderationSpread)) : null,
    version: app.version,
  };
}

export async function listApplications(ctx: ServiceContext, query: z.infer<typeof ZApplicationListQuery>): Promise<Page<ApplicationSummary>> {
  const where: (SQL | undefined)[] = [applicationFilter(ctx.principal)];
  if (query.call) where.push(isUuid(query.call) ? eq(calls.id, query.call) : eq(calls.code, query.call));
  if (query.status) where.push(eq(applications.status, query.status));
  if (query.q) where.push(or(ilikeJson(applications.title, query.q), ilikeAny(applications.code, query.q)));
  const cond = and(...where);
  const [rows, [total]] = await readAll(ctx, [
    () => ctx.db
      .select({ app: applications, callCode: calls.code, currency: calls.currency })
      .from(applications)
      .innerJoin(calls, eq(calls.id, applications.callId))
      .where(cond)
      .orderBy(desc(applications.updatedAt), asc(applications.code))
      .limit(query.limit)
      .offset(query.offset),
    () => ctx.db.select({ n: count() }).from(applications).innerJoin(calls, eq(calls.id, applications.callId)).where(cond),
  ]);
  return {
    items: rows.map(({ app, callCode, currency }) => ({
      id: app.id,
      code: app.code,
      callCode,
      title: app.title,
      status: app.status as ApplicationState,
      requested: app.requested,
      currency,
      submittedAt: app.submittedAt?.toISOString() ?? null,
      version: app.version,
    })),
    total: total?.n ?? 0,
    limit: query.limit,
    offset: query.offset,
  };
}

/** The countries and organisations on an application, for eligibility and conflict-of-interest checks. */
export async function applicationPartyFacts(ctx: ServiceContext, applicationId: string) {
  return ctx.db
    .select({ actorId: actors.id, countryCode: actors.countryCode, role: applicationParties.role })
    .from(applicationParties)
    .innerJoin(actors, eq(actors.id, applicationParties.actorId))
    .where(eq(applicationParties.applicationId, applicationId));
}


/** The documents attached to an application: their metadata, not their bytes. */
export async function listAttachments(ctx: ServiceContext, applicationId: string): Promise<Application["attachments"]> {
  const rows = await ctx.db
    .select({ id: attachments.id, filename: attachments.filename, contentType: attachments.contentType, size: attachments.size, sha256: attachments.sha256, uploadedAt: attachments.uploadedAt })
    .from(attachments)
    .where(eq(attachments.applicationId, applicationId))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.filename));
  return rows.map((r) => ({ ...r, uploadedAt: r.uploadedAt.toISOString() }));
}

