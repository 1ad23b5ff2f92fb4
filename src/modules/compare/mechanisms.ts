import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { rowsOf } from "../../db/rows.js";
import type { z } from "@hono/zod-openapi";
import type { ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { actors, countries } from "../../db/schema/actors.js";
import type { LocalizedText } from "../../db/schema/common.js";
import { events } from "../../db/schema/events.js";
import { riverBasinOrganisations } from "../../db/schema/interop.js";
import { mechanisms, memberships } from "../../db/schema/mechanisms.js";
import { exchangeRates } from "../../db/schema/money.js";
import { projectCountries, projectParties, projects } from "../../db/schema/projects.js";
import { MEETING_KINDS } from "../../lib/diplomacy/meetings.js";
import { diversity, PARTICIPANT_TYPES } from "../../lib/diversity/index.js";
import { bucketYears, budgetShares, type YearCounts } from "../../lib/sidebyside/index.js";
import { eventVisibility } from "../events/read.js";
import { projectVisibility } from "../projects/read.js";
import type { MechanismProfileOut, SideBySideOut, ZSideBySideQuery } from "./mechanisms-schemas.js";


/** What each measure counts, returned with the figures so a reader of the export knows. */
export const SIDE_BY_SIDE_RULES = {
  members: "Memberships of the mechanism in every role (lead, member, observer, dialogue partner).",
  participants:
    "Distinct actors taking part: the members in any role plus the parties (lead, partner, funder, implementer, beneficiary) of the mechanism's projects the caller may see, counted once each by actor type. Diversity: Shannon H (natural log), Pielou evenness H/ln S, Gini–Simpson 1 − Σp².",
  projects:
    "The mechanism's projects the caller may see. Money is the budget in US dollars, other currencies converted at the latest rate on or before today (budgets with no rate are counted in `unconverted`, not summed). By country: the recipient countries, else the parties' countries, the budget split by the recipients' percentages when given, else equally.",
  tracks: "Meetings (events of a meeting kind) of the mechanism the caller may see, by diplomatic track; `none` where no participant is recorded yet.",
  water:
    "TFDD water events the caller may see that are filed on the mechanism, or happen in a basin of a TFDD river basin organisation linked to it (the MRC: the Mekong), or are between two of its member countries (leads and members). Conflict BAR < 0, neutral 0, cooperation > 0; mean of the rated events.",
} as const;

const sqlList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

type Mech = { id: string; code: string; name: LocalizedText };

/** The mechanisms asked for, in that order; an unknown code is 404. */
async function mechanismsAsked(ctx: ServiceContext, list: string): Promise<Mech[]> {
  const wanted = [...new Set(list.split(",").map((c) => c.trim().toUpperCase()))];
  const rows = await ctx.db
    .select({ id: mechanisms.id, code: mechanisms.code, name: mechanisms.name })
    .from(mechanisms)
    .where(inArray(sql`upper(${mechanisms.code})`, wanted));
  const missing = wanted.filter((w) => !rows.some((m) => m.code.toUpperCase() === w));
  if (missing.length) throw notFound("mechanism", missing.join(","));
  return wanted.map((w) => rows.find((m) => m.code.toUpperCase() === w)!);
}

type ProjectRow = { sector: string | null; budget: string | null; usd: string | null; recipients: { c: string; p: string | null }[] | null; parties: string[] | null };

const cents = (n: number) => Math.round(n * 100) / 100;

async function profileOf(ctx: ServiceContext, m: Mech): Promise<MechanismProfileOut> {
  const vis = projectVisibility(ctx.principal);
  const evVis = eventVisibility(ctx.principal);
  const visible = vis ? sql` and ${vis}` : sql``;

  const members = await ctx.db
    .select({ actor: actors.code, name: actors.name, type: actors.type, country: actors.countryCode, role: memberships.role })
    .from(memberships)
    .innerJoin(actors, eq(actors.id, memberships.actorId))
    .where(eq(memberships.mechanismId, m.id))
    .orderBy(memberships.role, actors.code);
  const roles: Record<string, number> = {};
  for (const r of members) roles[r.role] = (roles[r.role] ?? 0) + 1;

  const typeRows = await rowsOf<{ type: string; n: number }>(
    ctx.db.execute(sql`select a.type as type, count(*)::int as n from ${actors} a where a.id in (
        select ms.actor_id from ${memberships} ms where ms.mechanism_id = ${m.id}
        union select pp.actor_id from ${projectParties} pp join ${projects} on ${projects.id} = pp.project_id
          where ${projects.mechanismId} = ${m.id}${visible})
      group by a.type`),
  );
  const counts: Record<string, number> = Object.fromEntries(PARTICIPANT_TYPES.map((t) => [t, 0]));
  for (const r of typeRows) counts[r.type] = Number(r.n);
  const d = diversity(counts);

  const today = ctx.now().toISOString().slice(0, 10);
  const projectRows = await rowsOf<ProjectRow>(
    ctx.db.execute(sql`select ${projects.sector} as sector, ${projects.budget}::text as budget,
        (case when ${projects.currency} = 'USD' then ${projects.budget}
          else ${projects.budget} * (select er.usd_per_unit from ${exchangeRates} er where er.currency = ${projects.currency} and er.date <= ${today} order by er.date desc limit 1) end)::text as usd,
        (select json_agg(json_build_object('c', pc.country_code, 'p', pc.percentage) order by pc.country_code) from ${projectCountries} pc where pc.project_id = ${projects.id}) as recipients,
        (select array_agg(distinct a.country_code) from ${projectParties} pp join ${actors} a on a.id = pp.actor_id where pp.project_id = ${projects.id} and a.country_code is not null) as parties
      from ${projects} where ${projects.mechanismId} = ${m.id}${visible}`),
  );
  const bySector = new Map<string, { projects: number; amountUsd: number }>();
  const byCountry = new Map<string, { projects: number; amountUsd: number }>();
  let amountUsd = 0;
  let unconverted = 0;
  for (const r of projectRows) {
    const usd = r.usd === null ? 0 : Number(r.usd);
    if (r.budget !== null && r.usd === null) unconverted++;
    amountUsd += usd;
    const s = bySector.get(r.sector ?? "none") ?? bySector.set(r.sector ?? "none", { projects: 0, amountUsd: 0 }).get(r.sector ?? "none")!;
    s.projects++;
    s.amountUsd += usd;
    for (const [c, share] of budgetShares((r.recipients ?? []).map((x) => ({ country: x.c, percentage: x.p })), r.parties ?? [])) {
      const x = byCountry.get(c) ?? byCountry.set(c, { projects: 0, amountUsd: 0 }).get(c)!;
      x.projects++;
      x.amountUsd += usd * share;
    }
  }
  const amounts = (map: Map<string, { projects: number; amountUsd: number }>) =>
    [...map.entries()].map(([key, v]) => ({ key, projects: v.projects, amountUsd: cents(v.amountUsd) })).sort((a, b) => b.amountUsd - a.amountUsd || b.projects - a.projects || a.key.localeCompare(b.key));

  const trackRows = await ctx.db
    .select({ track: events.track, n: sql<number>`count(*)::int` })
    .from(events)
    .where(and(eq(events.mechanismId, m.id), inArray(events.kind, [...MEETING_KINDS]), evVis))
    .groupBy(events.track);
  const tracks = { I: 0, II: 0, III: 0, none: 0 };
  for (const r of trackRows) tracks[r.track ?? "none"] += Number(r.n);

  const basins = (
    await ctx.db
      .selectDistinct({ basin: riverBasinOrganisations.basinCode })
      .from(riverBasinOrganisations)
      .where(and(eq(riverBasinOrganisations.mechanismId, m.id), isNotNull(riverBasinOrganisations.basinCode)))
  )
    .map((r) => r.basin!)
    .sort();
  const memberIso3 = (
    await ctx.db
      .selectDistinct({ iso3: countries.iso3 })
      .from(memberships)
      .innerJoin(actors, eq(actors.id, memberships.actorId))
      .innerJoin(countries, eq(countries.code, actors.countryCode))
      .where(and(eq(memberships.mechanismId, m.id), inArray(memberships.role, ["lead", "member"])))
  )
    .map((r) => r.iso3)
    .sort();
  const inBasins = basins.length ? sql` or ${events.basinCode} in (${sqlList(basins)})` : sql``;
  const betweenMembers = memberIso3.length
    ? sql` or (jsonb_array_length(coalesce(${events.countryCodes}, '[]'::jsonb)) >= 2 and not exists (
        select 1 from jsonb_array_elements_text(${events.countryCodes}) c(code) where c.code not in (${sqlList(memberIso3)})))`
    : sql``;
  const waterRows = await rowsOf<YearCounts>(
    ctx.db.execute(sql`select extract(year from ${events.date})::int as year, count(*)::int as events,
        (count(*) filter (where ${events.barScale} < 0))::int as conflict,
        (count(*) filter (where ${events.barScale} = 0))::int as neutral,
        (count(*) filter (where ${events.barScale} > 0))::int as cooperation,
        coalesce(sum(${events.barScale}), 0)::int as sum, count(${events.barScale})::int as rated
      from ${events}
      where ${events.kind} = 'water_event'${evVis ? sql` and ${evVis}` : sql``}
        and (${events.mechanismId} = ${m.id}${inBasins}${betweenMembers})
      group by 1 order by 1`),
  );
  const byYear = bucketYears(waterRows, 1);

  return {
    code: m.code,
    name: m.name,
    members: members.map((r) => ({ actor: r.actor, name: r.name, type: r.type, country: r.country, role: r.role })),
    roles,
    participants: { counts, total: d.total, types: d.types, shares: d.shares, shannon: d.shannon, pielou: d.pielou, giniSimpson: d.giniSimpson },
    projects: { count: projectRows.length, amountUsd: cents(amountUsd), unconverted, bySector: amounts(bySector), byCountry: amounts(byCountry) },
    tracks,
    water: { basins, memberCountries: memberIso3, events: byYear.reduce((s, r) => s + r.events, 0), byYear, byFiveYears: bucketYears(waterRows, 5) },
  };
}

/**
 * Mechanisms side by side: members and roles, participant types and their diversity, projects and
 * money by sector and country, meetings by diplomatic track, and water events by BAR intensity over
 * time. Only records the caller may see count (the lists' rules).
 */
export async function mechanismsSideBySide(ctx: ServiceContext, query: Pick<z.infer<typeof ZSideBySideQuery>, "mechanisms">): Promise<SideBySideOut> {
  const mechs = await mechanismsAsked(ctx, query.mechanisms);
  const out: MechanismProfileOut[] = [];
  for (const m of mechs) out.push(await profileOf(ctx, m));
  return { mechanisms: out, rules: { ...SIDE_BY_SIDE_RULES }, currency: "USD" };
}

/** Every figure of the comparison in long form, one row each: mechanism, measure, key, value. */
export function sideBySideRows(s: SideBySideOut): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const p of s.mechanisms) {
    const add = (measure: string, key: string, value: string | number | null) => rows.push([p.code, measure, key, value]);
    for (const mem of p.members) add("member", mem.actor, mem.role);
    for (const [role, n] of Object.entries(p.roles)) add("members_by_role", role, n);
    for (const [type, n] of Object.entries(p.participants.counts)) add("participants", type, n);
    for (const [type, share] of Object.entries(p.participants.shares)) add("participant_share", type, share);
    add("diversity", "shannon", p.participants.shannon);
    add("diversity", "pielou", p.participants.pielou);
    add("diversity", "gini_simpson", p.participants.giniSimpson);
    add("projects", "count", p.projects.count);
    add("projects", "amount_usd", p.projects.amountUsd);
    add("projects", "unconverted", p.projects.unconverted);
    for (const r of p.projects.bySector) add("sector_projects", r.key, r.projects), add("sector_amount_usd", r.key, r.amountUsd);
    for (const r of p.projects.byCountry) add("country_projects", r.key, r.projects), add("country_amount_usd", r.key, r.amountUsd);
    for (const [track, n] of Object.entries(p.tracks)) add("meetings_by_track", track, n);
    for (const r of p.water.byYear) for (const k of ["events", "conflict", "neutral", "cooperation", "mean"] as const) add(`water_${k}_by_year`, r.period, r[k]);
  }
  return rows;
}

export const SIDE_BY_SIDE_CSV_HEADER = ["mechanism", "measure", "key", "value"] as const;
