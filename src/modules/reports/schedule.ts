/**
 * When progress reports are due. A phase reports every `intervalMonths` from its start; each
 * period's report is due `GRACE_DAYS` after the period ends. Pure date arithmetic on
 * `YYYY-MM-DD` strings in UTC, so the schedule is the same on every server.
 */
export const GRACE_DAYS = 30;

export type Period = { periodStart: string; periodEnd: string; dueDate: string };

const toDate = (s: string) => new Date(`${s}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (s: string, n: number) => iso(new Date(toDate(s).getTime() + n * 86_400_000));

/** Adds months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(s: string, n: number): string {
  const d = toDate(s);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return iso(target);
}

/** The reporting periods of a phase from its start to its end (the last one may be short). */
export function reportPeriods(start: string, end: string, intervalMonths: number): Period[] {
  const out: Period[] = [];
  for (let i = 0; out.length < 1000; i++) {
    const periodStart = addMonths(start, i * intervalMonths);
    if (periodStart > end) break;
    const next = addMonths(start, (i + 1) * intervalMonths);
    const periodEnd = addDays(next, -1) < end ? addDays(next, -1) : end;
    out.push({ periodStart, periodEnd, dueDate: addDays(periodEnd, GRACE_DAYS) });
  }
  return out;
}

export type LateReport = Period & { daysLate: number };

/**
 * The periods whose report is overdue on `today`: due before today and not covered by any
 * submitted report (a report covers a period when their dates overlap).
 */
export function lateReports(periods: Period[], reports: { periodStart: string; periodEnd: string }[], today: string): LateReport[] {
  return periods
    .filter((p) => p.dueDate < today)
    .filter((p) => !reports.some((r) => r.periodStart <= p.periodEnd && r.periodEnd >= p.periodStart))
    .map((p) => ({ ...p, daysLate: Math.round((toDate(today).getTime() - toDate(p.dueDate).getTime()) / 86_400_000) }));
}
