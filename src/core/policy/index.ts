import { and, eq, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Visibility } from "../../db/schema/common.js";
import type { Role } from "../../db/schema/users.js";
import type { Principal } from "../context.js";
import { forbidden, unauthenticated } from "../errors.js";

/**
 * Who may do what. Each entity has a small pure function per action; lists get the same rule
 * as an SQL condition so a list can never show what a single read would refuse.
 * The policy tests check the two forms against each other.
 */

export type SignedIn = Extract<Principal, { kind: "user" }>;

export const isUser = (p: Principal): p is SignedIn => p.kind === "user";
export const hasRole = (p: Principal, ...roles: Role[]) => isUser(p) && roles.includes(p.role);
/** Staff who run the mechanism: may write reference data and every non-restricted record. */
export const isStaff = (p: Principal) => p.kind === "system" || hasRole(p, "admin", "secretariat");

/** Throws 401 for the public and 403 for a signed-in user who lacks the right. */
export function authorize(p: Principal, allowed: boolean, action: string, entity: string): void {
  if (allowed) return;
  if (p.kind === "public") throw unauthenticated();
  throw forbidden(action, entity);
}

export function requireUser(p: Principal): SignedIn {
  if (!isUser(p)) throw unauthenticated();
  return p;
}

/** A record's visibility plus the organisations named on it (parties, participants, owner). */
export type Visible = { visibility: Visibility; orgIds: readonly string[]; published?: boolean };

/**
 * Public records are visible to everyone once published; internal ones to any signed-in user;
 * restricted ones only to users of the organisations named on them — not even to admins of
 * other organisations, because restricted exchanges are between their parties alone.
 */
export function canSee(p: Principal, r: Visible): boolean {
  if (p.kind === "system") return true;
  if (r.visibility === "restricted") return isUser(p) && r.orgIds.includes(p.orgId);
  if (isUser(p)) return true;
  return r.visibility === "public" && r.published !== false;
}

/**
 * The SQL form of canSee for a list query. `namedOrgs` is a subquery condition that is true
 * when the given org id is named on the row (e.g. an EXISTS over project_parties).
 */
export function visibilityFilter(
  p: Principal,
  cols: { visibility: AnyPgColumn; published?: SQL },
  namedOrgs: (orgId: string) => SQL,
): SQL | undefined {
  if (p.kind === "system") return undefined;
  if (isUser(p)) return or(sql`${cols.visibility} <> 'restricted'`, namedOrgs(p.orgId));
  return cols.published ? and(eq(cols.visibility, "public"), cols.published) : eq(cols.visibility, "public");
}

/** Writes to a record owned by an organisation: staff, or an officer of that organisation. */
export function canWriteOwned(p: Principal, ownerOrgId: string | null | undefined): boolean {
  if (isStaff(p)) return true;
  return hasRole(p, "officer") && isUser(p) && ownerOrgId != null && p.orgId === ownerOrgId;
}

/** Restricted records stay closed to staff of other organisations even for writes. */
export function canWriteRecord(p: Principal, r: Visible & { ownerOrgId: string | null }): boolean {
  if (!canSee(p, r)) return false;
  return canWriteOwned(p, r.ownerOrgId);
}

export const policies = {
  mechanism: { write: (p: Principal) => isStaff(p) },
  actor: {
    create: (p: Principal) => isStaff(p),
    /** Officers keep their own organisation's record current. */
    update: (p: Principal, actorId: string) => canWriteOwned(p, actorId),
  },
  user: {
    manage: (p: Principal) => p.kind === "system" || hasRole(p, "admin"),
  },
  audit: { read: (p: Principal) => isStaff(p) },
} as const;

