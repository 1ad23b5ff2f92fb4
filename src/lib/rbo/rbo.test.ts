import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseRbos, type RboRow } from "../tfdd/rbo.js";
import { RBO_INDICATORS, RBO_LEVELS, type RboIndicator } from "./indicators.js";
import { defaultWeights, mergeWeights, normalisedWeights, RboValueError, scoreRbo, validateWeights } from "./score.js";
import { inclusiveness, indicatorsByOrganisation, laterality, organisationIndicators, quantity, rowIndicators, yesNo, type TfddRboRecord } from "./tfdd.js";

const RBO_FILE = path.resolve(process.cwd(), "../shared/data/tfdd/TFDD_RBODatabase_20131015.csv");

describe("indicator definitions", () => {
  it("have unique codes, a level each, a name, what counts, and a non-negative weight; every level has some", () => {
    const codes = RBO_INDICATORS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const d of RBO_INDICATORS) {
      expect(RBO_LEVELS).toContain(d.level);
      expect(d.name.length).toBeGreaterThan(0);
      expect(d.counts.length).toBeGreaterThan(0);
      expect(d.weight).toBeGreaterThanOrEqual(0);
    }
    for (const l of RBO_LEVELS) expect(RBO_INDICATORS.some((d) => d.level === l)).toBe(true);
  });
  it("each TFDD-derived indicator is produced by the mapping", () => {
    const produced = Object.keys(rowIndicators({ rboCode: "X", agreementName: null, attributes: {} })).sort();
    expect(produced).toEqual(RBO_INDICATORS.map((d) => d.code).sort());
  });
});

// A small definition set for hand-computed scores: two indicators in each level.
const DEFS: RboIndicator[] = [
  { code: "i1", level: "internationalisation", name: "i1", counts: "", weight: 1 },
  { code: "i2", level: "internationalisation", name: "i2", counts: "", weight: 3 },
  { code: "n1", level: "institutionalisation", name: "n1", counts: "", weight: 1 },
  { code: "n2", level: "institutionalisation", name: "n2", counts: "", weight: 1 },
  { code: "g1", level: "governance", name: "g1", counts: "", weight: 2 },
  { code: "g2", level: "governance", name: "g2", counts: "", weight: 0 },
];

describe("weights", () => {
  it("default to the definitions' weights and equal levels", () => {
    expect(defaultWeights(DEFS)).toEqual({ indicators: { i1: 1, i2: 3, n1: 1, n2: 1, g1: 2, g2: 0 }, levels: { internationalisation: 1, institutionalisation: 1, governance: 1 } });
  });
  it("are normalised per level and across levels", () => {
    const n = normalisedWeights(mergeWeights({ levels: { governance: 2 } }, DEFS), DEFS);
    expect(n.indicators).toEqual({ i1: 0.25, i2: 0.75, n1: 0.5, n2: 0.5, g1: 1, g2: 0 });
    expect(n.levels).toEqual({ internationalisation: 0.25, institutionalisation: 0.25, governance: 0.5 });
  });
  it("accept any non-negative numbers", () => {
    expect(validateWeights({ indicators: { i1: 0, i2: 7.5 }, levels: { governance: 0 } }, DEFS)).toEqual([]);
    expect(validateWeights({}, DEFS)).toEqual([]);
  });
  it("refuse negative, non-finite and non-numeric weights, unknown codes, and levels that could never score", () => {
    expect(validateWeights({ indicators: { i1: -1, i2: Number.POSITIVE_INFINITY, n1: "2", zz: 1 }, levels: { governance: Number.NaN, other: 1 } }, DEFS)).toEqual([
      { code: "rbo_weight_invalid", path: "indicators.i1", value: -1 },
      { code: "rbo_weight_invalid", path: "indicators.i2", value: Number.POSITIVE_INFINITY },
      { code: "rbo_weight_invalid", path: "indicators.n1", value: "2" },
      { code: "rbo_unknown_indicator", path: "indicators.zz" },
      { code: "rbo_weight_invalid", path: "levels.governance", value: Number.NaN },
      { code: "rbo_unknown_indicator", path: "levels.other" },
    ]);
    expect(validateWeights({ indicators: { g1: 0 } }, DEFS)).toEqual([{ code: "rbo_weights_all_zero", path: "indicators.governance" }]);
    expect(validateWeights({ levels: { internationalisation: 0, institutionalisation: 0, governance: 0 } }, DEFS)).toEqual([{ code: "rbo_weights_all_zero", path: "levels" }]);
  });
});

describe("scoring", () => {
  it("is the weighted mean within each level and across levels (hand-computed)", () => {
    // int: (1·1 + 3·0.5)/4 = 0.625; ins: (0.2 + 0.6)/2 = 0.4; gov: (2·1 + 0·0)/2 = 1; overall (0.625+0.4+1)/3 = 0.675
    const s = scoreRbo({ i1: 1, i2: 0.5, n1: 0.2, n2: 0.6, g1: 1, g2: 0 }, defaultWeights(DEFS), DEFS);
    expect(s.levels.internationalisation).toEqual({ score: 0.625, coverage: 1 });
    expect(s.levels.institutionalisation.score).toBeCloseTo(0.4, 12);
    expect(s.levels.governance).toEqual({ score: 1, coverage: 1 });
    expect(s.overall).toBeCloseTo(0.675, 12);
    expect(s.coverage).toBe(1);
    // governance weighted 2: (0.625 + 0.4 + 2·1)/4 = 0.75625
    expect(scoreRbo({ i1: 1, i2: 0.5, n1: 0.2, n2: 0.6, g1: 1, g2: 0 }, mergeWeights({ levels: { governance: 2 } }, DEFS), DEFS).overall).toBeCloseTo(0.75625, 12);
  });
  it("leaves unknown values out and reports the coverage", () => {
    // int: only i2 known → 0.5, coverage 3/4; ins: none → null; gov: g1 → 1, coverage 1
    const s = scoreRbo({ i1: null, i2: 0.5, g1: 1, g2: null }, defaultWeights(DEFS), DEFS);
    expect(s.levels.internationalisation).toEqual({ score: 0.5, coverage: 0.75 });
    expect(s.levels.institutionalisation).toEqual({ score: null, coverage: 0 });
    expect(s.levels.governance).toEqual({ score: 1, coverage: 1 });
    // overall over the two levels with a score: (0.5 + 1)/2; coverage (0.75 + 0 + 1)/3
    expect(s.overall).toBeCloseTo(0.75, 12);
    expect(s.coverage).toBeCloseTo(1.75 / 3, 12);
  });
  it("has no score without values", () => {
    expect(scoreRbo({}, defaultWeights(DEFS), DEFS)).toMatchObject({ overall: null, coverage: 0 });
  });
  it("refuses values outside [0, 1]", () => {
    expect(() => scoreRbo({ i1: 1.5 }, defaultWeights(DEFS), DEFS)).toThrow(RboValueError);
    expect(() => scoreRbo({ i1: -0.1 }, defaultWeights(DEFS), DEFS)).toThrow(RboValueError);
    expect(() => scoreRbo({ i1: Number.NaN }, defaultWeights(DEFS), DEFS)).toThrow(RboValueError);
  });
});

describe("TFDD column values", () => {
  it("reads yes/no, n/a as absent, and '.', 'not specified', blanks as unknown", () => {
    expect([yesNo("yes"), yesNo(" Yes "), yesNo("no"), yesNo("n/a"), yesNo("."), yesNo("not specified"), yesNo(""), yesNo(undefined)]).toEqual([1, 1, 0, 0, null, null, null, null]);
  });
  it("reads quantities and laterality", () => {
    expect([quantity("SIN"), quantity("FEW"), quantity("MUL"), quantity("n/a"), quantity(".")]).toEqual([1 / 3, 2 / 3, 1, 0, null]);
    expect([laterality("Multilateral"), laterality("Bilateral"), laterality("")]).toEqual([1, 0.5, null]);
  });
  it("reads riparian coverage from the counts, else the inclusiveness flag", () => {
    expect(inclusiveness("4", "6", "Non-inclusive")).toBeCloseTo(2 / 3, 12);
    expect(inclusiveness("3", "2", "")).toBe(1);
    expect(inclusiveness("", "", "Inclusive")).toBe(1);
    expect(inclusiveness(undefined, "0", "Non-inclusive")).toBeNull();
  });
  it("averages an organisation's rows and keeps unknowns null", () => {
    const r = (attributes: Record<string, string>, agreementName: string | null = "A"): TfddRboRecord => ({ rboCode: "X", agreementName, attributes });
    const v = organisationIndicators([r({ SEC_EX: "yes", MON_EX: "." }), r({ SEC_EX: "no", MON_EX: "." }, null)]);
    expect(v.INS_SECRETARIAT).toBe(0.5);
    expect(v.INT_TREATY).toBe(0.5);
    expect(v.GOV_MONITORING).toBeNull();
    expect(rowIndicators(r({ ORG_BOD_QUAN: "n/a" })).INS_BODIES).toBeNull();
    expect(organisationIndicators([])).toEqual({});
  });
});

describe("the MRC scored from the TFDD RBO database", () => {
  it("matches the hand computation from its four rows", async () => {
    const rows: RboRow[] = [];
    for await (const p of parseRbos(RBO_FILE)) if (p.ok) rows.push(p.record);
    const byOrg = indicatorsByOrganisation(rows);
    const mrc = byOrg.get("MRCX")!;
    expect(rows.filter((r) => r.rboCode === "MRCX")).toHaveLength(4);
    // The four rows agree: Multilateral, MEMB_NO 4 of RIP_NO 6, WAT_LAW_REF yes, DEC_MAK_BIND no, LEG_PERS yes, SEC_EX yes,
    // ORG_BOD_QUAN MUL, SEC_FUNC_QUAN MUL, FUND_SPEC, CST_SHAR_EX, DON_INV_EX yes, ISSUE_SCOPE MUL, DEC_MAK_SPEC,
    // INF_SHAR_EX, DISP_RES_EX, MON_EX, ADAP_EX yes, BEN_SHAR_EX no, PUB_PART_EX, EX_COOP_EX yes.
    expect(mrc).toMatchObject({ INT_TREATY: 1, INT_MULTILATERAL: 1, INT_WATER_LAW: 1, INT_BINDING: 0, GOV_BENEFIT_SHARING: 0 });
    expect(mrc.INT_INCLUSIVE).toBeCloseTo(2 / 3, 12);
    const s = scoreRbo(mrc);
    // internationalisation (1 + 1 + 2/3 + 1 + 0)/5 = 11/15; institutionalisation 7/7 = 1; governance 8/9
    expect(s.levels.internationalisation.score).toBeCloseTo(11 / 15, 12);
    expect(s.levels.institutionalisation.score).toBe(1);
    expect(s.levels.governance.score).toBeCloseTo(8 / 9, 12);
    // overall (11/15 + 1 + 8/9)/3 = 118/135 ≈ 0.8741
    expect(s.overall).toBeCloseTo(118 / 135, 12);
    expect(s.coverage).toBe(1);
    // every organisation in the file scores within [0, 1] or has no score
    for (const v of byOrg.values()) {
      const o = scoreRbo(v).overall;
      if (o !== null) expect(o).toBeGreaterThanOrEqual(0), expect(o).toBeLessThanOrEqual(1);
    }
  });
});
