import { z } from "@hono/zod-openapi";
import { rowsOf } from "../../db/rows.js";
import { sql, type SQL } from "drizzle-orm";
import { readAll, type ServiceContext } from "../../core/context.js";
import { actors, countries } from "../../db/schema/actors.js";
import { mechanisms, pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import { PROJECT_STATUSES, projectCountries, projectParties, projects, transactions } from "../../db/schema/projects.js";
import { projectVisibility } from "../projects/read.js";
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

type Row = { key: string | number | null; name: PortfolioBucket["name"]; projects: number; budget: string; committed: string; disbursed: string };


/**
 * Portfolio totals for the dashboard: project counts and budget, committed and disbursed sums by
 * mechanism, pillar, priority area, country, local government, status and start year. The same
 * visibility rule as the project list applies, so a figure never counts a project the caller
 * could not open.
 */
export async function portfolioSummary(ctx: ServiceContext, query: z.input<typeof ZPortfolioQuery>): Promise<Portfolio> {
  const { mechanism, currency } = ZPortfolioQuery.parse(query);
  const conds: SQL[] = [];
  const vis = projectVisibility(ctx.principal);
  if (vis) conds.push(vis);
  if (mechanism)
    conds.push(isUuid(mechanism) ? sql`${projects.mechanismId} = ${mechanism}` : sql`${projects.mechanismId} = (select m.id from ${mechanisms} m where m.code = ${mechanism})`);
  const where = conds.length ? sql.join(conds, sql` and `) : sql`true`;

  // One row per visible project with its money in the chosen currency. `recursive` lets a query
  // add the hierarchy walk after it.
  const base = sql`with recursive vis as (
    select ${projects.id} as id, ${projects.mechanismId} as mechanism_id, ${projects.pillarId} as pillar_id,
      ${projects.priorityAreaId} as priority_area_id, ${projects.status} as status, ${projects.startDate} as start_date,
      ${projects.currency} as currency, ${projects.externalSource} as external_source,
      case when ${projects.currency} = ${currency} then coalesce(${projects.budget}, 0) else 0 end as budget,
      coalesce((select sum(t.value) from ${transactions} t where t.project_id = ${projects.id} and t.type = 'outgoing_commitment' and t.currency = ${currency}), 0) as committed,
      coalesce((select sum(t.value) from ${transactions} t where t.project_id = ${projects.id} and t.type = 'disbursement' and t.currency = ${currency}), 0) as disbursed
    from ${projects} where ${where}
  )`;
  const sums = sql`count(distinct vis.id)::int as projects, coalesce(sum(vis.budget), 0)::text as budget,
    coalesce(sum(vis.committed), 0)::text as committed, coalesce(sum(vis.disbursed), 0)::text as disbursed`;

  const grouped = (select: SQL, from: SQL, group: SQL, order: SQL = sql`projects desc, key asc nulls last`) =>
    () => ctx.db.execute(sql`${base} select ${select}, ${sums} from vis ${from} group by ${group} order by ${order}`);

  const [totals, byMechanism, byPillar, byArea, byCountry, byLocalGov, byStatus, byYear, sources] = await readAll(ctx, [
    () => ctx.db.execute(sql`${base} select ${sums}, (count(*) filter (where vis.currency <> ${currency}))::int as other from vis`),
    grouped(sql`m.code as key, m.name as name`, sql`join ${mechanisms} m on m.id = vis.mechanism_id`, sql`m.id, m.code, m.name`),
    grouped(sql`pl.code as key, pl.name as name`, sql`left join ${pillars} pl on pl.id = vis.pillar_id`, sql`pl.id, pl.code, pl.name, pl.position`, sql`pl.position asc nulls last, key asc nulls last`),
    grouped(sql`pa.code as key, pa.name as name`, sql`left join ${priorityAreas} pa on pa.id = vis.priority_area_id`, sql`pa.id, pa.code, pa.name, pa.position`, sql`pa.position asc nulls last, key asc nulls last`),
    // Recipient countries where a project has them, else its parties' countries (as the project list's country filter).
    grouped(
      sql`pc.country_code as key, c.name as name`,
      sql`join (
          select r.project_id, r.country_code from ${projectCountries} r
          union
          select pp.project_id, a.country_code from ${projectParties} pp join ${actors} a on a.id = pp.actor_id
          where a.country_code is not null and not exists (select 1 from ${projectCountries} r2 where r2.project_id = pp.project_id)
        ) pc on pc.project_id = vis.id
        left join ${countries} c on c.code = pc.country_code`,
      sql`pc.country_code, c.name`,
    ),
    // Each party climbs the hierarchy to its province; a project counts once per province.
    () => ctx.db.execute(sql`${base}, up as (
        select pp.project_id, a.id as anc_id, a.level, a.parent_id, 0 as depth
        from ${projectParties} pp join ${actors} a on a.id = pp.actor_id where pp.project_id in (select id from vis)
        union all
        select up.project_id, a.id, a.level, a.parent_id, up.depth + 1
        from up join ${actors} a on a.id = up.parent_id
        where up.level is distinct from 'province' and up.depth < 8
      ), prov as (select distinct project_id, anc_id from up where level = 'province')
      select a.code as key, a.name as name, ${sums}
      from vis join prov on prov.project_id = vis.id join ${actors} a on a.id = prov.anc_id
      group by a.id, a.code, a.name order by projects desc, key asc`),
    grouped(sql`vis.status as key, null::jsonb as name`, sql``, sql`vis.status`, sql`array_position(array[${sql.join(PROJECT_STATUSES.map((s) => sql`${s}`), sql`, `)}]::text[], vis.status)`),
    grouped(sql`extract(year from vis.start_date)::int as key, null::jsonb as name`, sql``, sql`1`, sql`key asc nulls last`),
    () => ctx.db.execute(sql`${base} select vis.external_source as source, count(*)::int as projects from vis where vis.external_source is not null group by vis.external_source order by vis.external_source`),
  ]);

  const buckets = async (p: PromiseLike<unknown>): Promise<PortfolioBucket[]> =>
    (await rowsOf<Row>(p)).map((r) => ({
      key: r.key === null ? null : String(r.key),
      name: r.name ?? null,
      projects: Number(r.projects),
      budget: String(r.budget),
      committed: String(r.committed),
      disbursed: String(r.disbursed),
    }));
  const [t] = await rowsOf<Row & { other: number }>(Promise.resolve(totals));
  return {
    currency,
    totals: { projects: Number(t?.projects ?? 0), budget: String(t?.budget ?? "0"), committed: String(t?.committed ?? "0"), disbursed: String(t?.disbursed ?? "0") },
    otherCurrencyProjects: Number(t?.other ?? 0),
    byMechanism: await buckets(Promise.resolve(byMechanism)),
    byPillar: await buckets(Promise.resolve(byPillar)),
    byArea: await buckets(Promise.resolve(byArea)),
    byCountry: await buckets(Promise.resolve(byCountry)),
    byLocalGov: await buckets(Promise.resolve(byLocalGov)),
    byStatus: await buckets(Promise.resolve(byStatus)),
    byYear: await buckets(Promise.resolve(byYear)),
    sources: (await rowsOf<{ source: string; projects: number }>(Promise.resolve(sources))).map((r) => ({ source: r.source, projects: Number(r.projects) })),
  };
}
