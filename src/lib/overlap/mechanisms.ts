import { jaccard, pairMatrix, weightedJaccard, type Matrix, type Weights } from "./sets.js";

/**
 * What the overlap matrices need to know of one mechanism. The caller resolves codes: a member
 * actor's country is its own code for a country, the country it sits in for a province, zone,
 * ministry or enterprise (null when unknown, e.g. an international organisation).
 */
export type MechanismProfile = {
  code: string;
  /** Member actors (any role), with the country each belongs to. */
  members: { actor: string; country: string | null }[];
  /** Per sector code (the caller picks the level, e.g. DAC 3-digit categories), the mechanism's projects there and their money (one currency, e.g. USD). */
  sectors: Record<string, { projects: number; amount: number }>;
  /** Where its projects are: country codes, and province or zone codes below them. */
  places: { countries: string[]; subnational: string[] };
};

/** Which similarity each matrix holds, for the legend beside it. */
export const MATRIX_KINDS = {
  members: "Jaccard of member actors (countries, provinces, zones and any other member actor)",
  memberCountries: "Jaccard of the member actors' countries (a province counts as its country)",
  sectors: "Jaccard of the sets of sectors (DAC 3-digit categories) with at least one project (unweighted)",
  sectorsByProjects: "weighted Jaccard Σmin/Σmax of each sector's (DAC 3-digit category's) share of the mechanism's project count",
  sectorsByMoney: "weighted Jaccard Σmin/Σmax of each sector's (DAC 3-digit category's) share of the mechanism's money",
  countries: "Jaccard of the countries its projects are in",
  subnational: "Jaccard of the provinces and zones its projects are in",
} as const;
export type MatrixKind = keyof typeof MATRIX_KINDS;

const weights = (p: MechanismProfile, key: "projects" | "amount"): Weights =>
  Object.fromEntries(Object.entries(p.sectors).map(([s, v]) => [s, v[key]]));

const activeSectors = (p: MechanismProfile) => Object.entries(p.sectors).filter(([, v]) => v.projects > 0 || v.amount > 0).map(([s]) => s);

const SIMILARITY: Record<MatrixKind, (a: MechanismProfile, b: MechanismProfile) => number> = {
  members: (a, b) => jaccard(a.members.map((m) => m.actor), b.members.map((m) => m.actor)),
  memberCountries: (a, b) =>
    jaccard(
      a.members.flatMap((m) => (m.country ? [m.country] : [])),
      b.members.flatMap((m) => (m.country ? [m.country] : [])),
    ),
  sectors: (a, b) => jaccard(activeSectors(a), activeSectors(b)),
  sectorsByProjects: (a, b) => weightedJaccard(weights(a, "projects"), weights(b, "projects")),
  sectorsByMoney: (a, b) => weightedJaccard(weights(a, "amount"), weights(b, "amount")),
  countries: (a, b) => jaccard(a.places.countries, b.places.countries),
  subnational: (a, b) => jaccard(a.places.subnational, b.places.subnational),
};

/** One matrix per kind over every pair of the given mechanisms, in their order. */
export function mechanismOverlap(profiles: readonly MechanismProfile[]): Record<MatrixKind, Matrix> {
  const out = {} as Record<MatrixKind, Matrix>;
  for (const kind of Object.keys(MATRIX_KINDS) as MatrixKind[]) out[kind] = pairMatrix(profiles, (p) => p.code, SIMILARITY[kind]);
  return out;
}

/** One mechanism's row of every matrix: its overlap with each other mechanism, most overlapping members first. */
export function overlapWith(code: string, profiles: readonly MechanismProfile[]): { code: string; scores: Record<MatrixKind, number> }[] {
  const self = profiles.find((p) => p.code === code);
  if (!self) return [];
  return profiles
    .filter((p) => p.code !== code)
    .map((p) => ({
      code: p.code,
      scores: Object.fromEntries((Object.keys(MATRIX_KINDS) as MatrixKind[]).map((k) => [k, SIMILARITY[k](self, p)])) as Record<MatrixKind, number>,
    }))
    .sort((x, y) => y.scores.members - x.scores.members || x.code.localeCompare(y.code));
}
