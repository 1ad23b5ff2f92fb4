import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { actors } from "../../db/schema/actors.js";
import { apiTokens, sessions, users, type Role } from "../../db/schema/users.js";
import type { Principal } from "../../core/context.js";
import { generateSecret, hashSecret } from "./crypto.js";

const DAY = 86_400_000;
export const SESSION_DAYS = 30;

/** Creates a session and returns the secret for the cookie; only its hash is stored. */
export async function createSession(db: Db, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSecret();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY);
  await db.insert(sessions).values({ id: hashSecret(token), userId, expiresAt, createdAt: now });
  return { token, expiresAt };
}

const principalColumns = {
  userId: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  orgId: users.orgId,
  disabledAt: users.disabledAt,
};

/**
 * Resolves a session cookie to its user. Expired sessions are deleted; sessions in the second
 * half of their life are extended, so an active user stays signed in.
 */
export async function validateSession(db: Db, token: string, now: Date): Promise<{ principal: Principal; expiresAt: Date } | null> {
  const id = hashSecret(token);
  const [row] = await db
    .select({ ...principalColumns, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime() || row.disabledAt) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  let expiresAt = row.expiresAt;
  if (expiresAt.getTime() - now.getTime() < (SESSION_DAYS / 2) * DAY) {
    expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY);
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
  }
  return { principal: toPrincipal(row), expiresAt };
}

export async function invalidateSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, hashSecret(token)));
}

const TOKEN_USE_RESOLUTION_MS = 60_000;

/** Resolves a bearer token; revoked, expired and disabled-user tokens resolve to nothing. */
export async function validateApiToken(db: Db, token: string, now: Date): Promise<Principal | null> {
  const [row] = await db
    .select({ ...principalColumns, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashSecret(token)),
        isNull(apiTokens.revokedAt),
        isNull(users.disabledAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  if (!row) return null;
  // "Last used" to the minute: writing it on every request would make every request a write,
  // and concurrent requests on one token queue behind each other's row lock.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOKEN_USE_RESOLUTION_MS)
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  return toPrincipal(row);
}

function toPrincipal(row: { userId: string; email: string; name: string; role: Role; orgId: string }): Principal {
  return { kind: "user", userId: row.userId, email: row.email, name: row.name, role: row.role, orgId: row.orgId };
}

export async function orgCodeOf(db: Db, orgId: string): Promise<string> {
  const [row] = await db.select({ code: actors.code }).from(actors).where(eq(actors.id, orgId));
  return row?.code ?? "";
}
