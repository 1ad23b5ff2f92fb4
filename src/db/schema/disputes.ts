import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actors } from "./actors.js";
import { bytea, localized, versioned } from "./common.js";
import { agreements } from "./fund.js";
import { mechanisms, type DisputeStage } from "./mechanisms.js";
import { obligations } from "./obligations.js";
import { projects } from "./projects.js";
import { users } from "./users.js";

export const DISPUTE_STATUSES = ["open", "settled", "withdrawn", "award"] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** A case between parties about a project, an agreement or an obligation. */
export const disputes = pgTable(
  "disputes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    mechanismId: uuid("mechanism_id").notNull().references(() => mechanisms.id),
    projectId: uuid("project_id").references(() => projects.id),
    agreementId: uuid("agreement_id").references(() => agreements.id),
    obligationId: uuid("obligation_id").references(() => obligations.id),
    title: localized("title").notNull(),
    summary: text("summary"),
    stage: text("stage").$type<DisputeStage>().notNull().default("negotiation"),
    stageStartedAt: timestamp("stage_started_at", { withTimezone: true }).notNull(),
    stageDeadline: timestamp("stage_deadline", { withTimezone: true }).notNull(),
    /** The organisation mediating (joint committee, third party, arbitral body) once there is one. */
    mediatorActorId: uuid("mediator_actor_id").references(() => actors.id),
    status: text("status").$type<DisputeStatus>().notNull().default("open"),
    outcome: text("outcome"),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    escalations: integer("escalations").notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id),
    ...versioned(),
  },
  (t) => [index("disputes_status_deadline_idx").on(t.status, t.stageDeadline)],
);

export const disputeParties = pgTable(
  "dispute_parties",
  {
    disputeId: uuid("dispute_id").notNull().references(() => disputes.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").notNull().references(() => actors.id),
  },
  (t) => [primaryKey({ columns: [t.disputeId, t.actorId] }), index("dispute_parties_actor_idx").on(t.actorId)],
);


export const DISPUTE_ENTRY_KINDS = ["position", "document", "note", "stage"] as const;
export type DisputeEntryKind = (typeof DISPUTE_ENTRY_KINDS)[number];

/**
 * A party's position or document, a mediator's note, or a stage change. Visible only to the
 * parties, the mediator and the secretariat.
 */
export const disputeEntries = pgTable(
  "dispute_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disputeId: uuid("dispute_id").notNull().references(() => disputes.id, { onDelete: "cascade" }),
    kind: text("kind").$type<DisputeEntryKind>().notNull(),
    /** The party (or mediator) the entry speaks for. */
    actorId: uuid("actor_id").references(() => actors.id),
    stage: text("stage").$type<DisputeStage>().notNull(),
    body: text("body"),
    filename: text("filename"),
    contentType: text("content_type"),
    size: integer("size"),
    sha256: text("sha256"),
    data: bytea("data"),
    by: uuid("by").references(() => users.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dispute_entries_dispute_idx").on(t.disputeId, t.at)],
);
