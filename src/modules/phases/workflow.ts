import type { PhaseStatus } from "../../db/schema/projects.js";
import type { Role } from "../../db/schema/users.js";

/**
 * A phase's life as data. Splitting a project into phases is what lets it survive a change of
 * government (seed 002 H4): an active phase is suspended rather than the project abandoned,
 * and resumed when the partner can go on.
 */
export const PHASE_ACTIONS = ["start", "complete", "suspend", "resume", "cancel"] as const;
export type PhaseAction = (typeof PHASE_ACTIONS)[number];

/** Why a phase stopped; the categories the secretariat reports exposure by. */
export const SUSPENSION_REASONS = ["change_of_government", "conflict", "disaster", "funding", "other"] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

type Actor = "owner" | "staff";
type Rule = { from: readonly PhaseStatus[]; to: PhaseStatus; by: readonly Actor[] };

const RULES: Record<PhaseAction, Rule> = {
  // The lead organisation runs its own phases; stopping and restarting them is the secretariat's call.
  start: { from: ["planned"], to: "active", by: ["owner", "staff"] },
  complete: { from: ["active"], to: "completed", by: ["owner", "staff"] },
  suspend: { from: ["active"], to: "suspended", by: ["staff"] },
  resume: { from: ["suspended"], to: "active", by: ["staff"] },
  cancel: { from: ["planned", "active", "suspended"], to: "cancelled", by: ["staff"] },
};

export type PhaseTransition = { ok: true; to: PhaseStatus } | { ok: false; code: "forbidden" | "invalid_transition" };

/** `isOwner`: the caller is an officer of the project's lead organisation. */
export function phaseTransition(status: PhaseStatus, action: PhaseAction, role: Role, isOwner: boolean): PhaseTransition {
  const rule = RULES[action];
  const actors: Actor[] = [];
  if (role === "admin" || role === "secretariat") actors.push("staff");
  if (role === "officer" && isOwner) actors.push("owner");
  if (!actors.some((a) => rule.by.includes(a))) return { ok: false, code: "forbidden" };
  if (!rule.from.includes(status)) return { ok: false, code: "invalid_transition" };
  return { ok: true, to: rule.to };
}
