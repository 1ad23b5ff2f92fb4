import { sql } from "drizzle-orm";
import { boolean, check, date, index, jsonb, pgTable, primaryKey, smallint, text, uuid } from "drizzle-orm/pg-core";
import type { Track } from "../../lib/diplomacy/track.js";
import { actors } from "./actors.js";
import { localized, provenance, versioned, type LocalizedText, type Visibility } from "./common.js";
import { mechanisms } from "./mechanisms.js";

export const EVENT_KINDS = [
  "initiative",
  "leaders_meeting",
  "foreign_ministers_meeting",
  "ministers_meeting",
  "senior_officials_meeting",
  "joint_working_group",
  "governors_forum",
  "local_consultation",
  "expert_dialogue",
  "public_forum",
  "forum",
  "declaration",
  "plan",
  "agreement",
  "establishment",
  "consultation",
  "water_event",
  "other",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** An outcome of a meeting: what was agreed, declared or decided. */
export type MeetingOutcome = { text: LocalizedText; agreementCode?: string };

/** Meetings, declarations and other dated happenings on a mechanism's timeline. */
export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    mechanismId: uuid("mechanism_id").references(() => mechanisms.id),
    kind: text("kind").$type<EventKind>().notNull(),
    date: date("date").notNull(),
    /** The seeds often date an event to the month or year only. */
    datePrecision: text("date_precision").$type<"day" | "month" | "year">().notNull().default("day"),
    endDate: date("end_date"),
    place: localized("place"),
    title: localized("title").notNull(),
    description: localized("description"),
    visibility: text("visibility").$type<Visibility>().notNull().default("public"),
    ownerOrgId: uuid("owner_org_id").references(() => actors.id),
    /**
     * Water events (TFDD International Water Events): the Basins at Risk scale from −7 (formal
     * war) through 0 (neutral) to +7 (voluntary unification), the basin code, the two countries
     * as the source codes them (ISO 3166-1 alpha-3) and the issue types.
     */
    barScale: smallint("bar_scale"),
    basinCode: text("basin_code"),
    countryCodes: jsonb("country_codes").$type<string[]>(),
    issueTypes: jsonb("issue_types").$type<string[]>(),
    /**
     * Meetings: the diplomatic track, derived from the participants' types when the event is
     * written (lib/diplomacy/track.ts) unless staff override it with a reason.
     */
    track: text("track").$type<Track>(),
    trackOverridden: boolean("track_overridden").notNull().default(false),
    trackReason: text("track_reason"),
    /** A meeting opened to local and provincial bodies and the public (one mark of Track III). */
    openToPublic: boolean("open_to_public").notNull().default(false),
    outcomes: jsonb("outcomes").$type<MeetingOutcome[]>().notNull().default([]),
    ...provenance(),
    ...versioned(),
  },
  (t) => [
    index("events_mechanism_date_idx").on(t.mechanismId, t.date),
    index("events_basin_date_idx").on(t.basinCode, t.date),
    index("events_track_idx").on(t.track),
    check("events_bar_scale_range", sql`${t.barScale} is null or ${t.barScale} between -7 and 7`),
  ],
);

export const eventParticipants = pgTable(
  "event_participants",
  {
    eventId: uuid("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").notNull().references(() => actors.id),
    role: text("role").notNull().default("participant"),
    /** Who represented the actor, e.g. "Vice Governor Zhang Wei" or "Director, Water Resources Department". */
    representatives: jsonb("representatives").$type<string[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.actorId] }), index("event_participants_actor_idx").on(t.actorId)],
);
