import { describe, expect, it } from "vitest";
import type { RubricCriterion } from "../../db/schema/fund.js";
import { callState, cents, reviewSummary, scoreProblems, screenApplication, weightedTotal, type ApplicationFacts, type CallRules } from "./rules.js";

const call: CallRules = {
  opensAt: new Date("2026-03-01T00:00:00Z"),
  closesAt: new Date("2026-05-31T23:59:59Z"),
  eligiblePillars: ["economic-sustainable"],
  eligibleAreas: [],
  eligibleCountries: ["CN", "KH", "LA", "MM", "TH", "VN"],
  ceiling: "500000.00",
  requireCrossBorder: true,
};
const phase = (budget: string) => ({ name: { en: "p" }, startDate: "2026-07-01", endDate: "2026-12-31", budget, deliverables: [] });
const app: ApplicationFacts = {
  leadCountry: "CN",
  coApplicantCountries: ["LA"],
  memberCountries: ["CN", "KH", "LA", "MM", "TH", "VN"],
  pillar: "economic-sustainable",
  priorityArea: "connectivity",
  requested: "450000.00",
  phases: [phase("150000.00"), phase("300000.00")],
};
const failed = (a: Partial<ApplicationFacts>, c: Partial<CallRules> = {}) =>
  screenApplication({ ...call, ...c }, { ...app, ...a })
    .filter((x) => !x.passed)
    .map((x) => x.rule);

describe("screenApplication", () => {
  it("passes a cross-border, phased application within the ceiling", () => {
    expect(failed({})).toEqual([]);
  });
  it("names each rule that fails", () => {
    expect(failed({ coApplicantCountries: ["CN"] })).toEqual(["cross_border"]);
    expect(failed({ coApplicantCountries: ["US"] })).toEqual(["cross_border", "eligible_countries"]);
    expect(failed({ coApplicantCountries: ["US"] }, { requireCrossBorder: false })).toEqual(["eligible_countries"]);
    expect(failed({ pillar: "social-cultural" })).toEqual(["eligible_pillar"]);
    expect(failed({ requested: "500000.01", phases: [phase("500000.01")] })).toEqual(["within_ceiling"]);
    expect(failed({ phases: [] })).toEqual(["phased"]);
    expect(failed({ phases: [phase("150000.00")] })).toEqual(["phase_budgets_match"]);
  });
  it("accepts exactly the ceiling, compared in cents", () => {
    expect(failed({ requested: "500000", phases: [phase("499999.99"), phase("0.01")] })).toEqual([]);
    expect(cents("0.1")).toBe(10n);
  });
});

describe("callState", () => {
  it("is open from its opening to its closing moment, inclusive", () => {
    expect(callState(call, new Date("2026-02-28T23:59:59Z"))).toBe("upcoming");
    expect(callState(call, call.opensAt)).toBe("open");
    expect(callState(call, call.closesAt)).toBe("open");
    expect(callState(call, new Date("2026-06-01T00:00:00Z"))).toBe("closed");
  });
});

const rubric: RubricCriterion[] = [
  { code: "relevance", name: { en: "Relevance" }, weight: 3, min: 0, max: 10 },
  { code: "feasibility", name: { en: "Feasibility" }, weight: 1, min: 1, max: 5 },
];

describe("scoring", () => {
  it("weights each criterion after normalising it to its range", () => {
    expect(weightedTotal(rubric, [{ criterion: "relevance", score: 10 }, { criterion: "feasibility", score: 5 }])).toBe(100);
    expect(weightedTotal(rubric, [{ criterion: "relevance", score: 0 }, { criterion: "feasibility", score: 1 }])).toBe(0);
    // (3 × 0.5 + 1 × 0.5) / 4 = 50
    expect(weightedTotal(rubric, [{ criterion: "relevance", score: 5 }, { criterion: "feasibility", score: 3 }])).toBe(50);
  });
  it("finds unknown, missing, repeated and out-of-range scores", () => {
    expect(scoreProblems(rubric, [{ criterion: "relevance", score: 11 }, { criterion: "relevance", score: 2 }, { criterion: "cost", score: 1 }]).map((p) => p.code)).toEqual([
      "score_out_of_range",
      "duplicate_criterion",
      "unknown_criterion",
      "missing_criterion",
    ]);
  });
  it("flags a spread above the threshold for moderation", () => {
    expect(reviewSummary([80, 55], 20)).toEqual({ mean: 67.5, spread: 25, needsModeration: true });
    expect(reviewSummary([80, 65], 20)).toEqual({ mean: 72.5, spread: 15, needsModeration: false });
    expect(reviewSummary([], 20)).toEqual({ mean: null, spread: null, needsModeration: false });
  });
});
