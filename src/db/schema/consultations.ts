import { date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actors } from "./actors.js";
import { localized, versioned } from "./common.js";
import { events } from "./events.js";
import { mechanisms } from "./mechanisms.js";
import { projects } from "./projects.js";
import { users } from "./users.js";

export const CONSULTATION_SUBJECTS = ["dam", "water_transfer", "border_industrial_zone", "other"] as const;
export type ConsultationSubject = (typeof CONSULTATION_SUBJECTS)[number];

/**
 * Prior notification and consultation, after the Mekong River Commission's procedure:
 * submitted → (returned for completion ↔ submitted) → forwarded → in_consultation → closed.
 */
export const CONSULTATION_STATUSES = ["submitted", "returned", "forwarded", "in_consultation", "closed"] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

export const CONSULTATION_OUTCOMES = ["agreed_with_conditions", "agreed", "no_consensus", "withdrawn"] as const;
export type ConsultationOutcome = (typeof CONSULTATION_OUTCOMES)[number];

export const consultations = pgTable(
  "consultations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    mechanismId: uuid("mechanism_id").notNull().references(() => mechanisms.id),
    projectId: uuid("project_id").references(() => projects.id),
    subject: text("subject").$type<ConsultationSubject>().notNull(),
    title: localized("title").notNull(),
    description: localized("description"),
    /** The notifying (proposing) country. */
    proposerActorId: uuid("proposer_actor_id").notNull().references(() => actors.id),
    status: text("status").$type<ConsultationStatus>().notNull().default("submitted"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    forwardedAt: timestamp("forwarded_at", { withTimezone: true }),
    /** The clock starts when the last affected party has received the notification. */
    clockStartedAt: timestamp("clock_started_at", { withTimezone: true }),
    /** Months of the period, copied from the mechanism at submission. */
    periodMonths: integer("period_months").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }),
    extensions: integer("extensions").notNull().default(0),
    outcome: text("outcome").$type<ConsultationOutcome>(),
    conditions: localized("conditions"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    ...versioned(),
  },
  (t) => [index("consultations_status_due_idx").on(t.status, t.dueAt)],
);

export const consultationParties = pgTable(
  "consultation_parties",
  {
    consultationId: uuid("consultation_id").notNull().references(() => consultations.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").notNull().references(() => actors.id),
    receivedAt: timestamp("received_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.actorId] })],
);

export const CONSULTATION_ENTRY_KINDS = ["submitted", "completeness_check", "resubmitted", "forwarded", "received", "reply", "technical_review", "meeting", "extension", "outcome", "note"] as const;
export type ConsultationEntryKind = (typeof CONSULTATION_ENTRY_KINDS)[number];

/** The consultation's record: every step, reply, review and meeting in order. */
export const consultationEntries = pgTable(
  "consultation_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    consultationId: uuid("consultation_id").notNull().references(() => consultations.id, { onDelete: "cascade" }),
    kind: text("kind").$type<ConsultationEntryKind>().notNull(),
    actorId: uuid("actor_id").references(() => actors.id),
    eventId: uuid("event_id").references(() => events.id),
    on: date("on").notNull(),
    body: text("body"),
    by: uuid("by").references(() => users.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("consultation_entries_consultation_idx").on(t.consultationId, t.at)],
);
