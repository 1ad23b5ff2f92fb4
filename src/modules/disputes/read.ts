import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { readAll, withTransaction, type Principal, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { isStaff, isUser } from "../../core/policy/index.js";
import type { Db } from "../../db/client.js";
import { actors } from "../../db/schema/actors.js";
import { disputeEntries, disputeParties, disputes } from "../../db/schema/disputes.js";
import { agreements } from "../../db/schema/fund.js";
import { DISPUTE_STAGES, mechanisms } from "../../db/schema/mechanisms.js";
import { obligations } from "../../db/schema/obligations.js";
import { projects } from "../../db/schema/projects.js";
import { users } from "../../db/schema/users.js";
import { parseSort, type Page } from "../shared/schemas.js";
import { ilikeAny, ilikeJson, isUuid } from "../shared/refs.js";
import type { Dispute, DisputeEntry, DisputeStats, DisputeSummary, ZDisputeListQuery, ZDisputeStatsQuery } from "./schemas.js";
import { closeBlocked, daysBetween, daysLeft, escalationBlocked, median } from "./stages.js";
import { canNote, canSeeDispute, speaksForParty, type DisputeAudience } from "./visibility.js";

type Row = typeof disputes.$inferSelect;
type ActorShort = { id: string; code: string; name: DisputeSummary["title"] };

/** The SQL form of canSeeDispute, for lists and counts. */
export function disputeVisibleSql(p: Principal): SQL | undefined {
  if (isStaff(p)) return undefined;
  if (!isUser(p)) return sql`false`;
  return or(
    eq(disputes.mediatorActorId, p.orgId),
    sql`exists (select 1 from ${disputeParties} where ${disputeParties.disputeId} = ${disputes.id} and ${disputeParties.actorId} = ${p.orgId})`,
  );
}

async function partiesOf(db: Db, ids: string[]): Promise<Map<string, ActorShort[]>> {
  const out = new Map<string, ActorShort[]>();
  if (!ids.length) return out;
  const rows = await db
    .select({ disputeId: disputeParties.disputeId, id: actors.id, code: actors.code, name: actors.name })
    .from(disputeParties)
    .innerJoin(actors, eq(actors.id, disputeParties.actorId))
    .where(inArray(disputeParties.disputeId, ids))
    .orderBy(asc(actors.code));
  for (const { disputeId, ...a } of rows) out.set(disputeId, [...(out.get(disputeId) ?? []), a]);
  return out;
}

async function actorShort(db: Db, id: string | null): Promise<ActorShort | null> {
  if (!id) return null;
  const [a] = await db.select({ id: actors.id, code: actors.code, name: actors.name }).from(actors).where(eq(actors.id, id));
  return a ?? null;
}

export const audienceOf = (row: Row, parties: readonly { id: string }[]): DisputeAudience => ({ partyOrgIds: parties.map((a) => a.id), mediatorOrgId: row.mediatorActorId });

/**
 * The case with its parties, or 404 when it does not exist or the caller may not see it: a
 * non-party learns nothing, not even that a case exists.
 */
export async function findVisibleDispute(ctx: ServiceContext, ref: string) {
  const [row] = await ctx.db.select().from(disputes).where(isUuid(ref) ? eq(disputes.id, ref) : eq(disputes.code, ref));
  if (!row) throw notFound("dispute", ref);
  const parties = (await partiesOf(ctx.db, [row.id])).get(row.id) ?? [];
  const audience = audienceOf(row, parties);
  if (!canSeeDispute(ctx.principal, audience)) throw notFound("dispute", ref);
  return { row, parties, audience };
}

function summarize(r: Row, mechanismCode: string, parties: ActorShort[], now: Date): DisputeSummary {
  return {
    id: r.id,
    code: r.code,
    mechanismCode,
    title: r.title,
    stage: r.stage,
    status: r.status,
    parties,
    stageDeadline: r.stageDeadline.toISOString(),
    daysLeft: r.status === "open" ? daysLeft(r.stageDeadline, now) : null,
    openedAt: r.openedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    daysToSettle: r.closedAt ? daysBetween(r.openedAt, r.closedAt) : null,
  };
}

/** What the caller may do with the case now; the verbs check the same rules. */
export function actionsFor(p: Principal, r: Row, audience: DisputeAudience, openerOrgId: string | null): Dispute["actions"] {
  if (r.status !== "open") return [];
  const party = speaksForParty(p, audience);
  const out: Dispute["actions"] = [];
  if (party) out.push("position");
  if (party || canNote(p, audience)) out.push("document");
  if (canNote(p, audience)) out.push("note");
  if ((party || isStaff(p)) && !escalationBlocked(r.status, r.stage)) out.push("escalate");
  if (isStaff(p)) out.push("settle");
  if (isStaff(p) || (party && isUser(p) && p.orgId === openerOrgId)) out.push("withdraw");
  if (isStaff(p) && !closeBlocked(r.status, r.stage, "award")) out.push("award");
  return out;
}

export async function getDispute(ctx: ServiceContext, ref: string): Promise<Dispute> {
  const { row, parties, audience } = await findVisibleDispute(ctx, ref);
  const [[mech], [opener], entryRows, mediator, about] = await readAll(ctx, [
    () => ctx.db.select({ code: mechanisms.code, name: mechanisms.name, auto: mechanisms.disputeAutoEscalate }).from(mechanisms).where(eq(mechanisms.id, row.mechanismId)),
    () => (row.createdBy ? ctx.db.select({ orgId: users.orgId }).from(users).where(eq(users.id, row.createdBy)) : Promise.resolve([])),
    () =>
      ctx.db
        .select({
          id: disputeEntries.id,
          kind: disputeEntries.kind,
          stage: disputeEntries.stage,
          actorId: disputeEntries.actorId,
          actorCode: actors.code,
          actorName: actors.name,
          body: disputeEntries.body,
          filename: disputeEntries.filename,
          contentType: disputeEntries.contentType,
          size: disputeEntries.size,
          sha256: disputeEntries.sha256,
          byName: users.name,
          at: disputeEntries.at,
        })
        .from(disputeEntries)
        .leftJoin(actors, eq(actors.id, disputeEntries.actorId))
        .leftJoin(users, eq(users.id, disputeEntries.by))
        .where(eq(disputeEntries.disputeId, row.id))
        .orderBy(asc(disputeEntries.at), asc(disputeEntries.id)),
    () => actorShort(ctx.db, row.mediatorActorId),
    () => subjectOf(ctx.db, row),
  ]);
  const openerOrgId = opener?.orgId ?? null;
  const openedBy = await actorShort(ctx.db, openerOrgId);
  const actorOf = (e: (typeof entryRows)[number]) => (e.actorId && e.actorCode && e.actorName ? { id: e.actorId, code: e.actorCode, name: e.actorName } : null);
  const entries: DisputeEntry[] = [];
  const history: Dispute["history"] = [];
  for (const e of entryRows) {
    if (e.kind === "stage") history.push({ stage: e.stage, at: e.at.toISOString(), mediator: actorOf(e), note: e.body, by: e.byName });
    else
      entries.push({
        id: e.id,
        kind: e.kind,
        stage: e.stage,
        actor: actorOf(e),
        body: e.body,
        filename: e.filename,
        contentType: e.contentType,
        size: e.size,
        sha256: e.sha256,
        by: e.byName,
        at: e.at.toISOString(),
      });
  }
  return {
    ...summarize(row, mech!.code, parties, ctx.now()),
    mechanismName: mech!.name,
    summary: row.summary,
    about,
    stageStartedAt: row.stageStartedAt.toISOString(),
    mediator,
    openedBy,
    outcome: row.outcome,
    escalations: row.escalations,
    autoEscalate: mech!.auto,
    history,
    entries,
    actions: actionsFor(ctx.principal, row, audience, openerOrgId),
    version: row.version,
  };
}

async function subjectOf(db: Db, r: Row): Promise<Dispute["about"]> {
  if (r.projectId) {
    const [p] = await db.select({ code: projects.code }).from(projects).where(eq(projects.id, r.projectId));
    return p ? { kind: "project", code: p.code } : null;
  }
  if (r.agreementId) {
    const [a] = await db.select({ code: agreements.code }).from(agreements).where(eq(agreements.id, r.agreementId));
    return a ? { kind: "agreement", code: a.code } : null;
  }
  if (r.obligationId) {
    const [o] = await db.select({ code: obligations.code }).from(obligations).where(eq(obligations.id, r.obligationId));
    return o ? { kind: "obligation", code: o.code } : null;
  }
  return null;
}

const mechanismCond = (ref: string) => (isUuid(ref) ? eq(mechanisms.id, ref) : eq(mechanisms.code, ref));

export async function listDisputes(ctx: ServiceContext, query: z.infer<typeof ZDisputeListQuery>): Promise<Page<DisputeSummary>> {
  const where: (SQL | undefined)[] = [disputeVisibleSql(ctx.principal)];
  if (query.status) where.push(eq(disputes.status, query.status));
  if (query.stage) where.push(eq(disputes.stage, query.stage));
  if (query.mechanism) where.push(mechanismCond(query.mechanism));
  if (query.q) where.push(or(ilikeAny(disputes.code, query.q), ilikeJson(disputes.title, query.q)));
  const cond = and(...where);
  const { field, desc: descending } = parseSort(query.sort, ["deadline", "opened", "code"]);
  const col = field === "opened" ? disputes.openedAt : field === "code" ? disputes.code : disputes.stageDeadline;
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () =>
      ctx.db
        .select({ d: disputes, mechanismCode: mechanisms.code })
        .from(disputes)
        .innerJoin(mechanisms, eq(mechanisms.id, disputes.mechanismId))
        .where(cond)
        .orderBy(descending ? desc(col) : asc(col), asc(disputes.id))
        .limit(query.limit)
        .offset(query.offset),
    () => ctx.db.select({ total: count() }).from(disputes).innerJoin(mechanisms, eq(mechanisms.id, disputes.mechanismId)).where(cond),
  ]);
  const parties = await partiesOf(ctx.db, rows.map((r) => r.d.id));
  const now = ctx.now();
  return { items: rows.map((r) => summarize(r.d, r.mechanismCode, parties.get(r.d.id) ?? [], now)), total, limit: query.limit, offset: query.offset };
}

/** Counts and the median time to settle, over the cases the caller may see and nothing else. */
export async function disputeStats(ctx: ServiceContext, query: z.infer<typeof ZDisputeStatsQuery>): Promise<DisputeStats> {
  const cond = and(disputeVisibleSql(ctx.principal), query.mechanism ? mechanismCond(query.mechanism) : undefined);
  const rows = await ctx.db
    .select({ stage: disputes.stage, status: disputes.status, openedAt: disputes.openedAt, closedAt: disputes.closedAt })
    .from(disputes)
    .innerJoin(mechanisms, eq(mechanisms.id, disputes.mechanismId))
    .where(cond);
  const byStage = Object.fromEntries(DISPUTE_STAGES.map((s) => [s, 0])) as DisputeStats["byStage"];
  const byStatus: DisputeStats["byStatus"] = { open: 0, settled: 0, withdrawn: 0, award: 0 };
  const settleDays: number[] = [];
  for (const r of rows) {
    byStatus[r.status]++;
    if (r.status === "open") byStage[r.stage]++;
    if ((r.status === "settled" || r.status === "award") && r.closedAt) settleDays.push(daysBetween(r.openedAt, r.closedAt));
  }
  return { total: rows.length, byStage, byStatus, medianDaysToSettle: median(settleDays) };
}

/** A document of a case the caller may see; every download is audited. */
export async function getDisputeDocument(ctx: ServiceContext, ref: string, id: string) {
  const { row } = await findVisibleDispute(ctx, ref);
  const [doc] = await ctx.db
    .select()
    .from(disputeEntries)
    .where(and(eq(disputeEntries.disputeId, row.id), eq(disputeEntries.id, id), eq(disputeEntries.kind, "document")));
  if (!doc?.data || !doc.filename || !doc.contentType) throw notFound("document", id);
  await withTransaction(ctx, (tx) => audit(tx, { entity: "dispute_document", entityId: doc.id, action: "download", after: { dispute: row.code, filename: doc.filename, sha256: doc.sha256 } }));
  return { filename: doc.filename, contentType: doc.contentType, data: doc.data };
}
