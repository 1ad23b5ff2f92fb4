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

/** 1 for the same province or zone, 0.6 for the same country, 0 otherwise; the best pair counts. */
export function placeScore(a: readonly string[], b: readonly string[]): { score: number; detail?: string } {
  let best = { score: 0 } as { score: number; detail?: string };
  for (const x of a)
    for (const y of b) {
      const lx = x.toLowerCase();
      const ly = y.toLowerCase();
      if (lx === ly) {
        const exact = lx.includes("-") ? 1 : 0.6;
        if (exact > best.score) best = { score: exact, detail: lx };
      } else if (countryOf(lx) === countryOf(ly) && best.score < 0.6) best = { score: 0.6, detail: countryOf(lx) };
    }
  return best;
}

/** The share of the need the offer can cover (1 when it covers all; 0.5 when either size is unknown). */
export function sizeScore(need?: number | null, offer?: number | null): number {
  if (!need || !offer || need <= 0 || offer <= 0) return 0.5;
  return Math.min(1, offer / need);
}

const day = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / 86_400_000;

/** The share of the need's window the offer is available in (open ends run forever). */
export function timeScore(need: Pick<Posting, "from" | "to">, offer: Pick<Posting, "from" | "to">): number {
  const ns = need.from ? day(need.from) : -Infinity;
  const ne = need.to ? day(need.to) : Infinity;
  const os = offer.from ? day(offer.from) : -Infinity;
  const oe = offer.to ? day(offer.to) : Infinity;
  const start = Math.max(ns, os);
  const end = Math.min(ne, oe);
  if (end < start) return 0;
  if (!Number.isFinite(ns) || !Number.isFinite(ne)) return 1;
  return ne === ns ? 1 : Math.min(1, (end - start) / (ne - ns));
}

/**
 * A need's candidate offers, best first. An offer of another factor never matches, nor one from
 * the needing actor itself; an offer in no shared place and sector scores low but is still listed
 * when `minScore` allows. `ties` holds the actors the needing actor already works with.
 */
export function matchNeed(need: Posting, offers: readonly Posting[], opts: { ties?: ReadonlySet<string>; minScore?: number; limit?: number } = {}): Match[] {
  const out: Match[] = [];
  for (const o of offers) {
    if (o.kind !== "offer" || o.factor !== need.factor || o.actor === need.actor) continue;
    const place = placeScore(need.places, o.places);
    const parts: MatchReason[] = [
      { kind: "sector", score: sectorScore(need.sector, o.sector), ...(o.sector ? { detail: o.sector } : {}) },
      { kind: "place", score: place.score, ...(place.detail ? { detail: place.detail } : {}) },
      { kind: "size", score: sizeScore(need.size, o.size) },
      { kind: "time", score: timeScore(need, o) },
      // Going out together pairs unlike actors: an enterprise with a university, a bank with a province.
      { kind: "complement", score: o.actorType === need.actorType ? 0 : 1, detail: o.actorType },
      { kind: "tie", score: opts.ties?.has(o.actor) ? 1 : 0 },
    ];
    if (parts[3]!.score === 0) continue;
    const score = parts.reduce((s, p) => s + MATCH_WEIGHTS[p.kind] * p.score, 0);
    if (score < (opts.minScore ?? 0)) continue;
    out.push({ offer: o.id, actor: o.actor, score, reasons: parts.filter((p) => p.score > 0) });
  }
  out.sort((a, b) => b.score - a.score || a.offer.localeCompare(b.offer));
  return opts.limit ? out.slice(0, opts.limit) : out;
}
