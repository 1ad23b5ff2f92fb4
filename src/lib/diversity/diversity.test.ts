import { describe, expect, it } from "vitest";
import { participantCounts } from "../../db/seed/reference/mechanisms.js";
import { diversity, giniSimpson, pielou, pivotCounts, shannon, typeShares, PARTICIPANT_TYPES, type Counts } from "./index.js";

/*
 * Expected numbers computed once with scipy 1.17.1 / numpy:
 *   from scipy.stats import entropy; p = np.array(counts, float)
 *   entropy(p), entropy(p, base=2), entropy(p)/np.log(len(p)), 1 - ((p/p.sum())**2).sum()
 * (entropy normalises the counts itself; zeros dropped first, as the functions here do).
 */
const SCIPY = [
  { counts: [5, 3, 2], h: 1.0296530140645737, h2: 1.4854752972273346, j: 0.9372305632161295, gs: 0.62 },
  { counts: [1, 1, 1, 1], h: 1.3862943611198906, h2: 2.0, j: 1.0, gs: 0.75 },
  { counts: [10, 0, 5, 5, 2, 1, 0, 3], h: 1.5733903348904945, h2: 2.2699224335291417, j: 0.8781258656154106, gs: 0.757396449704142 },
];
const asCounts = (ns: number[]) => Object.fromEntries(ns.map((n, i) => [PARTICIPANT_TYPES[i] ?? `t${i}`, n]));

describe("diversity indices against scipy", () => {
  for (const c of SCIPY)
    it(`matches for ${c.counts.join(",")}`, () => {
      const counts = asCounts(c.counts);
      expect(shannon(counts)).toBeCloseTo(c.h, 12);
      expect(shannon(counts, 2)).toBeCloseTo(c.h2, 12);
      expect(pielou(counts)).toBeCloseTo(c.j, 12);
      expect(giniSimpson(counts)).toBeCloseTo(c.gs, 12);
    });

  it("has no diversity with one type, and evenness is undefined", () => {
    expect(shannon({ ngo: 7 })).toBe(0);
    expect(giniSimpson({ ngo: 7 })).toBe(0);
    expect(pielou({ ngo: 7 })).toBeNull();
  });
  it("has nothing with no participants, ignoring zero, negative and NaN counts", () => {
    for (const c of [{}, { ngo: 0 }, { ngo: -3, finance: Number.NaN }] as Counts[]) {
      expect(shannon(c)).toBe(0);
      expect(giniSimpson(c)).toBe(0);
      expect(pielou(c)).toBeNull();
    }
  });
  it("does not depend on scale", () => {
    expect(shannon({ a: 50, b: 30, c: 20 })).toBeCloseTo(shannon({ a: 5, b: 3, c: 2 }), 12);
  });
});

describe("participant type shares", () => {
  it("lists every type, 0 where absent, and keeps unlisted types", () => {
    const s = typeShares({ government: 6, enterprise: 3, ngo: 1, other: 0 });
    expect(Object.keys(s).slice(0, PARTICIPANT_TYPES.length)).toEqual([...PARTICIPANT_TYPES]);
    expect(s).toMatchObject({ government: 0.6, enterprise: 0.3, ngo: 0.1, university: 0, finance: 0 });
    expect(typeShares({ bilateral_agency: 1 }, ["ngo"])).toEqual({ ngo: 0, bilateral_agency: 1 });
  });
  it("is all zero without participants", () => {
    expect(Object.values(typeShares({})).every((v) => v === 0)).toBe(true);
  });
  it("summarises one mechanism", () => {
    expect(diversity({ government: 5, enterprise: 3, university: 2 })).toMatchObject({ total: 10, types: 3, giniSimpson: 0.62 });
    expect(diversity({ government: 5, enterprise: 3, university: 2 }).pielou).toBeCloseTo(0.9372305632161295, 12);
  });
});

describe("Table 4-1 pivot", () => {
  it("reproduces seed 002 Table 4-1 from the reference participant counts", () => {
    const t = pivotCounts(participantCounts.map((r) => ({ ...r })), "ngo");
    expect(t.mechanisms).toEqual(["LMC", "LMI", "MJC"]);
    expect(t.countries).toEqual(["VN"]);
    expect(t.cells).toEqual({ VN: { LMC: 17, LMI: 111, MJC: 32 } });
    expect(t.sources).toEqual(["seed 002 Table 4-1"]);
  });
  it("keeps unknown cells null, adds repeated rows, honours a given column order and other types", () => {
    const rows = [
      { mechanism: "A", country: "la", actorType: "ngo", count: 2 },
      { mechanism: "A", country: "la", actorType: "ngo", count: 3 },
      { mechanism: "B", country: "kh", actorType: "ngo", count: 0 },
      { mechanism: "B", country: "kh", actorType: "enterprise", count: 9 },
      { mechanism: "C", country: "kh", actorType: "ngo", count: 4 },
    ];
    const t = pivotCounts(rows, "ngo", ["B", "A"]);
    expect(t).toEqual({ actorType: "ngo", mechanisms: ["B", "A"], countries: ["kh", "la"], cells: { kh: { B: 0, A: null }, la: { B: null, A: 5 } }, sources: [] });
    expect(pivotCounts(rows, "enterprise").cells).toEqual({ kh: { B: 9 } });
  });
  it("is empty without rows", () => {
    expect(pivotCounts([])).toEqual({ actorType: "ngo", mechanisms: [], countries: [], cells: {}, sources: [] });
  });
});
