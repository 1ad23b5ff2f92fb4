import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { readAll, type Principal, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { isUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { agreementParties, agreements } from "../../db/schema/fund.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { obligationFulfilments, obligations } from "../../db/schema/obligations.js";
import { projects } from "../../db/schema/projects.js";
import { findVisibleProject, projectVisibility } from "../projects/read.js";
import { ilikeAny, ilikeJson, isUuid } from "../shared/refs.js";
import type { Page } from "../shared/schemas.js";
import { fulfilmentRates } from "./rate.js";
import { isOverdue } from "./rules.js";
import type { AgreementDetail, AgreementSummary, Obligation, RateRow, ZAgreementListQuery, ZObligationListQuery } from "./schemas.js";
import { findActor } from "../actors/read.js";

export const today = (ctx: ServiceContext) => ctx.now().toISOString().slice(0, 10);

/**
 * The SQL form of canSeeAgreement: a project's agreement follows its project's visibility; a
 * standalone one (an MoU under a mechanism) is for signed-in users.
 */
export function agreementVisibility(p: Principal): SQL | undefined {
  if (p.kind === "system") return undefined;
  const viaProject = sql`exists (select 1 from ${projects} where ${projects.id} = ${agreements.projectId} and ${projectVisibility(p) ?? sql`true`})`;
  return isUser(p) ? or(isNull(agreements.projectId), viaProject) : viaProject;
}

type AgreementRow = typeof agreements.$inferSelect;

/** Loads an agreement the caller may see; one it may not see is not found. */
export async function findVisibleAgreement(ctx: ServiceContext, ref: string): Promise<AgreementRow> {
  const [row] = await ctx.db.select().from(agreements).where(isUuid(ref) ? eq(agreements.id, ref) : eq(agreements.code, ref));
  if (!row) throw notFound("agreement", ref);
  if (row.projectId) {
    await findVisibleProject(ctx, row.projectId).catch(() => {
      throw notFound("agreement", ref);
    });
  } else if (ctx.principal.kind !== "system" && !isUser(ctx.principal)) throw notFound("agreement", ref);
  return row;
}

export async function signatoryIds(ctx: ServiceContext, agreementId: string): Promise<string[]> {
  const rows = await ctx.db.select({ actorId: agreementParties.actorId }).from(agreementParties).where(eq(agreementParties.agreementId, agreementId));
  return rows.map((r) => r.actorId);
}

/** A project's agreement stands under the project's mechanism. Needs agreements and (left) projects joined. */
const mechanismOfAgreement = sql`${mechanisms.id} = coalesce(${agreements.mechanismId}, ${projects.mechanismId})`;

const summaryColumns = { a: agreements, mechanismCode: mechanisms.code, projectCode: projects.code };

export async function listAgreements(ctx: ServiceContext, query: z.infer<typeof ZAgreementListQuery>): Promise<Page<AgreementSummary>> {
  const where: (SQL | undefined)[] = [agreementVisibility(ctx.principal)];
  if (query.mechanism) where.push(isUuid(query.mechanism) ? eq(mechanisms.id, query.mechanism) : eq(mechanisms.code, query.mechanism));
  if (query.project) where.push(isUuid(query.project) ? eq(projects.id, query.project) : eq(projects.code, query.project));
  if (query.actor) {
    const actorCond = isUuid(query.actor) ? sql`x.id = ${query.actor}` : sql`x.code = ${query.actor}`;
    where.push(sql`exists (select 1 from ${agreementParties} ap join ${actors} x on x.id = ap.actor_id where ap.agreement_id = ${agreements.id} and ${actorCond})`);
  }
  if (query.q) where.push(or(ilikeAny(agreements.code, query.q), ilikeJson(agreements.title, query.q)));
  const cond = and(...where);
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () => ctx.db
      .select(summaryColumns)
      .from(agreements)
      .leftJoin(projects, eq(projects.id, agreements.projectId))
      .leftJoin(mechanisms, mechanismOfAgreement)
      .where(cond)
      .orderBy(desc(agreements.signedOn), asc(agreements.code))
      .limit(query.limit)
      .offset(query.offset),
    () => ctx.db
      .select({ total: count() })
      .from(agreements)
      .leftJoin(projects, eq(projects.id, agreements.projectId))
      .leftJoin(mechanisms, mechanismOfAgreement)
      .where(cond),
  ]);
  const parties = await signatoriesOf(ctx, rows.map((r) => r.a.id));
  return { items: rows.map((r) => toSummary(r.a, r.mechanismCode, r.projectCode, parties.get(r.a.id) ?? [])), total, limit: query.limit, offset: query.offset };
}

export async function getAgreement(ctx: ServiceContext, ref: string): Promise<AgreementDetail> {
  const row = await findVisibleAgreement(ctx, ref);
  const [[names], parties, obs] = await readAll(ctx, [
    () => ctx.db
      .select({ mechanismCode: mechanisms.code, projectCode: projects.code })
      .from(agreements)
      .leftJoin(projects, eq(projects.id, agreements.projectId))
      .leftJoin(mechanisms, mechanismOfAgreement)
      .where(eq(agreements.id, row.id)),
    () => signatoriesOf(ctx, [row.id]),
    () => obligationsWhere(ctx, eq(obligations.agreementId, row.id)),
  ]);
  return { ...toSummary(row, names?.mechanismCode ?? null, names?.projectCode ?? null, parties.get(row.id) ?? []), description: row.description, obligations: obs };
}

async function signatoriesOf(ctx: ServiceContext, ids: string[]) {
  const out = new Map<string, AgreementSummary["signatories"]>();
  if (!ids.length) return out;
  const rows = await ctx.db
    .select({ agreementId: agreementParties.agreementId, actorCode: actors.code, actorName: actors.name })
    .from(agreementParties)
    .innerJoin(actors, eq(actors.id, agreementParties.actorId))
    .where(inArray(agreementParties.agreementId, ids))
    .orderBy(asc(actors.code));
  for (const { agreementId, ...p } of rows) out.set(agreementId, [...(out.get(agreementId) ?? []), p]);
  return out;
}

const toSummary = (a: AgreementRow, mechanismCode: string | null, projectCode: string | null, signatories: AgreementSummary["signatories"]): AgreementSummary => ({
  id: a.id,
  code: a.code,
  kind: a.kind,
  mechanismCode,
  projectCode,
  title: a.title,
  signedOn: a.signedOn,
  signatories,
});

/** Obligations matching `cond` (already restricted to what the caller may see), with their histories. */
async function obligationsWhere(ctx: ServiceContext, cond: SQL | undefined, page?: { limit: number; offset: number }): Promise<Obligation[]> {
  const base = ctx.db
    .select({ o: obligations, agreementCode: agreements.code, ownerCode: actors.code, ownerName: actors.name })
    .from(obligations)
    .innerJoin(agreements, eq(agreements.id, obligations.agreementId))
    .innerJoin(actors, eq(actors.id, obligations.ownerActorId))
    .where(cond)
    .orderBy(asc(obligations.dueDate), asc(obligations.code));
  const rows = page ? await base.limit(page.limit).offset(page.offset) : await base;
  if (!rows.length) return [];
  const history = await ctx.db
    .select()
    .from(obligationFulfilments)
    .where(inArray(obligationFulfilments.obligationId, rows.map((r) => r.o.id)))
    .orderBy(asc(obligationFulfilments.ordinal));
  const day = today(ctx);
  return rows.map((r) => ({
    id: r.o.id,
    code: r.o.code,
    agreementCode: r.agreementCode,
    ownerCode: r.ownerCode,
    ownerName: r.ownerName,
    title: r.o.title,
    description: r.o.description,
    dueDate: r.o.dueDate,
    status: r.o.status,
    overdue: isOverdue(r.o.status, r.o.dueDate, day),
    fulfilments: history
      .filter((h) => h.obligationId === r.o.id)
      .map((h) => ({ status: h.status, fulfilledOn: h.fulfilledOn, evidence: h.evidence, evidenceUrl: h.evidenceUrl, recordedAt: h.recordedAt.toISOString() })),
    version: r.o.version,
  }));
}

export async function findVisibleObligation(ctx: ServiceContext, ref: string) {
  const [row] = await ctx.db.select().from(obligations).where(isUuid(ref) ? eq(obligations.id, ref) : eq(obligations.code, ref));
  if (!row) throw notFound("obligation", ref);
  const agreement = await findVisibleAgreement(ctx, row.agreementId).catch(() => {
    throw notFound("obligation", ref);
  });
  return { row, agreement };
}

export async function getObligation(ctx: ServiceContext, ref: string): Promise<Obligation> {
  const { row } = await findVisibleObligation(ctx, ref);
  const [o] = await obligationsWhere(ctx, eq(obligations.id, row.id));
  return o!;
}

export async function listObligations(ctx: ServiceContext, query: z.infer<typeof ZObligationListQuery>): Promise<Page<Obligation>> {
  const day = today(ctx);
  const where: (SQL | undefined)[] = [agreementVisibility(ctx.principal)];
  if (query.owner) where.push(isUuid(query.owner) ? eq(actors.id, query.owner) : eq(actors.code, query.owner));
  if (query.agreement) where.push(isUuid(query.agreement) ? eq(agreements.id, query.agreement) : eq(agreements.code, query.agreement));
  if (query.status === "open") where.push(isNull(obligations.status));
  else if (query.status === "overdue") where.push(and(isNull(obligations.status), lt(obligations.dueDate, day)));
  else if (query.status) where.push(eq(obligations.status, query.status));
  if (query.dueBefore) where.push(lte(obligations.dueDate, query.dueBefore));
  if (query.q) where.push(or(ilikeAny(obligations.code, query.q), ilikeJson(obligations.title, query.q)));
  const cond = and(...where);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: count() })
    .from(obligations)
    .innerJoin(agreements, eq(agreements.id, obligations.agreementId))
    .innerJoin(actors, eq(actors.id, obligations.ownerActorId))
    .where(cond);
  return { items: await obligationsWhere(ctx, cond, query), total, limit: query.limit, offset: query.offset };
}

/**
 * Fulfilment rates of the obligations the caller may see, per owner and year of due date;
 * narrowed to one actor or to the agreements under one mechanism.
 */
/** One actor's performance and commitment record (GET /actors/{ref}/fulfilment). */
export async function actorFulfilment(ctx: ServiceContext, ref: string): Promise<{ items: RateRow[] }> {
  const actor = await findActor(ctx.db, ref);
  return { items: await fulfilmentRateRows(ctx, { actorId: actor.id }) };
}

export async function fulfilmentRateRows(ctx: ServiceContext, filter: { actorId?: string; mechanism?: string }): Promise<RateRow[]> {
  const where: (SQL | undefined)[] = [agreementVisibility(ctx.principal)];
  if (filter.actorId) where.push(eq(obligations.ownerActorId, filter.actorId));
  if (filter.mechanism) where.push(isUuid(filter.mechanism) ? eq(mechanisms.id, filter.mechanism) : eq(mechanisms.code, filter.mechanism));
  const rows = await ctx.db
    .select({ dueDate: obligations.dueDate, status: obligations.status, actorId: actors.id, actorCode: actors.code, actorName: actors.name })
    .from(obligations)
    .innerJoin(agreements, eq(agreements.id, obligations.agreementId))
    .innerJoin(actors, eq(actors.id, obligations.ownerActorId))
    .leftJoin(projects, eq(projects.id, agreements.projectId))
    .leftJoin(mechanisms, mechanismOfAgreement)
    .where(and(...where))
    .orderBy(asc(actors.code), asc(obligations.dueDate));
  return fulfilmentRates(
    rows.map((r) => ({ actor: { actorCode: r.actorCode, actorName: r.actorName }, actorKey: r.actorId, dueDate: r.dueDate, status: r.status })),
    today(ctx),
  ).map(({ actor, ...c }) => ({ ...actor, ...c }));
}
