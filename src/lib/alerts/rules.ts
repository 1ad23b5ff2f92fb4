/**
 * Secretariat alerts: the pure parts — which kinds exist, the thresholds that raise them, how
 * severe each one is, and the order they are shown in. The data is read elsewhere
 * (src/modules/alerts); everything here is a function of plain values so it can be tested
 * exhaustively.
 */

export const ALERT_KINDS = [
  "late_report",
  "phase_overdue",
  "phase_suspended",
  "suspension_exposure",
  "slow_disbursement",
  "funding_gap",
  "obligation_overdue",
  "consultation_due",
  "dispute_deadline",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ["high", "medium", "low"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Every threshold in one place, so the secretariat can read (and argue with) the rules. */
export const ALERT_THRESHOLDS = {
  /** A report this many days late, or a phase this many days past its end, is high severity. */
  lateHighDays: 90,
  /** Slow disbursement is judged only once this share of the project's time has passed… */
  slowMinElapsed: 0.5,
  /** …and only when the disbursed share trails the elapsed share by more than this. */
  slowLag: 0.3,
  /** A lag this large is high severity. */
  slowHighLag: 0.5,
  /** A funding gap (budget − committed) below this share of the budget is not worth an alert. */
  gapMinShare: 0.2,
  /** From this share of the budget a funding gap is medium severity, below it low. */
  gapMediumShare: 0.5,
  /** An obligation overdue for this many days is high severity. */
  obligationHighDays: 30,
  /** Consultation clocks are shown from this many days before they run out. */
  consultationDays: 30,
  /** Dispute stage deadlines are shown from this many days before they pass. */
  disputeDays: 14,
  /** A consultation clock or a dispute deadline this close (or already past) is high severity. */
  imminentDays: 7,
} as const;

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (ISO dates); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / DAY_MS);
}

/** The share of [start, end] that has passed on `today`, clamped to 0..1; null without a usable period. */
export function elapsedShare(start: string | null, end: string | null, today: string): number | null {
  if (!start || !end) return null;
  const total = daysBetween(start, end);
  if (total <= 0) return null;
  return Math.min(1, Math.max(0, daysBetween(start, today) / total));
}

export type SlowDisbursement = { elapsed: number; disbursedShare: number; lag: number };

/**
 * Disbursement far behind time: at least `slowMinElapsed` of the period has passed and
 * disbursed ÷ committed is more than `slowLag` below the elapsed share. Nothing committed means
 * nothing to disburse yet (that is a funding gap, not slow disbursement).
 */
export function slowDisbursement(p: { start: string | null; end: string | null; committed: number; disbursed: number }, today: string): SlowDisbursement | null {
  const elapsed = elapsedShare(p.start, p.end, today);
  if (elapsed === null || elapsed < ALERT_THRESHOLDS.slowMinElapsed || p.committed <= 0) return null;
  const disbursedShare = Math.max(0, p.disbursed) / p.committed;
  const lag = elapsed - disbursedShare;
  // Compared in whole percentage points so a lag of exactly 30 points is not an alert by a rounding error.
  if (Math.round(lag * 1000) <= Math.round(ALERT_THRESHOLDS.slowLag * 1000)) return null;
  return { elapsed, disbursedShare, lag };
}

/** The gap's share of the budget when it is large enough to alert on, else null. */
export function fundingGapShare(budget: number, committed: number): number | null {
  if (!(budget > 0)) return null;
  const share = (budget - committed) / budget;
  return share >= ALERT_THRESHOLDS.gapMinShare ? share : null;
}

/** How severe an alert is, from the one number that measures it (days late, days left, shares). */
export function severityOf(kind: AlertKind, measure: number): AlertSeverity {
  const T = ALERT_THRESHOLDS;
  switch (kind) {
    case "late_report":
    case "phase_overdue":
      return measure >= T.lateHighDays ? "high" : "medium";
    case "phase_suspended":
      return "high";
    case "suspension_exposure":
      return "medium";
    case "slow_disbursement":
      return measure >= T.slowHighLag ? "high" : "medium";
    case "funding_gap":
      return measure >= T.gapMediumShare ? "medium" : "low";
    case "obligation_overdue":
      return measure >= T.obligationHighDays ? "high" : "medium";
    case "consultation_due":
    case "dispute_deadline":
      return measure <= T.imminentDays ? "high" : "medium";
  }
}

/** Whether a clock with `daysLeft` days to run is close enough to show (past ones always are). */
export const withinWindow = (kind: "consultation_due" | "dispute_deadline", daysLeft: number) =>
  daysLeft <= (kind === "consultation_due" ? ALERT_THRESHOLDS.consultationDays : ALERT_THRESHOLDS.disputeDays);

export type Sortable = { kind: AlertKind; severity: AlertSeverity; code: string; dueAt: string | null; since: string | null };

const rank = (s: AlertSeverity) => ALERT_SEVERITIES.indexOf(s);
/** The date an alert is about: when it falls due, else since when it holds; undated ones last. */
const dateOf = (a: Sortable) => a.dueAt ?? a.since ?? "\uffff";

/** Most severe first; within a severity the earliest date first, then by kind and code so the order is stable. */
export function compareAlerts(a: Sortable, b: Sortable): number {
  return (
    rank(a.severity) - rank(b.severity) ||
    (dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : 0) ||
    ALERT_KINDS.indexOf(a.kind) - ALERT_KINDS.indexOf(b.kind) ||
    a.code.localeCompare(b.code)
  );
}

export const sortAlerts = <T extends Sortable>(alerts: readonly T[]): T[] => [...alerts].sort(compareAlerts);
