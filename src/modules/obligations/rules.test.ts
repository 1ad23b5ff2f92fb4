import { describe, expect, it } from "vitest";
import { fulfilmentProblem, isOverdue, overdueKey, planTimers, reminderKey } from "./rules.js";

describe("planTimers", () => {
  const now = new Date("2026-05-01T10:00:00Z");
  it("schedules one reminder per lead time before the due date and the overdue notice the day after", () => {
    const { schedule, cancel } = planTimers("o1", "2026-07-31", [30, 7], now);
    expect(schedule.map((s) => [s.key, s.runAt.toISOString()])).toEqual([
      [reminderKey("o1", 30), "2026-07-01T00:00:00.000Z"],
      [reminderKey("o1", 7), "2026-07-24T00:00:00.000Z"],
      [overdueKey("o1"), "2026-08-01T00:00:00.000Z"],
    ]);
    expect(cancel).toEqual([]);
  });
  it("skips (and cancels) reminders already past", () => {
    const { schedule, cancel } = planTimers("o1", "2026-05-20", [30, 7], now);
    expect(schedule.map((s) => s.key)).toEqual([reminderKey("o1", 7), overdueKey("o1")]);
    expect(cancel).toEqual([reminderKey("o1", 30)]);
  });
  it("treats a reminder exactly now as past", () => {
    const { cancel } = planTimers("o1", "2026-05-08", [7], new Date("2026-05-01T00:00:00Z"));
    expect(cancel).toEqual([reminderKey("o1", 7)]);
  });
  it("ignores duplicate, zero, negative and fractional lead times", () => {
    const { schedule } = planTimers("o1", "2027-01-31", [7, 7, 0, -3, 1.5, 14], now);
    expect(schedule.map((s) => s.days ?? null)).toEqual([14, 7, null]);
  });
  it("always schedules the overdue notice, even for a due date already past", () => {
    const { schedule } = planTimers("o1", "2026-01-01", [30, 7], now);
    expect(schedule).toEqual([{ key: overdueKey("o1"), kind: "obligation.overdue", runAt: new Date("2026-01-02T00:00:00Z") }]);
  });
  it("has no reminders for a mechanism without lead times", () => {
    expect(planTimers("o1", "2026-12-01", [], now).schedule.map((s) => s.kind)).toEqual(["obligation.overdue"]);
  });
});

describe("fulfilmentProblem", () => {
  const due = "2026-06-30";
  const today = "2026-08-01";
  it("accepts fulfilled on or before the due date", () => {
    expect(fulfilmentProblem("fulfilled", "2026-06-30", due, today)).toBeNull();
    expect(fulfilmentProblem("fulfilled", "2026-01-01", due, today)).toBeNull();
  });
  it("refuses fulfilled after the due date (it is late)", () => {
    expect(fulfilmentProblem("fulfilled", "2026-07-01", due, today)).toBe("fulfilled_after_due");
  });
  it("refuses late on or before the due date", () => {
    expect(fulfilmentProblem("late", "2026-06-30", due, today)).toBe("late_not_after_due");
    expect(fulfilmentProblem("late", "2026-07-01", due, today)).toBeNull();
  });
  it("accepts partly and not fulfilled on any past day", () => {
    for (const s of ["partly", "not_fulfilled"] as const) {
      expect(fulfilmentProblem(s, "2026-06-01", due, today)).toBeNull();
      expect(fulfilmentProblem(s, "2026-07-15", due, today)).toBeNull();
    }
  });
  it("refuses any record dated after today", () => {
    for (const s of ["fulfilled", "partly", "late", "not_fulfilled"] as const) expect(fulfilmentProblem(s, "2026-08-02", "2026-09-01", today)).toBe("fulfilment_in_future");
  });
});

describe("isOverdue", () => {
  it("is open and due strictly before today", () => {
    expect(isOverdue(null, "2026-01-01", "2026-01-02")).toBe(true);
    expect(isOverdue(null, "2026-01-02", "2026-01-02")).toBe(false);
    expect(isOverdue("not_fulfilled", "2026-01-01", "2026-01-02")).toBe(false);
  });
});
