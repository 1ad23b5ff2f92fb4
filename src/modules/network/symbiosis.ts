import { sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import type { ServiceContext } from "../../core/context.js";
import type { LocalizedText } from "../../db/schema/common.js";
import { actors, countries } from "../../db/schema/actors.js";
import { exchangeRates } from "../../db/schema/money.js";
import { projectParties, projects } from "../../db/schema/projects.js";
import { rowsOf } from "../../db/rows.js";
import { fitSymbiosis } from "../../lib/symbiosis/fit.js";
import { mechanismInput } from "../mechanisms/read.js";
import { projectVisibility } from "../projects/read.js";
import { cumulate, pairSeries, rankPairs, sharedCounts, yearlySizes, type ProjectUnits } from "./symbiosis-series.js";
import type { ZNetworkSymbiosis, ZNetworkSymbiosisQuery } from "./symbiosis-schemas.js";

/** The members of the Lancang–Mekong Cooperation: always compared, even before they share a project. */
export const LMC_COUNTRIES = ["CN", "KH", "LA", "MM", "TH", "VN"] as const;

/** US dollars per unit of the project's currency on its start date: the latest rate on or before it (null when none). */
const usdBudget = sql`${projects.budget} * (case when ${projects.currency} = 'USD' then 1::numeric else
  (select er.usd_per_unit from ${exchangeRates} er where er.currency = ${projects.currency} and er.date <= ${projects.startDate} order by er.date desc limit 1) end)`;

type Row = { year: number; usd: string | null; actors: string[]; countries: string[] };

/**
 * The symbiosis of the network's pairs: for pairs of countries, or the actors linked by the most
 * joint projects, the logistic symbiosis model fitted to the two parties' yearly sizes (visible
 * projects they take part in, or those projects' budgets in US dollars), with each pair's mode,
 * coefficients, the fit's error, and the warning where the series cannot support an estimate.
 */
export async function networkSymbiosis(ctx: ServiceContext, query: z.infer<typeof ZNetworkSymbiosisQuery>): Promise<z.infer<typeof ZNetworkSymbiosis>> {
  const cond: SQL[] = [projectVisibility(ctx.principal) ?? sql`true`, sql`${projects.startDate} is not null`];
  if (query.mechanism) cond.push(sql`${projects.mechanismId} = ${(await mechanismInput(ctx.db, query.mechanism)).id}`);
  const year = sql`extract(year from ${projects.startDate})::int`;
  if (query.from !== undefined) cond.push(sql`${year} >= ${query.from}`);
  if (query.to !== undefined) cond.push(sql`${year} <= ${query.to}`);
  // One row per project with its parties: a third of the rows of one per party, which is most of the time on a large portfolio.
  const rows = await rowsOf<Row>(
    ctx.db.execute(sql`select ${year} as year, (${usdBudget})::text as usd, array_agg(${actors.code}) as actors,
        coalesce(array_agg(distinct ${actors.countryCode}) filter (where ${actors.countryCode} is not null), '{}') as countries
      from ${projects} join ${projectParties} on ${projectParties.projectId} = ${projects.id} join ${actors} on ${actors.id} = ${projectParties.actorId}
      where ${sql.join(cond, sql` and `)}
      group by ${projects.id}`),
  );
  const all = rows.map((r) => ({ year: Number(r.year), usd: r.usd === null ? null : Number(r.usd), actors: new Set(r.actors), countries: new Set(r.countries) }));
  const unconverted = query.measure === "money" ? all.filter((p) => p.usd === null).length : 0;
  const counted = query.measure === "money" ? all.filter((p) => p.usd !== null) : all;
  const country = query.level === "country";
  const units: ProjectUnits[] = counted.map((p) => ({ year: p.year, value: query.measure === "money" ? p.usd! : 1, units: [...(country ? p.countries : p.actors)] }));
  // Pairs are chosen by the projects they share whatever the measure, so count and money compare the same pairs.
  const shared = sharedCounts(all.map((p) => ({ year: p.year, value: 1, units: [...(country ? p.countries : p.actors)] })));
  const others = country ? all.filter((p) => p.countries.size > 1).flatMap((p) => [...p.countries]) : [];
  const ranked = rankPairs(shared, query.limit, country ? [...LMC_COUNTRIES, ...others] : undefined);

  // A loop, not Math.min(...): a large portfolio would overflow the argument list.
  const first = query.from ?? all.reduce((m, p) => Math.min(m, p.year), Infinity);
  const last = query.to ?? all.reduce((m, p) => Math.max(m, p.year), -Infinity);
  const sizes = all.length ? yearlySizes(units, first, last) : new Map<string, number[]>();
  const zero = all.length ? new Array<number>(last - first + 1).fill(0) : [];
  const size = (u: string) => {
    const s = sizes.get(u) ?? zero;
    return query.series === "cumulative" ? cumulate(s) : s;
  };

  const names = await partyNames(ctx, country, [...new Set(ranked.flatMap(([a, b]) => [a, b]))]);
  const party = (u: string) => names.get(u) ?? { code: u, name: { en: u } };
  return {
    level: query.level,
    measure: query.measure,
    series: query.series,
    pairs: ranked.map(([a, b, n]) => {
      const s = pairSeries(first, size(a), size(b));
      const fit = fitSymbiosis(s.x, s.y);
      return { a: party(a), b: party(b), shared: n, ...s, mode: fit.mode, params: fit.params, coefficients: fit.coefficients, rmse: fit.rmse, r2: fit.r2, points: fit.points, warnings: fit.warnings };
    }),
    unconverted,
    rules: {
      size:
        query.measure === "money"
          ? "A party's size is the budget, in US dollars at the rate of the start date, of the visible projects it takes part in; projects without a budget or a rate are left out."
          : "A party's size is the number of visible projects it takes part in, by start year.",
      series: query.series === "cumulative" ? "Each year counts every project started up to that year." : "Each year counts only the projects started in it.",
      level: country
        ? "A country takes part in a project when any of the project's parties is in that country. The six LMC countries are always compared, with any other country on a visible joint project."
        : "The pairs of actors that share the most visible projects.",
      fit: "The logistic symbiosis model is fitted by least squares to each party's yearly growth rate, from the first year both have a positive size; with fewer than five such years, or series that do not slow or move apart, the fit gives a warning instead of a mode.",
      visibility: "Only projects the caller may see are counted.",
    },
  };
}

async function partyNames(ctx: ServiceContext, country: boolean, units: string[]): Promise<Map<string, { code: string; name: LocalizedText }>> {
  if (!units.length) return new Map();
  const list = sql.join(
    units.map((u) => sql`${u}`),
    sql`, `,
  );
  const rows = country
    ? await rowsOf<{ id: string; code: string; name: LocalizedText }>(ctx.db.execute(sql`select ${countries.code} as id, ${countries.code} as code, ${countries.name} as name from ${countries} where ${countries.code} in (${list})`))
    : await rowsOf<{ id: string; code: string; name: LocalizedText }>(ctx.db.execute(sql`select ${actors.code} as id, ${actors.code} as code, ${actors.name} as name from ${actors} where ${actors.code} in (${list})`));
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}
