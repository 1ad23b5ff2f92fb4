import { describe, expect, it } from "vitest";
import { PHASE_STATUSES, type PhaseStatus } from "../../db/schema/projects.js";
import { ROLES, type Role } from "../../db/schema/users.js";
import { PHASE_ACTIONS, phaseTransition, type PhaseAction } from "./workflow.js";

/** The expected table, written out by hand so the test does not restate the code. */
const ALLOWED: Record<string, PhaseStatus> = {
  "planned/start": "active",
  "active/complete": "completed",
  "active/suspend": "suspended",
  "suspended/resume": "active",
  "planned/cancel": "cancelled",
  "active/cancel": "cancelled",
  "suspended/cancel": "cancelled",
};
const OWNER_MAY: PhaseAction[] = ["start", "complete"];

describe("phase workflow", () => {
  const cases = PHASE_STATUSES.flatMap((s) => PHASE_ACTIONS.flatMap((a) => ROLES.flatMap((r) => [true, false].map((own) => [s, a, r, own] as const))));

  it.each(cases)("%s + %s by %s (owner %s)", (status, action, role: Role, isOwner) => {
    const got = phaseTransition(status, action, role, isOwner);
    const staff = role === "admin" || role === "secretariat";
    const permitted = staff || (role === "officer" && isOwner && OWNER_MAY.includes(action));
    if (!permitted) return expect(got).toEqual({ ok: false, code: "forbidden" });
    const to = ALLOWED[`${status}/${action}`];
    expect(got).toEqual(to ? { ok: true, to } : { ok: false, code: "invalid_transition" });
  });

  it("covers every (status, action, role, ownership) combination", () => {
    expect(cases).toHaveLength(PHASE_STATUSES.length * PHASE_ACTIONS.length * ROLES.length * 2);
  });
});
