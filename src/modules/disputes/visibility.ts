import { isStaff, isUser } from "../../core/policy/index.js";
import type { Principal } from "../../core/context.js";

/** Who a case concerns: the parties' organisations and, once there is one, the mediator's. */
export type DisputeAudience = { partyOrgIds: readonly string[]; mediatorOrgId: string | null };

/**
 * A dispute, its entries and its documents are for the parties, the mediator and the
 * secretariat only: anyone else is told it does not exist. Lists use the SQL form in read.ts,
 * which must agree with this (the API tests check both).
 */
export function canSeeDispute(p: Principal, d: DisputeAudience): boolean {
  if (isStaff(p)) return true;
  if (!isUser(p)) return false;
  return d.partyOrgIds.includes(p.orgId) || d.mediatorOrgId === p.orgId;
}

/** Speaking for a party (positions, documents, a request to escalate or withdraw): an officer of a party's organisation. */
export const speaksForParty = (p: Principal, d: DisputeAudience): boolean => isUser(p) && (p.role === "officer" || p.role === "admin" || p.role === "secretariat") && d.partyOrgIds.includes(p.orgId);

/** Notes on a case: the mediator's officers or staff. */
export const canNote = (p: Principal, d: DisputeAudience): boolean => isStaff(p) || (isUser(p) && p.role === "officer" && d.mediatorOrgId === p.orgId);
