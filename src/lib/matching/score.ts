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

/** Strings numbered in the order first seen, so that the scoring loop compares integers. */
class Dictionary {
  private readonly ids = new Map<string, number>();
  add(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) this.ids.set(s, (id = this.ids.size));
    return id;
  }
  /** The string's number, or -2 (no string has it; -1 stands for "none") when it was never added. */
  find(s: string): number {
    return this.ids.get(s) ?? -2;
  }
}

/**
 * A posting with what scoring needs parsed once: places split into code and country, dates as day
 * numbers, and its strings as numbers of the index's dictionaries. `at` is its position among its
 * factor's offers, the last tie-break, as in a list ranked in posting order.
 */
type Prepared = {
  posting: Posting;
  places: Place[];
  from: number;
  to: number;
  at: number;
  actor: number;
  type: number;
  /** -1 when the posting names no sector. */
  sector: number;
  group: number;
  /** Per place: its code's number, its country's, and the score of an exact match there (1 for a province or zone, 0.6 for a country). */
  codes: number[];
  countries: number[];
  exact: number[];
};

type Dictionaries = { actors: Dictionary; actorTypes: Dictionary; sectors: Dictionary; groups: Dictionary; codes: Dictionary; countries: Dictionary };

function prepare(p: Posting, d: Dictionaries, at: number, add: boolean): Prepared {
  const id = (dict: Dictionary, s: string) => (add ? dict.add(s) : dict.find(s));
  const places = placesOf(p.places);
  return {
    posting: p,
    places,
    from: day(p.from, -Infinity),
    to: day(p.to, Infinity),
    at,
    actor: id(d.actors, p.actor),
    type: id(d.actorTypes, p.actorType),
    sector: p.sector ? id(d.sectors, p.sector) : -1,
    group: p.sector ? id(d.groups, p.sector.slice(0, 3)) : -1,
    codes: places.map((x) => id(d.codes, x.code)),
    countries: places.map((x) => id(d.countries, x.country)),
    exact: places.map((x) => (x.code.includes("-") ? 1 : 0.6)),
  };
}

/**
 * One factor's offers, and the same offers bucketed by sector, sector group and country, so that
 * a need visits first the offers that can score highest (sector and place weigh most) and stops
 * once no offer left could enter its best few.
 */
type FactorOffers = {
  offers: Prepared[];
  bySector: Map<number, number[]>;
  byGroup: Map<number, number[]>;
  noSector: number[];
  byCountry: Map<number, number[]>;
  bySectorCountry: Map<number, Map<number, number[]>>;
  byGroupCountry: Map<number, Map<number, number[]>>;
  noSectorByCountry: Map<number, number[]>;
  /** Marks offers already scored for the current need (`epoch`), an offer being in several buckets. */
  seen: Uint32Array;
  epoch: number;
};

const push = <K>(m: Map<K, number[]>, k: K, i: number) => {
  const list = m.get(k);
  if (list) list.push(i);
  else m.set(k, [i]);
};
const push2 = (m: Map<number, Map<number, number[]>>, k: number, c: number, i: number) => {
  let inner = m.get(k);
  if (!inner) m.set(k, (inner = new Map()));
  push(inner, c, i);
};

/**
 * Offers grouped by factor and parsed once, for matching many needs against the same offers. It is
 * a map from factor to that factor's parsed offers, with buckets and dictionaries alongside.
 */
export class OfferIndex extends Map<Factor, Prepared[]> {
  /** @internal */
  readonly dictionaries: Dictionaries = { actors: new Dictionary(), actorTypes: new Dictionary(), sectors: new Dictionary(), groups: new Dictionary(), codes: new Dictionary(), countries: new Dictionary() };
  /** @internal */
  readonly factors = new Map<Factor, FactorOffers>();
}

export function indexOffers(offers: readonly Posting[]): OfferIndex {
  const index = new OfferIndex();
  for (const o of offers) {
    if (o.kind !== "offer") continue;
    let f = index.factors.get(o.factor);
    if (!f) {
      f = { offers: [], bySector: new Map(), byGroup: new Map(), noSector: [], byCountry: new Map(), bySectorCountry: new Map(), byGroupCountry: new Map(), noSectorByCountry: new Map(), seen: new Uint32Array(0), epoch: 0 };
      index.factors.set(o.factor, f);
      index.set(o.factor, f.offers);
    }
    const i = f.offers.length;
    const p = prepare(o, index.dictionaries, i, true);
    f.offers.push(p);
    const countries = [...new Set(p.countries)];
    if (p.sector < 0) f.noSector.push(i);
    else {
      push(f.bySector, p.sector, i);
      push(f.byGroup, p.group, i);
    }
    for (const c of countries) {
      push(f.byCountry, c, i);
      if (p.sector < 0) push(f.noSectorByCountry, c, i);
      else {
        push2(f.bySectorCountry, p.sector, c, i);
        push2(f.byGroupCountry, p.group, c, i);
      }
    }
  }
  for (const f of index.factors.values()) f.seen = new Uint32Array(f.offers.length);
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

const W = MATCH_WEIGHTS;
/** The score as the sum of the reasons' weighted parts, added in the reasons' order so that it is the very same number. */
const total = (sector: number, place: number, size: number, time: number, complement: number, tie: number) =>
  0 + W.sector * sector + W.place * place + W.size * size + W.time * time + W.complement * complement + W.tie * tie;

/** `bestPlace`'s score from the places' numbers: 1 for the same province or zone, 0.6 for the same country. */
function placeNumber(need: Prepared, o: Prepared): number {
  let best = 0;
  for (let i = 0; i < need.codes.length; i++)
    for (let j = 0; j < o.codes.length; j++) {
      if (need.codes[i] === o.codes[j]) {
        if (need.exact[i]! > best) best = need.exact[i]!;
      } else if (need.countries[i] === o.countries[j] && best < 0.6) best = 0.6;
    }
  return best;
}

type Kept = { o: Prepared; score: number };
/** Ranking order: score, then offer id, then position (for equal ids, as a stable ranking would). */
const before = (a: Kept, b: Kept) => a.score > b.score || (a.score === b.score && (a.o.posting.id < b.o.posting.id || (a.o.posting.id === b.o.posting.id && a.o.at < b.o.at)));

/**
 * The sector and place classes an offer can fall in, for a need with a sector: which bucket holds
 * them, and their scores. Every offer is in exactly one class, and in that class's bucket (a
 * bucket may hold offers of classes visited earlier; they are skipped).
 */
type Stage = { sector: number; place: number; lists: (f: FactorOffers, need: Prepared, countries: number[]) => (readonly number[] | undefined)[] };
const inCountries = (m: Map<number, number[]> | undefined, countries: number[]) => (m ? countries.map((c) => m.get(c)) : []);
const ALL: readonly number[] = [];
const WITH_SECTOR: Stage[] = [
  { sector: 1, place: 1, lists: (f, n, cs) => inCountries(f.bySectorCountry.get(n.sector), cs) },
  { sector: 0.6, place: 1, lists: (f, n, cs) => inCountries(f.byGroupCountry.get(n.group), cs) },
  { sector: 0.3, place: 1, lists: (f, _n, cs) => inCountries(f.noSectorByCountry, cs) },
  { sector: 1, place: 0, lists: (f, n) => [f.bySector.get(n.sector)] },
  { sector: 0, place: 1, lists: (f, _n, cs) => inCountries(f.byCountry, cs) },
  { sector: 0.6, place: 0, lists: (f, n) => [f.byGroup.get(n.group)] },
  { sector: 0.3, place: 0, lists: (f) => [f.noSector] },
  { sector: 0, place: 0, lists: () => [ALL] },
];
// A need without a sector scores 0.3 on sector against every offer: only the place divides them.
const WITHOUT_SECTOR: Stage[] = [
  { sector: 0.3, place: 1, lists: (f, _n, cs) => inCountries(f.byCountry, cs) },
  { sector: 0.3, place: 0, lists: () => [ALL] },
];
/** The stages best bound first, whatever the weights. */
const byBound = (stages: Stage[]) => [...stages].sort((a, b) => total(b.sector, b.place, 1, 1, 1, 1) - total(a.sector, a.place, 1, 1, 1, 1));
const STAGES_WITH_SECTOR = byBound(WITH_SECTOR);
const STAGES_WITHOUT_SECTOR = byBound(WITHOUT_SECTOR);

function rank(need: Prepared, index: OfferIndex, opts: MatchOptions): Match[] {
  const f = index.factors.get(need.posting.factor);
  const limit = opts.limit ?? Infinity;
  const k = Number.isNaN(limit) ? Infinity : Math.max(0, Math.floor(limit));
  if (!f || k === 0) return [];
  const minScore = opts.minScore ?? 0;
  const ties = opts.ties?.size ? opts.ties : undefined;
  const needSize = need.posting.size;
  /** The offer's score, or -1 when it cannot match at all (the needing actor's own, or gone before the need's window). */
  const scoreOf = (o: Prepared) => {
    if (o.actor === need.actor) return -1;
    const time = windowShare(need.from, need.to, o.from, o.to);
    if (time === 0) return -1;
    const sector = need.sector === -1 || o.sector === -1 ? 0.3 : need.sector === o.sector ? 1 : need.group === o.group ? 0.6 : 0;
    return total(sector, placeNumber(need, o), sizeScore(needSize, o.posting.size), time, o.type === need.type ? 0 : 1, ties?.has(o.posting.actor) ? 1 : 0);
  };
  const top: Kept[] = [];
  if (k === Infinity) {
    // Every match is kept: no bound can save work, so score the offers in order and sort once.
    for (const o of f.offers) {
      const score = scoreOf(o);
      if (score >= 0 && score >= minScore) top.push({ o, score });
    }
    top.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  } else {
    // The best k so far, best first: insertion keeps it sorted without sorting every candidate.
    const consider = (o: Prepared) => {
      const score = scoreOf(o);
      if (score < 0 || score < minScore) return;
      const kept = { o, score };
      if (top.length >= k && !before(kept, top[top.length - 1]!)) return;
      let i = top.length;
      while (i > 0 && before(kept, top[i - 1]!)) i--;
      top.splice(i, 0, kept);
      if (top.length > k) top.pop();
    };
    if (++f.epoch === 0xffffffff) {
      f.seen.fill(0);
      f.epoch = 1;
    }
    const epoch = f.epoch;
    const countries = [...new Set(need.countries.filter((c) => c >= 0))];
    const tieBound = ties ? 1 : 0;
    for (const stage of need.sector === -1 ? STAGES_WITHOUT_SECTOR : STAGES_WITH_SECTOR) {
      // No offer of this stage's class scores above its bound; once the kept k-th (which only
      // rises) or minScore is above it, the class is skipped. Offers of a skipped class that sit
      // in a later stage's bucket are scored there and fall short.
      const bound = total(stage.sector, stage.place, 1, 1, 1, tieBound);
      if (bound < minScore || (top.length >= k && bound < top[top.length - 1]!.score)) continue;
      for (const list of stage.lists(f, need, countries)) {
        if (list === ALL) {
          for (const o of f.offers)
            if (f.seen[o.at] !== epoch) {
              f.seen[o.at] = epoch;
              consider(o);
            }
        } else if (list)
          for (const i of list)
            if (f.seen[i] !== epoch) {
              f.seen[i] = epoch;
              consider(f.offers[i]!);
            }
      }
    }
  }
  return top.map((t) => ({ offer: t.o.posting.id, actor: t.o.posting.actor, score: t.score, reasons: reasonsOf(need, t.o, opts.ties).filter((p) => p.score > 0) }));
}

/**
 * A need's candidate offers, best first. An offer of another factor never matches, nor one from
 * the needing actor itself, nor one gone before the need's window opens; an offer in no shared
 * place and sector scores low but is still listed when `minScore` allows. `ties` holds the actors
 * the needing actor already works with.
 */
export function matchNeed(need: Posting, offers: readonly Posting[] | OfferIndex, opts: MatchOptions = {}): Match[] {
  const index = offers instanceof OfferIndex ? offers : indexOffers(offers as readonly Posting[]);
  return rank(prepare(need, index.dictionaries, -1, false), index, opts);
}

/** Every need's best offers at once, the offers parsed and grouped once. */
export function matchAll(needs: readonly Posting[], offers: readonly Posting[], opts: MatchOptions = {}): Map<string, Match[]> {
  const index = indexOffers(offers);
  return new Map(needs.map((n) => [n.id, rank(prepare(n, index.dictionaries, -1, false), index, opts)]));
}
