import { nearestKm, type Point } from "./geo.js";
import { intersection } from "./sets.js";

export type OverlapProject = {
  ref: string;
  /** The mechanism it belongs to; null for imported records (GCDF, IATI) outside any mechanism. */
  mechanism: string | null;
  sectors: string[];
  /** Years it runs; null = unknown (an unknown start is treated as always, an unknown end as ongoing). */
  startYear: number | null;
  endYear: number | null;
  countries: string[];
  provinces: string[];
  zones: string[];
  points: Point[];
};

export type PlaceReason =
  | { kind: "zone"; codes: string[] }
  | { kind: "province"; codes: string[] }
  | { kind: "distance"; km: number }
  | { kind: "country"; codes: string[] };

export type OverlapReason =
  | PlaceReason
  | { kind: "sector"; codes: string[] }
  /** from/to null: open-ended on that side because a year is unknown. */
  | { kind: "years"; from: number | null; to: number | null };

export type ProjectOverlap = {
  project: OverlapProject;
  /** The most specific place they share: zone, then within distance, then province, then country. */
  place: PlaceReason["kind"];
  reasons: OverlapReason[];
};

export type OverlapOptions = {
  /** Two projects whose nearest points are at most this far apart share a place. Default 50 km. */
  maxKm?: number;
};

const PLACE_RANK: Record<PlaceReason["kind"], number> = { zone: 0, distance: 1, province: 2, country: 3 };

/** The years both run, or null when they do not overlap. */
export function yearOverlap(a: Pick<OverlapProject, "startYear" | "endYear">, b: Pick<OverlapProject, "startYear" | "endYear">) {
  const from = a.startYear === null ? b.startYear : b.startYear === null ? a.startYear : Math.max(a.startYear, b.startYear);
  const to = a.endYear === null ? b.endYear : b.endYear === null ? a.endYear : Math.min(a.endYear, b.endYear);
  if (from !== null && to !== null && from > to) return null;
  return { from, to };
}

/** A DAC 5 purpose code (e.g. 21010, transport policy) and its 3-digit sector category (210). */
const PURPOSE = /^\d{5}$/;
const CATEGORY = /^\d{3}$/;

/** The DAC 3-digit category of a 5-digit purpose code (21010 → 210); any other code as it is. */
export const sectorCategory = (code: string) => (PURPOSE.test(code) ? code.slice(0, 3) : code);

/**
 * The sectors two projects share. Codes match when equal, and a DAC 5 purpose code matches its own
 * 3-digit category: GCDF records carry only the category (210, transport and storage) while projects
 * entered here carry the purpose code (21010), and they are the same field of work. The shared code
 * given is the category then, the coarser of the two.
 */
export function sharedSectors(a: readonly string[], b: readonly string[]): string[] {
  const out = new Set(intersection(a, b));
  for (const x of a)
    for (const y of b) {
      if (PURPOSE.test(x) && CATEGORY.test(y) && x.startsWith(y)) out.add(y);
      else if (CATEGORY.test(x) && PURPOSE.test(y) && y.startsWith(x)) out.add(x);
    }
  return [...out].sort();
}

/** Every place reason the two share, most specific first. */
export function sharedPlaces(a: OverlapProject, b: OverlapProject, maxKm: number): PlaceReason[] {
  const out: PlaceReason[] = [];
  const zones = intersection(a.zones, b.zones);
  if (zones.length) out.push({ kind: "zone", codes: zones });
  const km = nearestKm(a.points, b.points);
  if (km !== null && km <= maxKm) out.push({ kind: "distance", km: Math.round(km * 10) / 10 });
  const provinces = intersection(a.provinces, b.provinces);
  if (provinces.length) out.push({ kind: "province", codes: provinces });
  const countries = intersection(a.countries, b.countries);
  if (countries.length) out.push({ kind: "country", codes: countries });
  return out;
}

/**
 * The projects of other mechanisms that work in the same place and sector over overlapping years,
 * each with the reasons. "Other" means a different mechanism, or none (an imported record); the
 * target itself and projects of its own mechanism are left out. Most specific place first, then
 * nearest, then by ref so the order is stable.
 */
export function projectOverlaps(target: OverlapProject, candidates: readonly OverlapProject[], opts: OverlapOptions = {}): ProjectOverlap[] {
  const maxKm = opts.maxKm ?? 50;
  const out: ProjectOverlap[] = [];
  for (const c of candidates) {
    if (c.ref === target.ref) continue;
    if (target.mechanism !== null && c.mechanism === target.mechanism) continue;
    const places = sharedPlaces(target, c, maxKm);
    if (!places.length) continue;
    const sectors = sharedSectors(target.sectors, c.sectors);
    if (!sectors.length) continue;
    const years = yearOverlap(target, c);
    if (!years) continue;
    out.push({ project: c, place: places[0]!.kind, reasons: [...places, { kind: "sector", codes: sectors }, { kind: "years", ...years }] });
  }
  const km = (o: ProjectOverlap) => {
    const d = o.reasons.find((r) => r.kind === "distance");
    return d && d.kind === "distance" ? d.km : Infinity;
  };
  return out.sort((x, y) => PLACE_RANK[x.place] - PLACE_RANK[y.place] || km(x) - km(y) || x.project.ref.localeCompare(y.project.ref));
}
