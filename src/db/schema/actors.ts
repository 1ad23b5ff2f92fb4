import { sql } from "drizzle-orm";
import { check, date, index, pgTable, text, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { localized, provenance, versioned } from "./common.js";

export const ACTOR_TYPES = [
  "government",
  "enterprise",
  "university",
  "research",
  "finance",
  "ngo",
  "intermediary",
  "international",
] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/**
 * Where a government actor sits in the hierarchy. Non-government actors have no level;
 * they hang under the place they are registered in.
 */
export const GOV_LEVELS = ["country", "central", "province", "prefecture", "district", "zone"] as const;
export type GovLevel = (typeof GOV_LEVELS)[number];

export const countries = pgTable("countries", {
  code: text("code").primaryKey(), // ISO 3166-1 alpha-2
  iso3: text("iso3").notNull().unique(),
  name: localized("name").notNull(),
  region: text("region"),
});

export const actors = pgTable(
  "actors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stable readable handle used by the CLI and in URLs, e.g. `cn-yunnan`. */
    code: text("code").notNull().unique(),
    type: text("type").$type<ActorType>().notNull(),
    level: text("level").$type<GovLevel>(),
    parentId: uuid("parent_id").references((): AnyPgColumn => actors.id),
    countryCode: text("country_code").references(() => countries.code),
    name: localized("name").notNull(),
    description: localized("description"),
    website: text("website"),
    foundedOn: date("founded_on"),
    /** The organisation's identifier in IATI's registry (e.g. `GB-GOV-1`), when it has one. */
    externalRef: text("external_ref").unique(),
    ...provenance(),
    ...versioned(),
  },
  (t) => [
    index("actors_parent_idx").on(t.parentId),
    index("actors_country_type_idx").on(t.countryCode, t.type),
    check("actors_level_only_government", sql`${t.level} is null or ${t.type} = 'government'`),
  ],
);
