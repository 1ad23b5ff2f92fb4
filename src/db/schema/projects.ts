import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { actors } from "./actors.js";
import { localized, money, provenance, versioned, type Visibility } from "./common.js";
import { mechanisms, pillars, priorityAreas } from "./mechanisms.js";
import type { Instrument } from "./money.js";
import { users } from "./users.js";

export const PROJECT_STATUSES = ["proposed", "approved", "active", "suspended", "completed", "terminated", "cancelled"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PARTY_ROLES = ["lead", "partner", "funder", "implementer", "beneficiary"] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const PHASE_STATUSES = ["planned", "active", "suspended", "completed", "cancelled"] as const;
export type PhaseStatus = (typeof PHASE_STATUSES)[number];

/** IATI 2.03 TransactionType codes 1–13, by name. */
export const TRANSACTION_TYPES = [
  "incoming_funds",
  "outgoing_commitment",
  "disbursement",
  "expenditure",
  "interest_payment",
  "loan_repayment",
  "reimbursement",
  "purchase_of_equity",
  "sale_of_equity",
  "credit_guarantee",
  "incoming_commitment",
  "outgoing_pledge",
  "incoming_pledge",
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/** The formats Concord imports projects from. */
export const EXTERNAL_SOURCES = ["iati", "gcdf", "csv"] as const;
export type ExternalSource = (typeof EXTERNAL_SOURCES)[number];

export const REPORT_STATUSES = ["submitted", "accepted", "returned"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];


export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    mechanismId: uuid("mechanism_id").notNull().references(() => mechanisms.id),
    pillarId: uuid("pillar_id").references(() => pillars.id),
    priorityAreaId: uuid("priority_area_id").references(() => priorityAreas.id),
    title: localized("title").notNull(),
    description: localized("description"),
    /** Sector as an OECD DAC 5-digit purpose code where known. */
    sector: text("sector"),
    status: text("status").$type<ProjectStatus>().notNull().default("proposed"),
    visibility: text("visibility").$type<Visibility>().notNull().default("internal"),
    startDate: date("start_date"),
    endDate: date("end_date"),
    budget: money("budget"),
    currency: text("currency").notNull().default("USD"),
    /** Why and when the secretariat stopped the project for good; what was disbursed is then sunk. */
    terminatedAt: timestamp("terminated_at", { withTimezone: true }),
    terminationReason: text("termination_reason"),
    /** Months between progress reports; set from the call that funded the project. */
    reportIntervalMonths: integer("report_interval_months").notNull().default(3),
    /** The organisation that owns the record (the lead party); officers of it may edit. */
    ownerOrgId: uuid("owner_org_id").notNull().references(() => actors.id),
    createdBy: uuid("created_by").references(() => users.id),
    /**
     * Where an imported project came from: its identifier in the source (an IATI activity
     * identifier, `gcdf:<AidData id>`), the source's own last-updated time, and a hash of what was
     * read, so a re-import of the same record changes nothing.
     */
    externalId: text("external_id").unique(),
    externalSource: text("external_source").$type<ExternalSource>(),
    externalUpdatedAt: timestamp("external_updated_at", { withTimezone: true }),
    externalHash: text("external_hash"),
    /** Everything the source said that has no column of its own (IATI sectors, locations, results…). */
    externalDetail: jsonb("external_detail").$type<Record<string, unknown>>(),
    /** What the list's search reads: the code and every title, one per line, lower case (migration 0010's function), trigram-indexed. */
    searchText: text("search_text").generatedAlwaysAs(sql`project_search_text(code, title)`),
    /**
     * The project's countries as the portfolio counts them (recipients, else its parties'),
     * written with its portfolio facts when the writing transaction commits, for the list's
     * country filter. Read-only for the application.
     */
    countryCodes: text("country_codes").array().notNull().default(sql`'{}'::text[]`),
    ...provenance(),
    ...versioned(),
  },
  (t) => [
    index("projects_mechanism_status_idx").on(t.mechanismId, t.status),
    index("projects_owner_idx").on(t.ownerOrgId),
    index("projects_external_source_idx").on(t.externalSource),
    // The list's commonest page, a status with the largest budgets first, walked in order and
    // stopped after a page; its prefix serves any filter on status.
    index("projects_status_budget_idx").on(t.status, t.budget.desc().nullsLast(), t.id),
    index("projects_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
    index("projects_country_codes_idx").using("gin", t.countryCodes),
  ],
);

/** Recipient countries of a project with their share in percent (IATI recipient-country, GCDF Recipient). */
export const projectCountries = pgTable(
  "project_countries",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    /** ISO 3166-1 alpha-2; not tied to the countries table, which holds only the mechanisms' members and partners. */
    countryCode: text("country_code").notNull(),
    percentage: numeric("percentage", { precision: 7, scale: 4 }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.countryCode] }), index("project_countries_country_idx").on(t.countryCode)],
);

export const projectParties = pgTable(
  "project_parties",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").notNull().references(() => actors.id),
    role: text("role").$type<PartyRole>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.actorId, t.role] }), index("project_parties_actor_idx").on(t.actorId)],
);

export const phases = pgTable(
  "phases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    name: localized("name").notNull(),
    status: text("status").$type<PhaseStatus>().notNull().default("planned"),
    startDate: date("start_date"),
    endDate: date("end_date"),
    budget: money("budget"),
    deliverables: jsonb("deliverables").$type<string[]>().notNull().default([]),
    ...versioned(),
  },
  (t) => [unique("phases_project_seq").on(t.projectId, t.seq)],
);

export const transactions = pgTable(
  "transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    phaseId: uuid("phase_id").references(() => phases.id),
    type: text("type").$type<TransactionType>().notNull(),
    /** How the money comes: grant, loan, equity, PPP or in kind. */
    instrument: text("instrument").$type<Instrument>(),
    value: money("value").notNull(),
    currency: text("currency").notNull(),
    valueDate: date("value_date").notNull(),
    providerActorId: uuid("provider_actor_id").references(() => actors.id),
    receiverActorId: uuid("receiver_actor_id").references(() => actors.id),
    description: text("description"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("transactions_project_idx").on(t.projectId, t.type), index("transactions_phase_idx").on(t.phaseId)],
);

export const progressReports = pgTable(
  "progress_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    phaseId: uuid("phase_id").notNull().references(() => phases.id, { onDelete: "cascade" }),
    periodStart: date("period_start").notNull(),
    periodEnd: date("period_end").notNull(),
    dueDate: date("due_date").notNull(),
    status: text("status").$type<ReportStatus>().notNull().default("submitted"),
    narrative: text("narrative").notNull(),
    spending: money("spending"),
    indicators: jsonb("indicators").$type<{ name: string; target: number | null; value: number | null }[]>().notNull().default([]),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    submittedBy: uuid("submitted_by").references(() => users.id),
    /** The secretariat's acceptance or return, with its comment. */
    reviewComment: text("review_comment"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    ...versioned(),
  },
  (t) => [index("progress_reports_phase_idx").on(t.phaseId), index("progress_reports_project_idx").on(t.projectId)],
);
