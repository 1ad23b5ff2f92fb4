import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "../../db/rows.js";
import type { z } from "@hono/zod-openapi";
import type { ServiceContext } from "../../core/context.js";
import { actors, ACTOR_TYPES, type ActorType } from "../../db/schema/actors.js";
import type { LocalizedText } from "../../db/schema/common.js";
import { eventParticipants, events } from "../../db/schema/events.js";
import { agreementParties, agreements } from "../../db/schema/fund.js";
import { projectParties, projects } from "../../db/schema/projects.js";
import { betweenness, coreNumbers, pagerank } from "../../lib/network/centrality.js";
import { louvain } from "../../lib/network/community.js";
import { buildGraph, strengths } from "../../lib/network/graph.js";
import { crossBorderBrokerage, mixingMatrix } from "../../lib/network/mixing.js";
import { rng } from "../../lib/random.js";
import { eventVisibility } from "../events/read.js";
import { mechanismInput } from "../mechanisms/read.js";
import { agreementVisibility } from "../obligations/read.js";
import { projectVisibility } from "../projects/read.js";
import { LINK_KINDS, type ZNetwork, type ZNetworkQuery } from "./schemas.js";

/** Above this many actors betweenness is estimated from this many sources (Brandes is O(n·m)). */
export const BETWEENNESS_EXACT_MAX = 2000;
const BETWEENNESS_SAMPLE = 400;

type LinkRow = { a: string; b: string; kind: (typeof LINK_KINDS)[number]; weight: number; year: number | null };

/**
 * The pairs each kind of record joins, one row per record and pair. A meeting of n actors counts
 * 1/(n − 1) for each pair (Newman's collaboration weight), so a summit of fifty does not outweigh
 * a joint project; a joint project or an agreement counts 1.
 */
function pairs(kind: LinkRow["kind"], ctx: ServiceContext, q: { mechanismId: string | null; from?: number; to?: number }): SQL {
  // The visibility conditions name the tables themselves, so the records are not aliased here.
  const t = {
    project: { id: projects.id, mechanism: projects.mechanismId, year: sql`extract(year from ${projects.startDate})::int`, vis: projectVisibility(ctx.principal) },
    agreement: { id: agreements.id, mechanism: agreements.mechanismId, year: sql`extract(year from ${agreements.signedOn})::int`, vis: agreementVisibility(ctx.principal) },
    meeting: { id: events.id, mechanism: events.mechanismId, year: sql`extract(year from ${events.date})::int`, vis: eventVisibility(ctx.principal) },
  }[kind];
  const cond: SQL[] = [t.vis ?? sql`true`];
  if (q.mechanismId) cond.push(sql`${t.mechanism} = ${q.mechanismId}`);
  if (q.from !== undefined) cond.push(sql`${t.year} >= ${q.from}`);
  if (q.to !== undefined) cond.push(sql`${t.year} <= ${q.to}`);
  const where = sql.join(cond, sql` and `);
  if (kind === "project") return sql`select distinct ${projects.id} as id, pp.actor_id, ${t.year} as year, 1.0 as w from ${projects} join ${projectParties} pp on pp.project_id = ${projects.id} where ${where}`;
  if (kind === "agreement") return sql`select distinct ${agreements.id} as id, ap.actor_id, ${t.year} as year, 1.0 as w from ${agreements} join ${agreementParties} ap on ap.agreement_id = ${agreements.id} where ${where}`;
  return sql`select distinct ${events.id} as id, ep.actor_id, ${t.year} as year, 1.0 / greatest(1, (select count(*) - 1 from ${eventParticipants} x where x.event_id = ${events.id})) as w
    from ${events} join ${eventParticipants} ep on ep.event_id = ${events.id} where ${events.kind} <> 'water_event' and ${where}`;
}

/**
 * The collaboration network among actors: who works with whom through the joint projects,
 * agreements and meetings the caller may see, with each actor's degree, strength, PageRank,
 * betweenness, core number, community (Louvain) and cross-border brokerage, and how the actor
 * types mix along the links.
 */
export async function collaborationNetwork(ctx: ServiceContext, query: z.infer<typeof ZNetworkQuery>): Promise<z.infer<typeof ZNetwork>> {
  const mechanismId = query.mechanism ? (await mechanismInput(ctx.db, query.mechanism)).id : null;
  const kinds = query.kinds ? [...new Set(query.kinds.split(","))] as LinkRow["kind"][] : [...LINK_KINDS];
  const links: LinkRow[] = [];
  for (const kind of kinds) {
    const members = pairs(kind, ctx, { mechanismId, from: query.from, to: query.to });
    const rows = await rowsOf<{ a: string; b: string; weight: string | number; year: number | null }>(
      ctx.db.execute(sql`with m as (${members}) select x.actor_id as a, y.actor_id as b, x.w as weight, x.year from m x join m y on x.id = y.id and x.actor_id < y.actor_id`),
    );
    for (const r of rows) links.push({ a: r.a, b: r.b, kind, weight: Number(r.weight), year: r.year === null ? null : Number(r.year) });
  }
  const ids = [...new Set(links.flatMap((l) => [l.a, l.b]))];
  const index = new Map(ids.map((id, i) => [id, i]));
  const info = ids.length
    ? await rowsOf<{ id: string; code: string; name: LocalizedText; type: ActorType; country: string | null }>(
        ctx.db.execute(sql`select ${actors.id} as id, ${actors.code} as code, ${actors.name} as name, ${actors.type} as type, ${actors.countryCode} as country from ${actors} where ${actors.id} in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`),
      )
    : [];
  const byId = new Map(info.map((a) => [a.id, a]));

  const merged = new Map<string, { a: string; b: string; weight: number; project: number; agreement: number; meeting: number; from: number | null; to: number | null }>();
  for (const l of links) {
    const key = `${l.a}|${l.b}`;
    const m = merged.get(key) ?? { a: l.a, b: l.b, weight: 0, project: 0, agreement: 0, meeting: 0, from: null, to: null };
    m.weight += l.weight;
    m[l.kind]++;
    if (l.year !== null) {
      m.from = m.from === null ? l.year : Math.min(m.from, l.year);
      m.to = m.to === null ? l.year : Math.max(m.to, l.year);
    }
    merged.set(key, m);
  }
  const n = ids.length;
  const g = buildGraph(n, [...merged.values()].map((m) => [index.get(m.a)!, index.get(m.b)!, m.weight]));
  const sampled = n > BETWEENNESS_EXACT_MAX;
  const random = rng(1);
  const sources = sampled ? [...Array(n).keys()].sort(() => random() - 0.5).slice(0, BETWEENNESS_SAMPLE) : undefined;
  const pr = pagerank(g);
  const bc = betweenness(g, sources);
  const core = coreNumbers(g);
  const communities = louvain(g, { shuffle: rng(1) });
  const s = strengths(g);
  const type = ids.map((id) => ACTOR_TYPES.indexOf(byId.get(id)!.type));
  const countries = [...new Set(ids.map((id) => byId.get(id)!.country ?? `-${id}`))];
  const country = ids.map((id) => countries.indexOf(byId.get(id)!.country ?? `-${id}`));
  const brokerage = crossBorderBrokerage(g, country);
  const mix = mixingMatrix(g, type, ACTOR_TYPES.length);
  const code = (id: string) => byId.get(id)!.code;
  return {
    nodes: ids.map((id, i) => {
      const a = byId.get(id)!;
      return { code: a.code, name: a.name, type: a.type, country: a.country, degree: g.offsets[i + 1]! - g.offsets[i]!, strength: s[i]!, pagerank: pr[i]!, betweenness: bc[i]!, core: core[i]!, community: communities.community[i]!, brokerage: brokerage[i]! };
    }),
    links: [...merged.values()].map((m) => ({ a: code(m.a), b: code(m.b), weight: m.weight, projects: m.project, agreements: m.agreement, meetings: m.meeting, from: m.from, to: m.to })),
    communities: { count: communities.communities, modularity: communities.modularity },
    mixing: { types: [...ACTOR_TYPES], matrix: mix.matrix, assortativity: mix.assortativity, sameType: mix.matrix.reduce((acc, row, i) => acc + row[i]!, 0) },
    betweennessSampled: sampled,
    rules: {
      links: "A joint project or an agreement adds 1 to the link of every pair of its parties; a meeting of n participants adds 1/(n − 1) to each pair. Water events are not collaboration and are left out.",
      visibility: "Only projects, agreements and meetings the caller may see are counted.",
      betweenness: `Exact up to ${BETWEENNESS_EXACT_MAX} actors; above, estimated from ${BETWEENNESS_SAMPLE} sources chosen with a fixed seed.`,
      brokerage: "Pairs of an actor's partners that are in different countries and not linked to each other.",
    },
  };
}
