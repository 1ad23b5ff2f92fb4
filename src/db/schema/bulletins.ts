import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actors } from "./actors.js";
import { versioned } from "./common.js";
import { users } from "./users.js";

export const BULLETIN_CATEGORIES = ["cross_border_crime", "drug_trafficking", "human_trafficking", "fugitive", "public_health", "disaster", "other"] as const;
export type BulletinCategory = (typeof BULLETIN_CATEGORIES)[number];

/**
 * A restricted exchange (e.g. between law-enforcement bodies on cross-border crime). Only
 * users of the organisations named in `bulletin_recipients` (the sender is always named) can
 * see, search or export it — no role of any other organisation, the secretariat included.
 */
export const bulletins = pgTable(
  "bulletins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    category: text("category").$type<BulletinCategory>().notNull(),
    /** Free text in whichever language the sender writes. */
    title: text("title").notNull(),
    body: text("body").notNull(),
    lang: text("lang").notNull().default("en"),
    senderActorId: uuid("sender_actor_id").notNull().references(() => actors.id),
    createdBy: uuid("created_by").references(() => users.id),
    ...versioned(),
  },
  (t) => [index("bulletins_sender_idx").on(t.senderActorId, t.createdAt)],
);

export const bulletinRecipients = pgTable(
  "bulletin_recipients",
  {
    bulletinId: uuid("bulletin_id").notNull().references(() => bulletins.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").notNull().references(() => actors.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.bulletinId, t.actorId] }), index("bulletin_recipients_actor_idx").on(t.actorId)],
);
