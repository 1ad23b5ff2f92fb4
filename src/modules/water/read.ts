import { and, asc, count, desc, eq, gte, lte, or, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { readAll, type ServiceContext } from "../../core/context.js";
import { events } from "../../db/schema/events.js";
import { riverBasinOrganisations as rbo, waterTreaties as wt } from "../../db/schema/interop.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { issueCode } from "../../lib/tfdd/events.js";
import { eventVisibility } from "../events/read.js";
import { ilikeAny, isUuid } from "../shared/refs.js";
import { parseSort, type Page } from "../shared/schemas.js";
import type { Basin, IntensityYear, Rbo, Treaty, ZIntensityQuery, ZRboListQuery, ZTreatyListQuery } from "./schemas.js";

/*
 * The TFDD tables are public reference data (imported by staff, credited to Oregon State
 * University): everyone may read them. Water events keep the events' own visibility rules.
 */

type Named = { code: string; name: string | null };

const NOT_ISSUES = new Set(["", "0", "#N/A", "N.A."]);

/** One item per organisation: its rows (one per basin and member country) taken together. */
export async function listRbos(ctx: ServiceContext, query: z.infer<typeof ZRboListQuery>): Promise<Page<Rbo>> {
  const where = query.q ? or(ilikeAny(rbo.name, query.q), ilikeAny(rbo.rboCode, query.q), ilikeAny(rbo.agreementName, query.q)) : undefined;
  const having: SQL[] = [];
  if (query.basin) having.push(sql`bool_or(${rbo.basinCode} = ${query.basin.toUpperCase()})`);
  if (query.country) having.push(sql`bool_or(${rbo.countryCode} = ${query.country.toUpperCase()})`);
  const cond = having.length ? and(...having) : undefined;
  const { field, desc: d } = parseSort(query.sort, ["name", "agreementYear"]);
  const name = sql<string>`min(${rbo.name})`;
  const year = sql<number | null>`min(${rbo.agreementYear})`;
  const order = field === "agreementYear" ? [d ? sql`${year} desc nulls last` : sql`${year} asc nulls last`, asc(name)] : [d ? desc(name) : asc(name)];
  const groups = ctx.db.select({ code: rbo.rboCode }).from(rbo).where(where).groupBy(rbo.rboCode).having(cond).as("g");
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () =>
      ctx.db
        .select({
          code: rbo.rboCode,
          name,
          agreementName: sql<string | null>`min(${rbo.agreementName})`,
          agreementYear: year,
          continent: sql<string | null>`min(${rbo.continent})`,
          laterality: sql<string | null>`min(${rbo.attributes}->>'LATERALITY')`,
          orgType: sql<string | null>`min(${rbo.attributes}->>'ORG_TYPE')`,
          website: sql<string | null>`min(nullif(trim(${rbo.attributes}->>'Websites'), ''))`,
          mechanismCode: sql<string | null>`min(${mechanisms.code})`,
          basins: sql<Named[]>`coalesce(jsonb_agg(distinct jsonb_build_object('code', ${rbo.basinCode}, 'name', ${rbo.basinName})) filter (where ${rbo.basinCode} is not null), '[]'::jsonb)`,
          countries: sql<string[]>`coalesce(jsonb_agg(distinct ${rbo.countryCode} order by ${rbo.countryCode}) filter (where ${rbo.countryCode} is not null), '[]'::jsonb)`,
          source: sql<string>`min(${rbo.source})`,
        })
        .from(rbo)
        .leftJoin(mechanisms, eq(mechanisms.id, rbo.mechanismId))
        .where(where)
        .groupBy(rbo.rboCode)
        .having(cond)
        .orderBy(...order, asc(rbo.rboCode))
        .limit(query.limit)
        .offset(query.offset),
    () => ctx.db.select({ total: count() }).from(groups),
  ]);
  return { items: rows.map((r) => ({ ...r, basins: sortNamed(r.basins) })), total, limit: query.limit, offset: query.offset };
}

/** One item per treaty: TFDD's rows for each basin and party of the same document, signed the same day. */
export async function listTreaties(ctx: ServiceContext, query: z.infer<typeof ZTreatyListQuery>): Promise<Page<Treaty>> {
  const where: SQL[] = [];
  if (query.q) where.push(or(ilikeAny(wt.name, query.q), ilikeAny(wt.signatories, query.q))!);
  if (query.from) where.push(gte(wt.signedOn, query.from));
  if (query.to) where.push(lte(wt.signedOn, query.to));
  const having: SQL[] = [];
  if (query.basin) having.push(sql`bool_or(${wt.basinCode} = ${query.basin.toUpperCase()})`);
  if (query.country) having.push(sql`bool_or(${wt.countryCode} = ${query.country.toUpperCase()})`);
  const cond = where.length ? and(...where) : undefined;
  const hcond = having.length ? and(...having) : undefined;
  const { field, desc: d } = parseSort(query.sort, ["signedOn", "name"]);
  const order = field === "name" ? [d ? desc(wt.name) : asc(wt.name), asc(wt.signedOn)] : [d ? sql`${wt.signedOn} desc nulls last` : sql`${wt.signedOn} asc nulls last`, asc(wt.name)];
  const groups = ctx.db.select({ name: wt.name, signedOn: wt.signedOn }).from(wt).where(cond).groupBy(wt.name, wt.signedOn).having(hcond).as("g");
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () =>
      ctx.db
        .select({
          name: wt.name,
          signedOn: wt.signedOn,
          signatories: sql<string | null>`min(${wt.signatories})`,
          basins: sql<Named[]>`coalesce(jsonb_agg(distinct jsonb_build_object('code', ${wt.basinCode}, 'name', ${wt.basinName})) filter (where ${wt.basinCode} is not null), '[]'::jsonb)`,
          countries: sql<Named[]>`coalesce(jsonb_agg(distinct jsonb_build_object('code', ${wt.countryCode}, 'name', ${wt.countryName})) filter (where ${wt.countryCode} is not null), '[]'::jsonb)`,
          issues: sql<string | null>`min(${wt.attributes}->>'Issue Area')`,
          entries: sql<string[]>`jsonb_agg(${wt.code} order by length(${wt.code}), ${wt.code})`,
          source: sql<string>`min(${wt.source})`,
        })
        .from(wt)
        .where(cond)
        .groupBy(wt.name, wt.signedOn)
        .having(hcond)
        .orderBy(...order)
        .limit(query.limit)
        .offset(query.offset),
    () => ctx.db.select({ total: count() }).from(groups),
  ]);
  return {
    items: rows.map(({ issues, ...r }) => ({
      ...r,
      code: r.entries[0]!,
      basins: sortNamed(r.basins),
      countries: sortNamed(r.countries),
      issueTypes: [...new Set((issues ?? "").split(",").map((s) => s.trim()).filter((s) => !NOT_ISSUES.has(s)).map(issueCode))],
    })),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

const sortNamed = (xs: Named[]) => [...xs].sort((a, b) => a.code.localeCompare(b.code));

/** Every basin with water events, organisations or treaties, for the basin filters. */
export async function listBasins(ctx: ServiceContext): Promise<{ items: Basin[] }> {
  const visible = eventVisibility(ctx.principal);
  const [ev, orgs, treaties] = await readAll(ctx, [
    () =>
      ctx.db
        .select({ code: sql<string>`${events.basinCode}`, n: count() })
        .from(events)
        .where(and(sql`${events.basinCode} is not null`, visible))
        .groupBy(events.basinCode),
    () =>
      ctx.db
        .select({ code: sql<string>`${rbo.basinCode}`, name: sql<string | null>`max(${rbo.basinName})`, n: sql<number>`count(distinct ${rbo.rboCode})::int` })
        .from(rbo)
        .where(sql`${rbo.basinCode} is not null`)
        .groupBy(rbo.basinCode),
    () =>
      ctx.db
        .select({ code: sql<string>`${wt.basinCode}`, name: sql<string | null>`max(${wt.basinName})`, n: sql<number>`count(distinct (${wt.name}, ${wt.signedOn}))::int` })
        .from(wt)
        .where(sql`${wt.basinCode} is not null`)
        .groupBy(wt.basinCode),
  ]);
  const out = new Map<string, Basin>();
  const at = (code: string) => out.get(code) ?? out.set(code, { code, name: null, events: 0, rbos: 0, treaties: 0 }).get(code)!;
  for (const r of ev) at(r.code).events = r.n;
  // The treaties table names basins as the TFDD basin register does (Rhine-Meuse → Rhine is the RBO table's river).
  for (const r of orgs) Object.assign(at(r.code), { rbos: r.n, name: r.name });
  for (const r of treaties) Object.assign(at(r.code), { treaties: r.n, name: r.name ?? at(r.code).name });
  return { items: [...out.values()].sort((a, b) => a.code.localeCompare(b.code)) };
}

/** Water events per year with their BAR intensity, for a basin, a mechanism, or both. */
export async function waterIntensity(ctx: ServiceContext, query: z.infer<typeof ZIntensityQuery>): Promise<{ items: IntensityYear[] }> {
  const where: (SQL | undefined)[] = [eq(events.kind, "water_event"), eventVisibility(ctx.principal)];
  if (query.basin) where.push(eq(events.basinCode, query.basin.toUpperCase()));
  if (query.mechanism) where.push(isUuid(query.mechanism) ? eq(mechanisms.id, query.mechanism) : eq(mechanisms.code, query.mechanism));
  const year = sql<number>`extract(year from ${events.date})::int`;
  const rows = await ctx.db
    .select({
      year,
      events: sql<number>`count(*)::int`,
      conflict: sql<number>`(count(*) filter (where ${events.barScale} < 0))::int`,
      neutral: sql<number>`(count(*) filter (where ${events.barScale} = 0))::int`,
      cooperation: sql<number>`(count(*) filter (where ${events.barScale} > 0))::int`,
      mean: sql<number | null>`round(avg(${events.barScale}), 2)::float8`,
      min: sql<number | null>`min(${events.barScale})::int`,
      max: sql<number | null>`max(${events.barScale})::int`,
    })
    .from(events)
    .leftJoin(mechanisms, eq(mechanisms.id, events.mechanismId))
    .where(and(...where))
    .groupBy(year)
    .orderBy(year);
  return { items: rows };
}
