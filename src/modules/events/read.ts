import { and, asc, count, desc, eq, gte, inArray, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { readAll, type Principal, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { canSee, visibilityFilter } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { eventParticipants, events } from "../../db/schema/events.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { ilikeJson, isUuid } from "../shared/refs.js";
import { parseSort, type Page } from "../shared/schemas.js";
import { MEETING_KINDS, meetingTrack } from "../../lib/diplomacy/meetings.js";
import { TRACKS, type Track } from "../../lib/diplomacy/track.js";
import type { Event, ZEventListQuery, ZTrackCountQuery } from "./schemas.js";

const namesOrg = (orgId: string) =>
  sql`(${events.ownerOrgId} = ${orgId} or exists (select 1 from ${eventParticipants} ep where ep.event_id = ${events.id} and ep.actor_id = ${orgId}))`;
/** The organisation that recorded the event: its officers may edit it. */
const ownerOrgCode = sql<string | null>`(select a.code from ${actors} a where a.id = ${events.ownerOrgId})`;
export const eventVisibility = (p: Principal) => visibilityFilter(p, { visibility: events.visibility }, namesOrg);

export async function listEvents(ctx: ServiceContext, query: z.infer<typeof ZEventListQuery>): Promise<Page<Event>> {
  const where: (SQL | undefined)[] = [eventVisibility(ctx.principal)];
  if (query.mechanism) where.push(isUuid(query.mechanism) ? eq(mechanisms.id, query.mechanism) : eq(mechanisms.code, query.mechanism));
  if (query.kind) where.push(eq(events.kind, query.kind));
  if (query.from) where.push(gte(events.date, query.from));
  if (query.to) where.push(lte(events.date, query.to));
  if (query.q) where.push(ilikeJson(events.title, query.q));
  if (query.track) where.push(eq(events.track, query.track));
  if (query.meetings) where.push(inArray(events.kind, [...MEETING_KINDS]));
  if (query.basin) where.push(eq(events.basinCode, query.basin.toUpperCase()));
  if (query.country) where.push(sql`${events.countryCodes} @> ${JSON.stringify([query.country.toUpperCase()])}::jsonb`);
  if (query.barMin !== undefined) where.push(gte(events.barScale, query.barMin));
  if (query.barMax !== undefined) where.push(lte(events.barScale, query.barMax));
  if (query.actor) {
    const actorCond = isUuid(query.actor) ? sql`a.id = ${query.actor}` : sql`a.code = ${query.actor}`;
    where.push(sql`exists (select 1 from ${eventParticipants} ep join ${actors} a on a.id = ep.actor_id where ep.event_id = ${events.id} and ${actorCond})`);
  }
  const cond = and(...where);
  const { field, desc: d } = parseSort(query.sort, ["date", "code"]);
  const col = field === "code" ? events.code : events.date;
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () => ctx.db
      .select({ e: events, mechanismCode: mechanisms.code, ownerOrgCode })
      .from(events)
      .leftJoin(mechanisms, eq(mechanisms.id, events.mechanismId))
      .where(cond)
      .orderBy(d ? desc(col) : asc(col), asc(events.code))
      .limit(query.limit)
      .offset(query.offset),
    () => ctx.db.select({ total: count() }).from(events).leftJoin(mechanisms, eq(mechanisms.id, events.mechanismId)).where(cond),
  ]);
  const participants = await participantsOf(ctx, rows.map((r) => r.e.id));
  return { items: rows.map((r) => toEvent(r.e, r.mechanismCode, r.ownerOrgCode, participants.get(r.e.id) ?? [])), total, limit: query.limit, offset: query.offset };
}

/** Meetings per track, counting only what the principal may see; every track is listed, zeros too, for charts. */
export async function countTracks(ctx: ServiceContext, query: z.infer<typeof ZTrackCountQuery>): Promise<{ track: Track; count: number }[]> {
  const where: (SQL | undefined)[] = [eventVisibility(ctx.principal), isNotNull(events.track)];
  if (query.mechanism) where.push(isUuid(query.mechanism) ? eq(mechanisms.id, query.mechanism) : eq(mechanisms.code, query.mechanism));
  const rows = await ctx.db
    .select({ track: events.track, n: count() })
    .from(events)
    .leftJoin(mechanisms, eq(mechanisms.id, events.mechanismId))
    .where(and(...where))
    .groupBy(events.track);
  const byTrack = new Map(rows.map((r) => [r.track, r.n]));
  return TRACKS.map((track) => ({ track, count: byTrack.get(track) ?? 0 }));
}

/** The event's row for a write: invisible is 404, as for reads. */
export async function findVisibleEvent(ctx: ServiceContext, ref: string) {
  const [row] = await ctx.db.select().from(events).where(isUuid(ref) ? eq(events.id, ref) : eq(events.code, ref));
  if (!row) throw notFound("event", ref);
  const parts = await ctx.db.select({ actorId: eventParticipants.actorId }).from(eventParticipants).where(eq(eventParticipants.eventId, row.id));
  const orgIds = [...(row.ownerOrgId ? [row.ownerOrgId] : []), ...parts.map((x) => x.actorId)];
  if (!canSee(ctx.principal, { visibility: row.visibility, orgIds })) throw notFound("event", ref);
  return row;
}

export async function getEvent(ctx: ServiceContext, ref: string): Promise<Event> {
  const [r] = await ctx.db
    .select({ e: events, mechanismCode: mechanisms.code, ownerOrgCode })
    .from(events)
    .leftJoin(mechanisms, eq(mechanisms.id, events.mechanismId))
    .where(isUuid(ref) ? eq(events.id, ref) : eq(events.code, ref));
  if (!r) throw notFound("event", ref);
  const participants = (await participantsOf(ctx, [r.e.id])).get(r.e.id) ?? [];
  const orgIds = [...(r.e.ownerOrgId ? [r.e.ownerOrgId] : []), ...participants.map((x) => x.actorId)];
  if (!canSee(ctx.principal, { visibility: r.e.visibility, orgIds })) throw notFound("event", ref);
  return toEvent(r.e, r.mechanismCode, r.ownerOrgCode, participants);
}

async function participantsOf(ctx: ServiceContext, ids: string[]) {
  const out = new Map<string, Event["participants"]>();
  if (!ids.length) return out;
  const rows = await ctx.db
    .select({
      eventId: eventParticipants.eventId,
      actorId: actors.id,
      actorCode: actors.code,
      actorName: actors.name,
      actorType: actors.type,
      actorLevel: actors.level,
      role: eventParticipants.role,
      representatives: eventParticipants.representatives,
    })
    .from(eventParticipants)
    .innerJoin(actors, eq(actors.id, eventParticipants.actorId))
    .where(inArray(eventParticipants.eventId, ids))
    .orderBy(asc(actors.code));
  for (const { eventId, ...p } of rows) out.set(eventId, [...(out.get(eventId) ?? []), p]);
  return out;
}

const toEvent = (e: typeof events.$inferSelect, mechanismCode: string | null, ownerOrgCode: string | null, participants: Event["participants"]): Event => {
  const reading = meetingTrack({
    kind: e.kind,
    participants: participants.map((p) => ({ type: p.actorType, level: p.actorLevel })),
    openToPublic: e.openToPublic,
  });
  return {
    id: e.id,
    code: e.code,
    mechanismCode,
    kind: e.kind,
    date: e.date,
    datePrecision: e.datePrecision,
    endDate: e.endDate,
    place: e.place,
    title: e.title,
    description: e.description,
    visibility: e.visibility,
    ownerOrgCode,
    participants,
    barScale: e.barScale,
    basinCode: e.basinCode,
    countryCodes: e.countryCodes ?? [],
    issueTypes: e.issueTypes ?? [],
    // The stored track is what lists filter and count on; the derived one is recomputed so the
    // page can show it beside an override.
    track: e.track,
    derivedTrack: reading?.derived ?? null,
    trackOverridden: e.trackOverridden,
    trackReason: e.trackReason,
    trackBasis: reading ? { state: reading.basis.state, nonState: reading.basis.nonState, local: reading.basis.local, openToPublic: reading.basis.openToPublic } : null,
    openToPublic: e.openToPublic,
    outcomes: e.outcomes ?? [],
    source: e.source,
    isSample: e.isSample,
    version: e.version,
  };
};
