import { sql } from "drizzle-orm";
import { check, date, doublePrecision, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { FACTORS, type Factor } from "../../lib/matching/score.js";
import { actors } from "./actors.js";
import { localized, versioned } from "./common.js";
import { users } from "./users.js";

export const POSTING_KINDS = ["offer", "need"] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];
export const POSTING_STATUSES = ["open", "closed"] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];

/**
 * "Going out together" (seed 003 §4): an actor says what factor of production it offers or
 * needs, in which sector and places, how much and when. Signed-in users of every organisation
 * browse them to find partners; the public does not see them, because they are commercial
 * intentions, not cooperation records.
 */
export const postings = pgTable(
  "postings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id),
    kind: text("kind").$type<PostingKind>().notNull(),
    factor: text("factor").$type<Factor>().notNull(),
    title: localized("title").notNull(),
    description: text("description"),
    /** DAC purpose code (5 digits) or group (3 digits). */
    sector: text("sector"),
    /** Country codes, provinces or zones, as actor codes spell them (`la`, `la-boten`). */
    places: text("places").array().notNull().default([]),
    /** How much, in the factor's unit (`unit`): USD for capital, people for talent and labour, hectares for land. */
    size: doublePrecision("size"),
    unit: text("unit"),
    validFrom: date("valid_from"),
    validTo: date("valid_to"),
    status: text("status").$type<PostingStatus>().notNull().default("open"),
    createdBy: uuid("created_by").references(() => users.id),
    ...versioned(),
  },
  (t) => [
    index("postings_kind_factor_idx").on(t.kind, t.factor, t.status),
    index("postings_actor_idx").on(t.actorId),
    check("postings_kind_valid", sql`${t.kind} in ('offer', 'need')`),
    check("postings_factor_valid", sql.raw(`factor in (${FACTORS.map((f) => `'${f}'`).join(", ")})`)),
    check("postings_window", sql`${t.validFrom} is null or ${t.validTo} is null or ${t.validFrom} <= ${t.validTo}`),
    check("postings_size_positive", sql`${t.size} is null or ${t.size} > 0`),
  ],
);
