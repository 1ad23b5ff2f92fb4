import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
});
afterAll(() => h?.close());

type Late = { items: { projectCode: string; seq: number; periodStart: string; dueDate: string; daysLate: number }[]; total: number };
type Project = { reports: { id: string; periodStart: string; status: string; reviewComment: string | null }[] };
const late = async (query: string, as = "secretariat") => (await (await h.call("GET", `/api/v1/reports/late${query}`, { as })).json()) as Late;
const project = async () => (await (await h.call("GET", "/api/v1/projects/SAMPLE-MBZ-LOGISTICS", { as: "secretariat" })).json()) as Project;

describe("late progress reports", () => {
  it("lists every overdue quarter of an active phase, most overdue first", async () => {
    expect((await h.call("GET", "/api/v1/reports/late")).status).toBe(401);
    const { items } = await late("?project=SAMPLE-MBZ-LOGISTICS");
    // Phase 2 (from 2025-01-01) reported on its first half-year only.
    expect(items.map((i) => [i.seq, i.periodStart, i.dueDate])).toEqual([
      [2, "2025-07-01", "2025-10-30"],
      [2, "2025-10-01", "2026-01-30"],
      [2, "2026-01-01", "2026-04-30"],
      [2, "2026-04-01", "2026-07-30"],
    ]);
    expect(items[0]!.daysLate).toBe(388);
    expect((await late("?country=MM")).items.map((i) => i.projectCode)).not.toContain("SAMPLE-MBZ-LOGISTICS");
  });

  it("stops flagging a period once its report is in", async () => {
    const body = { phase: 2, periodStart: "2025-07-01", periodEnd: "2025-09-30", dueDate: "2025-10-30", narrative: "Lao-side yard foundations poured.", spending: "120000.00" };
    expect((await h.call("POST", "/api/v1/projects/SAMPLE-MBZ-LOGISTICS/reports", { as: "officer", body })).status).toBe(201);
    expect((await late("?project=SAMPLE-MBZ-LOGISTICS")).items.map((i) => i.periodStart)).toEqual(["2025-10-01", "2026-01-01", "2026-04-01"]);
  });
});

describe("reviewing a progress report", () => {
  it("is the secretariat's: accept once, return only with a comment", async () => {
    const report = (await project()).reports.find((r) => r.periodStart === "2025-07-01")!;
    const review = (body: Record<string, unknown>, as = "secretariat") => h.call("POST", `/api/v1/projects/SAMPLE-MBZ-LOGISTICS/reports/${report.id}/review`, { as, body });
    expect((await review({ decision: "accept" }, "officer")).status).toBe(403);
    const bare = await review({ decision: "return" });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe("comment");
    expect((await review({ decision: "accept", comment: "Complete." })).status).toBe(200);
    expect((await review({ decision: "return", comment: "Too late to change." })).status).toBe(409);
    expect((await h.call("POST", `/api/v1/projects/SAMPLE-MBZ-LOGISTICS/reports/00000000-0000-4000-8000-000000000000/review`, { as: "secretariat", body: { decision: "accept" } })).status).toBe(404);
  });

  it("returns a report with what must change, shown on the project page", async () => {
    const pending = (await project()).reports.find((r) => r.periodStart === "2025-01-01" && r.status === "submitted")!;
    const res = await h.call("POST", `/api/v1/projects/SAMPLE-MBZ-LOGISTICS/reports/${pending.id}/review`, { as: "admin", body: { decision: "return", comment: "Add the Lao-side delay and its cost." } });
    expect(res.status).toBe(200);
    const shown = (await project()).reports.find((r) => r.id === pending.id)!;
    expect(shown).toMatchObject({ status: "returned", reviewComment: "Add the Lao-side delay and its cost." });
  });
});
