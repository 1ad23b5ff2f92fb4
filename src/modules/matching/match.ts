import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import type { ServiceContext } from "../../core/context.js";
import { ruleAt, ruleViolated } from "../../core/errors.js";
import { requireUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { postings } from "../../db/schema/matching.js";
import { projectParties, projects } from "../../db/schema/projects.js";
import { proposeGroups, type Candidate, type ZoneNeed } from "../../lib/matching/groups.js";
import { indexOffers, MATCH_WEIGHTS, matchNeed, type Factor } from "../../lib/matching/score.js";
import { createApplication } from "../applications/write.js";
import type { Application } from "../applications/schemas.js";
import { findActor } from "../actors/read.js";
import { projectVisibility } from "../projects/read.js";
import { loadPosting, postingColumns, toLib, toPosting } from "./postings.js";
import type { Groups, MatchList, NeedMatchList, ZDraftFromMatch, ZGroupQuery, ZMatchQuery } from "./schemas.js";

/** The open offers of a factor (or several), with their organisations, as the matcher reads them. */
async function openOffers(ctx: ServiceContext, factors: readonly Factor[]) {
  if (!factors.length) return [];
  return ctx.db
    .select(postingColumns)
    .from(postings)
    .innerJoin(actors, eq(actors.id, postings.actorId))
    .where(and(eq(postings.kind, "offer"), eq(postings.status, "open"), inArray(postings.factor, [...factors])));
}

/**
 * The actors an organisation already works with, by the joint projects the caller may see: a
 * tie counts for a little in a match, and a restricted project the caller cannot open must not
 * reveal a partnership.
 */
async function tiesOf(ctx: ServiceContext, actorId: string): Promise<Set<string>> {
  const rows = await ctx.db
    .selectDistinct({ code: actors.code })
    .from(projectParties)
    .innerJoin(projects, eq(projects.id, projectParties.projectId))
    .innerJoin(actors, eq(actors.id, projectParties.actorId))
    .where(
      and(
        ne(projectParties.actorId, actorId),
        sql`exists (select 1 from ${projectParties} me where me.project_id = ${projects.id} and me.actor_id = ${actorId})`,
        projectVisibility(ctx.principal) ?? sql`true`,
      ),
    );
  return new Set(rows.map((r) => r.code));
}

/** The open offers that best complement a need, best first, each with the reasons for its score. */
export async function matchesForNeed(ctx: ServiceContext, id: string, query: z.infer<typeof ZMatchQuery>): Promise<MatchList> {
  const { row, actor } = await loadPosting(ctx, id);
  if (row.kind !== "need") throw ruleViolated("posting_not_need");
  const [offers, ties] = await Promise.all([openOffers(ctx, [row.factor]), tiesOf(ctx, row.actorId)]);
  const byId = new Map(offers.map((o) => [o.p.id, o]));
  const ranked = matchNeed(toLib(row, actor), indexOffers(offers.map((o) => toLib(o.p, o.actor))), { ties, limit: query.limit, minScore: query.minScore });
  return {
    need: toPosting(row, actor, ctx.principal),
    items: ranked.map((m) => {
      const o = byId.get(m.offer)!;
      return { offer: toPosting(o.p, o.actor, ctx.principal), score: m.score, reasons: m.reasons.map((r) => ({ ...r, weight: MATCH_WEIGHTS[r.kind] })) };
    }),
  };
}

/**
 * The open needs an offer could meet, best first: each need scored against this offer exactly as
 * its own list of matches would score it (a tie counts when the two organisations already share
 * a project the caller may see), so the two views never disagree.
 */
export async function needsForOffer(ctx: ServiceContext, id: string, query: z.infer<typeof ZMatchQuery>): Promise<NeedMatchList> {
  const { row, actor } = await loadPosting(ctx, id);
  if (row.kind !== "offer") throw ruleViolated("posting_not_offer");
  const [needs, tied] = await Promise.all([
    ctx.db
      .select(postingColumns)
      .from(postings)
      .innerJoin(actors, eq(actors.id, postings.actorId))
      .where(and(eq(postings.kind, "need"), eq(postings.status, "open"), eq(postings.factor, row.factor))),
    tiesOf(ctx, row.actorId),
  ]);
  const index = indexOffers([toLib(row, actor)]);
  const withOffer = new Set([actor.code]);
  const scored = needs.flatMap((n) => {
    const [m] = matchNeed(toLib(n.p, n.actor), index, { ties: tied.has(n.actor.code) ? withOffer : undefined, minScore: query.minScore, limit: 1 });
    return m ? [{ n, m }] : [];
  });
  scored.sort((a, b) => b.m.score - a.m.score || (a.n.p.id < b.n.p.id ? -1 : 1));
  return {
    offer: toPosting(row, actor, ctx.principal),
    items: scored.slice(0, query.limit).map(({ n, m }) => ({ need: toPosting(n.p, n.actor, ctx.principal), score: m.score, reasons: m.reasons.map((r) => ({ ...r, weight: MATCH_WEIGHTS[r.kind] })) })),
  };
}

/**
 * Groups of organisations that together cover a designated zone's open needs, instead of each
 * going alone. A need without a size counts as one unit, covered by any offer of its factor; an
 * offer without a size is taken to cover the whole of a need of its factor, since it names no limit.
 */
export async function groupsForZone(ctx: ServiceContext, zoneRef: string, query: z.infer<typeof ZGroupQuery>): Promise<Groups> {
  requireUser(ctx.principal);
  const zone = await findActor(ctx.db, zoneRef);
  // The zone's own needs and those of bodies under it (its administration, its park companies).
  const needRows = await ctx.db
    .select(postingColumns)
    .from(postings)
    .innerJoin(actors, eq(actors.id, postings.actorId))
    .where(and(eq(postings.kind, "need"), eq(postings.status, "open"), or(eq(postings.actorId, zone.id), eq(actors.parentId, zone.id))));
  const needsByFactor = new Map<Factor, { amount: number; unit: string | null; postings: string[] }>();
  for (const n of needRows) {
    const cur = needsByFactor.get(n.p.factor) ?? { amount: 0, unit: n.p.unit, postings: [] };
    cur.amount += n.p.size ?? 1;
    cur.postings.push(n.p.id);
    needsByFactor.set(n.p.factor, cur);
  }
  const needs: ZoneNeed[] = [...needsByFactor].map(([factor, v]) => ({ factor, amount: v.amount }));
  const offers = (await openOffers(ctx, [...needsByFactor.keys()])).filter((o) => o.actor.code !== zone.code);
  const libNeeds = needRows.map((n) => toLib(n.p, n.actor));
  const index = indexOffers(offers.map((o) => toLib(o.p, o.actor)));

  // Each offer's best score against any of the zone's needs: how well it fits the zone.
  const offerFit = new Map<string, number>();
  for (const need of libNeeds) for (const m of matchNeed(need, index)) offerFit.set(m.offer, Math.max(offerFit.get(m.offer) ?? 0, m.score));

  type Info = { code: string; name: Groups["zone"]["name"]; type: (typeof offers)[number]["actor"]["type"]; country: string | null; brings: Partial<Record<Factor, number>>; offers: string[]; fits: number[] };
  const byActor = new Map<string, Info>();
  for (const o of offers) {
    const fit = offerFit.get(o.p.id);
    if (fit === undefined) continue; // Its window closes before every need opens.
    const info = byActor.get(o.actor.code) ?? { code: o.actor.code, name: o.actor.name, type: o.actor.type, country: o.actor.countryCode, brings: {}, offers: [], fits: [] };
    const need = needsByFactor.get(o.p.factor)!;
    info.brings[o.p.factor] = Math.min(need.amount, (info.brings[o.p.factor] ?? 0) + (o.p.size ?? need.amount));
    info.offers.push(o.p.id);
    info.fits.push(fit);
    byActor.set(o.actor.code, info);
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const candidates: Candidate[] = [...byActor.values()].map((i) => ({ actor: i.code, brings: i.brings, fit: mean(i.fits) }));
  const groups = needs.length ? proposeGroups(needs, candidates, { maxMembers: query.maxMembers, alternatives: query.alternatives }) : [];
  return {
    zone: { code: zone.code, name: zone.name },
    needs: [...needsByFactor].map(([factor, v]) => ({ factor, amount: v.amount, unit: v.unit, postings: v.postings })),
    candidates: candidates.length,
    groups: groups
      .filter((g) => g.members.length)
      .map((g) => ({
        members: g.members.map((code) => {
          const i = byActor.get(code)!;
          return { code, name: i.name, type: i.type, country: i.country, brings: i.brings as Record<string, number>, offers: i.offers, fit: mean(i.fits) };
        }),
        coverage: g.coverage as Record<string, number>,
        covered: g.covered,
        complete: g.complete,
      })),
  };
}

/**
 * Turns a need and a matched offer into a draft application to an open call: the needing
 * organisation leads, the offering one co-applies. The application verb checks who may apply.
 */
export async function draftFromMatch(ctx: ServiceContext, needId: string, input: z.infer<typeof ZDraftFromMatch>): Promise<Application> {
  const { row: need, actor: needActor } = await loadPosting(ctx, needId);
  if (need.kind !== "need") throw ruleViolated("posting_not_need");
  const { row: offer, actor: offerActor } = await loadPosting(ctx, input.offer).catch(() => {
    throw ruleAt("unknown_offer", "offer", { ref: input.offer });
  });
  if (offer.kind !== "offer" || offer.status !== "open" || offer.factor !== need.factor) throw ruleAt("offer_not_matching", "offer", { ref: input.offer });
  if (offer.actorId === need.actorId) throw ruleAt("duplicate_party", "offer", { ref: offerActor.code });
  const requested = input.requested ?? (need.factor === "capital" && need.size && (need.unit ?? "USD").toUpperCase() === "USD" ? need.size.toFixed(2) : undefined);
  if (!requested) throw ruleAt("requested_required", "requested");
  return createApplication(ctx, {
    call: input.call,
    title: need.title,
    summary: [need.description, offer.description].filter(Boolean).join("\n\n") || undefined,
    lead: needActor.code,
    coApplicants: [offerActor.code],
    requested,
    ...(need.validFrom ? { startDate: need.validFrom } : {}),
    ...(need.validTo ? { endDate: need.validTo } : {}),
    phases: [],
  });
}
