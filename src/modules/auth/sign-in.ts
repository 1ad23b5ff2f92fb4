import { and, count, eq, gt, inArray } from "drizzle-orm";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { signInFailures, users } from "../../db/schema/users.js";
import { getDummyHash, verifyPassword } from "./crypto.js";
import { createSession } from "./sessions.js";

/** Failures allowed per window before sign-in is refused: per account, and per client address. */
export const SIGN_IN_LIMITS = { perAccount: 5, perAddress: 20, windowMinutes: 15 } as const;

export type SignInInput = { email: string; password: string; address: string };

/**
 * Checks the password and opens a session. Failures are counted per account and per address in
 * the database, so the limit holds across server processes; the same error is given for an
 * unknown account and a wrong password.
 */
export async function signIn(ctx: ServiceContext, input: SignInInput) {
  const now = ctx.now();
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const accountKey = `account:${input.email}`;
  const addressKey = `address:${input.address}`;

  const counts = await ctx.db
    .select({ key: signInFailures.key, n: count() })
    .from(signInFailures)
    .where(and(inArray(signInFailures.key, [accountKey, addressKey]), gt(signInFailures.at, since)))
    .groupBy(signInFailures.key);
  const failures = (key: string) => counts.find((c) => c.key === key)?.n ?? 0;
  if (failures(accountKey) >= SIGN_IN_LIMITS.perAccount || failures(addressKey) >= SIGN_IN_LIMITS.perAddress) {
    throw new AppError("rate_limited", { retryAfter: SIGN_IN_LIMITS.windowMinutes * 60 });
  }

  const [user] = await ctx.db.select().from(users).where(eq(users.email, input.email));
  const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (!user || !ok || user.disabledAt) {
    await ctx.db.insert(signInFailures).values([
      { key: accountKey, at: now },
      { key: addressKey, at: now },
    ]);
    throw new AppError("invalid_credentials");
  }

  const principal = { kind: "user", userId: user.id, orgId: user.orgId, role: user.role, email: user.email, name: user.name } as const;
  return withTransaction({ ...ctx, principal }, async (tx) => {
    await tx.db.delete(signInFailures).where(eq(signInFailures.key, accountKey));
    const session = await createSession(tx.db, user.id, now);
    await audit(tx, { entity: "session", entityId: user.id, action: "sign_in" });
    return { ...session, user };
  });
}
