import { z } from "@hono/zod-openapi";
import { rowsOf } from "../../db/rows.js";
import { sql, type SQL } from "drizzle-orm";
import type { ServiceContext } from "../../core/context.js";
import { isUser } from "../../core/policy/index.js";
import { actors, countries } from "../../db/schema/actors.js";
import { mechanisms, pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import { ALL_MECHANISMS, portfolioFacts, portfolioRollup } from "../../db/schema/portfolio.js";
import { PROJECT_STATUSES, projectParties, projects } from "../../db/schema/projects.js";
import { isUuid } from "../shared/refs.js";
import { ZCurrency, ZLocalized } from "../shared/schemas.js";

/** Figures of one group of projects; money as exact decimal strings in the summary's currency. */
export const ZPortfolioBucket = z
  .object({
    /** The group's code (mechanism, pillar, area, country, actor code, status, year); null for projects without one. */
    key: z.string().nullable(),
    name: ZLocalized.nullable(),
    projects: z.number().int(),
    budget: z.string(),
    committed: z.string(),
    disbursed: z.string(),
  })
  .openapi("PortfolioBucket");
export type PortfolioBucket = z.infer<typeof ZPortfolioBucket>;

export const ZPortfolio = z
  .object({
    currency: z.string(),
    totals: z.object({ projects: z.number().int(), budget: z.string(), committed: z.string(), disbursed: z.string() }),
    /** Projects counted but whose budget is in another currency, so not summed. */
    otherCurrencyProjects: z.number().int(),
    byMechanism: z.array(ZPortfolioBucket),
    byPillar: z.array(ZPortfolioBucket),
    byArea: z.array(ZPortfolioBucket),
    /**
     * By country: a project's recipient countries where it has them (imported projects), else its
     * parties' countries. A project with several counts once in each. Countries outside Concord's
     * own list have no name.
     */
    byCountry: z.array(ZPortfolioBucket),
    /** By province-level government among the parties (a party below a province counts for its province). */
    byLocalGov: z.array(ZPortfolioBucket),
    byStatus: z.array(ZPortfolioBucket),
    /** By the year the project starts. */
    byYear: z.array(ZPortfolioBucket),
    /** Projects counted that were imported, by the dataset they came from (`gcdf`, `iati`…), so the dashboard can credit it. */
    sources: z.array(z.object({ source: z.string(), projects: z.number().int() })),
  })
  .openapi("Portfolio");
export type Portfolio = z.infer<typeof ZPortfolio>;

export const ZPortfolioQuery = z.object({
  mechanism: z.string().max(64).optional().openapi({ description: "Only this mechanism's projects (code or id)" }),
  currency: ZCurrency.default("USD").openapi({ description: "Money is summed for projects and transactions in this currency" }),
});

type Row = { dim: string; key: string | null; whole: number; projects: number; budget: string; committed: string; disbursed: string; inCurrency: number };
type Named = { id: string; code: string | null; name: PortfolioBucket["name"]; position: number | null };

/**
 * Portfolio totals for the dashboard: project counts and budget, committed and disbursed sums by
 * mechanism, pillar, priority area, country, local government, status and start year. The same
 * visibility rule as the project list applies, so a figure never counts a project the caller
 * could not open.
 *
 * The figures come from `portfolio_rollup`, kept current by the writing transactions (see
 * src/db/schema/portfolio.ts): the public reads the public part; a signed-in user the public and
 * the users' parts plus the facts of the restricted projects naming its organisation, the only
 * part that differs between users; the system everything.
 */
export async function portfolioSummary(ctx: ServiceContext, query: z.input<typeof ZPortfolioQuery>): Promise<Portfolio> {
  const { mechanism, currency } = ZPortfolioQuery.parse(query);
  const p = ctx.principal;
  // What a caller sees depends only on its audience and organisation: callers alike share an
  // answer while the portfolio's change counter stands still. Inside a transaction, which may
  // have written what it reads, nothing is reused.
  if (ctx.inTransaction) return computeSummary(ctx, mechanism, currency);
  const [{ n } = { n: "0" }] = await rowsOf<{ n: string }>(ctx.db.execute(sql`select coalesce((select n from portfolio_version), 0)::text as n`));
  const key = `${p.kind}|${isUser(p) ? p.orgId : ""}|${mechanism ?? ""}|${currency}`;
  let cache = answers.get(ctx.db);
  if (!cache) answers.set(ctx.db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit?.version === n) return hit.value;
  const value = await computeSummary(ctx, mechanism, currency);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, { version: n, value });
  return value;
}

/** The last answers per database, keyed by caller class, mechanism and currency. */
const answers = new WeakMap<object, Map<string, { version: string; value: Portfolio }>>();
const MAX_CACHED = 1000;

async function computeSummary(ctx: ServiceContext, mechanism: string | undefined, currency: string): Promise<Portfolio> {
  const p = ctx.principal;
  const audiences = p.kind === "system" ? ["public", "user", "restricted"] : isUser(p) ? ["public", "user"] : ["public"];
  const mech = !mechanism
    ? sql`r.mechanism_id = ${ALL_MECHANISMS}`
    : isUuid(mechanism)
      ? sql`r.mechanism_id = ${mechanism}`
      : sql`r.mechanism_id = (select m.id from ${mechanisms} m where m.code = ${mechanism})`;
  const parts = [sql`select r.mechanism_id, r.dim, r.key, r.currency, r.projects, r.budget, r.committed, r.disbursed
    from ${portfolioRollup} r where r.audience in (${sql.join(audiences.map((a) => sql`${a}`), sql`, `)}) and ${mech}`];
  // The restricted projects naming the caller's organisation (the list's rule), written as a
  // union so that each side uses its index.
  if (isUser(p))
    parts.push(sql`select r.mechanism_id, r.dim, r.key, r.currency, r.projects, r.budget, r.committed, r.disbursed
      from ${portfolioFacts} r
      where r.audience = 'restricted' and ${mechanism ? mech : sql`true`} and r.project_id in (
        select q.id from ${projects} q where q.owner_org_id = ${p.orgId} and q.visibility = 'restricted'
        union
        select pp.project_id from ${projectParties} pp join ${projects} q on q.id = pp.project_id where pp.actor_id = ${p.orgId} and q.visibility = 'restricted')`);
  // A mechanism's bucket is its `total` facts, which the all-mechanisms rollup rows already hold
  // as dimension `mechanism`; the grouping set without a key gives the totals.
  const rows = await rowsOf<Row>(ctx.db.execute(sql`select r.dim, r.key, grouping(r.key)::int as whole,
      sum(r.projects)::int as projects,
      coalesce(sum(r.budget) filter (where r.currency = ${currency}), 0)::text as budget,
      coalesce(sum(r.committed) filter (where r.currency = ${currency}), 0)::text as committed,
      coalesce(sum(r.disbursed) filter (where r.currency = ${currency}), 0)::text as disbursed,
      coalesce(sum(r.projects) filter (where r.currency = ${currency}), 0)::int as "inCurrency"
    from (
      select case when u.dim = 'total' then 'mechanism' else u.dim end as dim,
        case when u.dim = 'total' then u.mechanism_id::text else nullif(u.key, '') end as key,
        u.currency, u.projects, u.budget, u.committed, u.disbursed
      from (${sql.join(parts, sql` union all `)}) u
    ) r
    group by grouping sets ((r.dim, r.key), (r.dim))
    having sum(r.projects) > 0`));

  const isGrouped = (r: Row) => Number(r.whole) === 0;
  const grouped = rows.filter(isGrouped);
  const keys = (dim: string) => sql`array[${sql.join([sql`null`, ...grouped.filter((r) => r.dim === dim && r.key !== null).map((r) => sql`${r.key}`)], sql`, `)}]`;
  const names = await rowsOf<Named & { dim: string }>(ctx.db.execute(sql`
    select 'mechanism' as dim, id::text as id, code, name, null::int as position from ${mechanisms} where id = any(${keys("mechanism")}::uuid[])
    union all select 'pillar', id::text, code, name, position from ${pillars} where id = any(${keys("pillar")}::uuid[])
    union all select 'area', id::text, code, name, position from ${priorityAreas} where id = any(${keys("area")}::uuid[])
    union all select 'country', code, code, name, null from ${countries} where code = any(${keys("country")}::text[])
    union all select 'localgov', id::text, code, name, null from ${actors} where id = any(${keys("localgov")}::uuid[])`));
  const namesOf = (dim: string) => new Map(names.filter((n) => n.dim === dim).map((n) => [n.id, n]));
  const [mechNames, pillarNames, areaNames, countryNames, govNames] = ["mechanism", "pillar", "area", "country", "localgov"].map(namesOf);

  const bucketsOf = (dim: string, names?: Map<string, Named>, keyed: (r: Row) => string | null = (r) => (r.key === null ? null : names?.get(r.key)?.code ?? r.key)) =>
    grouped
      .filter((r) => r.dim === dim)
      .map((r) => ({
        bucket: { key: keyed(r), name: r.key === null ? null : (names?.get(r.key)?.name ?? null), projects: Number(r.projects), budget: String(r.budget), committed: String(r.committed), disbursed: String(r.disbursed) },
        position: r.key === null ? null : (names?.get(r.key)?.position ?? null),
      }));
  type Ranked = { bucket: PortfolioBucket; position: number | null };
  const byCount = (a: Ranked, b: Ranked) => b.bucket.projects - a.bucket.projects || compareKeys(a.bucket.key, b.bucket.key);
  const byPosition = (a: Ranked, b: Ranked) =>
    compareNullable(a.position, b.position) || compareKeys(a.bucket.key, b.bucket.key);
  const ordered = (list: Ranked[], order: typeof byCount) => list.sort(order).map((x) => x.bucket);

  const total = rows.find((r) => r.dim === "mechanism" && !isGrouped(r));
  return {
    currency,
    totals: { projects: Number(total?.projects ?? 0), budget: String(total?.budget ?? "0"), committed: String(total?.committed ?? "0"), disbursed: String(total?.disbursed ?? "0") },
    otherCurrencyProjects: Number(total?.projects ?? 0) - Number(total?.inCurrency ?? 0),
    byMechanism: ordered(bucketsOf("mechanism", mechNames), byCount),
    byPillar: ordered(bucketsOf("pillar", pillarNames), byPosition),
    byArea: ordered(bucketsOf("area", areaNames), byPosition),
    byCountry: ordered(bucketsOf("country", countryNames, (r) => r.key), byCount),
    byLocalGov: ordered(bucketsOf("localgov", govNames), byCount),
    byStatus: ordered(bucketsOf("status", undefined, (r) => r.key), (a, b) => PROJECT_STATUSES.indexOf(a.bucket.key as never) - PROJECT_STATUSES.indexOf(b.bucket.key as never)),
    byYear: ordered(bucketsOf("year", undefined, (r) => r.key), (a, b) => compareNullable(a.bucket.key === null ? null : Number(a.bucket.key), b.bucket.key === null ? null : Number(b.bucket.key))),
    sources: bucketsOf("source", undefined, (r) => r.key)
      .map((x) => ({ source: x.bucket.key!, projects: x.bucket.projects }))
      .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0)),
  };
}

/** Keys in ascending order, none last (as SQL's `asc nulls last`). */
function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function compareNullable(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}
