import { describe, expect, it } from "vitest";
import { gcdfFacts } from "./gcdf";

describe("gcdfFacts", () => {
  it("reads what the importer stores", () => {
    expect(
      gcdfFacts({
        aiddataId: "34188",
        flowType: "Grant",
        flowClass: "ODA-like",
        financeType: "development",
        commitmentYear: 2000,
        amountConstantUsd2017: "23968990.8976866",
        sectorName: "INDUSTRY, MINING, CONSTRUCTION",
        recipientName: "Viet Nam",
        recommendedForAggregates: true,
        umbrella: false,
        linkedIds: ["34187", "85380"],
        vizGeojsonUrl: "https://github.com/aiddata/china-osm-geodata/blob/master/latest/geojsons/34188.geojson",
      }),
    ).toEqual({
      aiddataId: "34188",
      flowType: "Grant",
      flowClass: "ODA-like",
      financeType: "development",
      commitmentYear: 2000,
      amount: "23968990.8976866",
      sectorName: "INDUSTRY, MINING, CONSTRUCTION",
      recipientName: "Viet Nam",
      recommendedForAggregates: true,
      umbrella: false,
      linkedIds: ["34187", "85380"],
      geojsonUrl: "https://github.com/aiddata/china-osm-geodata/blob/master/latest/geojsons/34188.geojson",
    });
  });

  it("ignores what is missing or of the wrong shape, and links only to https", () => {
    expect(gcdfFacts(null)).toBeNull();
    expect(gcdfFacts({ commitmentYear: "2000", linkedIds: ["12", 13, "x"], vizGeojsonUrl: "javascript:alert(1)", flowType: " " })).toMatchObject({
      commitmentYear: null,
      linkedIds: ["12"],
      geojsonUrl: null,
      flowType: null,
      recommendedForAggregates: null,
    });
  });
});
