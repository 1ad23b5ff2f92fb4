import { describe, expect, it } from "vitest";
import { symbiosisRoles } from "./symbiosis-roles.js";

describe("symbiosisRoles", () => {
  it("names who gains, who is held back, and who gains more", () => {
    expect(symbiosisRoles("commensalism", 0.4, 0)).toEqual({ gains: "a" });
    expect(symbiosisRoles("commensalism", 0, 0.4)).toEqual({ gains: "b" });
    expect(symbiosisRoles("amensalism", -0.4, 0)).toEqual({ loses: "a" });
    expect(symbiosisRoles("amensalism", 0, -0.4)).toEqual({ loses: "b" });
    expect(symbiosisRoles("parasitism", 0.5, -0.2)).toEqual({ gains: "a", loses: "b" });
    expect(symbiosisRoles("parasitism", -0.5, 0.2)).toEqual({ gains: "b", loses: "a" });
    expect(symbiosisRoles("asymmetric-mutualism", 0.9, 0.1)).toEqual({ more: "a" });
    expect(symbiosisRoles("asymmetric-mutualism", 0.1, 0.9)).toEqual({ more: "b" });
  });
  it("has no roles for the symmetric modes", () => {
    for (const mode of ["independent", "competition", "symmetric-mutualism"]) expect(symbiosisRoles(mode, 0.3, 0.3)).toEqual({});
  });
});
