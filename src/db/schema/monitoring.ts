import { date, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { mechanisms } from "./mechanisms.js";
import { users } from "./users.js";

export const DIGEST_CHANNELS = ["none", "file", "email"] as const;
export type DigestChannel = (typeof DIGEST_CHANNELS)[number];

/**
 * Which secretariat alerts a user wants to receive, and how. No row (or no kinds) means none:
 * nobody is sent a digest they did not ask for. `lastDigestOn` makes the daily digest idempotent
 * for a day, so a worker restarted mid-run does not send it twice.
 */
export const alertSubscriptions = pgTable("alert_subscriptions", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  kinds: text("kinds").array().notNull().default([]),
  /** Only alerts about this mechanism, when set. */
  mechanismId: uuid("mechanism_id").references(() => mechanisms.id),
  channel: text("channel").$type<DigestChannel>().notNull().default("none"),
  lastDigestOn: date("last_digest_on"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * River-basin-organisation indicator values entered by hand for a mechanism that is not in the
 * TFDD RBO database (the LMC), with the weights its assessor chose. One assessment per mechanism;
 * every change is audited.
 */
export const rboAssessments = pgTable("rbo_assessments", {
  id: uuid("id").primaryKey().defaultRandom(),
  mechanismId: uuid("mechanism_id")
    .notNull()
    .unique()
    .references(() => mechanisms.id),
  /** Indicator code → value in 0..1, or null where it is not known. */
  values: jsonb("values").$type<Record<string, number | null>>().notNull().default({}),
  /** Edited weights (level and indicator), merged over the defaults when scored. */
  weights: jsonb("weights").$type<{ indicators?: Record<string, number>; levels?: Record<string, number> }>().notNull().default({}),
  /** Where the values come from (a study, a charter article). */
  source: text("source"),
  updatedBy: uuid("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
