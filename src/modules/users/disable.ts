import { eq, sql } from "drizzle-orm";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { notFound, ruleViolated } from "../../core/errors.js";
import { authorize, policies } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { sessions, users } from "../../db/schema/users.js";
import { isUuid } from "../shared/refs.js";
import { toUser } from "./create.js";
import type { User } from "./schemas.js";

/**
 * Disables or enables an account (admin). A disabled user cannot sign in; their browser sessions
 * are deleted in the same transaction, and their API tokens stop resolving at once because token
 * lookup refuses a disabled user (the tokens are kept, so re-enabling an account by mistake
 * disabled does not break its scripts). `ref` is the user's id or e-mail. Setting the state an
 * account already has changes nothing and writes no audit row.
 */
export async function setUserDisabled(ctx: ServiceContext, ref: string, disabled: boolean): Promise<User> {
  authorize(ctx.principal, policies.user.manage(ctx.principal), disabled ? "disable" : "enable", "user");
  return withTransaction(ctx, async (tx) => {
    const [found] = await tx.db
      .select({ user: users, orgCode: actors.code })
      .from(users)
      .innerJoin(actors, eq(actors.id, users.orgId))
      .where(isUuid(ref) ? eq(users.id, ref) : eq(users.email, ref.trim().toLowerCase()))
      .for("update", { of: users });
    if (!found) throw notFound("user", ref);
    const { user: row, orgCode } = found;
    // An admin who locks themselves out may leave no one able to undo it.
    if (disabled && ctx.principal.kind === "user" && ctx.principal.userId === row.id) throw ruleViolated("user_cannot_disable_self");
    if (!!row.disabledAt === disabled) return toUser(row, orgCode);
    const before = toUser(row, orgCode);
    const [updated] = await tx.db
      .update(users)
      .set({ disabledAt: disabled ? ctx.now() : null, updatedAt: ctx.now(), version: sql`${users.version} + 1` })
      .where(eq(users.id, row.id))
      .returning();
    let endedSessions = 0;
    if (disabled) endedSessions = (await tx.db.delete(sessions).where(eq(sessions.userId, row.id)).returning({ id: sessions.id })).length;
    const after = toUser(updated!, orgCode);
    await audit(tx, { entity: "user", entityId: row.id, action: disabled ? "disable" : "enable", before: { disabledAt: before.disabledAt }, after: { disabledAt: after.disabledAt, ...(disabled ? { endedSessions } : {}) } });
    return after;
  });
}
