import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { readAll, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { actors } from "../../db/schema/actors.js";
import type { LocalizedText } from "../../db/schema/common.js";
import { eventParticipants, events } from "../../db/schema/events.js";
import { agreementParties, agreements } from "../../db/schema/fund.js";
import { mechanisms, pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import { projectParties, projects } from "../../db/schema/projects.js";
import { agreementModes, eventModes, MODE_SOURCES, projectModes, tallyModes, type CooperationMode } from "../../lib/localgov/modes.js";
import { sumDecimals } from "../../lib/localgov/money.js";
import { eventVisibility } from "../events/read.js";
import { mechanismInput } from "../mechanisms/read.js";
import { fundingGap } from "../money/gap.js";
import { rateOf } from "../obligations/rate.js";
import { agreementVisibility, fulfilmentRateRows } from "../obligations/read.js";
import type { RateRow } from "../obligations/schemas.js";
import { projectVisibility } from "../projects/read.js";
import { isUuid } from "../shared/refs.js";
import type { ProvinceList, ProvinceProfile, ProvinceRow, ZProvinceListQuery, ZProvinceQuery } from "./schemas.js";

/** Said with every answer, so a reader knows what a figure counts. */
export const COUNTING_RULE =
  "A province or state counts a record when it, or a government body under it (prefecture, district, zone, provincial department), is a party, participant, signatory or obligation owner; each record counts once. Enterprises, universities and other non-government bodies registered in it are its partners, not itself. Only records the reader may see are counted.";

type TreeRow = { province_id: string; actor_id: string; code: string; name: LocalizedText; level: string | null; country_code: string | null };
type ActorBrief = { id: string; code: string; name: LocalizedText; type: string; country: string | null; level: string | null };
type Link = { actor: ActorBrief; role: string };

/**
 * The provinces and states (government actors of level province directly under a country) and
 * the government bodies below each, as a recursive query of (province_id, actor_id).
 */
function treeQuery(filter: { country?: string; id?: string }): SQL {
  const conds: SQL[] = [sql`a.type = 'government'`, sql`a.level = 'province'`, sql`(a.parent_id is null or p.level = 'country')`];
  if (filter.country) conds.push(sql`a.country_code = ${filter.country.toUpperCase()}`);
  if (filter.id) conds.push(sql`a.id = ${filter.id}`);
  return sql`with recursive tops as (
      select a.id from ${actors} a left join ${actors} p on p.id = a.parent_id where ${sql.join(conds, sql` and `)}
    ), tree as (
      select t.id as province_id, t.id as actor_id, 0 as depth from tops t
      union all
      select tree.province_id, c.id, tree.depth + 1 from tree join ${actors} c on c.parent_id = tree.actor_id
      where c.type = 'government' and tree.depth < 8
    )`;
}

async function provinceTree(ctx: ServiceContext, tree: SQL) {
  const res = (await ctx.db.execute(sql`${tree}
    select tree.province_id, tree.actor_id, a.code, a.name, a.level, a.country_code
    from tree join ${actors} a on a.id = tree.actor_id
    order by a.code`)) as unknown as { rows: TreeRow[] };
  const provinceOf = new Map<string, string>();
  for (const r of res.rows) provinceOf.set(r.actor_id, r.province_id);
  return { rows: res.rows, provinceOf };
}

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
const group = <T>(rows: T[], key: (r: T) => string) => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
};

const actorBrief = { id: actors.id, code: actors.code, name: actors.name, type: actors.type, country: actors.countryCode, level: actors.level };

/**
 * Every record of the given government bodies the caller may see, with the other bodies named on
 * it: projects (and their money in USD), events and agreements, optionally under one mechanism.
 */
async function recordsOf(ctx: ServiceContext, tree: SQL, mechanismId: string | undefined, mechanismRef: string | undefined) {
  // The bodies as a subquery, not a list of ids: thousands of generated provinces would overflow the parameters.
  const ids = sql`${tree} select actor_id from tree`;
  const projectCond = and(
    projectVisibility(ctx.principal),
    mechanismId ? eq(projects.mechanismId, mechanismId) : undefined,
    sql`exists (select 1 from ${projectParties} pp where pp.project_id = ${projects.id} and pp.actor_id in (${ids}))`,
  );
  const eventCond = and(
    eventVisibility(ctx.principal),
    mechanismId ? eq(events.mechanismId, mechanismId) : undefined,
    sql`exists (select 1 from ${eventParticipants} ep where ep.event_id = ${events.id} and ep.actor_id in (${ids}))`,
  );
  const agreementCond = and(
    agreementVisibility(ctx.principal),
    mechanismId ? sql`coalesce(${agreements.mechanismId}, (select p.mechanism_id from ${projects} p where p.id = ${agreements.projectId})) = ${mechanismId}` : undefined,
    sql`exists (select 1 from ${agreementParties} ap where ap.agreement_id = ${agreements.id} and ap.actor_id in (${ids}))`,
  );
  const [projectRows, eventRows, agreementRows, gap] = await readAll(ctx, [
    () => ctx.db
      .select({
        id: projects.id,
        code: projects.code,
        title: projects.title,
        status: projects.status,
        sector: projects.sector,
        startDate: projects.startDate,
        endDate: projects.endDate,
        mechanismCode: mechanisms.code,
        pillarCode: pillars.code,
        areaCode: priorityAreas.code,
      })
      .from(projects)
      .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
      .leftJoin(pillars, eq(pillars.id, projects.pillarId))
      .leftJoin(priorityAreas, eq(priorityAreas.id, projects.priorityAreaId))
      .where(projectCond)
      .orderBy(sql`${projects.startDate} desc nulls last`, asc(projects.code)),
    () => ctx.db
      .select({ id: events.id, code: events.code, title: events.title, kind: events.kind, date: events.date, datePrecision: events.datePrecision, mechanismCode: mechanisms.code })
      .from(events)
      .leftJoin(mechanisms, eq(mechanisms.id, events.mechanismId))
      .where(eventCond)
      .orderBy(sql`${events.date} desc`, asc(events.code)),
    () => ctx.db
      .select({ id: agreements.id, code: agreements.code, title: agreements.title, kind: agreements.kind, signedOn: agreements.signedOn, mechanismCode: mechanisms.code, projectCode: projects.code })
      .from(agreements)
      .leftJoin(projects, eq(projects.id, agreements.projectId))
      .leftJoin(mechanisms, sql`${mechanisms.id} = coalesce(${agreements.mechanismId}, ${projects.mechanismId})`)
      .where(agreementCond)
      .orderBy(sql`${agreements.signedOn} desc`, asc(agreements.code)),
    // The funding-gap verb already converts each amount to USD at its own date, under the same visibility.
    () => fundingGap(ctx, { by: "project", currency: "USD", mechanism: mechanismRef }, projectCond),
  ]);
  // The other bodies named on each record, read with the record's own condition.
  const [projectLinkRows, eventLinkRows, agreementLinkRows] = await readAll(ctx, [
    () => ctx.db.select({ key: projectParties.projectId, role: projectParties.role, ...actorBrief }).from(projectParties).innerJoin(projects, eq(projects.id, projectParties.projectId)).innerJoin(actors, eq(actors.id, projectParties.actorId)).where(projectCond),
    () => ctx.db.select({ key: eventParticipants.eventId, role: eventParticipants.role, ...actorBrief }).from(eventParticipants).innerJoin(events, eq(events.id, eventParticipants.eventId)).innerJoin(actors, eq(actors.id, eventParticipants.actorId)).where(eventCond),
    () => ctx.db.select({ key: agreementParties.agreementId, role: sql<string>`'signatory'`, ...actorBrief }).from(agreementParties).innerJoin(agreements, eq(agreements.id, agreementParties.agreementId)).innerJoin(actors, eq(actors.id, agreementParties.actorId)).where(agreementCond),
  ]);
  const links = (rows: ({ key: string; role: string } & ActorBrief)[]) => {
    const sorted = rows.sort((a, b) => a.code.localeCompare(b.code) || a.role.localeCompare(b.role));
    const grouped = group(sorted, (r) => r.key);
    return new Map([...grouped].map(([key, list]) => [key, list.map((r) => ({ actor: { id: r.id, code: r.code, name: r.name, type: r.type, country: r.country, level: r.level }, role: r.role }))]));
  };
  const [projectLinks, eventLinks, agreementLinks] = [links(projectLinkRows), links(eventLinkRows), links(agreementLinkRows)];
  const money = new Map(gap.items.map((g) => [g.key, { budget: g.budget, committed: g.committed, disbursed: g.disbursed, unconverted: g.unconverted }]));
  return { projectRows, eventRows, agreementRows, projectLinks, eventLinks, agreementLinks, money };
}

type Records = Awaited<ReturnType<typeof recordsOf>>;

/** One province's share of the records (`rec` holds only records naming it): what it took part in, with whom, and how. */
function profileOf(provinceId: string, provinceOf: Map<string, string>, rec: Records, ownRates: RateRow[]) {
  const own = (l: Link) => provinceOf.get(l.actor.id) === provinceId;
  const partners = new Map<string, { actor: ActorBrief; projects: number; events: number; agreements: number }>();
  const meet = (links: Link[], kind: "projects" | "events" | "agreements") => {
    for (const a of new Map(links.filter((l) => !own(l)).map((l) => [l.actor.id, l.actor])).values()) {
      const p = partners.get(a.id) ?? { actor: a, projects: 0, events: 0, agreements: 0 };
      p[kind] += 1;
      partners.set(a.id, p);
    }
  };
  const modeRecords: { source: "project" | "event" | "agreement"; modes: CooperationMode[] }[] = [];

  const projectList = rec.projectRows.flatMap((p) => {
    const links = rec.projectLinks.get(p.id) ?? [];
    const via = links.filter(own).map((l) => ({ code: l.actor.code, role: l.role }));
    if (!via.length) return [];
    meet(links, "projects");
    const modes = projectModes({ sector: p.sector, priorityArea: p.areaCode, pillar: p.pillarCode, partyLevels: links.map((l) => l.actor.level), ownRoles: via.map((v) => v.role) });
    modeRecords.push({ source: "project", modes });
    const m = rec.money.get(p.code);
    return [{ code: p.code, title: p.title, mechanismCode: p.mechanismCode, status: p.status, sector: p.sector, startDate: p.startDate, endDate: p.endDate, via, budget: m?.budget ?? null, committed: m?.committed ?? null, disbursed: m?.disbursed ?? null, unconverted: m?.unconverted ?? 0, modes }];
  });
  const eventList = rec.eventRows.flatMap((e) => {
    const links = rec.eventLinks.get(e.id) ?? [];
    const via = links.filter(own).map((l) => ({ code: l.actor.code, role: l.role }));
    if (!via.length) return [];
    meet(links, "events");
    const modes = eventModes({ kind: e.kind, title: e.title });
    modeRecords.push({ source: "event", modes });
    return [{ code: e.code, title: e.title, kind: e.kind, date: e.date, datePrecision: e.datePrecision, mechanismCode: e.mechanismCode, via, modes }];
  });
  const agreementList = rec.agreementRows.flatMap((a) => {
    const links = rec.agreementLinks.get(a.id) ?? [];
    const via = links.filter(own).map((l) => l.actor.code);
    if (!via.length) return [];
    meet(links, "agreements");
    modeRecords.push({ source: "agreement", modes: agreementModes() });
    return [{ code: a.code, title: a.title, kind: a.kind, signedOn: a.signedOn, mechanismCode: a.mechanismCode, projectCode: a.projectCode, via }];
  });

  const sum = (k: "due" | "fulfilled" | "partly" | "late" | "notFulfilled" | "openOverdue") => ownRates.reduce((s, r) => s + r[k], 0);
  const counts = { due: sum("due"), fulfilled: sum("fulfilled"), partly: sum("partly"), late: sum("late"), notFulfilled: sum("notFulfilled"), openOverdue: sum("openOverdue") };

  const partnerList = [...partners.values()].sort((a, b) => b.projects + b.events + b.agreements - (a.projects + a.events + a.agreements) || a.actor.code.localeCompare(b.actor.code));
  return {
    projects: projectList,
    events: eventList,
    agreements: agreementList,
    partners: partnerList,
    rates: ownRates,
    obligations: { ...counts, rate: rateOf(counts) },
    money: {
      currency: "USD" as const,
      budget: sumDecimals(projectList.map((p) => p.budget)),
      committed: sumDecimals(projectList.map((p) => p.committed)),
      disbursed: sumDecimals(projectList.map((p) => p.disbursed)),
      unconverted: projectList.reduce((s, p) => s + p.unconverted, 0),
    },
    modes: tallyModes(modeRecords).map((t) => ({ ...t, source: MODE_SOURCES[t.mode] })),
  };
}

type Profile = ReturnType<typeof profileOf>;

const rowOf = (top: TreeRow, p: Profile): ProvinceRow => ({
  code: top.code,
  name: top.name,
  country: top.country_code,
  projects: p.projects.length,
  partners: p.partners.length,
  partnerCountries: new Set(p.partners.map((x) => x.actor.country).filter((c): c is string => !!c)).size,
  events: p.events.length,
  agreements: p.agreements.length,
  obligations: p.obligations,
  money: p.money,
  modes: p.modes,
});

async function compute(ctx: ServiceContext, filter: { country?: string; id?: string }, mechanism: string | undefined) {
  const mech = mechanism ? await mechanismInput(ctx.db, mechanism) : undefined;
  const treeSql = treeQuery(filter);
  const tree = await provinceTree(ctx, treeSql);
  const [rec, rates] = await readAll(ctx, [
    () => recordsOf(ctx, treeSql, mech?.id, mech?.code),
    () => (tree.rows.length ? fulfilmentRateRows(ctx, { mechanism: mech?.id }) : Promise.resolve([])),
  ]);
  const bodies = group(tree.rows, (r) => r.province_id);
  const tops = tree.rows.filter((r) => r.province_id === r.actor_id);
  // Each record goes to the provinces named on it, so a province only walks its own records.
  const shares = new Map<string, Records>();
  const shareOf = (provinceId: string) => {
    const s = shares.get(provinceId) ?? { ...rec, projectRows: [], eventRows: [], agreementRows: [] };
    shares.set(provinceId, s);
    return s;
  };
  const provincesOn = (links: Link[] | undefined) => new Set((links ?? []).flatMap((l) => tree.provinceOf.get(l.actor.id) ?? []));
  for (const p of rec.projectRows) for (const id of provincesOn(rec.projectLinks.get(p.id))) shareOf(id).projectRows.push(p);
  for (const e of rec.eventRows) for (const id of provincesOn(rec.eventLinks.get(e.id))) shareOf(id).eventRows.push(e);
  for (const a of rec.agreementRows) for (const id of provincesOn(rec.agreementLinks.get(a.id))) shareOf(id).agreementRows.push(a);
  const ratesOf = group(rates, (r) => r.actorCode);
  return tops.map((top) => {
    const own = bodies.get(top.actor_id) ?? [];
    const ownRates = own.flatMap((b) => ratesOf.get(b.code) ?? []);
    return { top, own, profile: profileOf(top.actor_id, tree.provinceOf, shares.get(top.actor_id) ?? shareOf(top.actor_id), ownRates) };
  });
}

/**
 * The provinces and states side by side: projects, partners, events, agreements, obligations
 * fulfilled, money and cooperation modes, counted over what the caller may see.
 */
export async function listProvinces(ctx: ServiceContext, query: z.infer<typeof ZProvinceListQuery>): Promise<ProvinceList> {
  const all = await compute(ctx, { country: query.country }, query.mechanism);
  return { rule: COUNTING_RULE, items: all.map(({ top, profile }) => rowOf(top, profile)) };
}

/** One province or state in detail: the records behind each figure of its row. */
export async function provinceProfile(ctx: ServiceContext, ref: string, query: z.infer<typeof ZProvinceQuery> = {}): Promise<ProvinceProfile> {
  const [actor] = await ctx.db.select({ id: actors.id }).from(actors).where(isUuid(ref) ? eq(actors.id, ref) : eq(actors.code, ref));
  if (!actor) throw notFound("province", ref);
  const [one] = await compute(ctx, { id: actor.id }, query.mechanism);
  if (!one) throw notFound("province", ref);
  const { top, own, profile } = one;
  const byCountryType = new Map<string, { country: string | null; type: string; partners: number }>();
  for (const { actor: a } of profile.partners) {
    const key = `${a.country ?? ""}|${a.type}`;
    const entry = byCountryType.get(key) ?? { country: a.country, type: a.type, partners: 0 };
    entry.partners += 1;
    byCountryType.set(key, entry);
  }
  const subs = byId(own.map((b) => ({ id: b.actor_id, code: b.code, name: b.name, level: b.level })));
  subs.delete(top.actor_id);
  return {
    province: rowOf(top, profile),
    rule: COUNTING_RULE,
    subordinates: [...subs.values()].map(({ code, name, level }) => ({ code, name, level })),
    projects: profile.projects.map((p) => ({ code: p.code, title: p.title, mechanismCode: p.mechanismCode, status: p.status, sector: p.sector, startDate: p.startDate, endDate: p.endDate, via: p.via, budget: p.budget, committed: p.committed, disbursed: p.disbursed, modes: p.modes })),
    partners: profile.partners.map((p) => ({ code: p.actor.code, name: p.actor.name, type: p.actor.type, country: p.actor.country, projects: p.projects, events: p.events, agreements: p.agreements })),
    partnersByCountryType: [...byCountryType.values()].sort((a, b) => (a.country ?? "~").localeCompare(b.country ?? "~") || a.type.localeCompare(b.type)),
    events: profile.events,
    agreements: profile.agreements,
    obligationRates: profile.rates,
  };
}
