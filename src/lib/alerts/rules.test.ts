import { describe, expect, it } from "vitest";
import { ALERT_KINDS, ALERT_THRESHOLDS, compareAlerts, daysBetween, elapsedShare, fundingGapShare, severityOf, slowDisbursement, sortAlerts, withinWindow, type Sortable } from "./rules.js";

describe("elapsedShare", () => {
  it("measures the share of the period that has passed, clamped to 0..1", () => {
    expect(elapsedShare("2026-01-01", "2026-12-31", "2026-01-01")).toBe(0);
    expect(elapsedShare("2026-01-01", "2027-01-01", "2026-07-02")).toBeCloseTo(0.5, 2);
    expect(elapsedShare("2026-01-01", "2026-12-31", "2025-06-01")).toBe(0);
    expect(elapsedShare("2026-01-01", "2026-12-31", "2028-01-01")).toBe(1);
  });
  it("is null without a start, an end, or with an empty or reversed period", () => {
    expect(elapsedShare(null, "2026-12-31", "2026-06-01")).toBeNull();
    expect(elapsedShare("2026-01-01", null, "2026-06-01")).toBeNull();
    expect(elapsedShare("2026-01-01", "2026-01-01", "2026-06-01")).toBeNull();
    expect(elapsedShare("2026-02-01", "2026-01-01", "2026-06-01")).toBeNull();
  });
  it("counts whole days, also from timestamps", () => {
    expect(daysBetween("2026-01-01", "2026-01-31")).toBe(30);
    expect(daysBetween("2026-01-31T23:00:00Z", "2026-01-01")).toBe(-30);
  });
});

describe("slowDisbursement", () => {
  const p = (committed: number, disbursed: number) => ({ start: "2026-01-01", end: "2027-01-01", committed, disbursed });
  it("is silent before half the time has passed, however little was disbursed", () => {
    expect(slowDisbursement(p(100, 0), "2026-06-30")).toBeNull();
  });
  it("alerts once half the time has passed and disbursement trails it by more than 30 points", () => {
    const r = slowDisbursement(p(100, 10), "2026-07-03");
    expect(r).not.toBeNull();
    expect(r!.elapsed).toBeCloseTo(0.5, 2);
    expect(r!.disbursedShare).toBe(0.1);
    expect(r!.lag).toBeCloseTo(0.4, 2);
  });
  it("does not alert at a lag of exactly 30 points, nor below", () => {
    // 2026-10-01 is 273 of 365 days: 74.8 %; 44.8 % disbursed is exactly 30 points behind.
    const elapsed = elapsedShare("2026-01-01", "2027-01-01", "2026-10-01")!;
    expect(slowDisbursement(p(1000, (elapsed - ALERT_THRESHOLDS.slowLag) * 1000), "2026-10-01")).toBeNull();
    expect(slowDisbursement(p(100, 50), "2026-10-01")).toBeNull();
    expect(slowDisbursement(p(100, 44), "2026-10-01")).not.toBeNull();
  });
  it("ignores projects with nothing committed, without dates, and counts refunds as nothing disbursed", () => {
    expect(slowDisbursement(p(0, 0), "2026-12-01")).toBeNull();
    expect(slowDisbursement({ start: null, end: "2027-01-01", committed: 100, disbursed: 0 }, "2026-12-01")).toBeNull();
    expect(slowDisbursement(p(100, -20), "2026-12-01")!.disbursedShare).toBe(0);
  });
  it("treats a project past its end as fully elapsed", () => {
    expect(slowDisbursement(p(100, 60), "2030-01-01")).toMatchObject({ elapsed: 1, disbursedShare: 0.6 });
    expect(slowDisbursement(p(100, 70), "2030-01-01")).toBeNull();
  });
});

describe("fundingGapShare", () => {
  it("reports gaps of at least 20 % of the budget", () => {
    expect(fundingGapShare(100, 80)).toBeCloseTo(0.2);
    expect(fundingGapShare(100, 81)).toBeNull();
    expect(fundingGapShare(100, 0)).toBe(1);
    expect(fundingGapShare(100, 120)).toBeNull();
  });
  it("ignores projects without a budget", () => {
    expect(fundingGapShare(0, 0)).toBeNull();
    expect(fundingGapShare(Number.NaN, 0)).toBeNull();
  });
});

describe("severityOf", () => {
  it("grades every kind at its thresholds", () => {
    const cases: [(typeof ALERT_KINDS)[number], number, string][] = [
      ["late_report", 89, "medium"], ["late_report", 90, "high"],
      ["phase_overdue", 1, "medium"], ["phase_overdue", 90, "high"],
      ["phase_suspended", 0, "high"],
      ["suspension_exposure", 0, "medium"],
      ["slow_disbursement", 0.31, "medium"], ["slow_disbursement", 0.5, "high"],
      ["funding_gap", 0.2, "low"], ["funding_gap", 0.5, "medium"],
      ["obligation_overdue", 29, "medium"], ["obligation_overdue", 30, "high"],
      ["consultation_due", 8, "medium"], ["consultation_due", 7, "high"], ["consultation_due", -3, "high"],
      ["dispute_deadline", 14, "medium"], ["dispute_deadline", 0, "high"],
    ];
    for (const [kind, measure, severity] of cases) expect(severityOf(kind, measure), `${kind} ${measure}`).toBe(severity);
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(ALERT_KINDS));
  });
  it("shows consultation clocks from 30 days and dispute deadlines from 14 days, and past ones always", () => {
    expect(withinWindow("consultation_due", 30)).toBe(true);
    expect(withinWindow("consultation_due", 31)).toBe(false);
    expect(withinWindow("dispute_deadline", 14)).toBe(true);
    expect(withinWindow("dispute_deadline", 15)).toBe(false);
    expect(withinWindow("dispute_deadline", -100)).toBe(true);
  });
});

describe("ordering", () => {
  const a = (over: Partial<Sortable>): Sortable => ({ kind: "late_report", severity: "medium", code: "X", dueAt: null, since: null, ...over });
  it("puts the most severe first, then the earliest date, then kind and code; undated last", () => {
    const list = [
      a({ severity: "low", code: "L", dueAt: "2020-01-01" }),
      a({ code: "NODATE" }),
      a({ code: "B", dueAt: "2026-02-01" }),
      a({ code: "A", since: "2026-01-01" }),
      a({ severity: "high", code: "H", dueAt: "2027-01-01" }),
      a({ kind: "funding_gap", code: "B", dueAt: "2026-02-01" }),
      a({ kind: "late_report", code: "A", dueAt: "2026-02-01" }),
    ];
    expect(sortAlerts(list).map((x) => `${x.severity}:${x.kind}:${x.code}`)).toEqual([
      "high:late_report:H",
      "medium:late_report:A",
      "medium:late_report:A",
      "medium:late_report:B",
      "medium:funding_gap:B",
      "medium:late_report:NODATE",
      "low:late_report:L",
    ]);
    expect(compareAlerts(a({}), a({}))).toBe(0);
  });
  it("does not reorder its input", () => {
    const list = [a({ severity: "low" }), a({ severity: "high" })];
    sortAlerts(list);
    expect(list[0]!.severity).toBe("low");
  });
});
