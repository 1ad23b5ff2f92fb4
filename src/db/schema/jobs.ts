import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actors } from "./actors.js";
import { users } from "./users.js";

export const JOB_STATUSES = ["pending", "done", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The job queue: timers (deadlines, reminders, escalations) as rows. A worker claims a due row
 * with `FOR UPDATE SKIP LOCKED` and runs its handler in the same transaction that marks it done,
 * so a job fires once however many workers run, and a worker killed mid-job leaves it pending
 * for the next one.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    /** What the job is about, unique among live jobs: rescheduling a key moves its one timer. */
    key: text("key").notNull().unique(),
    runAt: timestamp("run_at", { withTimezone: true }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").$type<JobStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    /** The worker that ran it, for the operator's log. */
    doneBy: text("done_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("jobs_due_idx").on(t.status, t.runAt)],
);

/**
 * Messages to an organisation's users (or one user): reminders before due dates, deadlines
 * that passed, escalations. `message` is a locale key under `server.inbox.`, rendered in the
 * reader's language with `params`.
 */
export const inboxItems = pgTable(
  "inbox_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id").references(() => actors.id),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** Staff of every organisation (the secretariat) see items addressed to the role. */
    role: text("role"),
    message: text("message").notNull(),
    params: jsonb("params").$type<Record<string, string | number>>().notNull().default({}),
    entity: text("entity").notNull(),
    entityId: uuid("entity_id").notNull(),
    /** Where the UI links to, e.g. `/disputes/DSP-2026-001`. */
    link: text("link"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("inbox_items_org_idx").on(t.orgId, t.createdAt), index("inbox_items_user_idx").on(t.userId, t.createdAt)],
);

/**
 * Who has read which inbox item. Read state is per user: an item addressed to an organisation
 * or to the secretariat stays unread for each colleague until they read it themselves.
 */
export const inboxReads = pgTable(
  "inbox_reads",
  {
    itemId: uuid("item_id").notNull().references(() => inboxItems.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    readAt: timestamp("read_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.userId] })],
);
