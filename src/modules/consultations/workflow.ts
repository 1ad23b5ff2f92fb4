import type { ConsultationEntryKind, ConsultationOutcome, ConsultationStatus } from "../../db/schema/consultations.js";

/**
 * Prior notification and consultation as data, after the Mekong River Commission's procedure:
 * the proposing country notifies, the secretariat checks the notification is complete and
 * forwards it, every affected party acknowledges receipt (the last receipt starts the clock),
 * the parties consult until the period ends or they jointly extend it, and an outcome closes it.
 */
export const CONSULTATION_ACTIONS = ["check_complete", "check_incomplete", "resubmit", "receive", "record", "extend", "close", "withdraw"] as const;
export type ConsultationAction = (typeof CONSULTATION_ACTIONS)[number];

/**
 * Who the caller is to this consultation. `staff`: admin or secretariat; `proposer`: an officer
 * of the notifying country; `party`: an officer of an affected country.
 */
export const CONSULTATION_CAPACITIES = ["staff", "proposer", "party"] as const;
export type Capacity = (typeof CONSULTATION_CAPACITIES)[number];

type Rule = { from: readonly ConsultationStatus[]; to: ConsultationStatus; by: readonly Capacity[] };

const OPEN: readonly ConsultationStatus[] = ["submitted", "returned", "forwarded", "in_consultation"];

const RULES: Record<ConsultationAction, Rule> = {
  // Completeness is the secretariat's judgement; the proposer answers a return by resubmitting.
  check_complete: { from: ["submitted"], to: "forwarded", by: ["staff"] },
  check_incomplete: { from: ["submitted"], to: "returned", by: ["staff"] },
  resubmit: { from: ["returned"], to: "submitted", by: ["proposer", "staff"] },
  // A receipt keeps the status until the last party's; the verb then starts the clock.
  receive: { from: ["forwarded"], to: "forwarded", by: ["party", "staff"] },
  record: { from: ["in_consultation"], to: "in_consultation", by: ["staff", "proposer", "party"] },
  // Extending takes a joint decision of every party; the secretariat records it.
  extend: { from: ["in_consultation"], to: "in_consultation", by: ["staff"] },
  close: { from: ["in_consultation"], to: "closed", by: ["staff"] },
  // The proposer may drop its own project at any point before an outcome.
  withdraw: { from: OPEN, to: "closed", by: ["staff", "proposer"] },
};

export type ConsultationTransition = { ok: true; to: ConsultationStatus } | { ok: false; code: "forbidden" | "invalid_transition" };

export function consultationTransition(status: ConsultationStatus, action: ConsultationAction, as: readonly Capacity[]): ConsultationTransition {
  const rule = RULES[action];
  if (!as.some((c) => rule.by.includes(c))) return { ok: false, code: "forbidden" };
  if (!rule.from.includes(status)) return { ok: false, code: "invalid_transition" };
  return { ok: true, to: rule.to };
}

/** The close action an outcome takes: withdrawing is open to the proposer too. */
export const closeAction = (outcome: ConsultationOutcome): ConsultationAction => (outcome === "withdrawn" ? "withdraw" : "close");

/** What each capacity may put on the record while consulting. */
export const RECORDABLE_KINDS = ["reply", "technical_review", "meeting", "note"] as const;
export type RecordableKind = (typeof RECORDABLE_KINDS)[number] & ConsultationEntryKind;

const RECORD_BY: Record<RecordableKind, readonly Capacity[]> = {
  // A reply is an affected party's answer to the notification; staff may enter one on its behalf.
  reply: ["party", "staff"],
  technical_review: ["staff", "party"],
  meeting: ["staff", "proposer", "party"],
  note: ["staff", "proposer", "party"],
};

export const mayRecord = (kind: RecordableKind, as: readonly Capacity[]) => as.some((c) => RECORD_BY[kind].includes(c));

const DAY = 86_400_000;

/**
 * Adds calendar months in UTC, keeping the time of day. A day that the target month lacks
 * falls on its last day (31 January + 1 month = 28 or 29 February), as a period "of one
 * month" ends in the last days of a short month rather than spilling into the next.
 */
export function addMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  return target;
}

/** When the "due soon" reminder fires before the end of the period. */
export const DUE_SOON_DAYS = 30;
export const dueSoonAt = (dueAt: Date) => new Date(dueAt.getTime() - DUE_SOON_DAYS * DAY);

export type Clock = { startedAt: Date; dueAt: Date; totalDays: number; elapsedDays: number; remainingDays: number; overdue: boolean };

/**
 * A running (or stopped) clock read at `now`: whole days elapsed since the start, days left
 * until the due moment rounded up (a period ending later today still has one day), never below
 * zero.
 */
export function readClock(startedAt: Date, dueAt: Date, now: Date): Clock {
  const at = now.getTime();
  const totalDays = Math.round((dueAt.getTime() - startedAt.getTime()) / DAY);
  const elapsedDays = Math.max(0, Math.floor((at - startedAt.getTime()) / DAY));
  const remainingDays = Math.max(0, Math.ceil((dueAt.getTime() - at) / DAY));
  return { startedAt, dueAt, totalDays, elapsedDays, remainingDays, overdue: at > dueAt.getTime() };
}

export const MILESTONES = ["completeness_check", "resubmission", "receipt", "due", "outcome", "none"] as const;
export type MilestoneKind = (typeof MILESTONES)[number];
export type Milestone = { kind: MilestoneKind; waitingFor: string[]; at: Date | null };

/**
 * What a consultation waits for next, for the secretariat's board of clocks. `parties` are the
 * affected parties' codes with their receipt; `proposer` the notifying country's code.
 */
export function nextMilestone(c: { status: ConsultationStatus; proposer: string; parties: { code: string; receivedAt: Date | null }[]; dueAt: Date | null }, now: Date): Milestone {
  switch (c.status) {
    case "submitted":
      return { kind: "completeness_check", waitingFor: ["secretariat"], at: null };
    case "returned":
      return { kind: "resubmission", waitingFor: [c.proposer], at: null };
    case "forwarded":
      return { kind: "receipt", waitingFor: c.parties.filter((p) => !p.receivedAt).map((p) => p.code), at: null };
    case "in_consultation":
      // Past the due date the period is over and only the outcome is missing.
      if (c.dueAt && now.getTime() > c.dueAt.getTime()) return { kind: "outcome", waitingFor: ["secretariat"], at: c.dueAt };
      return { kind: "due", waitingFor: [c.proposer, ...c.parties.map((p) => p.code)], at: c.dueAt };
    case "closed":
      return { kind: "none", waitingFor: [], at: null };
  }
}
