import type { FulfilmentStatus } from "../../db/schema/obligations.js";

/** Keys of an obligation's timers: one reminder per configured lead time, one overdue notice. */
export const reminderKey = (obligationId: string, days: number) => `obligation-reminder:${obligationId}:${days}`;
export const overdueKey = (obligationId: string) => `obligation-overdue:${obligationId}`;

const DAY = 86_400_000;
const midnight = (date: string) => new Date(`${date}T00:00:00Z`).getTime();

export type PlannedTimer = { key: string; kind: "obligation.reminder" | "obligation.overdue"; runAt: Date; days?: number };

/**
 * The timers an obligation due on `dueDate` should have at `now`: a reminder `N` days before for
 * each lead time (at 00:00 UTC of that day) that is still ahead, and the overdue notice at the
 * start of the day after the due date. Returned separately: reminders already past, whose keys a
 * moved due date must cancel rather than fire late.
 */
export function planTimers(obligationId: string, dueDate: string, reminderDays: readonly number[], now: Date): { schedule: PlannedTimer[]; cancel: string[] } {
  const schedule: PlannedTimer[] = [];
  const cancel: string[] = [];
  for (const days of [...new Set(reminderDays)].filter((d) => Number.isInteger(d) && d > 0).sort((a, b) => b - a)) {
    const runAt = new Date(midnight(dueDate) - days * DAY);
    if (runAt.getTime() > now.getTime()) schedule.push({ key: reminderKey(obligationId, days), kind: "obligation.reminder", runAt, days });
    else cancel.push(reminderKey(obligationId, days));
  }
  schedule.push({ key: overdueKey(obligationId), kind: "obligation.overdue", runAt: new Date(midnight(dueDate) + DAY) });
  return { schedule, cancel };
}

/**
 * Why a fulfilment record is refused, or null. "fulfilled" means met by the due date: one met
 * after it is "late" (and the message says so); "late" on or before the due date contradicts itself.
 */
export function fulfilmentProblem(status: FulfilmentStatus, fulfilledOn: string, dueDate: string, today: string): string | null {
  if (fulfilledOn > today) return "fulfilment_in_future";
  if (status === "fulfilled" && fulfilledOn > dueDate) return "fulfilled_after_due";
  if (status === "late" && fulfilledOn <= dueDate) return "late_not_after_due";
  return null;
}

/** Open and past its due date (due strictly before today). */
export const isOverdue = (status: FulfilmentStatus | null, dueDate: string, today: string) => status === null && dueDate < today;
