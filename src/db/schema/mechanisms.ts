import { boolean, date, index, integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { actors, countries } from "./actors.js";
import { localized, provenance, versioned } from "./common.js";

export const MEMBER_ROLES = ["lead", "member", "observer", "dialogue_partner"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const ORGAN_KINDS = [
  "leaders_meeting",
  "foreign_ministers_meeting",
  "senior_officials_meeting",
  "joint_working_group",
  "national_secretariat",
  "secretariat",
  "joint_committee",
  "council",
  "other",
] as const;
export type OrganKind = (typeof ORGAN_KINDS)[number];

/** Stages of dispute resolution, in the order a case escalates through them. */
export const DISPUTE_STAGES = ["negotiation", "joint_committee", "third_party", "arbitration"] as const;
export type DisputeStage = (typeof DISPUTE_STAGES)[number];

/** Days each dispute stage runs before it may (or, with auto-escalation, does) escalate. */
export type DisputeStageDays = Record<DisputeStage, number>;
export const DEFAULT_DISPUTE_STAGE_DAYS: DisputeStageDays = { negotiation: 90, joint_committee: 90, third_party: 180, arbitration: 365 };

export const mechanisms = pgTable("mechanisms", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Short handle, e.g. `LMC`, `MRC`, `GMS`. */
  code: text("code").notNull().unique(),
  name: localized("name").notNull(),
  description: localized("description"),
  foundedOn: date("founded_on"),
  /** Precision of `foundedOn`: the seeds often give only a year or a month. */
  foundedPrecision: text("founded_precision").$type<"day" | "month" | "year">().notNull().default("day"),
  /** The actor that runs the mechanism's secretariat, when it has one. */
  secretariatActorId: uuid("secretariat_actor_id").references(() => actors.id),
  /** Prior consultation period in months (the MRC's procedure uses six). */
  consultationMonths: integer("consultation_months").notNull().default(6),
  disputeStageDays: jsonb("dispute_stage_days").$type<DisputeStageDays>().notNull().default(DEFAULT_DISPUTE_STAGE_DAYS),
  /** Escalate a dispute automatically when its stage deadline passes unsettled, rather than on a party's request. */
  disputeAutoEscalate: boolean("dispute_auto_escalate").notNull().default(false),
  /** Days before an obligation's due date that its owner is reminded, e.g. [30, 7]. */
  reminderDays: jsonb("reminder_days").$type<number[]>().notNull().default([30, 7]),
  ...provenance(),
  ...versioned(),
});

export const pillars = pgTable(
  "pillars",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    mechanismId: uuid("mechanism_id").notNull().references(() => mechanisms.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    name: localized("name").notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [unique("pillars_mechanism_code").on(t.mechanismId, t.code)],
);

export const priorityAreas = pgTable(
  "priority_areas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    mechanismId: uuid("mechanism_id").notNull().references(() => mechanisms.id, { onDelete: "cascade" }),
    pillarId: uuid("pillar_id").references(() => pillars.id),
    code: text("code").notNull(),
    name: localized("name").notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [unique("priority_areas_mechanism_code").on(t.mechanismId, t.code)],
);

export const organs = pgTable(
  "organs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    mechanismId: uuid("mechanism_id").notNull().references(() => mechanisms.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    kind: text("kind").$type<OrganKind>().notNull(),
    name: localized("name").notNull(),
    description: localized("description"),
    /** The body that hosts the organ, e.g. a country's national secretariat. */
    actorId: uuid("actor_id").references(() => actors.id),
    position: integer("position").notNull().default(0),
  },
  (t) => [unique("organs_mechanism_code").on(t.mechanismId, t.code)],
);

export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    mechanismId: uuid("mechanism_id").notNull().references(() => mechanisms.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").notNull().references(() => actors.id),
    role: text("role").$type<MemberRole>().notNull(),
    since: date("since"),
    until: date("until"),
    ...provenance(),
  },
  (t) => [index("memberships_mechanism_idx").on(t.mechanismId), index("memberships_actor_idx").on(t.actorId)],
);

/**
 * Published counts of participants of one type in one country under a mechanism,
 * e.g. the NGOs per member country of seed 002 Table 4-1. These are figures from a
 * study, not derived from the actors table.
 */
export const participantCounts = pgTable(
  "participant_counts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    mechanismId: uuid("mechanism_id").notNull().references(() => mechanisms.id, { onDelete: "cascade" }),
    countryCode: text("country_code").notNull().references(() => countries.code),
    actorType: text("actor_type").notNull(),
    count: integer("count").notNull(),
    ...provenance(),
  },
  (t) => [unique("participant_counts_key").on(t.mechanismId, t.countryCode, t.actorType)],
);
