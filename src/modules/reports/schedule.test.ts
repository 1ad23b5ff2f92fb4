import { describe, expect, it } from "vitest";
import { addMonths, lateReports, reportPeriods } from "./schedule.js";

describe("addMonths", () => {
  it("clamps to the end of shorter months and crosses years", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
  });
});

describe("reportPeriods", () => {
  it("cuts a phase into quarters, the last one short, each due 30 days after it ends", () => {
    expect(reportPeriods("2026-01-01", "2026-08-15", 3)).toEqual([
      { periodStart: "2026-01-01", periodEnd: "2026-03-31", dueDate: "2026-04-30" },
      { periodStart: "2026-04-01", periodEnd: "2026-06-30", dueDate: "2026-07-30" },
      { periodStart: "2026-07-01", periodEnd: "2026-08-15", dueDate: "2026-09-14" },
    ]);
  });
  it("gives one period to a phase shorter than the interval", () => {
    expect(reportPeriods("2026-05-10", "2026-05-20", 6)).toEqual([{ periodStart: "2026-05-10", periodEnd: "2026-05-20", dueDate: "2026-06-19" }]);
  });
});

describe("lateReports", () => {
  const periods = reportPeriods("2026-01-01", "2026-12-31", 3);
  it("flags periods past due with no overlapping report, counting the days", () => {
    const late = lateReports(periods, [{ periodStart: "2026-01-01", periodEnd: "2026-03-31" }], "2026-11-22");
    expect(late.map((p) => [p.periodStart, p.daysLate])).toEqual([
      ["2026-04-01", 115],
      ["2026-07-01", 23],
    ]);
  });
  it("is not late on the due date itself, nor for a report covering two periods", () => {
    expect(lateReports(periods, [], "2026-04-30")).toEqual([]);
    expect(lateReports(periods, [{ periodStart: "2026-01-01", periodEnd: "2026-06-30" }], "2026-08-01")).toEqual([]);
  });
});
