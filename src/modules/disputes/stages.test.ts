import { describe, expect, it } from "vitest";
import { DISPUTE_STAGES } from "../../db/schema/mechanisms.js";
import { DISPUTE_STATUSES } from "../../db/schema/disputes.js";
import { addDays, closeBlocked, daysBetween, daysLeft, escalationBlocked, median, mediatorRequired, nextStage, parseStageDays, type CloseOutcome } from "./stages.js";

describe("dispute stage machine", () => {
  it("escalates one stage at a time and stops at arbitration", () => {
    expect(DISPUTE_STAGES.map(nextStage)).toEqual(["joint_committee", "third_party", "arbitration", null]);
  });

  it("needs a mediator from third-party mediation on", () => {
    expect(DISPUTE_STAGES.filter(mediatorRequired)).toEqual(["third_party", "arbitration"]);
  });

  it("lets only an open case below arbitration escalate", () => {
    for (const status of DISPUTE_STATUSES)
      for (const stage of DISPUTE_STAGES) {
        const expected = status !== "open" ? "dispute_closed" : stage === "arbitration" ? "dispute_final_stage" : null;
        expect(escalationBlocked(status, stage), `${status}/${stage}`).toBe(expected);
      }
  });

  it("closes an open case as settled or withdrawn at any stage, by award only at arbitration", () => {
    const outcomes: CloseOutcome[] = ["settled", "withdrawn", "award"];
    for (const status of DISPUTE_STATUSES)
      for (const stage of DISPUTE_STAGES)
        for (const outcome of outcomes) {
          const expected = status !== "open" ? "dispute_closed" : outcome === "award" && stage !== "arbitration" ? "award_only_at_arbitration" : null;
          expect(closeBlocked(status, stage, outcome), `${status}/${stage}/${outcome}`).toBe(expected);
        }
  });
});

describe("dispute clocks", () => {
  const t0 = new Date("2026-03-01T00:00:00Z");
  it("counts whole days left, rounding up, negative once passed", () => {
    expect(daysLeft(addDays(t0, 90), t0)).toBe(90);
    expect(daysLeft(new Date(t0.getTime() + 1000), t0)).toBe(1);
    expect(daysLeft(t0, t0)).toBe(0);
    expect(daysLeft(addDays(t0, -2), t0)).toBe(-2);
  });
  it("measures the time to settle in days to one decimal", () => {
    expect(daysBetween(t0, addDays(t0, 12.25))).toBe(12.3);
    expect(daysBetween(t0, new Date(t0.getTime() + 5000))).toBe(0);
  });
  it("takes the median of odd and even counts, and none of nothing", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });
});

describe("parseStageDays", () => {
  it("reads stage=days pairs, with dashes or underscores", () => {
    expect(parseStageDays("negotiation=30, joint-committee=45,arbitration=200")).toEqual({ negotiation: 30, joint_committee: 45, arbitration: 200 });
  });
  it.each(["", "negotiation", "negotiation=0", "negotiation=3651", "negotiation=1.5", "mediation=10", "negotiation=10,negotiation=20", "negotiation=10=2", "negotiation=-1"])("refuses %j", (text) => {
    expect(parseStageDays(text)).toBeNull();
  });
});
