import { DISPUTE_STAGES, type DisputeStage, type DisputeStageDays } from "../../db/schema/mechanisms.js";
import type { DisputeStatus } from "../../db/schema/disputes.js";

/**
 * The stage machine of a dispute, pure so every path is unit tested: a case escalates one stage
 * at a time and ends at arbitration; it closes as settled or withdrawn at any stage, with an
 * award only once arbitrators are seized of it.
 */

const DAY_MS = 86_400_000;

export type CloseOutcome = Exclude<DisputeStatus, "open">;

/** The stage a case escalates to, or null at arbitration, beyond which there is nowhere to go. */
export function nextStage(stage: DisputeStage): DisputeStage | null {
  const i = DISPUTE_STAGES.indexOf(stage);
  return DISPUTE_STAGES[i + 1] ?? null;
}

/** Third-party mediation and arbitration need someone outside the parties to run them. */
export const mediatorRequired = (stage: DisputeStage): boolean => stage === "third_party" || stage === "arbitration";

/** Why a case in `status`/`stage` cannot escalate, or null when it can. */
export function escalationBlocked(status: DisputeStatus, stage: DisputeStage): "dispute_closed" | "dispute_final_stage" | null {
  if (status !== "open") return "dispute_closed";
  return nextStage(stage) ? null : "dispute_final_stage";
}

/** Why a case cannot close with `outcome`, or null when it can. */
export function closeBlocked(status: DisputeStatus, stage: DisputeStage, outcome: CloseOutcome): "dispute_closed" | "award_only_at_arbitration" | null {
  if (status !== "open") return "dispute_closed";
  if (outcome === "award" && stage !== "arbitration") return "award_only_at_arbitration";
  return null;
}

export const addDays = (from: Date, days: number): Date => new Date(from.getTime() + days * DAY_MS);

/** Whole days left before a deadline, rounded up (0 on the day, negative once passed). */
export const daysLeft = (deadline: Date, now: Date): number => Math.ceil((deadline.getTime() - now.getTime()) / DAY_MS);

/** Days between two instants to one decimal: the time a case took to settle. */
export const daysBetween = (from: Date, to: Date): number => Math.round(((to.getTime() - from.getTime()) / DAY_MS) * 10) / 10;

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round(((s[mid - 1]! + s[mid]!) / 2) * 10) / 10;
}

/**
 * Reads `negotiation=90,joint_committee=60` (the CLI's `--dispute-days`) into stage days; null
 * when a stage is unknown, named twice, or its days are not a whole number from 1 to 3650.
 */
export function parseStageDays(text: string): Partial<DisputeStageDays> | null {
  const out: Partial<DisputeStageDays> = {};
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [name, value, ...rest] = part.split("=").map((s) => s.trim());
    const stage = DISPUTE_STAGES.find((s) => s === name?.replace(/-/g, "_"));
    if (!stage || rest.length || !value || !/^\d+$/.test(value) || stage in out) return null;
    const days = Number(value);
    if (days < 1 || days > 3650) return null;
    out[stage] = days;
  }
  return Object.keys(out).length ? out : null;
}
