import { describe, expect, it } from "vitest";
import { diplomaticTrack, type TrackParticipant } from "./track.js";

const gov = (level: TrackParticipant["level"] = "country"): TrackParticipant => ({ type: "government", level });

describe("diplomatic track of an interaction", () => {
  it("is Track I when only governments and state bodies take part, provinces included", () => {
    expect(diplomaticTrack({ participants: [gov(), gov("central"), { type: "international" }] }).track).toBe("I");
    const r = diplomaticTrack({ participants: [gov("province"), gov("province")] });
    expect(r.track).toBe("I");
    expect(r.basis.local).toBe(2);
  });

  it("is Track II when experts, universities, NGOs or business meet without government", () => {
    expect(diplomaticTrack({ participants: [{ type: "university" }, { type: "research" }, { type: "ngo" }, { type: "enterprise" }] }).track).toBe("II");
  });

  it("is Track III when state and non-state meet, or the meeting is open to the public", () => {
    expect(diplomaticTrack({ participants: [gov("province"), { type: "enterprise" }] }).track).toBe("III");
    expect(diplomaticTrack({ participants: [gov()], openToPublic: true }).track).toBe("III");
    expect(diplomaticTrack({ participants: [], openToPublic: true }).track).toBe("III");
  });

  it("has nothing to derive from without participants", () => {
    expect(diplomaticTrack({ participants: [] })).toMatchObject({ track: null, derived: null });
  });

  it("takes an override with its reason and keeps the derived track beside it", () => {
    const r = diplomaticTrack({ participants: [gov()], override: { track: "II", reason: "  officials attended in a personal capacity " } });
    expect(r).toMatchObject({ track: "II", derived: "I", basis: { override: "officials attended in a personal capacity" } });
    expect(() => diplomaticTrack({ participants: [gov()], override: { track: "II", reason: " " } })).toThrow(/reason/);
  });
});
