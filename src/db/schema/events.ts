import { date, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
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
    ...provenance(),
    ...versioned(),
  },
  (t) => [index("events_mechanism_date_idx").on(t.mechanismId, t.date)],
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
