import { eq, sql } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { ruleAt } from "../../core/errors.js";
import { authorize, canWriteOwned, isStaff } from "../../core/policy/index.js";
import { events } from "../../db/schema/events.js";
import { isMeetingKind } from "../../lib/diplomacy/meetings.js";
import { updateVersioned } from "../shared/versioned.js";
import { refreshTrack, replaceParticipants, resolveParticipants } from "./participants.js";
import { findVisibleEvent, getEvent } from "./read.js";
import { ZEventUpdate, ZOutcome, ZTrackOverride, type Event } from "./schemas.js";

/** Loads an event for writing: invisible is 404, visible but not the caller's to change is 403. */
async function writableEvent(ctx: ServiceContext, ref: string, action: string) {
  const row = await findVisibleEvent(ctx, ref);
  authorize(ctx.principal, canWriteOwned(ctx.principal, row.ownerOrgId), action, "event");
  return row;
}

/** Staff, or an officer of the organisation that recorded the event; If-Match carries its version. */
export async function updateEvent(ctx: ServiceContext, ref: string, ifMatch: string | undefined, raw: z.input<typeof ZEventUpdate>): Promise<Event> {
  const input = ZEventUpdate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const before = await writableEvent(tx, ref, "update");
    const start = input.date ?? before.date;
    const end = input.endDate === undefined ? before.endDate : input.endDate;
    if (end && start > end) throw ruleAt("end_before_start", "endDate");
    const { participants: named, ...fields } = input;
    const participants = named ? await resolveParticipants(tx.db, named) : undefined;
    const after = await updateVersioned(tx.db, events, "event", before.id, ifMatch, fields, ctx.now());
    if (participants) await replaceParticipants(tx.db, before.id, participants);
    await refreshTrack(tx.db, before.id);
    await audit(tx, { entity: "event", entityId: before.id, action: "update", before, after: { ...after, ...(named ? { participants: named } : {}) } });
    return getEvent(tx, before.id);
  });
}

/** Appends what a meeting agreed or decided; the same people who may edit the event. */
export async function addOutcome(ctx: ServiceContext, ref: string, raw: z.input<typeof ZOutcome>): Promise<Event> {
  const outcome = ZOutcome.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const before = await writableEvent(tx, ref, "add_outcome");
    // Appending in SQL keeps two outcomes added at once from overwriting each other.
    await tx.db
      .update(events)
      .set({ outcomes: sql`${events.outcomes} || ${JSON.stringify([outcome])}::jsonb`, version: sql`${events.version} + 1`, updatedAt: ctx.now() })
      .where(eq(events.id, before.id));
    await audit(tx, { entity: "event", entityId: before.id, action: "add_outcome", after: outcome });
    return getEvent(tx, before.id);
  });
}

/**
 * The secretariat's reading of a meeting's track where the derivation is wrong for it, with the
 * reason on record; `track: null` goes back to the derived track.
 */
export async function setTrack(ctx: ServiceContext, ref: string, raw: z.input<typeof ZTrackOverride>): Promise<Event> {
  const p = ctx.principal;
  const input = ZTrackOverride.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const before = await findVisibleEvent(tx, ref);
    authorize(p, isStaff(p), "override_track", "event");
    if (!isMeetingKind(before.kind)) throw ruleAt("track_not_meeting", "track", { kind: before.kind });
    if (input.track !== null && !input.reason) throw ruleAt("track_reason_required", "reason");
    const values = input.track === null ? { trackOverridden: false, trackReason: null } : { track: input.track, trackOverridden: true, trackReason: input.reason! };
    await tx.db
      .update(events)
      .set({ ...values, version: sql`${events.version} + 1`, updatedAt: ctx.now() })
      .where(eq(events.id, before.id));
    await refreshTrack(tx.db, before.id);
    const after = await getEvent(tx, before.id);
    await audit(tx, {
      entity: "event",
      entityId: before.id,
      action: input.track === null ? "clear_track_override" : "override_track",
      before: { track: before.track, trackOverridden: before.trackOverridden, trackReason: before.trackReason },
      after: { track: after.track, trackOverridden: after.trackOverridden, trackReason: after.trackReason },
    });
    return after;
  });
}
