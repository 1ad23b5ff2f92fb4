import { describe, expect, it } from "vitest";
import { budgetShares, bucketYears, type YearCounts } from "./index.js";

const y = (year: number, bars: (number | null)[]): YearCounts => ({
  year,
  events: bars.length,
  conflict: bars.filter((b) => b !== null && b < 0).length,
  neutral: bars.filter((b) => b === 0).length,
  cooperation: bars.filter((b) => b !== null && b > 0).length,
  sum: bars.reduce<number>((s, b) => s + (b ?? 0), 0),
  rated: bars.filter((b) => b !== null).length,
});

describe("water events by period", () => {
  const rows = [y(1994, [-3]), y(1996, [3, 1]), y(1999, [-2, null]), y(2001, [0])];
  it("keeps the years with a width of one", () => {
    expect(bucketYears(rows, 1).map((r) => [r.period, r.events, r.mean])).toEqual([
      ["1994", 1, -3],
      ["1996", 2, 2],
      ["1999", 2, -2],
      ["2001", 1, 0],
    ]);
  });
  it("gathers five-year periods aligned on multiples of five, with the mean of the rated events", () => {
    expect(bucketYears(rows, 5)).toEqual([
      { period: "1990-1994", events: 1, conflict: 1, neutral: 0, cooperation: 0, mean: -3 },
      // 3 + 1 − 2 over three rated events; the unrated one counts as an event only
      { period: "1995-1999", events: 4, conflict: 1, neutral: 0, cooperation: 2, mean: 0.67 },
      { period: "2000-2004", events: 1, conflict: 0, neutral: 1, cooperation: 0, mean: 0 },
    ]);
  });
  it("has no mean without rated events, nothing without rows, and refuses a bad width", () => {
    expect(bucketYears([y(2000, [null])], 5)[0]!.mean).toBeNull();
    expect(bucketYears([], 5)).toEqual([]);
    expect(() => bucketYears(rows, 0)).toThrow(RangeError);
  });
});

describe("a budget over countries", () => {
  it("follows the recipients' percentages, normalised", () => {
    expect(budgetShares([{ country: "LA", percentage: "60" }, { country: "KH", percentage: 20 }], ["CN"])).toEqual([
      ["LA", 0.75],
      ["KH", 0.25],
    ]);
  });
  it("splits equally when a percentage is missing, and over the parties' countries without recipients", () => {
    expect(budgetShares([{ country: "LA", percentage: 60 }, { country: "KH", percentage: null }], [])).toEqual([
      ["LA", 0.5],
      ["KH", 0.5],
    ]);
    expect(budgetShares([], ["CN", "LA", "CN", "TH", "VN"]).map(([, s]) => s)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(budgetShares([], [])).toEqual([]);
  });
});
