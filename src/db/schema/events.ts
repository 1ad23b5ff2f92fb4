import { sql } from "drizzle-orm";
import { check, date, index, jsonb, pgTable, primaryKey, smallint, text, uuid } from "drizzle-orm/pg-core";
import { actors } from "./actors.js";
import { localized, provenance, versioned, type Visibility } from "./common.js";
import { mechanisms } from "./mechanisms.js";

export const EVENT_KINDS = [
  "initiative",
  "leaders_meeting",
  "foreign_ministers_meeting",
  "senior_officials_meeting",
  "joint_working_group",
  "governors_forum",
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
    ...provenance(),
    ...versioned(),
  },
  (t) => [
    index("events_mechanism_date_idx").on(t.mechanismId, t.date),
    index("events_basin_date_idx").on(t.basinCode, t.date),
    check("events_bar_scale_range", sql`${t.barScale} is null or ${t.barScale} between -7 and 7`),
  ],
);

export const eventParticipants = pgTable(
  "event_participants",
  {
    eventId: uuid("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").notNull().references(() => actors.id),
    role: text("role").notNull().default("participant"),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.actorId] }), index("event_participants_actor_idx").on(t.actorId)],
);
