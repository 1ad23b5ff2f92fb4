import { ACTOR_TYPES, type ActorType } from "../../db/schema/actors.js";

/** The participant types the comparison shows, in this order: the actor types of the register. */
export const PARTICIPANT_TYPES = ACTOR_TYPES;
export type ParticipantType = ActorType;

export type Counts = Record<string, number>;

const clean = (counts: Counts) => Object.entries(counts).filter(([, n]) => Number.isFinite(n) && n > 0);

/**
 * Each type's share of all participants. Every listed type appears (0 when absent) so tables line
 * up across mechanisms; other keys are kept too. No participants: every share is 0.
 */
export function typeShares(counts: Counts, types: readonly string[] = PARTICIPANT_TYPES): Record<string, number> {
  const total = clean(counts).reduce((s, [, n]) => s + n, 0);
  const out: Record<string, number> = Object.fromEntries(types.map((t) => [t, 0]));
  for (const [k, n] of clean(counts)) out[k] = total ? n / total : 0;
  return out;
}

/**
 * Shannon entropy H = −Σ pᵢ log pᵢ over the types present, natural log by default (nats, as
 * scipy.stats.entropy); base 2 gives bits. 0 with one type or none.
 */
export function shannon(counts: Counts, base = Math.E): number {
  const ns = clean(counts).map(([, n]) => n);
  const total = ns.reduce((s, n) => s + n, 0);
  if (!total) return 0;
  const h = -ns.reduce((s, n) => s + (n / total) * Math.log(n / total), 0);
  return h / Math.log(base) + 0; // + 0 turns −0 into 0
}

/**
 * Pielou's evenness J = H / ln S, S the number of types present: 1 when participants are spread
 * equally over the types they have. Undefined (null) with fewer than two types.
 */
export function pielou(counts: Counts): number | null {
  const s = clean(counts).length;
  return s < 2 ? null : shannon(counts) / Math.log(s);
}

/** Gini–Simpson 1 − Σ pᵢ²: the chance two participants drawn with replacement are of different types. 0 with none. */
export function giniSimpson(counts: Counts): number {
  const ns = clean(counts).map(([, n]) => n);
  const total = ns.reduce((s, n) => s + n, 0);
  if (!total) return 0;
  return 1 - ns.reduce((s, n) => s + (n / total) ** 2, 0);
}

export type Diversity = { total: number; types: number; shares: Record<string, number>; shannon: number; pielou: number | null; giniSimpson: number };

/** Everything the comparison shows for one mechanism's participant counts by type. */
export function diversity(counts: Counts, types: readonly string[] = PARTICIPANT_TYPES): Diversity {
  return {
    total: clean(counts).reduce((s, [, n]) => s + n, 0),
    types: clean(counts).length,
    shares: typeShares(counts, types),
    shannon: shannon(counts),
    pielou: pielou(counts),
    giniSimpson: giniSimpson(counts),
  };
}

/** A participant_counts row: how many participants of one type from one country a mechanism has. */
export type ParticipantCountRow = { mechanism: string; country: string; actorType: string; count: number; source?: string | null };

export type CountTable = {
  actorType: string;
  /** Column order: mechanisms as first met in the rows (or as given). */
  mechanisms: string[];
  /** Row order: countries sorted by code. */
  countries: string[];
  /** cells[country][mechanism]; null where no row says (unknown, not zero). */
  cells: Record<string, Record<string, number | null>>;
  /** The sources the numbers come from, deduplicated. */
  sources: string[];
};

/**
 * Pivots participant counts of one type into a country × mechanism table, as seed 002 Table 4-1
 * (NGOs of each mechanism's lead country registered in each member country). Two rows for the
 * same cell are added up.
 */
export function pivotCounts(rows: readonly ParticipantCountRow[], actorType = "ngo", mechanisms?: readonly string[]): CountTable {
  const mine = rows.filter((r) => r.actorType === actorType);
  const mechs = mechanisms ? [...mechanisms] : [...new Set(mine.map((r) => r.mechanism))];
  const countries = [...new Set(mine.map((r) => r.country))].sort();
  const cells: CountTable["cells"] = {};
  for (const c of countries) cells[c] = Object.fromEntries(mechs.map((m) => [m, null]));
  for (const r of mine) {
    const row = cells[r.country]!;
    if (!(r.mechanism in row)) continue;
    row[r.mechanism] = (row[r.mechanism] ?? 0) + r.count;
  }
  const sources = [...new Set(mine.flatMap((r) => (r.source ? [r.source] : [])))];
  return { actorType, mechanisms: mechs, countries, cells, sources };
}
