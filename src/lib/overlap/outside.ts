import { sharedSectors } from "./projects.js";
import { intersection } from "./sets.js";

/** What the outside-activity view needs to know of one project. */
export type AreaProject = {
  ref: string;
  /** The mechanism it is filed under; an imported record (source set) is another actor's project whatever it was filed under. */
  mechanism: string | null;
  /** Where it came from when imported (gcdf, iati); null for projects entered in Concord. */
  source: string | null;
  /** Priority area code, within its own mechanism. */
  priorityArea: string | null;
  sectors: string[];
  countries: string[];
  startYear: number | null;
  endYear: number | null;
  /** Budget in the one currency compared (USD); null when unknown or in another currency. */
  amount: number | null;
  /** Who is behind it: its funders, else its leads. */
  actors: string[];
};

export type OutsideGroup = {
  /** The outside actor (a funder or lead); null when the record names none. */
  actor: string | null;
  /** The mechanisms its projects belong to and the sources of its imported records. */
  via: string[];
  projects: string[];
  /** Of the area's countries and sectors, those its projects are in. */
  countries: string[];
  sectors: string[];
  amount: number;
  from: number | null;
  to: number | null;
};

export type AreaActivity = {
  priorityArea: string;
  /** The mechanism's own projects in the area, and where and in what they work: the area's footprint. */
  ownProjects: number;
  countries: string[];
  sectors: string[];
  /** Outside actors working in a country and sector of the footprint, most projects first. */
  outside: OutsideGroup[];
};

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * Where outside actors are active in a mechanism's priority areas. An area's footprint is the
 * countries and sectors of the mechanism's own projects filed under it; an outside project (another
 * mechanism's, or an imported record) is active there when it shares a country and a sector with
 * the footprint (a DAC purpose code matches its 3-digit category, as for a project's overlap). Its
 * actors are grouped, each with the projects, shared countries and sectors, money and years.
 */
export function outsideActivity(mechanism: string, areas: readonly string[], projects: readonly AreaProject[]): AreaActivity[] {
  const ours = (p: AreaProject) => p.source === null && p.mechanism === mechanism;
  const outsiders = projects.filter((p) => !ours(p));
  return areas.map((area) => {
    const own = projects.filter((p) => ours(p) && p.priorityArea === area);
    const countries = [...new Set(own.flatMap((p) => p.countries))].sort();
    const sectors = [...new Set(own.flatMap((p) => p.sectors))].sort();
    const groups = new Map<string | null, OutsideGroup & { countrySet: Set<string>; sectorSet: Set<string>; viaSet: Set<string> }>();
    for (const p of outsiders) {
      const c = intersection(countries, p.countries);
      const s = sharedSectors(sectors, p.sectors);
      if (!c.length || !s.length) continue;
      for (const actor of p.actors.length ? p.actors : [null]) {
        let g = groups.get(actor);
        if (!g) {
          g = { actor, via: [], projects: [], countries: [], sectors: [], amount: 0, from: null, to: null, countrySet: new Set(), sectorSet: new Set(), viaSet: new Set() };
          groups.set(actor, g);
        }
        g.projects.push(p.ref);
        for (const x of c) g.countrySet.add(x);
        for (const x of s) g.sectorSet.add(x);
        const via = p.source ?? p.mechanism;
        if (via) g.viaSet.add(via);
        g.amount += p.amount ?? 0;
        g.from = minOf(g.from, p.startYear);
        g.to = maxOf(g.to, p.endYear);
      }
    }
    const outside = [...groups.values()]
      // Summed budgets are rounded to the cent so float noise does not reach the page or the CSV.
      .map(({ countrySet, sectorSet, viaSet, ...g }) => ({ ...g, amount: Math.round(g.amount * 100) / 100, projects: g.projects.sort(), countries: [...countrySet].sort(), sectors: [...sectorSet].sort(), via: [...viaSet].sort() }))
      .sort((a, b) => b.projects.length - a.projects.length || b.amount - a.amount || (a.actor ?? "").localeCompare(b.actor ?? ""));
    return { priorityArea: area, ownProjects: own.length, countries, sectors, outside };
  });
}
