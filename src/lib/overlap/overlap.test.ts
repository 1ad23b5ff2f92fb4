import { describe, expect, it } from "vitest";
import { haversineKm, nearestKm } from "./geo.js";
import { mechanismOverlap, overlapWith, MATRIX_KINDS, type MechanismProfile } from "./mechanisms.js";
import { projectOverlaps, sectorCategory, sharedPlaces, sharedSectors, yearOverlap, type OverlapProject } from "./projects.js";
import { intersection, jaccard, pairMatrix, shares, weightedJaccard } from "./sets.js";
import { outsideActivity, type AreaProject } from "./outside.js";

describe("jaccard", () => {
  it("is |A∩B|/|A∪B| and ignores repeats", () => {
    expect(jaccard(["a", "b", "c"], ["b", "c", "d"])).toBe(2 / 4);
    expect(jaccard(["a", "a", "b"], ["b"])).toBe(1 / 2);
    expect(jaccard(["a"], ["a"])).toBe(1);
    expect(jaccard(["a"], ["b"])).toBe(0);
  });
  it("is 0 when one or both sets are empty", () => {
    expect(jaccard([], [])).toBe(0);
    expect(jaccard(["a"], [])).toBe(0);
    expect(jaccard([], ["a"])).toBe(0);
  });
  it("lists the shared elements sorted", () => {
    expect(intersection(["c", "a", "b", "a"], ["a", "c"])).toEqual(["a", "c"]);
    expect(intersection([], ["a"])).toEqual([]);
  });
});

describe("weighted jaccard on shares", () => {
  it("computes shares and drops negative, zero and non-finite weights", () => {
    expect(shares({ a: 1, b: 3 })).toEqual({ a: 0.25, b: 0.75 });
    expect(shares({ a: 2, b: -1, c: 0, d: Number.NaN })).toEqual({ a: 1 });
    expect(shares({})).toEqual({});
    expect(shares({ a: 0 })).toEqual({});
  });
  it("is Σmin/Σmax of the shares", () => {
    // shares a: {x .5, y .5}, b: {x .25, y .25, z .5}: min .25+.25+0 = .5, max .5+.5+.5 = 1.5 → 1/3
    expect(weightedJaccard({ x: 1, y: 1 }, { x: 1, y: 1, z: 2 })).toBeCloseTo(1 / 3, 12);
    // same distribution at ten times the size is identical
    expect(weightedJaccard({ x: 1, y: 3 }, { x: 10, y: 30 })).toBeCloseTo(1, 12);
    expect(weightedJaccard({ x: 1 }, { y: 1 })).toBe(0);
  });
  it("is 0 when either side has no weight", () => {
    expect(weightedJaccard({}, {})).toBe(0);
    expect(weightedJaccard({ x: 0 }, { x: 5 })).toBe(0);
  });
});

describe("pair matrix", () => {
  it("is symmetric, in the given order, and calls the similarity once per unordered pair", () => {
    let calls = 0;
    const m = pairMatrix(["a", "bb", "ccc"], (s) => s, (x, y) => (calls++, x.length * y.length));
    expect(m.codes).toEqual(["a", "bb", "ccc"]);
    expect(m.cells).toEqual([
      [1, 2, 3],
      [2, 4, 6],
      [3, 6, 9],
    ]);
    expect(calls).toBe(6);
  });
  it("is empty for no items", () => {
    expect(pairMatrix([], (s: string) => s, () => 1)).toEqual({ codes: [], cells: [] });
  });
});

const five = ["kh", "la", "mm", "th", "vn"];
const mech = (code: string, actors: [string, string | null][], sectors: MechanismProfile["sectors"] = {}, countries: string[] = [], subnational: string[] = []): MechanismProfile => ({
  code,
  members: actors.map(([actor, country]) => ({ actor, country })),
  sectors,
  places: { countries, subnational },
});
const own = (c: string): [string, string] => [c, c];

describe("mechanism overlap matrices", () => {
  // Reference memberships: LMC = cn + five, LMI = us + five, MRC = kh la th vn (+ cn mm observers), GMS = cn + five + Yunnan, Guangxi.
  const lmc = mech("LMC", ["cn", ...five].map(own), { water: { projects: 2, amount: 100 }, transport: { projects: 2, amount: 300 } }, ["cn", "la", "th"], ["cn-yunnan", "cn-mohan"]);
  const lmi = mech("LMI", ["us", ...five].map(own), { water: { projects: 3, amount: 30 }, health: { projects: 1, amount: 10 } }, ["la", "vn"], []);
  const gms = mech("GMS", [...["cn", ...five].map(own), ["cn-yunnan", "cn"], ["cn-guangxi", "cn"]], { transport: { projects: 1, amount: 0 } }, ["cn", "la"], ["cn-yunnan"]);
  const empty = mech("X", []);
  const all = mechanismOverlap([lmc, lmi, gms, empty]);

  it("has one matrix per documented kind", () => {
    expect(Object.keys(all).sort()).toEqual(Object.keys(MATRIX_KINDS).sort());
    expect(all.members.codes).toEqual(["LMC", "LMI", "GMS", "X"]);
  });
  it("membership: LMC–LMI share the five of seven actors; GMS adds two provinces", () => {
    expect(all.members.cells[0]![1]).toBeCloseTo(5 / 7, 12);
    expect(all.members.cells[0]![2]).toBeCloseTo(6 / 8, 12);
    expect(all.members.cells[1]![2]).toBeCloseTo(5 / 9, 12);
    expect(all.members.cells[0]![0]).toBe(1);
  });
  it("membership at country level folds provinces into their country", () => {
    expect(all.memberCountries.cells[0]![2]).toBe(1);
    expect(all.memberCountries.cells[1]![2]).toBeCloseTo(5 / 7, 12);
  });
  it("sector overlap as sets, and weighted by projects and by money", () => {
    // sets: LMC {water, transport}, LMI {water, health} → 1/3
    expect(all.sectors.cells[0]![1]).toBeCloseTo(1 / 3, 12);
    // projects: LMC {.5,.5}, LMI {water .75, health .25} → min .5 / max (.75+.5+.25=1.5) = 1/3
    expect(all.sectorsByProjects.cells[0]![1]).toBeCloseTo(1 / 3, 12);
    // money: LMC {water .25, transport .75}, LMI {water .75, health .25} → .25 / (.75+.75+.25) = 1/7
    expect(all.sectorsByMoney.cells[0]![1]).toBeCloseTo(1 / 7, 12);
    // GMS has a transport project but no money: in the set and project views, not the money view
    expect(all.sectors.cells[0]![2]).toBeCloseTo(1 / 2, 12);
    expect(all.sectorsByMoney.cells[0]![2]).toBe(0);
  });
  it("geographic overlap by country and below", () => {
    expect(all.countries.cells[0]![1]).toBeCloseTo(1 / 4, 12);
    expect(all.countries.cells[0]![2]).toBeCloseTo(2 / 3, 12);
    expect(all.subnational.cells[0]![2]).toBeCloseTo(1 / 2, 12);
    expect(all.subnational.cells[0]![1]).toBe(0);
  });
  it("a mechanism with nothing recorded overlaps nothing, itself included", () => {
    for (const m of Object.values(all)) {
      expect(m.cells[3]).toEqual([0, 0, 0, 0]);
    }
  });
  it("actors without a country are left out of the country view", () => {
    const a = mech("A", [["un-escap", null], own("la")]);
    const b = mech("B", [["un-escap", null]]);
    const m = mechanismOverlap([a, b]);
    expect(m.members.cells[0]![1]).toBe(1 / 2);
    expect(m.memberCountries.cells[0]![1]).toBe(0);
  });
  it("gives one mechanism's row against the others, most shared members first", () => {
    const row = overlapWith("LMC", [lmc, lmi, gms, empty]);
    expect(row.map((r) => r.code)).toEqual(["GMS", "LMI", "X"]);
    expect(row[0]!.scores.members).toBeCloseTo(0.75, 12);
    expect(overlapWith("NONE", [lmc])).toEqual([]);
    expect(overlapWith("LMC", [lmc])).toEqual([]);
  });
});

describe("haversine", () => {
  it("matches known distances", () => {
    // Paris–London, R = 6371.0088 km: 343.557 km (python math, same formula)
    expect(haversineKm({ lat: 48.8566, lon: 2.3522 }, { lat: 51.5074, lon: -0.1278 })).toBeCloseTo(343.5565, 3);
    // one degree along a meridian = R·π/180
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(111.19508, 4);
    // Hanoi–Kunming 549.33 km
    expect(haversineKm({ lat: 21.0285, lon: 105.8542 }, { lat: 25.0389, lon: 102.7183 })).toBeCloseTo(549.3319, 3);
    expect(haversineKm({ lat: 10, lon: 20 }, { lat: 10, lon: 20 })).toBe(0);
    // antipodes: half the circumference, no NaN from rounding
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6371.0088, 6);
  });
  it("takes the nearest pair, null without points", () => {
    expect(nearestKm([{ lat: 0, lon: 0 }, { lat: 0, lon: 10 }], [{ lat: 1, lon: 10 }])).toBeCloseTo(111.19508, 4);
    expect(nearestKm([], [{ lat: 0, lon: 0 }])).toBeNull();
    expect(nearestKm([{ lat: 0, lon: 0 }], [])).toBeNull();
  });
});

const proj = (ref: string, over: Partial<OverlapProject> = {}): OverlapProject => ({
  ref,
  mechanism: "MRC",
  sectors: ["water"],
  startYear: 2016,
  endYear: 2020,
  countries: ["la"],
  provinces: [],
  zones: [],
  points: [],
  ...over,
});

describe("years overlap", () => {
  it("is the common span, null when disjoint, touching years overlap", () => {
    expect(yearOverlap({ startYear: 2015, endYear: 2020 }, { startYear: 2018, endYear: 2025 })).toEqual({ from: 2018, to: 2020 });
    expect(yearOverlap({ startYear: 2015, endYear: 2017 }, { startYear: 2018, endYear: 2025 })).toBeNull();
    expect(yearOverlap({ startYear: 2015, endYear: 2018 }, { startYear: 2018, endYear: 2025 })).toEqual({ from: 2018, to: 2018 });
  });
  it("treats unknown years as open-ended", () => {
    expect(yearOverlap({ startYear: null, endYear: null }, { startYear: 2018, endYear: 2025 })).toEqual({ from: 2018, to: 2025 });
    expect(yearOverlap({ startYear: 2019, endYear: null }, { startYear: 2010, endYear: 2018 })).toBeNull();
    expect(yearOverlap({ startYear: 2019, endYear: null }, { startYear: 2010, endYear: null })).toEqual({ from: 2019, to: null });
    expect(yearOverlap({ startYear: null, endYear: null }, { startYear: null, endYear: null })).toEqual({ from: null, to: null });
  });
});

describe("project overlap with other mechanisms", () => {
  const target = proj("LMC-1", { mechanism: "LMC", sectors: ["water", "agriculture"], countries: ["la", "cn"], provinces: ["la-luangnamtha"], zones: ["la-boten"], points: [{ lat: 21.18, lon: 101.68 }] });

  it("finds a project in the same zone, sector and years, with every reason", () => {
    const c = proj("MRC-1", { zones: ["la-boten"], provinces: ["la-luangnamtha"], countries: ["la"], startYear: 2019, endYear: null });
    const [o] = projectOverlaps(target, [c]);
    expect(o!.place).toBe("zone");
    expect(o!.reasons).toEqual([
      { kind: "zone", codes: ["la-boten"] },
      { kind: "province", codes: ["la-luangnamtha"] },
      { kind: "country", codes: ["la"] },
      { kind: "sector", codes: ["water"] },
      { kind: "years", from: 2019, to: 2020 },
    ]);
  });
  it("leaves out itself, its own mechanism, other sectors, other places and other years", () => {
    const out = projectOverlaps(target, [
      target,
      proj("LMC-2", { mechanism: "LMC" }),
      proj("MRC-2", { sectors: ["health"] }),
      proj("MRC-3", { sectors: [] }),
      proj("MRC-4", { countries: ["vn"] }),
      proj("MRC-5", { startYear: 2001, endYear: 2005 }),
      proj("MRC-6", { countries: [], points: [{ lat: 23.18, lon: 101.68 }] }),
    ]);
    expect(out).toEqual([]);
  });
  it("counts imported records without a mechanism as outside", () => {
    const out = projectOverlaps(target, [proj("GCDF-1", { mechanism: null })]);
    expect(out.map((o) => o.project.ref)).toEqual(["GCDF-1"]);
    expect(out[0]!.place).toBe("country");
  });
  it("for a target without a mechanism, every other project is outside", () => {
    const out = projectOverlaps({ ...target, mechanism: null }, [proj("GCDF-2", { mechanism: null }), proj("LMC-2", { mechanism: "LMC" })]);
    expect(out.map((o) => o.project.ref)).toEqual(["GCDF-2", "LMC-2"]);
  });
  it("matches within a distance when both have coordinates, even across a border", () => {
    // Mohan, China, about 1.5 km from the Boten point
    const c = proj("MRC-7", { countries: ["cn-x"], points: [{ lat: 21.19, lon: 101.69 }] });
    const [o] = projectOverlaps({ ...target, countries: [] }, [c]);
    expect(o!.place).toBe("distance");
    const d = o!.reasons[0]!;
    expect(d.kind === "distance" && d.km).toBeCloseTo(1.5, 1);
    expect(projectOverlaps({ ...target, countries: [] }, [c], { maxKm: 1 })).toEqual([]);
  });
  it("sorts zone before distance before province before country, then nearest, then ref", () => {
    const out = projectOverlaps(target, [
      proj("c-country", { countries: ["cn"] }),
      proj("b-province", { provinces: ["la-luangnamtha"] }),
      proj("d-far", { countries: ["zz"], points: [{ lat: 21.5, lon: 101.68 }] }),
      proj("e-near", { countries: ["zz"], points: [{ lat: 21.2, lon: 101.68 }] }),
      proj("a-zone", { zones: ["la-boten"] }),
      proj("a-country", { countries: ["la"] }),
    ]);
    expect(out.map((o) => o.project.ref)).toEqual(["a-zone", "e-near", "d-far", "b-province", "a-country", "c-country"]);
  });
  it("finds nothing among no candidates, and shares no place without data", () => {
    expect(projectOverlaps(target, [])).toEqual([]);
    expect(sharedPlaces(proj("a", { countries: [] }), proj("b", { countries: [] }), 50)).toEqual([]);
  });
});

describe("sharedSectors", () => {
  it("matches equal codes, and a DAC 5 purpose code with its own 3-digit category only", () => {
    expect(sharedSectors(["21010", "water"], ["water", "210"])).toEqual(["210", "water"]);
    expect(sharedSectors(["210"], ["21010", "23210"])).toEqual(["210"]);
    expect(sharedSectors(["21010"], ["232", "21020"])).toEqual([]);
    expect(sharedSectors(["2101"], ["210"])).toEqual([]);
  });
});

describe("outsideActivity", () => {
  const p = (ref: string, over: Partial<AreaProject>): AreaProject => ({ ref, mechanism: null, source: null, priorityArea: null, sectors: [], countries: [], startYear: null, endYear: null, amount: null, actors: [], ...over });
  const projects = [
    p("LMC-ROAD", { mechanism: "LMC", priorityArea: "connectivity", sectors: ["21010"], countries: ["LA", "CN"] }),
    p("LMC-RICE", { mechanism: "LMC", priorityArea: "agriculture", sectors: ["31161"], countries: ["KH"] }),
    p("GCDF-1", { source: "gcdf", sectors: ["210"], countries: ["LA"], amount: 100, startYear: 2019, endYear: 2022, actors: ["cn-exim"] }),
    p("GCDF-2", { source: "gcdf", mechanism: null, sectors: ["210"], countries: ["LA"], amount: 50, startYear: 2021, actors: ["cn-exim"] }),
    p("MRC-1", { mechanism: "MRC", priorityArea: "nav", sectors: ["21010"], countries: ["LA", "TH"], amount: 10, actors: ["mrcs"] }),
    p("MRC-2", { mechanism: "MRC", sectors: ["14010"], countries: ["LA"], actors: ["mrcs"] }),
    p("LMI-1", { mechanism: "LMI", sectors: ["31161"], countries: ["VN"], actors: ["usaid"] }),
    p("IATI-1", { source: "iati", mechanism: "LMC", sectors: ["21010"], countries: ["CN"] }),
  ];
  it("groups the outside actors active in each area's countries and sectors", () => {
    const [conn, agri] = outsideActivity("LMC", ["connectivity", "agriculture", "water"], projects);
    expect(conn).toMatchObject({ priorityArea: "connectivity", ownProjects: 1, countries: ["CN", "LA"], sectors: ["21010"] });
    expect(conn!.outside).toEqual([
      { actor: "cn-exim", via: ["gcdf"], projects: ["GCDF-1", "GCDF-2"], countries: ["LA"], sectors: ["210"], amount: 150, from: 2019, to: 2022 },
      { actor: "mrcs", via: ["MRC"], projects: ["MRC-1"], countries: ["LA"], sectors: ["21010"], amount: 10, from: null, to: null },
      // An imported record filed under the LMC is still another actor's project.
      { actor: null, via: ["iati"], projects: ["IATI-1"], countries: ["CN"], sectors: ["21010"], amount: 0, from: null, to: null },
    ]);
    expect(agri!.outside).toEqual([]);
  });
  it("leaves an area without projects of its own with an empty footprint", () => {
    expect(outsideActivity("LMC", ["water"], projects)).toEqual([{ priorityArea: "water", ownProjects: 0, countries: [], sectors: [], outside: [] }]);
  });
});

describe("sectorCategory", () => {
  it("gives a DAC 5 purpose code's 3-digit category and leaves other codes alone", () => {
    expect(["21010", "210", "water", "2101"].map(sectorCategory)).toEqual(["210", "210", "water", "2101"]);
  });
});
