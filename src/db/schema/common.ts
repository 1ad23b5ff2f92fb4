import { boolean, customType, integer, jsonb, numeric, text, timestamp } from "drizzle-orm/pg-core";

/** The seven languages Concord speaks, in the order the UI lists them. */
export const LANGS = ["en", "zh", "lo", "th", "vi", "km", "my"] as const;
export type Lang = (typeof LANGS)[number];

/**
 * A name or text in several languages. English is always present (it is the
 * fallback); the other six are filled where a translation exists.
 */
export type LocalizedText = { en: string } & Partial<Record<Exclude<Lang, "en">, string>>;

export const localized = (name: string) => jsonb(name).$type<LocalizedText>();

/** Who may see a record: everyone, signed-in users, or only the organisations named on it. */
export const VISIBILITIES = ["public", "internal", "restricted"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Columns every editable record carries: optimistic-concurrency version and timestamps. */
export const versioned = () => ({
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Provenance of reference records: where a fact comes from, and whether it is illustrative. */
export const provenance = () => ({
  source: text("source"),
  isSample: boolean("is_sample").notNull().default(false),
});

/** Money is exact: numeric(20,2), read and written as decimal strings, never floats. */
export const money = (name: string) => numeric(name, { precision: 20, scale: 2 });

/** Raw bytes: attachments are small (limits in their verbs), so they live with their record. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
