import { bigint, date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actors } from "./actors.js";
import { localized, versioned } from "./common.js";
import { agreements } from "./fund.js";
import { users } from "./users.js";

/** How an obligation was met, as recorded with its evidence. */
export const FULFILMENT_STATUSES = ["fulfilled", "partly", "late", "not_fulfilled"] as const;
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

/** A commitment inside an agreement: one owner, one due date (seed 001's performance and commitment record). */
export const obligations = pgTable(
  "obligations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    agreementId: uuid("agreement_id").notNull().references(() => agreements.id, { onDelete: "cascade" }),
    ownerActorId: uuid("owner_actor_id").notNull().references(() => actors.id),
    title: localized("title").notNull(),
    description: localized("description"),
    dueDate: date("due_date").notNull(),
    /** Null while open; the latest fulfilment record's status once recorded. */
    status: text("status").$type<FulfilmentStatus>(),
    createdBy: uuid("created_by").references(() => users.id),
    ...versioned(),
  },
  (t) => [index("obligations_agreement_idx").on(t.agreementId), index("obligations_owner_due_idx").on(t.ownerActorId, t.dueDate)],
);

/** Each assessment of an obligation, kept in order: a later record supersedes but never erases one. */
export const obligationFulfilments = pgTable(
  "obligation_fulfilments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Insertion order: records can share a timestamp (and do under a fixed test clock), and the latest supersedes. */
    ordinal: bigint("ordinal", { mode: "number" }).generatedAlwaysAsIdentity(),
    obligationId: uuid("obligation_id").notNull().references(() => obligations.id, { onDelete: "cascade" }),
    status: text("status").$type<FulfilmentStatus>().notNull(),
    /** The day the obligation was met (or assessed as not met). */
    fulfilledOn: date("fulfilled_on").notNull(),
    evidence: text("evidence").notNull(),
    evidenceUrl: text("evidence_url"),
    recordedBy: uuid("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("obligation_fulfilments_obligation_idx").on(t.obligationId)],
);
