import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf } from "../../db/rows.js";
import type { z } from "@hono/zod-openapi";
import { type ServiceContext } from "../../core/context.js";
import { notFound, ruleAt } from "../../core/errors.js";
import { actors } from "../../db/schema/actors.js";
import { riverBasinOrganisations } from "../../db/schema/interop.js";
import { mechanisms, memberships, participantCounts, priorityAreas } from "../../db/schema/mechanisms.js";
import { projectParties, projects } from "../../db/schema/projects.js";
import { pivotCounts } from "../../lib/diversity/index.js";
import { MATRIX_KINDS, mechanismOverlap, type MechanismProfile } from "../../lib/overlap/mechanisms.js";
import { outsideActivity, type AreaProject } from "../../lib/overlap/outside.js";
import { projectOverlaps, sectorCategory, type OverlapProject } from "../../lib/overlap/projects.js";
import { RBO_INDICATORS, RBO_LEVELS } from "../../lib/rbo/indicators.js";
import { mergeWeights, normalisedWeights, scoreRbo, validateWeights } from "../../lib/rbo/score.js";
import { organisationIndicators } from "../../lib/rbo/tfdd.js";
import { findMechanism } from "../mechanisms/read.js";
import { countriesOf, findVisibleProject, projectVisibility } from "../projects/read.js";
import type { OutsideActivityOut, Overlap, ProjectOverlapOut, ZOutsideActivityQuery, RboScoreOut, ZOverlapQuery, ZParticipantTableQuery, ZProjectOverlapQuery, ZRboScoreRequest } from "./schemas.js";


/**
 * Membership, sector and geographic overlap of every pair of the mechanisms asked for. Members are
 * leads and members; observers and dialogue partners (China and Myanmar at the MRC) are not. Projects
 * count only where the caller may see them (the project list's rule), so a matrix never reflects
 * a project the caller could not open. A project's countries follow the project list's rule
 * (recipient countries, else its parties').
 */
export async function mechanismOverlapMatrices(ctx: ServiceContext, query: z.infer<typeof ZOverlapQuery>): Promise<Overlap> {
  const wanted = query.mechanisms ? [...new Set(query.mechanisms.split(",").map((c) => c.trim().toUpperCase()))] : null;
  const mechs = await ctx.db
    .select({ id: mechanisms.id, code: mechanisms.code })
    .from(mechanisms)
    .where(wanted ? inArray(sql`upper(${mechanisms.code})`, wanted) : undefined)
    .orderBy(mechanisms.code);
  if (wanted) {
    const missing = wanted.filter((w) => !mechs.some((m) => m.code.toUpperCase() === w));
    if (missing.length) throw notFound("mechanism", missing.join(","));
    mechs.sort((a, b) => wanted.indexOf(a.code.toUpperCase()) - wanted.indexOf(b.code.toUpperCase()));
  }
  const ids = mechs.map((m) => m.id);
  const profiles = new Map<string, MechanismProfile>(
    mechs.map((m) => [m.id, { code: m.code, members: [], sectors: {}, places: { countries: [], subnational: [] } }]),
  );
  if (!ids.length) return { kinds: { ...MATRIX_KINDS }, matrices: mechanismOverlap([]), currency: "USD" };

  const members = await ctx.db
    .select({ mechanismId: memberships.mechanismId, actor: actors.code, country: actors.countryCode })
    .from(memberships)
    .innerJoin(actors, eq(actors.id, memberships.actorId))
    .where(and(inArray(memberships.mechanismId, ids), inArray(memberships.role, ["lead", "member"])));
  for (const m of members) profiles.get(m.mechanismId)!.members.push({ actor: m.actor, country: m.country });

  const vis = projectVisibility(ctx.principal);
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  type P = { mechanism_id: string; sector: string | null; budget: string | null; countries: string[] | null; subnational: string[] | null };
  const rows = await rowsOf<P>(
    ctx.db.execute(sql`select ${projects.mechanismId} as mechanism_id, ${projects.sector} as sector,
      case when ${projects.currency} = 'USD' then ${projects.budget} end as budget,
      ${countriesOf} as countries,
      (select array_agg(distinct a.code) from ${projectParties} pp join ${actors} a on a.id = pp.actor_id
         where pp.project_id = ${projects.id} and a.level in ('province', 'prefecture', 'district', 'zone')) as subnational
      from ${projects} where ${projects.mechanismId} in (${idList})${vis ? sql` and ${vis}` : sql``}`),
  );
  const places = new Map(ids.map((id) => [id, { countries: new Set<string>(), subnational: new Set<string>() }]));
  for (const r of rows) {
    const p = profiles.get(r.mechanism_id)!;
    if (r.sector) {
      // Mechanisms compare by DAC category: GCDF records carry only the category, projects entered here the purpose code.
      const s = (p.sectors[sectorCategory(r.sector)] ??= { projects: 0, amount: 0 });
      s.projects++;
      s.amount += Number(r.budget ?? 0);
    }
    const at = places.get(r.mechanism_id)!;
    for (const c of r.countries ?? []) at.countries.add(c);
    for (const c of r.subnational ?? []) at.subnational.add(c);
  }
  for (const [id, p] of profiles) {
    const at = places.get(id)!;
    p.places = { countries: [...at.countries].sort(), subnational: [...at.subnational].sort() };
  }
  return { kinds: { ...MATRIX_KINDS }, matrices: mechanismOverlap(mechs.map((m) => profiles.get(m.id)!)), currency: "USD" };
}

/** Published participant counts of one type pivoted into a country × mechanism table (seed 002 Table 4-1 for NGOs). */
export async function participantTable(ctx: ServiceContext, query: z.infer<typeof ZParticipantTableQuery>) {
  const rows = await ctx.db
    .select({ mechanism: mechanisms.code, country: participantCounts.countryCode, actorType: participantCounts.actorType, count: participantCounts.count, source: participantCounts.source })
    .from(participantCounts)
    .innerJoin(mechanisms, eq(mechanisms.id, participantCounts.mechanismId))
    .where(eq(participantCounts.actorType, query.type))
    .orderBy(mechanisms.code, participantCounts.countryCode);
  return pivotCounts(rows, query.type);
}

/**
 * River-basin-organisation scores: the indicator values of an organisation in the imported TFDD
 * RBO database, or values entered by hand, under the default or the given weights. Nothing is
 * stored; the caller edits weights and sees the result.
 */
export async function rboScore(ctx: ServiceContext, req: z.infer<typeof ZRboScoreRequest>): Promise<RboScoreOut> {
  const problems = validateWeights(req.weights ?? {});
  if (problems.length) throw ruleAt(problems[0]!.code, `weights.${problems[0]!.path}`, { path: problems[0]!.path });
  const unknown = Object.keys(req.values ?? {}).find((k) => !RBO_INDICATORS.some((d) => d.code === k));
  if (unknown) throw ruleAt("rbo_unknown_indicator", `values.${unknown}`, { path: unknown });
  let organisation: RboScoreOut["organisation"] = null;
  let values: Record<string, number | null | undefined> = {};
  if (req.organisation) {
    const code = req.organisation.toUpperCase();
    const rows = await ctx.db
      .select({ rboCode: riverBasinOrganisations.rboCode, name: riverBasinOrganisations.name, agreementName: riverBasinOrganisations.agreementName, attributes: riverBasinOrganisations.attributes })
      .from(riverBasinOrganisations)
      .where(eq(riverBasinOrganisations.rboCode, code));
    if (!rows.length) throw notFound("river_basin_organisation", code);
    organisation = { code, name: rows[0]!.name };
    values = organisationIndicators(rows);
  }
  values = { ...values, ...(req.values ?? {}) };
  const weights = mergeWeights(req.weights ?? {});
  const norm = normalisedWeights(weights);
  const s = scoreRbo(values, weights);
  return {
    organisation,
    indicators: RBO_INDICATORS.map((d) => ({
      code: d.code,
      level: d.level,
      name: d.name,
      counts: d.counts,
      weight: weights.indicators[d.code]!,
      normalisedWeight: norm.indicators[d.code]!,
      value: values[d.code] ?? null,
    })),
    levelWeights: Object.fromEntries(RBO_LEVELS.map((l) => [l, norm.levels[l]])) as RboScoreOut["levelWeights"],
    levels: s.levels,
    overall: s.overall,
    coverage: s.coverage,
  };
}

type PlaceRow = {
  id: string;
  code: string;
  mechanism: string;
  external_source: string | null;
  sector: string | null;
  start_year: number | null;
  end_year: number | null;
  countries: string[] | null;
  provinces: string[] | null;
  zones: string[] | null;
  locations: unknown;
};

/** IATI locations keep their points in the imported detail as `{ point: { lat, lng } }`. */
function pointsOf(locations: unknown): OverlapProject["points"] {
  if (!Array.isArray(locations)) return [];
  return locations.flatMap((l) => {
    const p = (l as { point?: { lat?: unknown; lng?: unknown } } | null)?.point;
    const lat = Number(p?.lat);
    const lon = Number(p?.lng);
    return p && Number.isFinite(lat) && Number.isFinite(lon) ? [{ lat, lon }] : [];
  });
}

const toOverlapProject = (r: PlaceRow): OverlapProject => ({
  ref: r.code,
  mechanism: r.mechanism,
  sectors: r.sector ? [r.sector] : [],
  startYear: r.start_year === null ? null : Number(r.start_year),
  endYear: r.end_year === null ? null : Number(r.end_year),
  countries: r.countries ?? [],
  provinces: r.provinces ?? [],
  zones: r.zones ?? [],
  points: pointsOf(r.locations),
});

/**
 * The projects of other mechanisms, and imported records, working in the same place and sector as
 * this project over overlapping years, with the reasons. Only projects the caller may see are
 * searched. Imported records (GCDF, IATI) count as outside the target's mechanism even when they
 * were filed under it, since they are other actors' projects. A project's countries are its
 * recipient countries, else its parties' (the project list's rule): a Chinese lender's seat does
 * not put a project in Laos in China.
 */
export async function projectOverlapList(ctx: ServiceContext, ref: string, query: z.infer<typeof ZProjectOverlapQuery>): Promise<ProjectOverlapOut> {
  const { row } = await findVisibleProject(ctx, ref);
  const vis = projectVisibility(ctx.principal);
  const rows = await rowsOf<PlaceRow>(
    ctx.db.execute(sql`select ${projects.id} as id, ${projects.code} as code, m.code as mechanism, ${projects.externalSource} as external_source,
      ${projects.sector} as sector, extract(year from ${projects.startDate})::int as start_year, extract(year from ${projects.endDate})::int as end_year,
      ${countriesOf} as countries,
      (select array_agg(distinct a.code) from ${projectParties} pp join ${actors} a on a.id = pp.actor_id
         where pp.project_id = ${projects.id} and a.level in ('province', 'prefecture', 'district')) as provinces,
      (select array_agg(distinct a.code) from ${projectParties} pp join ${actors} a on a.id = pp.actor_id
         where pp.project_id = ${projects.id} and a.level = 'zone') as zones,
      ${projects.externalDetail}->'locations' as locations
      from ${projects} join ${mechanisms} m on m.id = ${projects.mechanismId}
      where (${projects.id} = ${row.id}${vis ? sql` or ${vis}` : sql` or true`})`),
  );
  const target = rows.find((r) => r.id === row.id)!;
  const bySource = new Map(rows.map((r) => [r.code, r.external_source]));
  const candidates = rows.filter((r) => r.id !== row.id).map((r) => ({ ...toOverlapProject(r), mechanism: r.external_source ? null : r.mechanism }));
  const found = projectOverlaps({ ...toOverlapProject(target), mechanism: target.external_source ? null : target.mechanism }, candidates, { maxKm: query.km });
  const mech = new Map(rows.map((r) => [r.code, r.mechanism]));
  return {
    project: row.code,
    maxKm: query.km,
    items: found.map((o) => ({ code: o.project.ref, mechanism: mech.get(o.project.ref) ?? null, externalSource: bySource.get(o.project.ref) ?? null, place: o.place, reasons: o.reasons })),
  };
}

type AreaRow = {
  code: string;
  mechanism: string;
  external_source: string | null;
  priority_area: string | null;
  sector: string | null;
  start_year: number | null;
  end_year: number | null;
  budget: string | null;
  countries: string[] | null;
  actors: string[] | null;
};

const upper = (xs: string[] | null) => (xs ?? []).map((x) => x.toUpperCase());

/**
 * Where outside actors are active in a mechanism's priority areas: per area, the countries and
 * sectors of the mechanism's own projects there, and the funders (else leads) of other mechanisms'
 * projects and imported records working in one of those countries and sectors. A project's place is
 * its recipient countries, or its parties' countries when none are recorded. Only projects the
 * caller may see count, on both sides.
 */
export async function outsideActivityIn(ctx: ServiceContext, query: z.infer<typeof ZOutsideActivityQuery>): Promise<OutsideActivityOut> {
  const mech = await findMechanism(ctx.db, query.mechanism.toUpperCase());
  const areas = await ctx.db.select({ code: priorityAreas.code, name: priorityAreas.name }).from(priorityAreas).where(eq(priorityAreas.mechanismId, mech.id)).orderBy(priorityAreas.position, priorityAreas.code);
  const vis = projectVisibility(ctx.principal);
  const partyCodes = (role: string) =>
    sql`(select array_agg(distinct a.code) from ${projectParties} pp join ${actors} a on a.id = pp.actor_id where pp.project_id = ${projects.id} and pp.role = ${role})`;
  const rows = await rowsOf<AreaRow>(
    ctx.db.execute(sql`select ${projects.code} as code, m.code as mechanism, ${projects.externalSource} as external_source, pa.code as priority_area,
      ${projects.sector} as sector, extract(year from ${projects.startDate})::int as start_year, extract(year from ${projects.endDate})::int as end_year,
      case when ${projects.currency} = 'USD' then ${projects.budget} end as budget,
      ${countriesOf} as countries,
      coalesce(${partyCodes("funder")}, ${partyCodes("lead")}) as actors
      from ${projects} join ${mechanisms} m on m.id = ${projects.mechanismId} left join ${priorityAreas} pa on pa.id = ${projects.priorityAreaId}
      ${vis ? sql`where ${vis}` : sql``}`),
  );
  const input: AreaProject[] = rows.map((r) => ({
    ref: r.code,
    mechanism: r.mechanism,
    source: r.external_source,
    priorityArea: r.priority_area,
    sectors: r.sector ? [r.sector] : [],
    countries: upper(r.countries),
    startYear: r.start_year === null ? null : Number(r.start_year),
    endYear: r.end_year === null ? null : Number(r.end_year),
    amount: r.budget === null ? null : Number(r.budget),
    actors: r.actors ?? [],
  }));
  const activity = outsideActivity(mech.code, areas.map((a) => a.code), input);
  const named = [...new Set(activity.flatMap((a) => a.outside.flatMap((o) => (o.actor ? [o.actor] : []))))];
  const names = new Map(named.length ? (await ctx.db.select({ code: actors.code, name: actors.name }).from(actors).where(inArray(actors.code, named))).map((a) => [a.code, a.name]) : []);
  return {
    mechanism: mech.code,
    currency: "USD",
    areas: activity.map((a, i) => ({ ...a, name: areas[i]!.name, outside: a.outside.map((o) => ({ ...o, actorName: o.actor ? (names.get(o.actor) ?? null) : null })) })),
  };
}
