import { date, index, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
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
