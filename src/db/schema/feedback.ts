import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users.js";

export const COMMENT_STATUSES = ["pending", "published", "rejected"] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** What the public comments on: a public, published project or a public event. */
export const COMMENT_SUBJECTS = ["project", "event"] as const;
export type CommentSubject = (typeof COMMENT_SUBJECTS)[number];

/**
 * Public feedback. Anyone may write; nothing shows on the portal until the secretariat
 * publishes it; the secretariat's answer and the time it took show beside it.
 */
export const comments = pgTable(
  "comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subject: text("subject").$type<CommentSubject>().notNull(),
    subjectId: uuid("subject_id").notNull(),
    lang: text("lang").notNull(),
    body: text("body").notNull(),
    /** A name the writer chose to show; never an address. */
    authorName: text("author_name"),
    /** An optional address for the answer; never shown or exported. */
    authorEmail: text("author_email"),
    /** SHA-256 of the client address with a server secret, for rate limits only. */
    sourceHash: text("source_hash").notNull(),
    status: text("status").$type<CommentStatus>().notNull().default("pending"),
    rejectReason: text("reject_reason"),
    moderatedBy: uuid("moderated_by").references(() => users.id),
    moderatedAt: timestamp("moderated_at", { withTimezone: true }),
    answer: text("answer"),
    answerLang: text("answer_lang"),
    answeredBy: uuid("answered_by").references(() => users.id),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("comments_subject_idx").on(t.subject, t.subjectId, t.status),
    index("comments_status_created_idx").on(t.status, t.createdAt),
    index("comments_source_created_idx").on(t.sourceHash, t.createdAt),
  ],
);
