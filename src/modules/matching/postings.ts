import { and, asc, count, desc, eq, or, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { readAll, withTransaction, type Principal, type ServiceContext } from "../../core/context.js";
import { notFound, ruleAt } from "../../core/errors.js";
import { authorize, canWriteOwned, isStaff, requireUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { postings } from "../../db/schema/matching.js";
import type { Posting as LibPosting } from "../../lib/matching/score.js";
import { resolveActorRef } from "../actors/resolve.js";
import { ilikeJson, isUuid } from "../shared/refs.js";
import type { Page } from "../shared/schemas.js";
import { updateVersioned } from "../shared/versioned.js";
import type { Posting, ZPostingCreate, ZPostingListQuery, ZPostingUpdate } from "./schemas.js";

type Row = typeof postings.$inferSelect;
type ActorCols = { code: string; name: Posting["actorName"]; type: Posting["actorType"]; countryCode: string | null };

export const postingColumns = { p: postings, actor: { code: actors.code, name: actors.name, type: actors.type, countryCode: actors.countryCode } };

export function toPosting(r: Row, a: ActorCols, principal: Principal): Posting {
  return {
    id: r.id,
    actorCode: a.code,
    actorName: a.name,
    actorType: a.type,
    actorCountry: a.countryCode,
    kind: r.kind,
    factor: r.factor,
    title: r.title,
    description: r.description,
    sector: r.sector,
    places: r.places,
    size: r.size,
    unit: r.unit,
    validFrom: r.validFrom,
    validTo: r.validTo,
    status: r.status,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    canEdit: canWriteOwned(principal, r.actorId),
  };
}

/** What the pure matcher needs: the posting with its organisation's country and type. */
export const toLib = (r: Row, a: ActorCols): LibPosting => ({
  id: r.id,
  actor: a.code,
  country: a.countryCode ?? "",
  actorType: a.type,
  kind: r.kind,
  factor: r.factor,
  sector: r.sector,
  // An actor's own country counts as where it is, so a posting with no places still matches by country.
  places: r.places.length ? r.places : a.countryCode ? [a.countryCode] : [],
  size: r.size,
  from: r.validFrom,
  to: r.validTo,
});

/** The fields a create or update stores, with the audit-friendly shape. */
const stored = (r: Row) => ({ actorId: r.actorId, kind: r.kind, factor: r.factor, title: r.title, description: r.description, sector: r.sector, places: r.places, size: r.size, unit: r.unit, validFrom: r.validFrom, validTo: r.validTo, status: r.status });

/** Postings are for signed-in users of every organisation: partners look for each other here. */
export async function loadPosting(ctx: ServiceContext, id: string): Promise<{ row: Row; actor: ActorCols }> {
  requireUser(ctx.principal);
  const [hit] = isUuid(id) ? await ctx.db.select(postingColumns).from(postings).innerJoin(actors, eq(actors.id, postings.actorId)).where(eq(postings.id, id)) : [];
  if (!hit) throw notFound("posting", id);
  return { row: hit.p, actor: hit.actor };
}

export async function getPosting(ctx: ServiceContext, id: string): Promise<Posting> {
  const { row, actor } = await loadPosting(ctx, id);
  return toPosting(row, actor, ctx.principal);
}

/** An officer posts for its own organisation (the default); staff for any. */
export async function createPosting(ctx: ServiceContext, input: z.infer<typeof ZPostingCreate>): Promise<Posting> {
  const p = requireUser(ctx.principal);
  authorize(p, isStaff(p) || canWriteOwned(p, p.orgId), "create", "posting");
  return withTransaction(ctx, async (tx) => {
    const actor = input.actor ? await resolveActorRef(tx.db, input.actor, "actor") : { id: p.orgId };
    authorize(p, canWriteOwned(p, actor.id), "create", "posting");
    const now = tx.now();
    const [row] = await tx.db
      .insert(postings)
      .values({
        actorId: actor.id,
        kind: input.kind,
        factor: input.factor,
        title: input.title,
        description: input.description ?? null,
        sector: input.sector ?? null,
        places: input.places,
        size: input.size ?? null,
        unit: input.unit ?? null,
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
        createdBy: p.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, { entity: "posting", entityId: row!.id, action: "create", after: stored(row!) });
    return getPosting(tx, row!.id);
  });
}

/** Edits or closes a posting (its organisation's officer, or staff), with If-Match. */
export async function updatePosting(ctx: ServiceContext, id: string, ifMatch: string | undefined, input: z.infer<typeof ZPostingUpdate>): Promise<Posting> {
  const p = requireUser(ctx.principal);
  return withTransaction(ctx, async (tx) => {
    const { row: before } = await loadPosting(tx, id);
    authorize(p, canWriteOwned(p, before.actorId), "update", "posting");
    const merged = { validFrom: input.validFrom !== undefined ? input.validFrom : before.validFrom, validTo: input.validTo !== undefined ? input.validTo : before.validTo };
    if (merged.validFrom && merged.validTo && merged.validFrom > merged.validTo) {
      throw ruleAt("end_before_start", "validTo");
    }
    const row = await updateVersioned(tx.db, postings, "posting", id, ifMatch, input, tx.now());
    await audit(tx, { entity: "posting", entityId: id, action: input.status === "closed" && before.status !== "closed" ? "close" : "update", before: stored(before), after: stored(row) });
    return getPosting(tx, id);
  });
}

/** A place filter matches the place itself and every place inside it: `la` finds `la-boten`. */
const placeCondition = (place: string): SQL =>
  sql`exists (select 1 from unnest(${postings.places}) as pl(code) where pl.code = ${place} or pl.code like ${`${place.replace(/[\\%_]/g, "\\$&")}-%`})`;

export async function listPostings(ctx: ServiceContext, query: z.infer<typeof ZPostingListQuery>): Promise<Page<Posting>> {
  requireUser(ctx.principal);
  const where: (SQL | undefined)[] = [];
  if (query.status !== "all") where.push(eq(postings.status, query.status));
  if (query.kind) where.push(eq(postings.kind, query.kind));
  if (query.factor) where.push(eq(postings.factor, query.factor));
  if (query.actor) where.push(eq(postings.actorId, (await resolveActorRef(ctx.db, query.actor, "actor")).id));
  if (query.place) where.push(placeCondition(query.place));
  if (query.sector) where.push(query.sector.length === 3 ? sql`left(${postings.sector}, 3) = ${query.sector}` : eq(postings.sector, query.sector));
  if (query.q) where.push(or(ilikeJson(postings.title, query.q), ilikeJson(actors.name, query.q)));
  const cond = and(...where);
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () => ctx.db.select(postingColumns).from(postings).innerJoin(actors, eq(actors.id, postings.actorId)).where(cond).orderBy(desc(postings.createdAt), asc(postings.id)).limit(query.limit).offset(query.offset),
    () => ctx.db.select({ total: count() }).from(postings).innerJoin(actors, eq(actors.id, postings.actorId)).where(cond),
  ]);
  return { items: rows.map((r) => toPosting(r.p, r.actor, ctx.principal)), total, limit: query.limit, offset: query.offset };
}

