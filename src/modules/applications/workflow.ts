import type { Role } from "../../db/schema/users.js";

/**
 * The life of a special-fund application as data: (state, action, role) -> next state.
 * Guards that need the database (the call's window, conflicts of interest, reviews done) are
 * checked by the verbs; this table decides only what may follow what, and who may ask.
 */
export const APPLICATION_STATES = ["draft", "submitted", "screened", "in_review", "approved", "rejected", "returned", "withdrawn"] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const APPLICATION_ACTIONS = ["submit", "withdraw", "screen_pass", "screen_fail", "assign_reviewers", "approve", "reject", "return"] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

/** Who acts: the applicant's officer, or the mechanism's staff. */
type Actor = "applicant" | "staff";

type Rule = { from: readonly ApplicationState[]; to: ApplicationState; by: Actor };

const RULES: Record<ApplicationAction, Rule> = {
  submit: { from: ["draft", "returned"], to: "submitted", by: "applicant" },
  withdraw: { from: ["draft", "submitted", "returned"], to: "withdrawn", by: "applicant" },
  screen_pass: { from: ["submitted"], to: "screened", by: "staff" },
  screen_fail: { from: ["submitted"], to: "rejected", by: "staff" },
  assign_reviewers: { from: ["screened"], to: "in_review", by: "staff" },
  approve: { from: ["in_review"], to: "approved", by: "staff" },
  reject: { from: ["screened", "in_review"], to: "rejected", by: "staff" },
  return: { from: ["submitted", "screened", "in_review"], to: "returned", by: "staff" },
};

const actorOf = (role: Role): Actor | undefined => (role === "admin" || role === "secretariat" ? "staff" : role === "officer" ? "applicant" : undefined);

export type Transition = { ok: true; to: ApplicationState } | { ok: false; code: "forbidden" | "invalid_transition" };

/**
 * Whether `role` may take `action` on an application in `state`. A role that may never take
 * the action is `forbidden` (403); a permitted role at the wrong moment is `invalid_transition` (409).
 */
export function applicationTransition(state: ApplicationState, action: ApplicationAction, role: Role): Transition {
  const rule = RULES[action];
  if (actorOf(role) !== rule.by) return { ok: false, code: "forbidden" };
  if (!rule.from.includes(state)) return { ok: false, code: "invalid_transition" };
  return { ok: true, to: rule.to };
}

/** States in which the applicant may still edit the draft. */
export const EDITABLE_STATES: readonly ApplicationState[] = ["draft", "returned"];
