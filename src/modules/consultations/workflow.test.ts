import { describe, expect, it } from "vitest";
import { CONSULTATION_STATUSES, type ConsultationStatus } from "../../db/schema/consultations.js";
import {
  addMonths,
  closeAction,
  CONSULTATION_ACTIONS,
  CONSULTATION_CAPACITIES,
  consultationTransition,
  dueSoonAt,
  mayRecord,
  nextMilestone,
  readClock,
  RECORDABLE_KINDS,
  type Capacity,
  type ConsultationAction,
} from "./workflow.js";

/** The expected table, written out by hand so the test does not restate the code. */
const ALLOWED: Record<string, ConsultationStatus> = {
  "submitted/check_complete": "forwarded",
  "submitted/check_incomplete": "returned",
  "returned/resubmit": "submitted",
  "forwarded/receive": "forwarded",
  "in_consultation/record": "in_consultation",
  "in_consultation/extend": "in_consultation",
  "in_consultation/close": "closed",
  "submitted/withdraw": "closed",
  "returned/withdraw": "closed",
  "forwarded/withdraw": "closed",
  "in_consultation/withdraw": "closed",
};
const WHO: Record<ConsultationAction, Capacity[]> = {
  check_complete: ["staff"],
  check_incomplete: ["staff"],
  resubmit: ["proposer", "staff"],
  receive: ["party", "staff"],
  record: ["staff", "proposer", "party"],
  extend: ["staff"],
  close: ["staff"],
  withdraw: ["staff", "proposer"],
};

/** Every subset of capacities: a user may be none of them, or (staff of a party's country) several. */
const SUBSETS: Capacity[][] = [[], ["staff"], ["proposer"], ["party"], ["staff", "proposer"], ["staff", "party"], ["proposer", "party"], ["staff", "proposer", "party"]];

describe("consultation workflow", () => {
  const cases = CONSULTATION_STATUSES.flatMap((s) => CONSULTATION_ACTIONS.flatMap((a) => SUBSETS.map((as) => [s, a, as] as const)));

  it.each(cases)("%s + %s as %j", (status, action, as) => {
    const got = consultationTransition(status, action, as);
    if (!as.some((c) => WHO[action].includes(c))) return expect(got).toEqual({ ok: false, code: "forbidden" });
    const to = ALLOWED[`${status}/${action}`];
    expect(got).toEqual(to ? { ok: true, to } : { ok: false, code: "invalid_transition" });
  });

  it("covers every (status, action, capacities) combination", () => {
    expect(cases).toHaveLength(CONSULTATION_STATUSES.length * CONSULTATION_ACTIONS.length * 2 ** CONSULTATION_CAPACITIES.length);
  });

  it("withdrawing is the only close open to the proposer", () => {
    expect(closeAction("withdrawn")).toBe("withdraw");
    for (const o of ["agreed", "agreed_with_conditions", "no_consensus"] as const) expect(closeAction(o)).toBe("close");
  });

  it.each([
    ["reply", ["party"], true],
    ["reply", ["staff"], true],
    ["reply", ["proposer"], false],
    ["technical_review", ["staff"], true],
    ["technical_review", ["party"], true],
    ["technical_review", ["proposer"], false],
    ["meeting", ["proposer"], true],
    ["note", ["proposer"], true],
    ["note", [], false],
  ] as const)("%s may be recorded by %j: %s", (kind, as, expected) => {
    expect(mayRecord(kind, as)).toBe(expected);
  });

  it("every recordable kind is open to staff", () => {
    for (const k of RECORDABLE_KINDS) expect(mayRecord(k, ["staff"])).toBe(true);
  });
});

const d = (s: string) => new Date(s);

describe("clock arithmetic", () => {
  it.each([
    ["2026-01-15T09:30:00Z", 6, "2026-07-15T09:30:00.000Z"],
    ["2026-08-31T00:00:00Z", 6, "2027-02-28T00:00:00.000Z"],
    ["2027-08-31T00:00:00Z", 6, "2028-02-29T00:00:00.000Z"],
    ["2026-01-31T12:00:00Z", 1, "2026-02-28T12:00:00.000Z"],
    ["2026-03-31T00:00:00Z", 1, "2026-04-30T00:00:00.000Z"],
    ["2026-10-31T23:59:59Z", 3, "2027-01-31T23:59:59.000Z"],
    ["2026-12-15T00:00:00Z", 12, "2027-12-15T00:00:00.000Z"],
    ["2026-11-30T00:00:00Z", 14, "2028-01-30T00:00:00.000Z"],
    ["2026-05-31T00:00:00Z", 0, "2026-05-31T00:00:00.000Z"],
  ])("%s + %i months = %s", (from, months, expected) => {
    expect(addMonths(d(from), months).toISOString()).toBe(expected);
  });

  it("a month-end clamp does not carry into later additions", () => {
    const feb = addMonths(d("2026-01-31T00:00:00Z"), 1);
    expect(addMonths(feb, 1).toISOString()).toBe("2026-03-28T00:00:00.000Z");
    expect(addMonths(d("2026-01-31T00:00:00Z"), 2).toISOString()).toBe("2026-03-31T00:00:00.000Z");
  });

  it("the due-soon reminder is thirty days before the due date", () => {
    expect(dueSoonAt(d("2026-07-15T09:30:00Z")).toISOString()).toBe("2026-06-15T09:30:00.000Z");
  });

  it("reads elapsed and remaining days", () => {
    const start = d("2026-01-15T00:00:00Z");
    const due = d("2026-07-15T00:00:00Z");
    expect(readClock(start, due, start)).toMatchObject({ totalDays: 181, elapsedDays: 0, remainingDays: 181, overdue: false });
    expect(readClock(start, due, d("2026-03-01T12:00:00Z"))).toMatchObject({ elapsedDays: 45, remainingDays: 136, overdue: false });
    // Later on the last day, one (partial) day is left.
    expect(readClock(start, due, d("2026-07-14T18:00:00Z"))).toMatchObject({ remainingDays: 1, overdue: false });
    expect(readClock(start, due, due)).toMatchObject({ elapsedDays: 181, remainingDays: 0, overdue: false });
    expect(readClock(start, due, d("2026-07-20T00:00:00Z"))).toMatchObject({ elapsedDays: 186, remainingDays: 0, overdue: true });
  });
});

describe("next milestone", () => {
  const base = { proposer: "th", parties: [{ code: "la", receivedAt: d("2026-01-02T00:00:00Z") }, { code: "kh", receivedAt: null }, { code: "vn", receivedAt: null }], dueAt: null };
  const now = d("2026-02-01T00:00:00Z");

  it("names who each step waits for", () => {
    expect(nextMilestone({ ...base, status: "submitted" }, now)).toEqual({ kind: "completeness_check", waitingFor: ["secretariat"], at: null });
    expect(nextMilestone({ ...base, status: "returned" }, now)).toEqual({ kind: "resubmission", waitingFor: ["th"], at: null });
    expect(nextMilestone({ ...base, status: "forwarded" }, now)).toEqual({ kind: "receipt", waitingFor: ["kh", "vn"], at: null });
    expect(nextMilestone({ ...base, status: "closed" }, now)).toEqual({ kind: "none", waitingFor: [], at: null });
  });

  it("a running clock waits for its due date, then for the outcome", () => {
    const dueAt = d("2026-07-01T00:00:00Z");
    expect(nextMilestone({ ...base, status: "in_consultation", dueAt }, now)).toEqual({ kind: "due", waitingFor: ["th", "la", "kh", "vn"], at: dueAt });
    expect(nextMilestone({ ...base, status: "in_consultation", dueAt }, d("2026-07-02T00:00:00Z"))).toEqual({ kind: "outcome", waitingFor: ["secretariat"], at: dueAt });
  });
});
