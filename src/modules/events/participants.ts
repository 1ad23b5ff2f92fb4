import { eq } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import type { Db } from "../../db/client.js";
import { actors } from "../../db/schema/actors.js";
import { eventParticipants, events } from "../../db/schema/events.js";
import { meetingTrack } from "../../lib/diplomacy/meetings.js";
import { resolveActorRef } from "../actors/resolve.js";
import type { ZParticipantInput } from "./schemas.js";

type ParticipantInput = z.infer<typeof ZParticipantInput>;

/**
 * Resolves participants named by code or as objects; one actor named twice takes part once,
 * with the representatives of both mentions, so a form that repeats a row loses nothing.
 */
export async function resolveParticipants(db: Db, input: readonly ParticipantInput[], field = "participants") {
  const byId = new Map<string, { actorId: string; role: string; representatives: string[] }>();
  for (const [i, raw] of input.entries()) {
    const x = typeof raw === "string" ? { actor: raw } : raw;
    const actor = await resolveActorRef(db, x.actor, typeof raw === "string" ? `${field}.${i}` : `${field}.${i}.actor`);
    const prior = byId.get(actor.id);
    const representatives = [...new Set([...(prior?.representatives ?? []), ...(x.representatives ?? [])])];
    byId.set(actor.id, { actorId: actor.id, role: prior?.role ?? x.role ?? "participant", representatives });
  }
  return [...byId.values()];
}

export async function replaceParticipants(db: Db, eventId: string, participants: Awaited<ReturnType<typeof resolveParticipants>>) {
  await db.delete(eventParticipants).where(eq(eventParticipants.eventId, eventId));
  if (participants.length) await db.insert(eventParticipants).values(participants.map((p) => ({ eventId, ...p })));
}

/**
 * Stores the derived track after a write that may change it (participants, kind, public
 * opening). An override stays as staff set it while the event is a meeting; an event that is no
 * longer a meeting has no track at all, so its override goes too.
 */
export async function refreshTrack(db: Db, eventId: string): Promise<void> {
  const [e] = await db.select({ kind: events.kind, openToPublic: events.openToPublic, overridden: events.trackOverridden }).from(events).where(eq(events.id, eventId));
  if (!e) return;
  const parts = await db
    .select({ type: actors.type, level: actors.level })
    .from(eventParticipants)
    .innerJoin(actors, eq(actors.id, eventParticipants.actorId))
    .where(eq(eventParticipants.eventId, eventId));
  const reading = meetingTrack({ kind: e.kind, participants: parts, openToPublic: e.openToPublic });
  if (!reading) await db.update(events).set({ track: null, trackOverridden: false, trackReason: null }).where(eq(events.id, eventId));
  else if (!e.overridden) await db.update(events).set({ track: reading.derived }).where(eq(events.id, eventId));
}
