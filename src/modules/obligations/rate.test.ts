import { describe, expect, it } from "vitest";
import { FULFILMENT_STATUSES, type FulfilmentStatus } from "../../db/schema/obligations.js";
import { fulfilmentRates, rateOf, type RateInput } from "./rate.js";

const row = (actorKey: string, dueDate: string, status: FulfilmentStatus | null): RateInput<string> => ({ actor: actorKey, actorKey, dueDate, status });
const TODAY = "2026-06-15";

describe("rateOf", () => {
  it("is null when nothing is assessed or overdue", () => {
    expect(rateOf({ fulfilled: 0, partly: 0, late: 0, notFulfilled: 0, openOverdue: 0 })).toBeNull();
  });
  it("weighs fulfilled 1, partly and late ½, not fulfilled and open-overdue 0", () => {
    expect(rateOf({ fulfilled: 1, partly: 0, late: 0, notFulfilled: 0, openOverdue: 0 })).toBe(1);
    expect(rateOf({ fulfilled: 0, partly: 1, late: 0, notFulfilled: 0, openOverdue: 0 })).toBe(0.5);
    expect(rateOf({ fulfilled: 0, partly: 0, late: 1, notFulfilled: 0, openOverdue: 0 })).toBe(0.5);
    expect(rateOf({ fulfilled: 0, partly: 0, late: 0, notFulfilled: 1, openOverdue: 0 })).toBe(0);
    expect(rateOf({ fulfilled: 0, partly: 0, late: 0, notFulfilled: 0, openOverdue: 1 })).toBe(0);
    expect(rateOf({ fulfilled: 2, partly: 1, late: 1, notFulfilled: 1, openOverdue: 1 })).toBe(3 / 6);
  });
});

describe("fulfilmentRates", () => {
  it("returns nothing for no obligations", () => {
    expect(fulfilmentRates([], TODAY)).toEqual([]);
  });

  it("counts every status once, in its own column", () => {
    for (const s of FULFILMENT_STATUSES) {
      const [r] = fulfilmentRates([row("cn-yunnan", "2026-01-10", s)], TODAY);
      const key = { fulfilled: "fulfilled", partly: "partly", late: "late", not_fulfilled: "notFulfilled" }[s] as "fulfilled";
      expect(r![key]).toBe(1);
      expect(r!.due).toBe(1);
      expect(r!.fulfilled + r!.partly + r!.late + r!.notFulfilled + r!.openOverdue).toBe(1);
    }
  });

  it("treats an open obligation as overdue only strictly after its due date, and leaves a not-yet-due one out of the rate", () => {
    const [dueToday] = fulfilmentRates([row("a", TODAY, null)], TODAY);
    expect(dueToday).toMatchObject({ due: 1, openOverdue: 0, rate: null });
    const [past] = fulfilmentRates([row("a", "2026-06-14", null)], TODAY);
    expect(past).toMatchObject({ due: 1, openOverdue: 1, rate: 0 });
    const [mixed] = fulfilmentRates([row("a", "2026-12-01", null), row("a", "2026-02-01", "fulfilled")], TODAY);
    expect(mixed).toMatchObject({ due: 2, fulfilled: 1, openOverdue: 0, rate: 1 });
  });

  it("splits by actor and by year of due date, years ascending", () => {
    const out = fulfilmentRates(
      [row("b", "2026-03-01", "late"), row("a", "2025-05-01", "fulfilled"), row("a", "2024-05-01", "not_fulfilled"), row("a", "2025-07-01", "partly"), row("b", "2026-04-01", null)],
      TODAY,
    );
    expect(out.map((r) => [r.actor, r.year, r.due, r.rate])).toEqual([
      ["b", 2026, 2, 0.25],
      ["a", 2024, 1, 0],
      ["a", 2025, 2, 0.75],
    ]);
  });

  it("keeps the actor value given with the first row of a key", () => {
    const rows = [{ actor: { code: "x", n: 1 }, actorKey: "x", dueDate: "2026-01-01", status: "fulfilled" as const }, { actor: { code: "x", n: 2 }, actorKey: "x", dueDate: "2026-02-01", status: null }];
    expect(fulfilmentRates(rows, TODAY)[0]!.actor).toEqual({ code: "x", n: 1 });
  });
});
