import { bigint, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { mechanisms } from "./mechanisms.js";
import { users } from "./users.js";

export const IMPORT_KINDS = ["iati", "gcdf", "tfdd", "tfdd-rbo", "tfdd-treaties", "csv-actors", "csv-projects"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_JOB_STATUSES = ["running", "done", "failed", "cancelled"] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** A file handed to Concord through the API: the UI polls it for progress and reads its summary at the end. */
export const importJobs = pgTable(
  "import_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<ImportKind>().notNull(),
    filename: text("filename").notNull(),
    status: text("status").$type<ImportJobStatus>().notNull().default("running"),
    bytesTotal: bigint("bytes_total", { mode: "number" }).notNull().default(0),
    bytesDone: bigint("bytes_done", { mode: "number" }).notNull().default(0),
    /** Records read so far, for the rate shown while it runs. */
    records: integer("records").notNull().default(0),
    summary: jsonb("summary").$type<Record<string, unknown>>(),
    error: text("error"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("import_jobs_created_idx").on(t.createdAt)],
);

/** River basin organisations from the TFDD RBO database, one row per organisation and member country. */
export const riverBasinOrganisations = pgTable(
  "river_basin_organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** TFDD's organisation code (column RBO) with the member country: unique per row of the source. */
    code: text("code").notNull().unique(),
    rboCode: text("rbo_code").notNull(),
    name: text("name").notNull(),
    basinCode: text("basin_code"),
    basinName: text("basin_name"),
    /** ISO 3166-1 alpha-3 as TFDD writes it. */
    countryCode: text("country_code"),
    agreementName: text("agreement_name"),
    agreementYear: integer("agreement_year"),
    continent: text("continent"),
    /** The mechanism this organisation is, when Concord knows it (the MRC). */
    mechanismId: uuid("mechanism_id").references(() => mechanisms.id),
    /** Every other column of the source row, by its TFDD name, for the river-basin indicators. */
    attributes: jsonb("attributes").$type<Record<string, string>>().notNull(),
    source: text("source").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rbo_rbo_code_idx").on(t.rboCode), index("rbo_basin_idx").on(t.basinCode)],
);

/** Freshwater treaties from the TFDD treaties database, one row per treaty and party country. */
export const waterTreaties = pgTable(
  "water_treaties",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** TFDD's entry id: unique per row of the source. */
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    signedOn: date("signed_on"),
    basinCode: text("basin_code"),
    basinName: text("basin_name"),
    countryCode: text("country_code"),
    countryName: text("country_name"),
    signatories: text("signatories"),
    attributes: jsonb("attributes").$type<Record<string, string>>().notNull(),
    source: text("source").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("water_treaties_basin_idx").on(t.basinCode)],
);
