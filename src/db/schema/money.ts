import { date, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users.js";

/** Financing instruments a commitment or disbursement is made through. */
export const INSTRUMENTS = ["grant", "concessional_loan", "commercial_loan", "equity", "ppp", "in_kind"] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/**
 * Dated exchange rates, as US dollars per unit of the currency. An amount is converted at the
 * latest rate on or before its value date, so history does not change when new rates arrive.
 */
export const exchangeRates = pgTable(
  "exchange_rates",
  {
    currency: text("currency").notNull(),
    date: date("date").notNull(),
    usdPerUnit: numeric("usd_per_unit", { precision: 24, scale: 12 }).notNull(),
    source: text("source"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.currency, t.date] })],
);
