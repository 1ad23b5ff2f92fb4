import { bigint, boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { actors } from "./actors.js";
import { bytea, localized, money, versioned, type LocalizedText } from "./common.js";
import { mechanisms, pillars, priorityAreas } from "./mechanisms.js";
import { phases, projects, type PhaseStatus } from "./projects.js";
import { users } from "./users.js";

/** A scoring criterion of a call's rubric: reviewers give a score in [min, max]; the weight sums it. */
export type RubricCriterion = { code: string; name: LocalizedText; weight: number; min: number; max: number };

/** A phase the applicant proposes; approval turns each into a project phase. */
export type ProposedPhase = { name: LocalizedText; startDate: string; endDate: string; budget: string; deliverables: string[] };

/** One eligibility rule as the screen recorded it. */
export type ScreeningCheck = { rule: string; passed: boolean; detail?: string };

/** A call for proposals of a mechanism's special fund (e.g. the LMC Special Fund 2026 call). */
export const calls = pgTable(
  "calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    mechanismId: uuid("mechanism_id").notNull().references(() => mechanisms.id),
    /** The fund's name, e.g. "LMC Special Fund". */
    fund: localized("fund").notNull(),
    title: localized("title").notNull(),
    description: localized("description"),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    /** Codes of the mechanism's pillars and priority areas, and ISO country codes; empty means any. */
    eligiblePillars: jsonb("eligible_pillars").$type<string[]>().notNull().default([]),
    eligibleAreas: jsonb("eligible_areas").$type<string[]>().notNull().default([]),
    eligibleCountries: jsonb("eligible_countries").$type<string[]>().notNull().default([]),
    ceiling: money("ceiling").notNull(),
    currency: text("currency").notNull().default("USD"),
    rubric: jsonb("rubric").$type<RubricCriterion[]>().notNull(),
    reviewersPerApplication: integer("reviewers_per_application").notNull().default(2),
    /** Spread (max − min of the reviewers' weighted totals, in points of 100) that calls for moderation. */
    moderationSpread: numeric("moderation_spread", { precision: 5, scale: 2 }).notNull().default("20"),
    /** Cross-border is the default: at least one co-applicant from another member country. */
    requireCrossBorder: boolean("require_cross_border").notNull().default(true),
    /** Months between progress reports of the projects this call funds. */
    reportIntervalMonths: integer("report_interval_months").notNull().default(3),
    createdBy: uuid("created_by").references(() => users.id),
    ...versioned(),
  },
  (t) => [index("calls_mechanism_idx").on(t.mechanismId)],
);

export const APPLICATION_PARTY_ROLES = ["lead", "co_applicant"] as const;
export type ApplicationPartyRole = (typeof APPLICATION_PARTY_ROLES)[number];

export const applications = pgTable(
  "applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    callId: uuid("call_id").notNull().references(() => calls.id),
    title: localized("title").notNull(),
    summary: text("summary"),
    leadOrgId: uuid("lead_org_id").notNull().references(() => actors.id),
    pillarId: uuid("pillar_id").references(() => pillars.id),
    priorityAreaId: uuid("priority_area_id").references(() => priorityAreas.id),
    requested: money("requested").notNull(),
    startDate: date("start_date"),
    endDate: date("end_date"),
    phases: jsonb("phases").$type<ProposedPhase[]>().notNull().default([]),
    status: text("status").notNull().default("draft"),
    screening: jsonb("screening").$type<ScreeningCheck[]>(),
    /** The secretariat's reasons for returning or rejecting. */
    decisionReason: text("decision_reason"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    projectId: uuid("project_id").references(() => projects.id),
    createdBy: uuid("created_by").references(() => users.id),
    ...versioned(),
  },
  (t) => [index("applications_call_status_idx").on(t.callId, t.status), index("applications_lead_idx").on(t.leadOrgId)],
);

export const applicationParties = pgTable(
  "application_parties",
  {
    applicationId: uuid("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").notNull().references(() => actors.id),
    role: text("role").$type<ApplicationPartyRole>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.actorId] }), index("application_parties_actor_idx").on(t.actorId)],
);

/** A reviewer's assignment to an application and, once submitted, the scores. */
export const reviews = pgTable(
  "reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    reviewerId: uuid("reviewer_id").notNull().references(() => users.id),
    assignedBy: uuid("assigned_by").references(() => users.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
    scores: jsonb("scores").$type<{ criterion: string; score: number }[]>(),
    comment: text("comment"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [unique("reviews_application_reviewer").on(t.applicationId, t.reviewerId)],
);

/** Every change of a phase's status, so a suspension and its resumption stay on record. */
export const phaseEvents = pgTable(
  "phase_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Insertion order: several steps can share a timestamp (and do under a fixed test clock). */
    ordinal: bigint("ordinal", { mode: "number" }).generatedAlwaysAsIdentity(),
    phaseId: uuid("phase_id").notNull().references(() => phases.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    fromStatus: text("from_status").$type<PhaseStatus>().notNull(),
    toStatus: text("to_status").$type<PhaseStatus>().notNull(),
    reason: text("reason"),
    countryCode: text("country_code"),
    note: text("note"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    by: uuid("by").references(() => users.id),
  },
  (t) => [index("phase_events_phase_idx").on(t.phaseId), index("phase_events_country_idx").on(t.countryCode, t.toStatus)],
);

/**
 * A signed agreement (a project's grant agreement, an MoU): who signed and when. Later
 * obligations and their fulfilment hang off it.
 */
export const agreements = pgTable(
  "agreements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    /** An MoU between members stands under a mechanism without a project. */
    mechanismId: uuid("mechanism_id").references(() => mechanisms.id),
    kind: text("kind").$type<"agreement" | "mou">().notNull().default("agreement"),
    title: localized("title").notNull(),
    description: localized("description"),
    signedOn: date("signed_on").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    ...versioned(),
  },
  (t) => [index("agreements_project_idx").on(t.projectId)],
);

export const agreementParties = pgTable(
  "agreement_parties",
  {
    agreementId: uuid("agreement_id").notNull().references(() => agreements.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").notNull().references(() => actors.id),
  },
  (t) => [primaryKey({ columns: [t.agreementId, t.actorId] })],
);


/** Supporting documents of an application (PDF or images), stored with their type, size and hash. */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("attachments_application_idx").on(t.applicationId)],
);
