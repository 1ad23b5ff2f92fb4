import { tokenize, type TextLang } from "../text/segment.js";
import { cosine, jaccard, TfIdfIndex, trigrams, type SparseVector } from "../text/similarity.js";

/**
 * Repeated-construction detection (issue 7 item 3): projects that look like the same thing as a
 * candidate, with a score in [0, 1] and the reasons. Pure: the caller loads the corpus.
 *
 * Text first: a pair is a duplicate only when its titles or descriptions are similar
 * (MIN_TEXT_SIMILARITY); place, sector, years and distance then raise or lower the score. Both
 * the one-proposal query and the full scan find candidates through TF-IDF postings, using prefix
 * filtering: a project's terms heaviest first, cut where the weight left (its L2 norm) drops below
 * MIN_TEXT_SIMILARITY. By Cauchy–Schwarz, a project sharing none of those terms has cosine below
 * the floor, so skipping the rest loses no pair that could pass, and common words ("loan",
 * "project") are rarely looked up at all. A proposal is compared with every project (a place
 * that differs only lowers its score); the full scan blocks by country (see scan). Titles are
 * compared with titles and descriptions with descriptions: the languages must match, since no
 * translation happens here (a Thai proposal finds Thai titles, not their English versions).
 */

export type ProjectForMatch = {
  id: string;
  title: string;
  description?: string | null;
  /** ISO 3166-1 alpha-2 codes (any case). */
  countries: readonly string[];
  /** Province or state codes, when known. */
  provinces?: readonly string[];
  /** DAC purpose code (5 digits) or sector group (3 digits). */
  sector?: string | null;
  startYear?: number | null;
  endYear?: number | null;
  coordinates?: { lat: number; lon: number } | null;
  /** Language of title and description; guessed from the script when absent. */
  lang?: TextLang;
};

export type DuplicateReasonKind = "title" | "description" | "province" | "country" | "sector" | "years" | "distance";
export type DuplicateReason = { kind: DuplicateReasonKind; score: number; detail?: string };
export type DuplicateMatch = { id: string; score: number; reasons: DuplicateReason[] };
export type DuplicatePair = { a: string; b: string; score: number; reasons: DuplicateReason[] };

/**
 * How much each kind of evidence weighs. Text dominates: two projects in the same province, sector
 * and years are common and prove nothing alone. A component the two projects cannot be compared on
 * (no description, no coordinates on one side) is left out and the others share its weight, so a
 * proposal with only a title is judged on what it has.
 */
export const DUPLICATE_WEIGHTS = {
  title: 0.5,
  description: 0.2,
  place: 0.15,
  sector: 0.1,
  years: 0.1,
  distance: 0.1,
} as const;

/**
 * Scores at or above this are reported as likely duplicates. Chosen on the GCDF evaluation
 * (src/lib/match/eval.test.ts, bench/duplicates-eval.ts) as the best F1 on the whole file: from
 * 0.4 to 0.7 precision rose only from 0.835 to 0.901 while recall fell from 0.856 to 0.577; at
 * 0.55, precision 0.877 and recall 0.809 (0.60: 0.887 and 0.744).
 */
export const DUPLICATE_THRESHOLD = 0.55;
/** Below this title and description similarity a pair is never a duplicate, whatever else matches. */
export const MIN_TEXT_SIMILARITY = 0.35;
/** Titles up to this many characters also get trigram similarity, which forgives a changed word or spelling better than tokens do. */
export const SHORT_TITLE_CHARS = 60;
/** Place score when the projects share a country but not a province (or provinces are unknown). */
const SAME_COUNTRY = 0.7;
/** Sector score when only the 3-digit DAC group matches. */
const SAME_SECTOR_GROUP = 0.6;
/** Years apart at which the years score reaches 0. */
const YEAR_GAP_ZERO = 5;
/** Distance at which the distance score halves, km. */
const HALF_DISTANCE_KM = 10;

type Prepared = {
  p: ProjectForMatch;
  titleTokens: string[];
  descTokens: string[];
  countries: Set<string>;
  provinces: Set<string>;
  /** Title trigrams, computed when first needed and kept: a title meets many candidates in a scan. */
  trigrams?: Set<string>;
};

const trigramsOf = (d: Prepared) => (d.trigrams ??= trigrams(d.p.title));

function prepare(p: ProjectForMatch): Prepared {
  return {
    p,
    // Numbers in titles are mostly money and years ("$10.76 million", "2004"), which differ between
    // records of one project: dropping them raised recall on GCDF from 0.73 to 0.81 at no cost in
    // precision. A route or phase number goes too; trigrams still see it in short titles.
    titleTokens: tokenize(p.title, { lang: p.lang }).filter((t) => !/^\d+$/.test(t)),
    descTokens: p.description ? tokenize(p.description, { lang: p.lang }) : [],
    countries: new Set(p.countries.map((c) => c.toUpperCase())),
    provinces: new Set((p.provinces ?? []).map((c) => c.toLowerCase())),
  };
}

const haversineKm = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
};

const yearsOf = (p: ProjectForMatch): [number, number] | null => {
  const s = p.startYear ?? p.endYear;
  const e = p.endYear ?? p.startYear;
  if (s == null || e == null) return null;
  return s <= e ? [s, e] : [e, s];
};

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The score of a pair from its text similarities and the rest of its data; null when the text is
 * not similar enough to be a duplicate at all.
 */
function scorePair(a: Prepared, b: Prepared, titleCos: number, descCos: number | null): { score: number; reasons: DuplicateReason[] } | null {
  let title = titleCos;
  if (a.p.title.length <= SHORT_TITLE_CHARS && b.p.title.length <= SHORT_TITLE_CHARS) title = Math.max(title, jaccard(trigramsOf(a), trigramsOf(b)));
  if (Math.max(title, descCos ?? 0) < MIN_TEXT_SIMILARITY) return null;
  const reasons: DuplicateReason[] = [];
  let sum = DUPLICATE_WEIGHTS.title * title;
  let weight = DUPLICATE_WEIGHTS.title;
  reasons.push({ kind: "title", score: round(title) });
  if (descCos !== null) {
    sum += DUPLICATE_WEIGHTS.description * descCos;
    weight += DUPLICATE_WEIGHTS.description;
    if (descCos > 0) reasons.push({ kind: "description", score: round(descCos) });
  }
  if (a.countries.size && b.countries.size) {
    const province = [...a.provinces].find((x) => b.provinces.has(x));
    const country = [...a.countries].find((x) => b.countries.has(x));
    const place = province ? 1 : country ? SAME_COUNTRY : 0;
    sum += DUPLICATE_WEIGHTS.place * place;
    weight += DUPLICATE_WEIGHTS.place;
    if (province) reasons.push({ kind: "province", score: 1, detail: province });
    else if (country) reasons.push({ kind: "country", score: SAME_COUNTRY, detail: country });
  }
  if (a.p.sector && b.p.sector) {
    const s = a.p.sector === b.p.sector ? 1 : a.p.sector.slice(0, 3) === b.p.sector.slice(0, 3) ? SAME_SECTOR_GROUP : 0;
    sum += DUPLICATE_WEIGHTS.sector * s;
    weight += DUPLICATE_WEIGHTS.sector;
    if (s > 0) reasons.push({ kind: "sector", score: s, detail: a.p.sector === b.p.sector ? a.p.sector : a.p.sector.slice(0, 3) });
  }
  const ya = yearsOf(a.p);
  const yb = yearsOf(b.p);
  if (ya && yb) {
    const gap = Math.max(0, Math.max(ya[0], yb[0]) - Math.min(ya[1], yb[1]));
    const y = Math.max(0, 1 - gap / YEAR_GAP_ZERO);
    sum += DUPLICATE_WEIGHTS.years * y;
    weight += DUPLICATE_WEIGHTS.years;
    if (y > 0) reasons.push({ kind: "years", score: round(y), detail: gap === 0 ? "overlap" : `${gap}` });
  }
  if (a.p.coordinates && b.p.coordinates) {
    const km = haversineKm(a.p.coordinates, b.p.coordinates);
    const d = 1 / (1 + km / HALF_DISTANCE_KM);
    sum += DUPLICATE_WEIGHTS.distance * d;
    weight += DUPLICATE_WEIGHTS.distance;
    reasons.push({ kind: "distance", score: round(d), detail: `${Math.round(km)} km` });
  }
  return { score: round(sum / weight), reasons };
}

/** A vector's ids, heaviest first, up to where the weight left falls below `floor` (see the file comment). */
function prefixTerms(v: SparseVector, floor: number): number[] {
  const order = Array.from(v.ids.keys()).sort((x, y) => v.weights[y]! - v.weights[x]!);
  let rest = 0;
  for (const w of v.weights) rest += w * w;
  const out: number[] = [];
  const floor2 = floor * floor;
  for (const k of order) {
    if (rest < floor2) break;
    out.push(v.ids[k]!);
    rest -= v.weights[k]! * v.weights[k]!;
  }
  return out;
}

export type DuplicateOptions = { threshold?: number; limit?: number };

/** An index over a corpus of projects: build once (O(total tokens)), then query proposals or scan it all. */
export class DuplicateIndex {
  private readonly docs: Prepared[];
  private readonly titles: TfIdfIndex;
  private readonly descs: TfIdfIndex;
  private readonly hasDesc: boolean[];
  private readonly byId: Map<string, number>;

  private constructor(docs: Prepared[]) {
    this.docs = docs;
    this.titles = TfIdfIndex.build(docs.map((d) => d.titleTokens));
    this.descs = TfIdfIndex.build(docs.map((d) => d.descTokens));
    this.hasDesc = docs.map((d) => d.descTokens.length > 0);
    this.byId = new Map(docs.map((d, i) => [d.p.id, i]));
  }

  static build(corpus: readonly ProjectForMatch[]): DuplicateIndex {
    return new DuplicateIndex(corpus.map(prepare));
  }

  get size(): number {
    return this.docs.length;
  }

  /** The score of two projects of the corpus, by id, whatever the threshold; null when their text is too far apart (or an id is unknown). */
  pairScore(aId: string, bId: string): { score: number; reasons: DuplicateReason[] } | null {
    const i = this.byId.get(aId);
    const j = this.byId.get(bId);
    if (i === undefined || j === undefined) return null;
    const descCos = this.hasDesc[i] && this.hasDesc[j] ? cosine(this.descs.vectors[i]!, this.descs.vectors[j]!) : null;
    return scorePair(this.docs[i]!, this.docs[j]!, cosine(this.titles.vectors[i]!, this.titles.vectors[j]!), descCos);
  }

  /** Documents whose title or description may reach MIN_TEXT_SIMILARITY with these vectors. */
  private candidates(title: SparseVector, desc: SparseVector | null, accept: (doc: number) => boolean): Set<number> {
    const out = new Set<number>();
    for (const t of prefixTerms(title, MIN_TEXT_SIMILARITY)) for (const d of this.titles.postings(t)) if (accept(d)) out.add(d);
    if (desc) for (const t of prefixTerms(desc, MIN_TEXT_SIMILARITY)) for (const d of this.descs.postings(t)) if (accept(d)) out.add(d);
    return out;
  }

  /** Existing projects that look like the candidate, best first (the candidate itself, by id, excluded). */
  query(candidate: ProjectForMatch, opts: DuplicateOptions = {}): DuplicateMatch[] {
    const threshold = opts.threshold ?? DUPLICATE_THRESHOLD;
    const q = prepare(candidate);
    const tv = this.titles.vector(q.titleTokens);
    const dv = q.descTokens.length ? this.descs.vector(q.descTokens) : null;
    const out: DuplicateMatch[] = [];
    for (const d of this.candidates(tv, dv, (doc) => this.docs[doc]!.p.id !== candidate.id)) {
      const doc = this.docs[d]!;
      const descCos = dv && this.hasDesc[d] ? cosine(dv, this.descs.vectors[d]!) : null;
      const s = scorePair(q, doc, cosine(tv, this.titles.vectors[d]!), descCos);
      if (s && s.score >= threshold) out.push({ id: doc.p.id, ...s });
    }
    out.sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
    return opts.limit ? out.slice(0, opts.limit) : out;
  }

  /**
   * Every likely duplicate pair in the corpus, best first. Blocking: a pair is compared only when
   * it shares a country (projects without one are compared with each other) and one of the first
   * document's prefix terms, looked up in postings split by country, so the work grows with the
   * pairs that share a place and a rare word, not with N².
   */
  scan(opts: DuplicateOptions = {}): DuplicatePair[] {
    const threshold = opts.threshold ?? DUPLICATE_THRESHOLD;
    const out: DuplicatePair[] = [];
    const blocks = new Map<string, number>();
    const blocksOf = this.docs.map((d) => {
      const keys = d.countries.size ? [...d.countries] : [""];
      return keys.map((k) => blocks.get(k) ?? (blocks.set(k, blocks.size), blocks.size - 1));
    });
    const entries = blockEntries(blocksOf, blocks.size);
    const titlePostings = entryPostings(this.titles, entries);
    const descPostings = entryPostings(this.descs, entries);
    // Candidates of document i are marked with i + 1 (a stamp, not a Set: the inner loop runs millions of times).
    const stamp = new Int32Array(this.docs.length);
    const found: number[] = [];
    for (let i = 0; i < this.docs.length; i++) {
      const tv = this.titles.vectors[i]!;
      const dv = this.hasDesc[i] ? this.descs.vectors[i]! : null;
      found.length = 0;
      const lookups: [SparseVector, Postings][] = [[tv, titlePostings]];
      if (dv) lookups.push([dv, descPostings]);
      for (const [v, postings] of lookups)
        for (const t of prefixTerms(v, MIN_TEXT_SIMILARITY)) {
          const from = postings.start[t]!;
          const to = postings.start[t + 1]!;
          for (let k = 0; k < blocksOf[i]!.length; k++) {
            // Entries of one block are contiguous and ascend by document: the range past i's own entry
            // (each pair is met from both ends, since prefix filtering is per document, and is kept from its lower index).
            const self = entries.entryOf[i]![k]!;
            const end = entries.blockStart[blocksOf[i]![k]! + 1]!;
            for (let p = lowerBound(postings.entries, self + 1, from, to); p < to; p++) {
              const e = postings.entries[p]!;
              if (e >= end) break;
              const j = entries.doc[e]!;
              if (stamp[j] !== i + 1) {
                stamp[j] = i + 1;
                found.push(j);
              }
            }
          }
        }
      for (const j of found) {
        const descCos = dv && this.hasDesc[j] ? cosine(dv, this.descs.vectors[j]!) : null;
        const s = scorePair(this.docs[i]!, this.docs[j]!, cosine(tv, this.titles.vectors[j]!), descCos);
        if (s && s.score >= threshold) out.push({ a: this.docs[i]!.p.id, b: this.docs[j]!.p.id, ...s });
      }
    }
    out.sort((x, y) => y.score - x.score || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
    return opts.limit ? out.slice(0, opts.limit) : out;
  }
}

/** The first position in list[from, to) holding a value ≥ x (to when none). */
function lowerBound(list: Int32Array, x: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One entry per (block, document), sorted by block then document: a document in two countries has
 * two entries. Within any ascending list of entries, those of one block form one contiguous run.
 */
type BlockEntries = { doc: Int32Array; blockStart: Int32Array; entryOf: Int32Array[] };

function blockEntries(blocksOf: readonly number[][], blockCount: number): BlockEntries {
  const blockStart = new Int32Array(blockCount + 1);
  for (const bs of blocksOf) for (const b of bs) blockStart[b + 1]!++;
  for (let b = 0; b < blockCount; b++) blockStart[b + 1]! += blockStart[b]!;
  const fill = blockStart.slice(0, blockCount);
  const doc = new Int32Array(blockStart[blockCount]!);
  const entryOf = blocksOf.map((bs, d) =>
    Int32Array.from(bs, (b) => {
      const e = fill[b]!++;
      doc[e] = d;
      return e;
    }),
  );
  return { doc, blockStart, entryOf };
}

/** Entries per term, ascending, in one flat array (CSR): term t's are entries[start[t] .. start[t + 1]). */
type Postings = { start: Int32Array; entries: Int32Array };

function entryPostings(index: TfIdfIndex, blocks: BlockEntries): Postings {
  const width = index.terms.size;
  const start = new Int32Array(width + 1);
  for (let e = 0; e < blocks.doc.length; e++) for (const t of index.vectors[blocks.doc[e]!]!.ids) start[t + 1]!++;
  for (let t = 0; t < width; t++) start[t + 1]! += start[t]!;
  const fill = start.slice(0, width);
  const entries = new Int32Array(start[width]!);
  for (let e = 0; e < blocks.doc.length; e++) for (const t of index.vectors[blocks.doc[e]!]!.ids) entries[fill[t]!++] = e;
  return { start, entries };
}
