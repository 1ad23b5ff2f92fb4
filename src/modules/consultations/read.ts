import { and, asc, count, desc, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { readAll, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { authorize, hasRole, isStaff, isUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { consultationEntries, consultationParties, consultations } from "../../db/schema/consultations.js";
import { events } from "../../db/schema/events.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { projects } from "../../db/schema/projects.js";
import { users } from "../../db/schema/users.js";
import { ilikeAny, ilikeJson, isUuid } from "../shared/refs.js";
import { parseSort, type Page } from "../shared/schemas.js";
import type { Consultation, ConsultationSummary, ZConsultationListQuery } from "./schemas.js";
import { nextMilestone, readClock, type Capacity } from "./workflow.js";

export type ConsultationRow = typeof consultations.$inferSelect;
type Brief = { actorId: string; code: string; name: ConsultationSummary["title"] };
export type Party = Brief & { countryCode: string | null; receivedAt: Date | null };

/** Consultations are internal: every signed-in user reads them, the public none. */
export function authorizeRead(ctx: ServiceContext) {
  authorize(ctx.principal, ctx.principal.kind === "system" || isUser(ctx.principal), "read", "consultation");
}

const byRef = (ref: string) => (isUuid(ref) ? eq(consultations.id, ref) : eq(consultations.code, ref));

/** The consultation row by id or code; `lock` holds it against a concurrent step. */
export async function findConsultation(ctx: ServiceContext, ref: string, lock = false): Promise<ConsultationRow> {
  const q = ctx.db.select().from(consultations).where(byRef(ref));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound("consultation", ref);
  return row;
}

export async function partiesOf(ctx: ServiceContext, ids: string[]): Promise<Map<string, Party[]>> {
  const out = new Map<string, Party[]>();
  if (!ids.length) return out;
  const rows = await ctx.db
    .select({ consultationId: consultationParties.consultationId, actorId: actors.id, code: actors.code, name: actors.name, countryCode: actors.countryCode, receivedAt: consultationParties.receivedAt })
    .from(consultationParties)
    .innerJoin(actors, eq(actors.id, consultationParties.actorId))
    .where(inArray(consultationParties.consultationId, ids))
    .orderBy(asc(actors.code));
  for (const { consultationId, ...p } of rows) out.set(consultationId, [...(out.get(consultationId) ?? []), p]);
  return out;
}

/** Whether an organisation speaks for a country: the country itself or a government body in it. */
async function orgOf(ctx: ServiceContext, orgId: string) {
  const [org] = await ctx.db.select({ id: actors.id, type: actors.type, countryCode: actors.countryCode }).from(actors).where(eq(actors.id, orgId));
  return org;
}
const speaksFor = (org: { id: string; type: string; countryCode: string | null } | undefined, country: { actorId: string; countryCode: string | null }) =>
  !!org && (org.id === country.actorId || (org.type === "government" && org.countryCode != null && org.countryCode === country.countryCode));

/**
 * The caller's capacities in a consultation, and which affected party (if any) its
 * organisation speaks for. Only officers act for a country; reviewers and analysts only read.
 */
export async function capacitiesOf(ctx: ServiceContext, proposer: { actorId: string; countryCode: string | null }, parties: Party[]): Promise<{ as: Capacity[]; ownParty: Party | null }> {
  const as: Capacity[] = [];
  if (isStaff(ctx.principal)) as.push("staff");
  if (!hasRole(ctx.principal, "officer") || !isUser(ctx.principal)) return { as, ownParty: null };
  const org = await orgOf(ctx, ctx.principal.orgId);
  if (speaksFor(org, proposer)) as.push("proposer");
  const ownParty = parties.find((p) => speaksFor(org, p)) ?? null;
  if (ownParty) as.push("party");
  return { as, ownParty };
}

/** The proposing country's actor, with its country code for `capacitiesOf`. */
export async function proposerOf(ctx: ServiceContext, row: ConsultationRow) {
  const [a] = await ctx.db.select({ actorId: actors.id, code: actors.code, name: actors.name, countryCode: actors.countryCode }).from(actors).where(eq(actors.id, row.proposerActorId));
  return a!;
}

function toSummary(row: ConsultationRow, refs: { mechanismCode: string; projectCode: string | null; proposer: Brief }, parties: Party[], now: Date): ConsultationSummary {
  // A closed consultation's clock stops where it closed.
  const readAt = row.closedAt ?? now;
  const clock = row.clockStartedAt && row.dueAt ? readClock(row.clockStartedAt, row.dueAt, readAt) : null;
  const next = nextMilestone({ status: row.status, proposer: refs.proposer.code, parties: parties.map((p) => ({ code: p.code, receivedAt: p.receivedAt })), dueAt: row.dueAt }, now);
  return {
    id: row.id,
    code: row.code,
    mechanismCode: refs.mechanismCode,
    projectCode: refs.projectCode,
    subject: row.subject,
    title: row.title,
    proposer: refs.proposer,
    parties: parties.map((p) => ({ actorId: p.actorId, code: p.code, name: p.name, receivedAt: p.receivedAt?.toISOString() ?? null })),
    status: row.status,
    submittedAt: row.submittedAt.toISOString(),
    forwardedAt: row.forwardedAt?.toISOString() ?? null,
    clock: clock && {
      startedAt: clock.startedAt.toISOString(),
      dueAt: clock.dueAt.toISOString(),
      periodMonths: row.periodMonths,
      totalDays: clock.totalDays,
      elapsedDays: clock.elapsedDays,
      remainingDays: clock.remainingDays,
      overdue: clock.overdue && row.status !== "closed",
      extensions: row.extensions,
    },
    next: { kind: next.kind, waitingFor: next.waitingFor, at: next.at?.toISOString() ?? null },
    outcome: row.outcome,
    closedAt: row.closedAt?.toISOString() ?? null,
    version: row.version,
  };
}

async function summaries(ctx: ServiceContext, rows: { c: ConsultationRow; mechanismCode: string; projectCode: string | null }[]): Promise<ConsultationSummary[]> {
  const parties = await partiesOf(ctx, rows.map((r) => r.c.id));
  const proposerIds = [...new Set(rows.map((r) => r.c.proposerActorId))];
  const proposers = proposerIds.length ? await ctx.db.select({ actorId: actors.id, code: actors.code, name: actors.name }).from(actors).where(inArray(actors.id, proposerIds)) : [];
  const byId = new Map(proposers.map((p) => [p.actorId, p]));
  return rows.map((r) => toSummary(r.c, { mechanismCode: r.mechanismCode, projectCode: r.projectCode, proposer: byId.get(r.c.proposerActorId)! }, parties.get(r.c.id) ?? [], ctx.now()));
}

const baseSelect = (ctx: ServiceContext) =>
  ctx.db
    .select({ c: consultations, mechanismCode: mechanisms.code, projectCode: projects.code })
    .from(consultations)
    .innerJoin(mechanisms, eq(mechanisms.id, consultations.mechanismId))
    .leftJoin(projects, eq(projects.id, consultations.projectId));

export async function listConsultations(ctx: ServiceContext, query: z.infer<typeof ZConsultationListQuery>): Promise<Page<ConsultationSummary>> {
  authorizeRead(ctx);
  const where: (SQL | undefined)[] = [];
  if (query.status) where.push(eq(consultations.status, query.status));
  if (query.mechanism) where.push(isUuid(query.mechanism) ? eq(mechanisms.id, query.mechanism) : eq(mechanisms.code, query.mechanism));
  if (query.q) where.push(or(ilikeJson(consultations.title, query.q), ilikeAny(consultations.code, query.q)));
  if (query.party) {
    const match = isUuid(query.party) ? sql`a.id = ${query.party}` : sql`a.code = ${query.party}`;
    where.push(
      or(
        sql`exists (select 1 from ${actors} a where a.id = ${consultations.proposerActorId} and ${match})`,
        sql`exists (select 1 from ${consultationParties} cp join ${actors} a on a.id = cp.actor_id where cp.consultation_id = ${consultations.id} and ${match})`,
      ),
    );
  }
  const cond = and(...where);
  const { field, desc: d } = parseSort(query.sort, ["clock", "dueAt", "submittedAt", "code"]);
  const order =
    field === "clock"
      ? [sql`case when ${consultations.status} = 'in_consultation' then 0 when ${consultations.status} = 'closed' then 2 else 1 end`, sql`${consultations.dueAt} asc nulls last`, desc(consultations.submittedAt)]
      : field === "dueAt"
        ? [d ? sql`${consultations.dueAt} desc nulls last` : sql`${consultations.dueAt} asc nulls last`]
        : field === "submittedAt"
          ? [d ? desc(consultations.submittedAt) : asc(consultations.submittedAt)]
          : [];
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () => baseSelect(ctx).where(cond).orderBy(...order, asc(consultations.code)).limit(query.limit).offset(query.offset),
    () => ctx.db.select({ total: count() }).from(consultations).innerJoin(mechanisms, eq(mechanisms.id, consultations.mechanismId)).where(cond),
  ]);
  return { items: await summaries(ctx, rows), total, limit: query.limit, offset: query.offset };
}

/**
 * The secretariat's board: every consultation not yet closed with what it waits for next,
 * running clocks first and the soonest due at the top.
 */
export async function consultationClocks(ctx: ServiceContext): Promise<{ items: ConsultationSummary[]; total: number }> {
  authorize(ctx.principal, isStaff(ctx.principal), "read", "consultation_clocks");
  const rows = await baseSelect(ctx)
    .where(ne(consultations.status, "closed"))
    .orderBy(sql`case when ${consultations.status} = 'in_consultation' then 0 else 1 end`, sql`${consultations.dueAt} asc nulls last`, asc(consultations.submittedAt), asc(consultations.code));
  const items = await summaries(ctx, rows);
  return { items, total: items.length };
}

export async function getConsultation(ctx: ServiceContext, ref: string): Promise<Consultation> {
  authorizeRead(ctx);
  const [r] = await baseSelect(ctx).where(byRef(ref));
  if (!r) throw notFound("consultation", ref);
  const [summary] = await summaries(ctx, [r]);
  const entryRows = await ctx.db
    .select({ e: consultationEntries, actorCode: actors.code, actorName: actors.name, eventCode: events.code, byName: users.name })
    .from(consultationEntries)
    .leftJoin(actors, eq(actors.id, consultationEntries.actorId))
    .leftJoin(events, eq(events.id, consultationEntries.eventId))
    .leftJoin(users, eq(users.id, consultationEntries.by))
    .where(eq(consultationEntries.consultationId, r.c.id))
    .orderBy(asc(consultationEntries.at), asc(consultationEntries.on), asc(consultationEntries.id));
  return {
    ...summary!,
    description: r.c.description,
    periodMonths: r.c.periodMonths,
    conditions: r.c.conditions,
    entries: entryRows.map(({ e, actorCode, actorName, eventCode, byName }) => ({
      id: e.id,
      kind: e.kind,
      actor: e.actorId && actorCode && actorName ? { actorId: e.actorId, code: actorCode, name: actorName } : null,
      eventCode,
      on: e.on,
      body: e.body,
      byName,
      at: e.at.toISOString(),
    })),
  };
}
