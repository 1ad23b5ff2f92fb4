import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../db/schema/users.js";
import { APPLICATION_ACTIONS, APPLICATION_STATES, applicationTransition, type ApplicationAction, type ApplicationState } from "./workflow.js";

/** The expected table, written out by hand so the test does not restate the code. */
const ALLOWED: Record<string, ApplicationState> = {
  "draft/submit": "submitted",
  "returned/submit": "submitted",
  "draft/withdraw": "withdrawn",
  "submitted/withdraw": "withdrawn",
  "returned/withdraw": "withdrawn",
  "submitted/screen_pass": "screened",
  "submitted/screen_fail": "rejected",
  "screened/assign_reviewers": "in_review",
  "in_review/approve": "approved",
  "screened/reject": "rejected",
  "in_review/reject": "rejected",
  "submitted/return": "returned",
  "screened/return": "returned",
  "in_review/return": "returned",
};
const APPLICANT_ACTIONS: ApplicationAction[] = ["submit", "withdraw"];

describe("application workflow", () => {
  const cases = APPLICATION_STATES.flatMap((s) => APPLICATION_ACTIONS.flatMap((a) => ROLES.map((r) => [s, a, r] as const)));

  it.each(cases)("%s + %s by %s", (state, action, role: Role) => {
    const got = applicationTransition(state, action, role);
    const staff = role === "admin" || role === "secretariat";
    const permitted = APPLICANT_ACTIONS.includes(action) ? role === "officer" : staff;
    if (!permitted) return expect(got).toEqual({ ok: false, code: "forbidden" });
    const to = ALLOWED[`${state}/${action}`];
    expect(got).toEqual(to ? { ok: true, to } : { ok: false, code: "invalid_transition" });
  });

  it("never leaves a final state", () => {
    for (const final of ["approved", "rejected", "withdrawn"] as const)
      for (const action of APPLICATION_ACTIONS) for (const role of ROLES) expect(applicationTransition(final, action, role).ok).toBe(false);
  });
});
