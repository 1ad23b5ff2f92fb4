import { sql, type SQL } from "drizzle-orm";
import type { Principal } from "../../core/context.js";
import { hasRole, isUser } from "../../core/policy/index.js";
import { bulletinRecipients, bulletins } from "../../db/schema/bulletins.js";

/** The organisations named on a bulletin: its sender and every recipient. */
export type BulletinOrgs = { senderOrgId: string; recipientOrgIds: readonly string[] };

/**
 * A bulletin is for the organisations named on it and nobody else: every role of those
 * organisations may read it, while no role of any other organisation may — admins and the
 * secretariat included — and neither may the public nor the system (dashboards and reports
 * run without a user, so they never count one).
 */
export function canSeeBulletin(p: Principal, b: BulletinOrgs): boolean {
  if (!isUser(p)) return false;
  return p.orgId === b.senderOrgId || b.recipientOrgIds.includes(p.orgId);
}

/** The SQL form of canSeeBulletin, for lists, searches, exports and the audit log. */
export function bulletinVisibility(p: Principal, id: SQL | typeof bulletins.id = bulletins.id, sender: SQL | typeof bulletins.senderActorId = bulletins.senderActorId): SQL {
  if (!isUser(p)) return sql`false`;
  return sql`(${sender} = ${p.orgId} or exists (select 1 from ${bulletinRecipients} br where br.bulletin_id = ${id} and br.actor_id = ${p.orgId}))`;
}

/** Who may send: an officer, the secretariat or an admin, always on behalf of their own organisation. */
export const canSendBulletin = (p: Principal) => hasRole(p, "officer", "secretariat", "admin");

/** Adding recipients widens who sees it: only the sending organisation may, with a sending role. */
export const canAddRecipients = (p: Principal, b: BulletinOrgs) => canSendBulletin(p) && isUser(p) && p.orgId === b.senderOrgId;
