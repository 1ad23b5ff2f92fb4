import { and, asc, count, desc, eq, exists, inArray, or, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { readAll, type ServiceContext } from "../../core/context.js";
import { notFound, ruleAt } from "../../core/errors.js";
import type { Db } from "../../db/client.js";
import { actors } from "../../db/schema/actors.js";
import { memberships, mechanisms, organs, participantCounts, pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import { parseSort, type Page } from "../shared/schemas.js";
import { ilikeAny, ilikeJson, isUuid } from "../shared/refs.js";
import type { Mechanism, MechanismSummary, ZMechanismListQuery } from "./schemas.js";

/** Mechanisms are public reference data: everyone may read them. */
export async function listMechanisms(ctx: ServiceContext, query: z.infer<typeof ZMechanismListQuery>): Promise<Page<MechanismSummary>> {
  const where: SQL[] = [];
  if (query.q) where.push(or(ilikeAny(mechanisms.code, query.q), ilikeJson(mechanisms.name, query.q))!);
  if (query.member) {
    where.push(
      exists(
        ctx.db
          .select({ one: memberships.id })
          .from(memberships)
          .innerJoin(actors, eq(actors.id, memberships.actorId))
          .where(and(eq(memberships.mechanismId, mechanisms.id), isUuid(query.member) ? eq(actors.id, query.member) : eq(actors.code, query.member))),
      ),
    );
  }
  const cond = where.length ? and(...where) : undefined;
  const { field, desc: descending } = parseSort(query.sort, ["code", "foundedOn"]);
  const col = field === "foundedOn" ? mechanisms.foundedOn : mechanisms.code;
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () => ctx.db.select().from(mechanisms).where(cond).orderBy(descending ? desc(col) : asc(col), asc(mechanisms.id)).limit(query.limit).offset(query.offset),
    () => ctx.db.select({ total: count() }).from(mechanisms).where(cond),
  ]);
  const members = await membersOf(ctx.db, rows.map((r) => r.id));
  return { items: rows.map((r) => toSummary(r, members.get(r.id) ?? [])), total, limit: query.limit, offset: query.offset };
}

export async function findMechanism(db: Db, ref: string) {
  const [row] = await db.select().from(mechanisms).where(isUuid(ref) ? eq(mechanisms.id, ref) : eq(mechanisms.code, ref));
  if (!row) throw notFound("mechanism", ref);
  return row;
}

/**
 * A mechanism named in a request's input: an unknown one is a rule the request breaks (422 at
 * `path`), not a missing page (404).
 */
export async function mechanismInput(db: Db, ref: string, path = "mechanism") {
  return findMechanism(db, ref).catch(() => {
    throw ruleAt("unknown_mechanism", path, { ref });
  });
}

export async function getMechanism(ctx: ServiceContext, ref: string): Promise<Mechanism> {
  const row = await findMechanism(ctx.db, ref);
  const [members, pillarRows, areaRows, organRows, countRows] = await readAll(ctx, [
    () => membersOf(ctx.db, [row.id]),
    () => ctx.db.select().from(pillars).where(eq(pillars.mechanismId, row.id)).orderBy(asc(pillars.position)),
    () => ctx.db.select().from(priorityAreas).where(eq(priorityAreas.mechanismId, row.id)).orderBy(asc(priorityAreas.position)),
    () => ctx.db.select().from(organs).where(eq(organs.mechanismId, row.id)).orderBy(asc(organs.position)),
    () => ctx.db.select().from(participantCounts).where(eq(participantCounts.mechanismId, row.id)).orderBy(asc(participantCounts.countryCode)),
  ]);
  return {
    ...toSummary(row, members.get(row.id) ?? []),
    secretariatActorId: row.secretariatActorId,
    pillars: pillarRows.map((p) => ({ id: p.id, code: p.code, name: p.name, position: p.position })),
    priorityAreas: areaRows.map((a) => ({ id: a.id, code: a.code, name: a.name, position: a.position, pillarId: a.pillarId })),
    organs: organRows.map((o) => ({ id: o.id, code: o.code, name: o.name, position: o.position, kind: o.kind, description: o.description, actorId: o.actorId })),
    participantCounts: countRows.map((c) => ({ countryCode: c.countryCode, actorType: c.actorType, count: c.count, source: c.source })),
    consultationMonths: row.consultationMonths,
    disputeStageDays: row.disputeStageDays,
    disputeAutoEscalate: row.disputeAutoEscalate,
    reminderDays: row.reminderDays,
  };
}

async function membersOf(db: Db, mechanismIds: string[]) {
  const out = new Map<string, MechanismSummary["members"]>();
  if (!mechanismIds.length) return out;
  const rows = await db
    .select({
      id: memberships.id,
      mechanismId: memberships.mechanismId,
      actorId: actors.id,
      actorCode: actors.code,
      actorName: actors.name,
      countryCode: actors.countryCode,
      role: memberships.role,
      since: memberships.since,
      until: memberships.until,
    })
    .from(memberships)
    .innerJoin(actors, eq(actors.id, memberships.actorId))
    .where(inArray(memberships.mechanismId, mechanismIds))
    .orderBy(asc(memberships.since), asc(actors.code));
  for (const { mechanismId, ...m } of rows) {
    const list = out.get(mechanismId) ?? [];
    list.push(m);
    out.set(mechanismId, list);
  }
  return out;
}

function toSummary(r: typeof mechanisms.$inferSelect, members: MechanismSummary["members"]): MechanismSummary {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    foundedOn: r.foundedOn,
    foundedPrecision: r.foundedPrecision,
    source: r.source,
    isSample: r.isSample,
    version: r.version,
    members,
  };
}


/** The id of a pillar or priority area of a mechanism by its code; an unknown code breaks a rule at `field`. */
export async function frameworkCodeId(db: Db, table: typeof pillars | typeof priorityAreas, mechanismId: string, code: string, field: string): Promise<string> {
  const [row] = await db.select({ id: table.id }).from(table).where(and(eq(table.mechanismId, mechanismId), eq(table.code, code)));
  if (!row) throw ruleAt(table === pillars ? "unknown_pillar" : "unknown_priority_area", field, { ref: code });
  return row.id;
}
