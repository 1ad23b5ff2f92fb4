import { index, integer, numeric, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

/*
 * The portfolio's figures kept current in the transaction that changes them (migration
 * 0011_portfolio_rollup): statement triggers on projects, their parties, recipient countries and
 * transactions (and a row trigger on an actor's country or parent) note the projects touched in
 * `portfolio_dirty`; at commit a deferred trigger recomputes those projects' facts and adds the
 * difference to `portfolio_rollup`. The dashboard then sums a few thousand rollup rows instead of
 * a million transactions, and each project's countries are written to `projects.country_codes`
 * for the list's country filter.
 * Derived data only: nothing here is written by the application.
 */

/** The mechanism id of the rollup rows summed over every mechanism. */
export const ALL_MECHANISMS = "00000000-0000-0000-0000-000000000000";

/** Projects changed in the current transaction whose facts are not yet recomputed. */
export const portfolioDirty = pgTable("portfolio_dirty", {
  projectId: uuid("project_id").primaryKey(),
});

/**
 * One project's part in each group it counts in: per dimension (`total`, `pillar`, `area`,
 * `country`, `localgov`, `status`, `year`, `source`) and key (an id, code or year as text; `''`
 * for none), per currency: `projects` is 1 on the row of the project's own currency, its budget
 * there; committed and disbursed come from its transactions in each currency. `audience` is who
 * may count it: `public` (public and published), `user` (any signed-in user), `restricted`.
 */
export const portfolioFacts = pgTable(
  "portfolio_facts",
  {
    projectId: uuid("project_id").notNull(),
    audience: text("audience").notNull(),
    mechanismId: uuid("mechanism_id").notNull(),
    dim: text("dim").notNull(),
    key: text("key").notNull(),
    currency: text("currency").notNull(),
    projects: integer("projects").notNull(),
    budget: numeric("budget").notNull(),
    committed: numeric("committed").notNull(),
    disbursed: numeric("disbursed").notNull(),
  },
  (t) => [index("portfolio_facts_project_idx").on(t.projectId)],
);

/**
 * The sum of the facts per audience, mechanism, dimension, key and currency. The rows of
 * ALL_MECHANISMS sum over all mechanisms, for the unfiltered dashboard; there each mechanism's
 * `total` is a bucket of the dimension `mechanism` keyed by its id.
 */
export const portfolioRollup = pgTable(
  "portfolio_rollup",
  {
    audience: text("audience").notNull(),
    mechanismId: uuid("mechanism_id").notNull(),
    dim: text("dim").notNull(),
    key: text("key").notNull(),
    currency: text("currency").notNull(),
    projects: integer("projects").notNull(),
    budget: numeric("budget").notNull(),
    committed: numeric("committed").notNull(),
    disbursed: numeric("disbursed").notNull(),
  },
  (t) => [primaryKey({ columns: [t.audience, t.mechanismId, t.dim, t.key, t.currency] })],
);
