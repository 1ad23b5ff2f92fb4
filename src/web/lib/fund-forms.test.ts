import { describe, expect, it } from "vitest";
import { applicationFieldOf, applicationFields, applicationValues, callFieldOf, dropNulls, validateApplication, validateCall, type ApplicationValues, type CallValues } from "./fund-forms";

const call: CallValues = {
  code: "LMC-SF-2027",
  mechanism: "LMC",
  fund: "LMC Special Fund",
  title: "Connectivity",
  opensAt: "2027-01-01T00:00",
  closesAt: "2027-03-31T23:59",
  eligiblePillars: [],
  eligibleAreas: [],
  eligibleCountries: ["CN", "LA"],
  ceiling: "500000",
  currency: "USD",
  rubric: [
    { code: "relevance", name: "Relevance", weight: "3", min: "0", max: "10" },
    { code: "feasibility", name: "Feasibility", weight: "1", min: "1", max: "5" },
  ],
  reviewersPerApplication: "2",
  moderationSpread: "20",
  requireCrossBorder: true,
  reportIntervalMonths: "3",
};

const app: ApplicationValues = {
  code: "",
  title: "Cold chain",
  summary: "",
  lead: "cn-yunnan",
  coApplicants: ["la-luangnamtha"],
  pillar: "",
  priorityArea: "",
  requested: "300000",
  startDate: "",
  endDate: "",
  phases: [{ name: "Phase 1", startDate: "2027-01-01", endDate: "2027-12-31", budget: "300000", deliverables: "" }],
};

describe("call form rules", () => {
  it("accepts a complete call", () => {
    expect(validateCall(call)).toEqual({});
  });

  it("names each bad rubric cell and a window that closes before it opens", () => {
    const e = validateCall({
      ...call,
      closesAt: "2026-12-01T00:00",
      rubric: [
        { code: "a", name: "A", weight: "1", min: "5", max: "5" },
        { code: "a", name: "", weight: "0", min: "0", max: "10" },
      ],
    });
    expect(e).toEqual({ closesAt: "form.errors.endBeforeStart", "rubric.0.max": "fund.errors.range", "rubric.1.code": "fund.errors.duplicate", "rubric.1.name": "form.errors.required", "rubric.1.weight": "fund.errors.number" });
    expect(validateCall({ ...call, rubric: [] })).toEqual({ rubric: "fund.errors.rubricEmpty" });
  });

  it("maps server paths to fields", () => {
    expect(callFieldOf("rubric.0.max", "range_order")).toBe("rubric.0.max");
    expect(callFieldOf("eligiblePillars.0", "unknown_pillar")).toBe("eligiblePillars");
    expect(callFieldOf("fund.en", "too_small")).toBe("fund");
    expect(callFieldOf(undefined, "unknown_mechanism")).toBe("mechanism");
    expect(callFieldOf("nonsense", "x")).toBe("form");
  });
});

describe("application form rules", () => {
  it("accepts a complete application", () => {
    expect(validateApplication(app)).toEqual({});
  });

  it("checks money, the lead as co-applicant and each phase row", () => {
    const e = validateApplication({ ...app, requested: "1.234", coApplicants: ["cn-yunnan"], phases: [{ name: "", startDate: "2028-01-01", endDate: "2027-01-01", budget: "x", deliverables: "" }] });
    expect(e).toEqual({ requested: "form.errors.money", "coApplicants.0": "form.errors.partnerIsLead", "phases.0.name": "form.errors.required", "phases.0.endDate": "form.errors.endBeforeStart", "phases.0.budget": "form.errors.money" });
  });

  it("maps server paths to fields", () => {
    expect(applicationFieldOf("coApplicants.0", "unknown_actor")).toBe("coApplicants.0");
    expect(applicationFieldOf("phases.1.budget", "too_big")).toBe("phases.1.budget");
    expect(applicationFieldOf("phases", "too_small")).toBe("phases");
    expect(applicationFieldOf("title.en", "too_small")).toBe("title");
    expect(applicationFieldOf(undefined, "unknown_priority_area")).toBe("priorityArea");
    expect(applicationFieldOf("call", "call_closed")).toBe("form");
  });

  it("fills the form from an application being revised, and gives back the same fields", () => {
    const v = applicationValues({
      code: "YN-LN-1",
      title: { en: "Cold chain", zh: "冷链" },
      summary: null,
      parties: [
        { actorCode: "cn-yunnan", role: "lead" },
        { actorCode: "la-luangnamtha", role: "co_applicant" },
      ],
      pillarCode: "connectivity",
      priorityAreaCode: null,
      requested: "300000.00",
      startDate: "2027-01-01",
      endDate: null,
      phases: [{ name: { en: "Phase 1" }, startDate: "2027-01-01", endDate: "2027-12-31", budget: "300000.00", deliverables: ["Warehouse", "Trucks"] }],
    });
    expect(v).toMatchObject({ code: "YN-LN-1", title: "Cold chain", summary: "", lead: "cn-yunnan", coApplicants: ["la-luangnamtha"], pillar: "connectivity", priorityArea: "", endDate: "" });
    expect(v.phases[0]!.deliverables).toBe("Warehouse; Trucks");
    const fields = applicationFields(v);
    expect(fields).toMatchObject({ summary: null, priorityArea: null, endDate: null, coApplicants: ["la-luangnamtha"], phases: [{ name: { en: "Phase 1" }, deliverables: ["Warehouse", "Trucks"] }] });
    expect(Object.keys(dropNulls(fields))).not.toContain("summary");
  });
});
