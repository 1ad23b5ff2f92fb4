import { describe, expect, it } from "vitest";
import { cumulate, pairSeries, rankPairs, sharedCounts, yearlySizes, type ProjectUnits } from "./symbiosis-series.js";

const projects: ProjectUnits[] = [
  { year: 2020, value: 1, units: ["CN", "LA"] },
  { year: 2021, value: 1, units: ["CN"] },
  { year: 2021, value: 1, units: ["CN", "TH", "LA", "CN"] },
  { year: 2023, value: 1, units: ["TH"] },
  { year: 2019, value: 1, units: ["VN"] },
];

describe("yearlySizes", () => {
  it("adds each project once to each of its units, in its start year, inside the span only", () => {
    const s = yearlySizes(projects, 2020, 2023);
    expect(s.get("CN")).toEqual([1, 2, 0, 0]);
    expect(s.get("LA")).toEqual([1, 1, 0, 0]);
    expect(s.get("TH")).toEqual([0, 1, 0, 1]);
    expect(s.has("VN")).toBe(false);
  });
  it("adds money values", () => {
    expect(yearlySizes([{ year: 2020, value: 2.5, units: ["a"] }, { year: 2020, value: 1.5, units: ["a", "b"] }], 2020, 2020).get("a")).toEqual([4]);
  });
});

describe("cumulate", () => {
  it("is the running total", () => {
    expect(cumulate([1, 2, 0, 3])).toEqual([1, 3, 3, 6]);
    expect(cumulate([])).toEqual([]);
  });
});

describe("pairSeries", () => {
  it("starts at the first year both sizes are positive", () => {
    expect(pairSeries(2020, [0, 1, 2, 3], [1, 0, 4, 5])).toEqual({ years: [2022, 2023], x: [2, 3], y: [4, 5] });
    expect(pairSeries(2020, [1, 2], [1, 2])).toEqual({ years: [2020, 2021], x: [1, 2], y: [1, 2] });
  });
  it("keeps later zeros, which the fit then refuses", () => {
    expect(pairSeries(2020, [1, 0, 2], [1, 1, 1]).x).toEqual([1, 0, 2]);
  });
  it("is empty when the two never coexist", () => {
    expect(pairSeries(2020, [1, 0], [0, 1])).toEqual({ years: [], x: [], y: [] });
    expect(pairSeries(2020, [], [])).toEqual({ years: [], x: [], y: [] });
  });
});

describe("sharedCounts and rankPairs", () => {
  it("counts the projects each pair shares, once per project", () => {
    const s = sharedCounts(projects);
    expect(Object.fromEntries(s)).toEqual({ "CN|LA": 2, "CN|TH": 1, "LA|TH": 1 });
  });
  it("ranks sharing pairs by count then code, cut at the limit", () => {
    const s = sharedCounts(projects);
    expect(rankPairs(s, 2)).toEqual([
      ["CN", "LA", 2],
      ["CN", "TH", 1],
    ]);
  });
  it("with a list of units, compares every pair of them, sharing or not", () => {
    const r = rankPairs(sharedCounts(projects), 100, ["VN", "CN", "LA", "CN"]);
    expect(r).toEqual([
      ["CN", "LA", 2],
      ["CN", "VN", 0],
      ["LA", "VN", 0],
    ]);
  });
});
