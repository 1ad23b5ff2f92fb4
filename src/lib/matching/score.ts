/**
 * Partner matching for "going out together" (seed 003 §4): actors post what they offer and what
 * they need among the factors of production, and Concord ranks the offers that complement a need.
 * Everything here is a function of plain values; the score is a weighted sum of parts, each
 * reported as a reason so a user can see why one partner ranks above another.
 */

export const FACTORS = ["capital", "technology", "talent", "information", "land", "labour", "resources", "market_access"] as const;
export type Factor = (typeof FACTORS)[number];

export type Posting = {
  id: string;
  actor: string;
  /** The actor's country (ISO alpha-2, lower case as actor codes use) and type (government, enterprise…). */
  country: string;
  actorType: string;
  kind: "offer" | "need";
  factor: Factor;
  /** DAC purpose code (5 digits) or group (3 digits). */
  sector?: string | null;
  /** Where: country codes ("la"), provinces or zones ("la-boten", "cn-mohan"). */
  places: readonly string[];
  /** How much (money in USD, people, hectares — the same unit within a factor). */
  size?: number | null;
  /** ISO dates; open ends allowed. */
  from?: string | null;
  to?: string | null;
};

export type MatchReasonKind = "sector" | "place" | "size" | "time" | "complement" | "tie";
export type MatchReason = { kind: MatchReasonKind; score: number; detail?: string };
export type Match = { offer: string; actor: string; score: number; reasons: MatchReason[] };

/** How much each part counts; they sum to 1, so a perfect match scores 1. */
export const MATCH_WEIGHTS = { sector: 0.25, place: 0.25, size: 0.2, time: 0.15, complement: 0.1, tie: 0.05 } as const;

const countryOf = (place: string) => place.split("-")[0]!.toLowerCase();

export function sectorScore(a?: string | null, b?: string | null): number {
  if (!a || !b) return 0.3;
  if (a === b) return 1;
  return a.slice(0, 3) === b.slice(0, 3) ? 0.6 : 0;
}

type Place = { code: string; country: string };
const placesOf = (codes: readonly string[]): Place[] => codes.map((c) => ({ code: c.toLowerCase(), country: countryOf(c) }));

function bestPlace(a: readonly Place[], b: readonly Place[]): { score: number; detail?: string } {
  let best = { score: 0 } as { score: number; detail?: string };
  for (const x of a)
    for (const y of b) {
      if (x.code === y.code) {
        const exact = x.code.includes("-") ? 1 : 0.6;
        if (exact > best.score) best = { score: exact, detail: x.code };
      } else if (x.country === y.country && best.score < 0.6) best = { score: 0.6, detail: x.country };
    }
  return best;
}

/** 1 for the same province or zone, 0.6 for the same country, 0 otherwise; the best pair counts. */
export const placeScore = (a: readonly string[], b: readonly string[]) => bestPlace(placesOf(a), placesOf(b));

/** The share of the need the offer can cover (1 when it covers all; 0.5 when either size is unknown). */
export function sizeScore(need?: number | null, offer?: number | null): number {
  if (!need || !offer || need <= 0 || offer <= 0) return 0.5;
  return Math.min(1, offer / need);
}

const day = (d: string | null | undefined, open: number) => (d ? Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / 86_400_000 : open);

/** The share of the need's window [ns, ne] covered by the offer's [os, oe], in days; infinite ends are open. */
function windowShare(ns: number, ne: number, os: number, oe: number): number {
  const start = Math.max(ns, os);
  const end = Math.min(ne, oe);
  if (end < start) return 0;
  if (!Number.isFinite(ns) || !Number.isFinite(ne)) return 1;
  return ne === ns ? 1 : Math.min(1, (end - start) / (ne - ns));
}

/** The share of the need's window the offer is available in (open ends run forever). */
export function timeScore(need: Pick<Posting, "from" | "to">, offer: Pick<Posting, "from" | "to">): number {
  return windowShare(day(need.from, -Infinity), day(need.to, Infinity), day(offer.from, -Infinity), day(offer.to, Infinity));
}

/** A posting with what scoring needs parsed once: places split into code and country, dates as day numbers. */
type Prepared = { posting: Posting; places: Place[]; from: number; to: number };
const prepare = (p: Posting): Prepared => ({ posting: p, places: placesOf(p.places), from: day(p.from, -Infinity), to: day(p.to, Infinity) });

/** Offers grouped by factor and parsed once, for matching many needs against the same offers. */
export type OfferIndex = Map<Factor, Prepared[]>;
export function indexOffers(offers: readonly Posting[]): OfferIndex {
  const index: OfferIndex = new Map();
  for (const o of offers) if (o.kind === "offer") index.set(o.factor, [...(index.get(o.factor) ?? []), prepare(o)]);
  return index;
}

export type MatchOptions = { ties?: ReadonlySet<string>; minScore?: number; limit?: number };

function reasonsOf(need: Prepared, o: Prepared, ties?: ReadonlySet<string>): MatchReason[] {
  const place = bestPlace(need.places, o.places);
  const offer = o.posting;
  return [
    { kind: "sector", score: sectorScore(need.posting.sector, offer.sector), ...(offer.sector ? { detail: offer.sector } : {}) },
    { kind: "place", score: place.score, ...(place.detail ? { detail: place.detail } : {}) },
    { kind: "size", score: sizeScore(need.posting.size, offer.size) },
    { kind: "time", score: windowShare(need.from, need.to, o.from, o.to) },
    // Going out together pairs unlike actors: an enterprise with a university, a bank with a province.
    { kind: "complement", score: offer.actorType === need.posting.actorType ? 0 : 1, detail: offer.actorType },
    { kind: "tie", score: ties?.has(offer.actor) ? 1 : 0 },
  ];
}

function rank(need: Prepared, index: OfferIndex, opts: MatchOptions): Match[] {
  const limit = opts.limit ?? Infinity;
  // The best `limit` so far, best first: insertion keeps it sorted without sorting every candidate.
  const top: { o: Prepared; score: number; reasons: MatchReason[] }[] = [];
  for (const o of index.get(need.posting.factor) ?? []) {
    if (o.posting.actor === need.posting.actor) continue;
    const reasons = reasonsOf(need, o, opts.ties);
    if (reasons[3]!.score === 0) continue;
    const score = reasons.reduce((s, p) => s + MATCH_WEIGHTS[p.kind] * p.score, 0);
    if (score < (opts.minScore ?? 0)) continue;
    const last = top[top.length - 1];
    if (top.length >= limit && last && (score < last.score || (score === last.score && o.posting.id > last.o.posting.id))) continue;
    let i = top.length;
    while (i > 0 && (top[i - 1]!.score < score || (top[i - 1]!.score === score && top[i - 1]!.o.posting.id > o.posting.id))) i--;
    top.splice(i, 0, { o, score, reasons });
    if (top.length > limit) top.pop();
  }
  return top.map((t) => ({ offer: t.o.posting.id, actor: t.o.posting.actor, score: t.score, reasons: t.reasons.filter((p) => p.score > 0) }));
}

/**
 * A need's candidate offers, best first. An offer of another factor never matches, nor one from
 * the needing actor itself, nor one gone before the need's window opens; an offer in no shared
 * place and sector scores low but is still listed when `minScore` allows. `ties` holds the actors
 * the needing actor already works with.
 */
export function matchNeed(need: Posting, offers: readonly Posting[] | OfferIndex, opts: MatchOptions = {}): Match[] {
  return rank(prepare(need), offers instanceof Map ? offers : indexOffers(offers), opts);
}

/** Every need's best offers at once, the offers parsed and grouped once. */
export function matchAll(needs: readonly Posting[], offers: readonly Posting[], opts: MatchOptions = {}): Map<string, Match[]> {
  const index = indexOffers(offers);
  return new Map(needs.map((n) => [n.id, rank(prepare(n), index, opts)]));
}
