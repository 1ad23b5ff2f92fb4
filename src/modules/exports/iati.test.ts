import { describe, expect, it } from "vitest";
import type { IatiActivity } from "../../lib/iati/model.js";
import {
  activityDates,
  budgets,
  countryShares,
  identifierPart,
  organisationType,
  overlayActivity,
  publisherFromEnv,
  recipientCountries,
  sectors,
  splitBudget,
  type ProjectData,
} from "./iati.js";

const NOW = new Date("2026-11-22T10:00:00Z");
const TODAY = "2026-11-22";

/** A project as the export reads it, with only what a test sets. */
function data(over: Partial<ProjectData["project"]> = {}, rest: Partial<Omit<ProjectData, "project">> = {}): ProjectData {
  return {
    project: {
      id: "p1",
      code: "P-1",
      mechanismId: "m1",
      pillarId: null,
      priorityAreaId: null,
      title: { en: "Title" },
      description: null,
      sector: null,
      status: "active",
      visibility: "public",
      startDate: "2025-01-01",
      endDate: "2027-12-31",
      budget: null,
      currency: "USD",
      terminatedAt: null,
      terminationReason: null,
      reportIntervalMonths: 3,
      ownerOrgId: "a1",
      createdBy: null,
      externalId: null,
      externalSource: null,
      externalUpdatedAt: null,
      externalHash: null,
      externalDetail: null,
      searchText: "P-1\nTitle",
      countryCodes: [],
      source: null,
      isSample: false,
      version: 1,
      createdAt: new Date("2024-06-01T00:00:00Z"),
      updatedAt: new Date("2025-01-01T00:00:00Z"),
      mechanismCode: "LMC",
      mechanismName: { en: "Lancang-Mekong Cooperation" },
      pillarCode: null,
      pillarName: null,
      areaCode: null,
      areaName: null,
      ...over,
    },
    owner: undefined,
    parties: [],
    phases: [],
    transactions: [],
    countries: [],
    actors: new Map(),
    ...rest,
  };
}

const sum = (xs: { amount: string }[]) => xs.reduce((s, x) => s + Math.round(Number(x.amount) * 100), 0);

describe("splitBudget", () => {
  it("keeps a period of a year or less whole", () => {
    expect(splitBudget("2024-01-01", "2024-12-31", "100.00")).toEqual([{ periodStart: "2024-01-01", periodEnd: "2024-12-31", amount: "100.00" }]);
    expect(splitBudget("2025-05-05", "2025-05-05", "7")).toEqual([{ periodStart: "2025-05-05", periodEnd: "2025-05-05", amount: "7" }]);
  });

  it("cuts a longer one into years, in proportion to days, exact to the cent", () => {
    const parts = splitBudget("2025-01-01", "2026-06-30", "2700000.00");
    expect(parts.map((p) => `${p.periodStart}..${p.periodEnd}`)).toEqual(["2025-01-01..2025-12-31", "2026-01-01..2026-06-30"]);
    expect(parts.map((p) => p.amount)).toEqual(["1804945.05", "895054.95"]);
    const odd = splitBudget("2023-03-15", "2027-03-14", "1000000.01");
    expect(odd).toHaveLength(4);
    expect(sum(odd)).toBe(100000001);
    expect(odd.at(-1)!.periodEnd).toBe("2027-03-14");
  });

  it("handles 29 February and leap years", () => {
    const parts = splitBudget("2024-02-29", "2026-01-01", "10.00");
    expect(parts.map((p) => `${p.periodStart}..${p.periodEnd}`)).toEqual(["2024-02-29..2025-02-28", "2025-03-01..2026-01-01"]);
    expect(sum(parts)).toBe(1000);
  });

  it("splits negative amounts too", () => {
    const parts = splitBudget("2025-01-01", "2026-12-31", "-100.00");
    expect(parts.map((p) => p.amount)).toEqual(["-50.00", "-50.00"]);
  });
});

describe("recipient countries", () => {
  it("shares 100 % among countries without a percentage, to the hundredth", () => {
    expect(countryShares([{ code: "KH", percentage: null }, { code: "LA", percentage: null }, { code: "TH", percentage: null }]).map((c) => c.percentage)).toEqual(["33.33", "33.33", "33.34"]);
    expect(countryShares([{ code: "LA", percentage: "60.0000" }, { code: "TH", percentage: null }])).toEqual([{ code: "LA", percentage: "60" }, { code: "TH", percentage: "40" }]);
    expect(countryShares([{ code: "LA", percentage: "100.0000" }])).toEqual([{ code: "LA" }]);
    expect(countryShares([{ code: "LA", percentage: null }])).toEqual([{ code: "LA" }]);
  });

  it("takes the project's list, else beneficiaries' countries, else those of the parties other than funders", () => {
    const actor = (id: string, countryCode: string | null) => ({ id, code: id, name: { en: id }, type: "government" as const, level: null, countryCode, externalRef: null });
    const parties = [
      { actor: actor("cn", "CN"), role: "funder" as const },
      { actor: actor("th", "TH"), role: "lead" as const },
      { actor: actor("la", "LA"), role: "partner" as const },
    ];
    expect(recipientCountries({ countries: [{ countryCode: "vn", percentage: null }], parties })).toEqual([{ code: "VN" }]);
    expect(recipientCountries({ countries: [], parties }).map((c) => c.code)).toEqual(["LA", "TH"]);
    expect(recipientCountries({ countries: [], parties: [...parties, { actor: actor("kh", "KH"), role: "beneficiary" }] })).toEqual([{ code: "KH" }]);
    expect(recipientCountries({ countries: [], parties: [parties[0]!] })).toEqual([{ code: "CN" }]);
  });
});

describe("activity dates", () => {
  it("makes a passed start actual once the project has started, and a future one planned", () => {
    expect(activityDates(data({ status: "active", startDate: "2025-01-01", endDate: "2027-12-31" }), TODAY)).toEqual([
      { type: "2", isoDate: "2025-01-01" },
      { type: "3", isoDate: "2027-12-31" },
    ]);
    expect(activityDates(data({ status: "active", startDate: "2027-01-01", endDate: "2027-12-31" }), TODAY)).toEqual([
      { type: "1", isoDate: "2027-01-01" },
      { type: "3", isoDate: "2027-12-31" },
    ]);
    expect(activityDates(data({ status: "approved", startDate: "2025-01-01" , endDate: null }), TODAY)).toEqual([{ type: "1", isoDate: "2025-01-01" }]);
  });

  it("ends a completed project actually, a terminated one the day it was stopped", () => {
    expect(activityDates(data({ status: "completed", startDate: "2022-09-01", endDate: "2024-08-31" }), TODAY)).toEqual([
      { type: "2", isoDate: "2022-09-01" },
      { type: "4", isoDate: "2024-08-31" },
    ]);
    expect(activityDates(data({ status: "terminated", startDate: "2024-01-01", endDate: "2027-12-31", terminatedAt: new Date("2025-06-30T12:00:00Z") }), TODAY)).toEqual([
      { type: "2", isoDate: "2024-01-01" },
      { type: "4", isoDate: "2025-06-30" },
      { type: "3", isoDate: "2027-12-31" },
    ]);
  });

  it("finds a start for a project without one: first phase, first transaction, or the day it was proposed", () => {
    const phase = { projectId: "p1", seq: 1, status: "planned" as const, startDate: "2026-02-01", endDate: null, budget: null, updatedAt: NOW };
    expect(activityDates(data({ status: "proposed", startDate: null, endDate: null }, { phases: [phase] }), TODAY)).toEqual([{ type: "1", isoDate: "2026-02-01" }]);
    expect(activityDates(data({ status: "proposed", startDate: null, endDate: null }), TODAY)).toEqual([{ type: "1", isoDate: "2024-06-01" }]);
  });
});

describe("budgets, sectors, identifiers, organisation types", () => {
  it("budgets phases, skipping cancelled ones, and falls back to the project's budget", () => {
    const ph = (seq: number, status: "planned" | "active" | "cancelled", s: string, e: string, b: string) => ({ projectId: "p1", seq, status, startDate: s, endDate: e, budget: b, updatedAt: NOW });
    const list = budgets(data({}, { phases: [ph(1, "active", "2025-01-01", "2025-12-31", "10.00"), ph(2, "cancelled", "2026-01-01", "2026-12-31", "5.00"), ph(3, "planned", "2027-01-01", "2027-06-30", "3.00")] }));
    expect(list.map((b) => `${b.status} ${b.periodStart} ${b.value.amount}`)).toEqual(["2 2025-01-01 10.00", "1 2027-01-01 3.00"]);
    expect(budgets(data({ budget: "500.00", status: "proposed", startDate: "2025-01-01", endDate: "2025-06-30" })).map((b) => `${b.status} ${b.value.amount}`)).toEqual(["1 500.00"]);
    expect(budgets(data({ budget: null }))).toEqual([]);
  });

  it("classifies by DAC code and by the mechanism's own priority area", () => {
    expect(sectors({ sector: "21010", areaCode: "connectivity", areaName: { en: "Connectivity", zh: "互联互通" }, pillarCode: null, pillarName: null })).toEqual([
      { code: "21010", vocabulary: "1" },
      { code: "connectivity", vocabulary: "99", narratives: [{ text: "Connectivity" }, { lang: "zh", text: "互联互通" }] },
    ]);
    expect(sectors({ sector: "230", areaCode: null, areaName: null, pillarCode: null, pillarName: null })).toEqual([{ code: "230", vocabulary: "2" }]);
    expect(sectors({ sector: "energy", areaCode: null, areaName: null, pillarCode: null, pillarName: null })).toEqual([]);
  });

  it("keeps identifiers free of the characters IATI forbids, and maps actor types", () => {
    expect(identifierPart(" A/B & C|D?E ")).toBe("A-B-C-D-E");
    expect(organisationType("government", "country")).toBe("10");
    expect(organisationType("government", "province")).toBe("11");
    expect(organisationType("university", null)).toBe("80");
    expect(organisationType("international", null)).toBe("40");
    expect(publisherFromEnv({})).toEqual({ ref: "XE-EXAMPLE-CONCORD", type: "40", name: undefined });
    expect(publisherFromEnv({ CONCORD_IATI_PUBLISHER: " XM-DAC-99 ", CONCORD_IATI_PUBLISHER_NAME: "LMC Secretariat" })).toEqual({ ref: "XM-DAC-99", type: "40", name: "LMC Secretariat" });
  });
});

describe("overlay of an imported activity", () => {
  const stored: IatiActivity = {
    identifier: "NL-1-X",
    lang: "nl",
    lastUpdated: "2018-06-22T10:22:07",
    reportingOrg: { ref: "NL-1", type: "10", narratives: [{ text: "BuZa" }] },
    titles: [{ text: "Water voor Mekong" }],
    descriptions: [],
    participatingOrgs: [],
    otherIdentifiers: [],
    status: "3",
    dates: [{ type: "1", isoDate: "2017-01-01" }, { type: "3", isoDate: "2019-12-31" }],
    recipientCountries: [],
    recipientRegions: [],
    locations: [],
    sectors: [],
    policyMarkers: [],
    defaultAidTypes: [],
    budgets: [],
    plannedDisbursements: [],
    transactions: [],
    documentLinks: [],
    relatedActivities: [],
    results: [],
    codeNames: { "Sector:1": "x" },
  };
  // What the importer made of it: the Dutch title as the English one, status 3 as active, planned dates.
  const imported = data({ externalSource: "iati", title: { en: "Water voor Mekong" }, status: "active", startDate: "2017-01-01", endDate: "2019-12-31", updatedAt: new Date("2026-01-01T00:00:00Z") });

  it("changes nothing when nothing changed in Concord (finalisation stays finalisation)", () => {
    const { codeNames, ...rest } = stored;
    void codeNames;
    expect(overlayActivity(stored, imported, NOW)).toEqual(rest);
  });

  it("adds an English title beside the publisher's, takes Concord's status and dates, and appends recorded transactions", () => {
    const tx = { id: "t1", projectId: "p1", phaseId: null, type: "disbursement" as const, instrument: "grant" as const, value: "10.00", currency: "EUR", valueDate: "2026-02-01", providerActorId: null, receiverActorId: null, description: null, createdBy: "u1", createdAt: new Date("2026-02-02T00:00:00Z") };
    const importedTx = { ...tx, id: "t0", createdBy: null, value: "99.00" };
    const d = { ...imported, project: { ...imported.project, title: { en: "Water for the Mekong" }, status: "suspended" as const, endDate: "2020-06-30" }, transactions: [importedTx, tx] };
    const a = overlayActivity(stored, d, NOW);
    expect(a.titles).toEqual([{ text: "Water voor Mekong" }, { lang: "en", text: "Water for the Mekong" }]);
    expect(a.status).toBe("6");
    expect(a.dates).toEqual([{ type: "1", isoDate: "2017-01-01" }, { type: "3", isoDate: "2020-06-30" }]);
    // Only the transaction recorded in Concord is appended: the imported one is already in the activity.
    expect(a.transactions).toEqual([{ type: "3", date: "2026-02-01", value: { amount: "10.00", currency: "EUR", valueDate: "2026-02-01" }, description: [], sectors: [], aidTypes: [], financeType: "110" }]);
    expect(a.lastUpdated).toBe("2026-02-02T00:00:00.000Z");
    expect(a.codeNames).toBeUndefined();
  });
});
