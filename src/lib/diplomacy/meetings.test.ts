import { describe, expect, it } from "vitest";
import { MEETING_KINDS, isMeetingKind, meetingTrack } from "./meetings.js";
import { EVENT_KINDS } from "../../db/schema/events.js";

describe("track of a meeting", () => {
  it("is null for events that are not meetings, whoever is named", () => {
    for (const kind of ["declaration", "plan", "agreement", "establishment", "initiative", "water_event", "other"]) {
      expect(isMeetingKind(kind)).toBe(false);
      expect(meetingTrack({ kind, participants: [{ type: "government", level: "country" }, { type: "ngo" }] })).toBeNull();
    }
  });

  it("names only real event kinds", () => {
    for (const k of MEETING_KINDS) expect(EVENT_KINDS).toContain(k);
  });

  it("derives from participants for meetings", () => {
    expect(meetingTrack({ kind: "local_consultation", participants: [{ type: "government", level: "province" }, { type: "government", level: "province" }] })?.track).toBe("I");
    expect(meetingTrack({ kind: "expert_dialogue", participants: [{ type: "university" }, { type: "research" }] })?.track).toBe("II");
    expect(meetingTrack({ kind: "local_consultation", participants: [{ type: "government", level: "province" }, { type: "ngo" }] })?.track).toBe("III");
  });

  it("treats a public forum as open to the public, even with no participants named", () => {
    const r = meetingTrack({ kind: "public_forum", participants: [] });
    expect(r).toMatchObject({ track: "III", derived: "III", basis: { openToPublic: true } });
  });

  it("keeps a meeting without participants trackless until someone is named", () => {
    expect(meetingTrack({ kind: "forum", participants: [] })).toMatchObject({ track: null, derived: null });
  });

  it("applies an override and keeps the derived track", () => {
    expect(meetingTrack({ kind: "forum", participants: [{ type: "government", level: "country" }], override: { track: "III", reason: "opened to the press" } })).toMatchObject({ track: "III", derived: "I" });
  });
});
