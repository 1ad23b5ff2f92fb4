import type { FulfilmentStatus } from "../../db/schema/obligations.js";

/** One obligation as the rate sees it: who owes it, when, and its latest assessment (null while open). */
export type RateInput<A> = { actor: A; actorKey: string; dueDate: string; status: FulfilmentStatus | null };

export type RateCounts = { year: number; due: number; fulfilled: number; partly: number; late: number; notFulfilled: number; openOverdue: number; rate: number | null };

/**
 * Weights of the performance and commitment record (seed 001): an obligation met on time counts
 * 1, one met in part or late counts half (it was delivered, but not as promised), one not met
 * counts 0, and one still open past its due date counts 0 too, so that not reporting is never
 * better than reporting a failure. Obligations not yet due are counted as due in their year but
 * left out of the rate.
 */
export const RATE_WEIGHTS = { fulfilled: 1, partly: 0.5, late: 0.5, not_fulfilled: 0, open_overdue: 0 } as const;

export function rateOf(c: Omit<RateCounts, "rate" | "year" | "due">): number | null {
  const denominator = c.fulfilled + c.partly + c.late + c.notFulfilled + c.openOverdue;
  if (denominator === 0) return null;
  return (c.fulfilled * RATE_WEIGHTS.fulfilled + c.partly * RATE_WEIGHTS.partly + c.late * RATE_WEIGHTS.late) / denominator;
}

/**
 * Fulfilment per actor and per year of due date, actors in the order first seen and years
 * ascending. `today` (YYYY-MM-DD) decides which open obligations are overdue: due strictly before it.
 */
export function fulfilmentRates<A>(rows: readonly RateInput<A>[], today: string): (RateCounts & { actor: A })[] {
  const byActor = new Map<string, { actor: A; years: Map<number, Omit<RateCounts, "rate">> }>();
  for (const r of rows) {
    const entry = byActor.get(r.actorKey) ?? { actor: r.actor, years: new Map() };
    byActor.set(r.actorKey, entry);
    const year = Number(r.dueDate.slice(0, 4));
    const c = entry.years.get(year) ?? { year, due: 0, fulfilled: 0, partly: 0, late: 0, notFulfilled: 0, openOverdue: 0 };
    entry.years.set(year, c);
    c.due += 1;
    switch (r.status) {
      case "fulfilled":
        c.fulfilled += 1;
        break;
      case "partly":
        c.partly += 1;
        break;
      case "late":
        c.late += 1;
        break;
      case "not_fulfilled":
        c.notFulfilled += 1;
        break;
      case null:
        if (r.dueDate < today) c.openOverdue += 1;
        break;
    }
  }
  const out: (RateCounts & { actor: A })[] = [];
  for (const { actor, years } of byActor.values()) {
    for (const c of [...years.values()].sort((a, b) => a.year - b.year)) out.push({ actor, ...c, rate: rateOf(c) });
  }
  return out;
}
