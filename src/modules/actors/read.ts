import { and, asc, count, desc, eq, isNull, or, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { readAll, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import type { Db } from "../../db/client.js";
import { actors } from "../../db/schema/actors.js";
import { mechanisms, memberships } from "../../db/schema/mechanisms.js";
import { ilikeAny, ilikeJson, isUuid } from "../shared/refs.js";
import { parseSort, type Page } from "../shared/schemas.js";
import type { Actor, ActorDetail, ZActorListQuery } from "./schemas.js";

export const toActor = (r: typeof actors.$inferSelect): Actor => ({
  id: r.id,
  code: r.code,
  type: r.type,
  level: r.level,
  parentId: r.parentId,
  countryCode: r.countryCode,
  name: r.name,
  description: r.description,
  website: r.website,
  foundedOn: r.foundedOn,
  source: r.source,
  isSample: r.isSample,
  version: r.version,
});

/** Actors are the directory of the mechanism: public, like a phone book. */
export async function listActors(ctx: ServiceContext, query: z.infer<typeof ZActorListQuery>): Promise<Page<Actor>> {
  const where: SQL[] = [];
  if (query.type) where.push(eq(actors.type, query.type));
  if (query.level) where.push(eq(actors.level, query.level));
  if (query.country) where.push(eq(actors.countryCode, query.country.toUpperCase()));
  if (query.parent === "root") where.push(isNull(actors.parentId));
  else if (query.parent) where.push(eq(actors.parentId, (await findActor(ctx.db, query.parent)).id));
  if (query.q) where.push(or(ilikeAny(actors.code, query.q), ilikeJson(actors.name, query.q))!);
  const cond = where.length ? and(...where) : undefined;
  const { field, desc: d } = parseSort(query.sort, ["code", "type"]);
  const col = field === "type" ? actors.type : actors.code;
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () => ctx.db.select().from(actors).where(cond).orderBy(d ? desc(col) : asc(col), asc(actors.code)).limit(query.limit).offset(query.offset),
    () => ctx.db.select({ total: count() }).from(actors).where(cond),
  ]);
  return { items: rows.map(toActor), total, limit: query.limit, offset: query.offset };
}

export async function findActor(db: Db, ref: string) {
  const [row] = await db.select().from(actors).where(isUuid(ref) ? eq(actors.id, ref) : eq(actors.code, ref));
  if (!row) throw notFound("actor", ref);
  return row;
}

export async function getActor(ctx: ServiceContext, ref: string): Promise<ActorDetail> {
  const row = await findActor(ctx.db, ref);
  const brief = { id: actors.id, code: actors.code, name: actors.name, type: actors.type, level: actors.level };
  const [parent, children, member] = await readAll(ctx, [
    () => row.parentId ? ctx.db.select(brief).from(actors).where(eq(actors.id, row.parentId)) : Promise.resolve([]),
    () => ctx.db.select(brief).from(actors).where(eq(actors.parentId, row.id)).orderBy(asc(actors.code)),
    () => ctx.db
      .select({ mechanismCode: mechanisms.code, mechanismName: mechanisms.name, role: memberships.role, since: memberships.since, until: memberships.until })
      .from(memberships)
      .innerJoin(mechanisms, eq(mechanisms.id, memberships.mechanismId))
      .where(eq(memberships.actorId, row.id))
      .orderBy(asc(mechanisms.code)),
  ]);
  return { ...toActor(row), parent: parent[0] ?? null, children, memberships: member };
}
