import { z } from "@hono/zod-openapi";
import { ACTOR_TYPES, GOV_LEVELS } from "../../db/schema/actors.js";
import { EVENT_KINDS } from "../../db/schema/events.js";
import { TRACKS } from "../../lib/diplomacy/track.js";
import { ZCode, ZDate, ZListQuery, ZLocalized, ZLocalizedLong, ZVisibility, pageOf, sortParam } from "../shared/schemas.js";

const ZPrecision = z.enum(["day", "month", "year"]);

/** The Basins at Risk scale of water events. */
const ZBar = z.number().int().min(-7).max(7);
const ZBasin = z.string().trim().min(1).max(16).regex(/^[A-Za-z0-9_-]+$/, "code_format");
const ZIso3 = z.string().trim().regex(/^[A-Za-z]{3}$/, "country_format");

export const ZTrack = z.enum(TRACKS).openapi({ description: "Diplomatic track: I state bodies only, II non-state only, III both or open to the public" });

export const ZOutcome = z
  .object({
    text: ZLocalized,
    agreementCode: ZCode.optional().openapi({ description: "The agreement the outcome concluded, where there is one" }),
  })
  .strict()
  .openapi("MeetingOutcome");

/** A participant: a plain actor code (or id), or the actor with its role and who represented it. */
export const ZParticipantInput = z.union([
  z.string().min(1).max(200),
  z
    .object({
      actor: z.string().min(1).max(200),
      role: z.string().trim().min(1).max(40).optional(),
      representatives: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
    })
    .strict(),
]);

export const ZEvent = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    mechanismCode: z.string().nullable(),
    kind: z.enum(EVENT_KINDS),
    date: z.string(),
    datePrecision: ZPrecision,
    endDate: z.string().nullable(),
    place: ZLocalized.nullable(),
    title: ZLocalized,
    description: ZLocalizedLong.nullable(),
    visibility: ZVisibility,
    ownerOrgCode: z.string().nullable().openapi({ description: "The organisation that recorded the event; its officers may edit it and add outcomes" }),
    participants: z.array(
      z.object({
        actorId: z.string().uuid(),
        actorCode: z.string(),
        actorName: ZLocalized,
        actorType: z.enum(ACTOR_TYPES),
        actorLevel: z.enum(GOV_LEVELS).nullable(),
        role: z.string(),
        representatives: z.array(z.string()),
      }),
    ),
    track: ZTrack.nullable().openapi({ description: "Meetings: the diplomatic track in force (the override where staff set one, else the derived one); null for events that are not meetings" }),
    derivedTrack: ZTrack.nullable().openapi({ description: "Meetings: the track derived from the participants' types and the public opening" }),
    trackOverridden: z.boolean(),
    trackReason: z.string().nullable().openapi({ description: "Why staff overrode the derived track" }),
    trackBasis: z
      .object({ state: z.number().int(), nonState: z.number().int(), local: z.number().int(), openToPublic: z.boolean() })
      .nullable()
      .openapi({ description: "What the derivation saw: state and non-state participants, local governments among them, public opening" }),
    openToPublic: z.boolean(),
    outcomes: z.array(ZOutcome),
    barScale: ZBar.nullable().openapi({ description: "Water events: Basins at Risk intensity, from −7 (formal war) through 0 (neutral) to +7 (voluntary unification); null when not rated" }),
    basinCode: z.string().nullable().openapi({ description: "Water events: the TFDD basin code (MEKO, NILE, DANU…)" }),
    countryCodes: z.array(z.string()).openapi({ description: "Water events: the countries as TFDD codes them (ISO 3166-1 alpha-3)" }),
    issueTypes: z.array(z.string()).openapi({ description: "Water events: TFDD issue-area codes (1 water quality, 2 water quantity, 3 hydropower, … 13 territorial issues)" }),
    source: z.string().nullable(),
    isSample: z.boolean(),
    version: z.number().int(),
  })
  .openapi("Event");
export type Event = z.infer<typeof ZEvent>;

export const ZEventPage = pageOf(ZEvent, "EventPage");

export const ZEventListQuery = ZListQuery.extend({
  mechanism: z.string().max(64).optional(),
  kind: z.enum(EVENT_KINDS).optional(),
  actor: z.string().max(200).optional().openapi({ description: "Events this actor (code or id) took part in" }),
  basin: ZBasin.optional().openapi({ description: "Water events of this TFDD basin (MEKO, NILE…)" }),
  country: ZIso3.optional().openapi({ description: "Water events naming this country (ISO 3166-1 alpha-3)" }),
  barMin: z.coerce.number().int().min(-7).max(7).optional().openapi({ description: "Water events with a BAR value at least this" }),
  barMax: z.coerce.number().int().min(-7).max(7).optional().openapi({ description: "Water events with a BAR value at most this" }),
  from: ZDate.optional(),
  to: ZDate.optional(),
  track: ZTrack.optional().openapi({ description: "Meetings on this diplomatic track" }),
  meetings: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .openapi({ description: "true: meetings only (the kinds that have a diplomatic track), not declarations, plans or water events" }),
  sort: sortParam(["date", "code"] as const),
});

export const ZTrackCountQuery = z.object({ mechanism: z.string().max(64).optional().openapi({ description: "Only this mechanism's meetings (code or id)" }) });
export const ZTrackCounts = z.array(z.object({ track: ZTrack, count: z.number().int() })).openapi("TrackCounts");

export const ZEventCreate = z
  .object({
    code: ZCode.optional(),
    mechanism: z.string().max(64).optional(),
    kind: z.enum(EVENT_KINDS),
    date: ZDate,
    datePrecision: ZPrecision.default("day"),
    endDate: ZDate.optional(),
    place: ZLocalized.optional(),
    title: ZLocalized,
    description: ZLocalizedLong.optional(),
    visibility: ZVisibility.default("public"),
    participants: z.array(ZParticipantInput).max(500).default([]),
    openToPublic: z.boolean().default(false),
    outcomes: z.array(ZOutcome).max(100).default([]),
    barScale: ZBar.optional(),
    basinCode: ZBasin.optional(),
    countryCodes: z.array(ZIso3).max(50).optional(),
    issueTypes: z.array(z.string().trim().regex(/^\d{1,3}$/, "issue_format")).max(20).optional(),
  })
  .strict()
  .refine((e) => !e.endDate || e.date <= e.endDate, { message: "end_before_start", path: ["endDate"] })
  .openapi("EventCreate");

export const ZEventUpdate = z
  .object({
    kind: z.enum(EVENT_KINDS),
    date: ZDate,
    datePrecision: ZPrecision,
    endDate: ZDate.nullable(),
    place: ZLocalized.nullable(),
    title: ZLocalized,
    description: ZLocalizedLong.nullable(),
    visibility: ZVisibility,
    openToPublic: z.boolean(),
    participants: z.array(ZParticipantInput).max(500).openapi({ description: "Replaces the whole list of participants" }),
  })
  .partial()
  .strict()
  .openapi("EventUpdate");

export const ZTrackOverride = z
  .object({
    track: ZTrack.nullable().openapi({ description: "The track to set, or null to go back to the derived one" }),
    reason: z.string().trim().max(2000).optional().openapi({ description: "Why the derived track is wrong for this meeting; required with a track" }),
  })
  .strict()
  .openapi("TrackOverride");
