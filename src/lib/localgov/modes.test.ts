import { describe, expect, it } from "vitest";
import { events } from "../../db/seed/reference/events.js";
import { agreementModes, COOPERATION_MODES, eventModes, MODE_SOURCES, projectModes, tallyModes, type ProjectFacts } from "./modes.js";
import { sumDecimals } from "./money.js";

const project = (p: Partial<ProjectFacts>): ProjectFacts => ({ sector: null, priorityArea: null, pillar: null, partyLevels: [], ownRoles: [], ...p });
const refEvent = (code: string) => {
  const e = events.find((x) => x.code === code);
  if (!e) throw new Error(`no reference event ${code}`);
  return eventModes({ kind: e.kind, title: e.title });
};

describe("projectModes", () => {
  it("reads a border zone off a zone among the parties, and connectivity off the sector and area", () => {
    // SAMPLE-MBZ-LOGISTICS: Mohan and Boten are parties, transport & storage sector, Yunnan leads
    expect(projectModes(project({ sector: "21010", priorityArea: "connectivity", pillar: "economic-sustainable", partyLevels: ["province", "province", null, null, "zone", "zone"], ownRoles: ["lead", "beneficiary"] })))
      .toEqual(["border_zone", "connectivity"]);
  });

  it("marks trade by its DAC code and financing when the local government funds", () => {
    expect(projectModes(project({ sector: "33120", partyLevels: ["zone", "zone", "province"], ownRoles: ["lead", "funder"] }))).toEqual(["border_zone", "trade_expo", "financing"]);
  });

  it("uses the LMC pillar and priority areas where the sector says nothing", () => {
    expect(projectModes(project({ pillar: "social-cultural" }))).toEqual(["people_to_people"]);
    expect(projectModes(project({ priorityArea: "production-capacity" }))).toEqual(["industrial_park"]);
    expect(projectModes(project({ priorityArea: "cross-border-economic" }))).toEqual(["industrial_park"]);
    expect(projectModes(project({ sector: "31161", priorityArea: "agriculture-poverty" }))).toEqual(["agriculture_poverty"]);
    expect(projectModes(project({ sector: "14010" }))).toEqual(["water_environment"]);
    expect(projectModes(project({ sector: "15210" }))).toEqual(["security"]);
    expect(projectModes(project({ sector: "11330" }))).toEqual(["people_to_people"]);
    expect(projectModes(project({ sector: "33210" }))).toEqual(["people_to_people"]);
  });

  it("gives no mode to a project with nothing to go on", () => {
    expect(projectModes(project({ sector: "99810", partyLevels: ["province"], ownRoles: ["partner"] }))).toEqual([]);
  });
});

describe("eventModes on the reference timeline", () => {
  it("finds governors' forums, plans and meetings by kind", () => {
    expect(refEvent("GMS-2018-GOVERNORS")).toContain("governors_forum");
    expect(refEvent("CN-2019-YUNNAN-FTZ")).toContain("policy_plan");
    expect(refEvent("CN-2019-YUNNAN-FTZ")).toContain("trade_expo");
    expect(refEvent("LMC-FMM-3")).toContain("mechanism_meetings");
  });

  it("reads the topic of a forum off its title", () => {
    expect(refEvent("LMC-2016-TOURISM-FORUM")).toEqual(["people_to_people", "mechanism_meetings"]);
    expect(refEvent("LMC-2018-WATER-FORUM")).toContain("water_environment");
    expect(refEvent("LMC-2019-WEEK-GUANGXI")).toContain("agriculture_poverty");
    expect(refEvent("LMC-2019-GUANLE-EXCHANGE")).toEqual(expect.arrayContaining(["border_zone", "trade_expo", "people_to_people"]));
    expect(refEvent("CN-2014-OVERSEAS-JIANGSU")).toEqual(["industrial_park", "policy_plan"]);
  });

  it("reads Chinese titles too, and water events as water", () => {
    expect(eventModes({ kind: "other", title: { zh: "中老边境经济合作区招商会" } })).toEqual(["border_zone", "industrial_park"]);
    expect(eventModes({ kind: "water_event", title: { en: "Flood data exchanged" } })).toEqual(["people_to_people", "water_environment"]);
    expect(eventModes({ kind: "other", title: { en: "Reception" } })).toEqual([]);
  });
});

describe("tallyModes", () => {
  it("counts each record once per mode, by source, in the canonical order", () => {
    const t = tallyModes([
      { source: "project", modes: ["connectivity", "border_zone"] },
      { source: "project", modes: ["border_zone", "border_zone"] },
      { source: "event", modes: ["governors_forum", "border_zone"] },
      { source: "agreement", modes: agreementModes() },
    ]);
    expect(t).toEqual([
      { mode: "border_zone", projects: 2, events: 1, agreements: 0, total: 3 },
      { mode: "connectivity", projects: 1, events: 0, agreements: 0, total: 1 },
      { mode: "governors_forum", projects: 0, events: 1, agreements: 0, total: 1 },
      { mode: "agreements", projects: 0, events: 0, agreements: 1, total: 1 },
    ]);
    expect(tallyModes([])).toEqual([]);
  });

  it("cites a seed for every mode", () => {
    for (const m of COOPERATION_MODES) expect(MODE_SOURCES[m]).toMatch(/^seed 00\d/);
  });
});

describe("sumDecimals", () => {
  it("adds money exactly to the cent", () => {
    expect(sumDecimals(["0.10", "0.20", null, "4800000.00", "1", "2.5"])).toBe("4800003.80");
    expect(sumDecimals([])).toBe("0.00");
    expect(sumDecimals(["-1.25", "1"])).toBe("-0.25");
  });
});
