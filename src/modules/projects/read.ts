import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { readAll, type Principal, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { canSee, visibilityFilter } from "../../core/policy/index.js";
import type { Db } from "../../db/client.js";
import { actors } from "../../db/schema/actors.js";
import { mechanisms, pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import { phases, progressReports, projectCountries, projectParties, projects, transactions, type ProjectStatus } from "../../db/schema/projects.js";
import { ilikeAny, ilikeJson, isUuid, likePattern } from "../shared/refs.js";
import { parseSort, type Page } from "../shared/schemas.js";
import { projectAgreements } from "./agreement-list.js";
import type { Project, ProjectSummary, ZProjectListQuery } from "./schemas.js";

/**
 * Statuses in which a project is shown on the public portal: once approved, never as a proposal.
 * A terminated project stays public, with its sunk cost: the public should see what failed too.
 */
export const PUBLISHED_STATUSES: readonly ProjectStatus[] = ["approved", "active", "suspended", "completed", "terminated"];

const published = sql`${projects.status} in ('approved','active','suspended','completed','terminated')`;
/** The project names the organisation: it owns it or is one of its parties. */
const projectNamesOrg = (orgId: string) =>
  sql`(${projects.ownerOrgId} = ${orgId} or exists (select 1 from ${projectParties} pp where pp.project_id = ${projects.id} and pp.actor_id = ${orgId}))`;

export const projectVisibility = (p: Principal) => visibilityFilter(p, { visibility: projects.visibility, published }, projectNamesOrg);

/**
 * A project's countries: its recipient countries where it has them (imported projects), else the
 * countries of its parties. The portfolio's by-country figures and the list's country filter use
 * the same rule (see projectInCountry), so a dashboard bar opens the projects it counts.
 */
export const countriesOf = sql<string[]>`coalesce(
  (select array_agg(pc.country_code order by pc.country_code) from ${projectCountries} pc where pc.project_id = ${projects.id}),
  (select array_agg(distinct a.country_code order by a.country_code) from ${projectParties} pp join ${actors} a on a.id = pp.actor_id where pp.project_id = ${projects.id} and a.country_code is not null),
  '{}')`;

/**
 * The project is in the country: a recipient, or, for a project without recipients, a party's
 * country. Read from `projects.country_codes`, which the portfolio's refresh writes from exactly
 * this rule when the writing transaction commits (migration 0012), so the filter is an index lookup.
 */
export const projectInCountry = (code: string) => sql`${projects.countryCodes} @> array[${code}]::text[]`;

const summaryColumns = {
  id: projects.id,
  code: projects.code,
  mechanismCode: mechanisms.code,
  pillarCode: pillars.code,
  priorityAreaCode: priorityAreas.code,
  title: projects.title,
  sector: projects.sector,
  status: projects.status,
  visibility: projects.visibility,
  startDate: projects.startDate,
  endDate: projects.endDate,
  budget: projects.budget,
  currency: projects.currency,
  ownerOrgId: projects.ownerOrgId,
  countries: countriesOf,
  externalSource: projects.externalSource,
  isSample: projects.isSample,
  version: projects.version,
  updatedAt: projects.updatedAt,
};

const toSummary = (r: Omit<ProjectSummary, "updatedAt"> & { updatedAt: Date }): ProjectSummary => ({ ...r, updatedAt: r.updatedAt.toISOString() });

const baseQuery = (db: Db) =>
  db
    .select(summaryColumns)
    .from(projects)
    .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
    .leftJoin(pillars, eq(pillars.id, projects.pillarId))
    .leftJoin(priorityAreas, eq(priorityAreas.id, projects.priorityAreaId));

/** The filters of the project list, without paging and sorting: what an export of the list takes too. */
export type ProjectListFilter = Omit<z.infer<typeof ZProjectListQuery>, "limit" | "offset" | "sort">;

/**
 * The list's WHERE condition: what the caller may see, narrowed by the filters. Shared by the list
 * and the exports of it, so an export can never hold more than the list shows. The query must join
 * mechanisms and (left) pillars and priority areas, as the list does.
 */
export function projectListCondition(principal: Principal, query: ProjectListFilter): SQL | undefined {
  const where: (SQL | undefined)[] = [projectVisibility(principal)];
  if (query.mechanism) where.push(isUuid(query.mechanism) ? eq(mechanisms.id, query.mechanism) : eq(mechanisms.code, query.mechanism));
  if (query.status) where.push(eq(projects.status, query.status));
  if (query.year) where.push(sql`${projects.startDate} >= ${`${query.year}-01-01`}::date and ${projects.startDate} < ${`${query.year + 1}-01-01`}::date`);
  if (query.visibility) where.push(eq(projects.visibility, query.visibility));
  if (query.pillar) where.push(eq(pillars.code, query.pillar));
  if (query.area) where.push(eq(priorityAreas.code, query.area));
  if (query.country)
    where.push(projectInCountry(query.country.toUpperCase()));
  if (query.actor) {
    const actorCond = isUuid(query.actor) ? sql`a.id = ${query.actor}` : sql`a.code = ${query.actor}`;
    where.push(sql`exists (select 1 from ${projectParties} pp join ${actors} a on a.id = pp.actor_id where pp.project_id = ${projects.id} and ${actorCond})`);
  }
  if (query.q)
    // search_text holds the code and every title one per line in lower case, trigram-indexed: a
    // term without a line break, lowered, is LIKE it exactly when it is ILIKE the code or a title.
    where.push(
      query.q.includes("\n")
        ? sql`(${ilikeAny(projects.code, query.q)} or ${ilikeJson(projects.title, query.q)})`
        : sql`${projects.searchText} like lower(${likePattern(query.q)})`,
    );
  return and(...where);
}

export async function listProjects(ctx: ServiceContext, query: z.infer<typeof ZProjectListQuery>): Promise<Page<ProjectSummary>> {
  const cond = projectListCondition(ctx.principal, query);
  const { field, desc: d } = parseSort(query.sort, ["code", "startDate", "budget", "updatedAt", "status"]);
  const col = { code: projects.code, startDate: projects.startDate, budget: projects.budget, updatedAt: projects.updatedAt, status: projects.status }[field];
  const order = [d ? sql`${col} desc nulls last` : sql`${col} asc nulls last`, asc(projects.id)];
  // The page is chosen on the ids and the sort key alone, so sorting thousands of matches moves
  // narrow rows; only the page's rows are then read whole. The total is counted beside it.
  const [page, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () => ctx.db
      .select({ id: projects.id })
      .from(projects)
      .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
      .leftJoin(pillars, eq(pillars.id, projects.pillarId))
      .leftJoin(priorityAreas, eq(priorityAreas.id, projects.priorityAreaId))
      .where(cond)
      .orderBy(...order)
      .limit(query.limit)
      .offset(query.offset),
    () => ctx.db
      .select({ total: count() })
      .from(projects)
      .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
      .leftJoin(pillars, eq(pillars.id, projects.pillarId))
      .leftJoin(priorityAreas, eq(priorityAreas.id, projects.priorityAreaId))
      .where(cond),
  ]);
  const ids = page.map((r) => r.id);
  const rows = ids.length ? await baseQuery(ctx.db).where(inArray(projects.id, ids)) : [];
  const at = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
  return { items: rows.map(toSummary), total, limit: query.limit, offset: query.offset };
}

/** Loads a project the caller may see; one the caller may not see is reported as not found. */
export async function findVisibleProject(ctx: ServiceContext, ref: string) {
  const [row] = await ctx.db.select().from(projects).where(isUuid(ref) ? eq(projects.id, ref) : eq(projects.code, ref));
  if (!row) throw notFound("project", ref);
  const parties = await ctx.db.select({ actorId: projectParties.actorId }).from(projectParties).where(eq(projectParties.projectId, row.id));
  const visible = canSee(ctx.principal, {
    visibility: row.visibility,
    orgIds: [row.ownerOrgId, ...parties.map((p) => p.actorId)],
    published: PUBLISHED_STATUSES.includes(row.status),
  });
  if (!visible) throw notFound("project", ref);
  return { row, partyOrgIds: parties.map((p) => p.actorId) };
}

export async function getProject(ctx: ServiceContext, ref: string): Promise<Project> {
  const { row } = await findVisibleProject(ctx, ref);
  const [[summary], parties, phaseRows, txRows, reportRows, totals, recipients] = await readAll(ctx, [
    () => baseQuery(ctx.db).where(eq(projects.id, row.id)),
    () => ctx.db
      .select({ actorId: actors.id, actorCode: actors.code, actorName: actors.name, actorType: actors.type, countryCode: actors.countryCode, role: projectParties.role })
      .from(projectParties)
      .innerJoin(actors, eq(actors.id, projectParties.actorId))
      .where(eq(projectParties.projectId, row.id))
      .orderBy(sql`case ${projectParties.role} when 'lead' then 0 when 'partner' then 1 when 'funder' then 2 when 'implementer' then 3 else 4 end`, asc(actors.code)),
    () => ctx.db.select().from(phases).where(eq(phases.projectId, row.id)).orderBy(asc(phases.seq)),
    () => ctx.db.select().from(transactions).where(eq(transactions.projectId, row.id)).orderBy(asc(transactions.valueDate), asc(transactions.createdAt)),
    () => ctx.db.select().from(progressReports).where(eq(progressReports.projectId, row.id)).orderBy(desc(progressReports.periodEnd)),
    () => ctx.db
      .select({ type: transactions.type, currency: transactions.currency, value: sql<string>`sum(${transactions.value})::text` })
      .from(transactions)
      .where(eq(transactions.projectId, row.id))
      .groupBy(transactions.type, transactions.currency)
      .orderBy(transactions.type, transactions.currency),
    () => ctx.db.select().from(projectCountries).where(eq(projectCountries.projectId, row.id)).orderBy(desc(projectCountries.percentage), asc(projectCountries.countryCode)),
  ]);
  return {
    ...toSummary(summary!),
    description: row.description,
    source: row.source,
    externalSource: row.externalSource,
    externalId: row.externalId,
    recipientCountries: recipients.map((r) => ({ code: r.countryCode, percentage: r.percentage })),
    iati: row.externalSource === "iati" ? row.externalDetail : null,
    externalDetail: row.externalSource === "iati" ? null : row.externalDetail,
    parties,
    phases: phaseRows.map((p) => ({ id: p.id, seq: p.seq, name: p.name, status: p.status, startDate: p.startDate, endDate: p.endDate, budget: p.budget, deliverables: p.deliverables, version: p.version })),
    transactions: txRows.map((t) => ({
      id: t.id,
      phaseId: t.phaseId,
      type: t.type,
      instrument: t.instrument,
      value: t.value,
      currency: t.currency,
      valueDate: t.valueDate,
      providerActorId: t.providerActorId,
      receiverActorId: t.receiverActorId,
      description: t.description,
    })),
    reports: reportRows.map((r) => ({
      id: r.id,
      phaseId: r.phaseId,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      dueDate: r.dueDate,
      submittedAt: r.submittedAt.toISOString(),
      late: r.submittedAt.toISOString().slice(0, 10) > r.dueDate,
      status: r.status,
      narrative: r.narrative,
      spending: r.spending,
      reviewComment: r.reviewComment,
      indicators: r.indicators,
    })),
    totals,
    agreements: await projectAgreements(ctx, row.id),
    termination:
      row.terminatedAt && row.terminationReason
        ? {
            at: row.terminatedAt.toISOString(),
            reason: row.terminationReason,
            sunkCost: totals.filter((t) => t.type === "disbursement").map((t) => ({ currency: t.currency, value: t.value })),
          }
        : null,
  };
}
