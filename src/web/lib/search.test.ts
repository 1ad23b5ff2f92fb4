import { describe, expect, it } from "vitest";
import { parseProjectSearch } from "./search";

describe("project list search parameters", () => {
  it("keeps valid filters and drops the rest instead of failing", () => {
    expect(parseProjectSearch({ status: "active", country: "la", year: "2024", page: 2, q: "  rice ", pillar: "" })).toEqual({
      q: "rice",
      mechanism: undefined,
      status: "active",
      pillar: undefined,
      area: undefined,
      country: "LA",
      actor: undefined,
      year: 2024,
      sort: undefined,
      page: 2,
    });
    const bad = parseProjectSearch({ status: "exploded", country: "Laos", year: "soon", page: -1 });
    expect([bad.status, bad.country, bad.year, bad.page]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
