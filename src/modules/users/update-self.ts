import { eq } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { requireUser } from "../../core/policy/index.js";
import { users } from "../../db/schema/users.js";
import { ZUserUpdateSelf } from "./schemas.js";

/** A user changes their own name or language; the UI remembers the language this way. */
export async function updateSelf(ctx: ServiceContext, raw: z.input<typeof ZUserUpdateSelf>): Promise<void> {
  const user = requireUser(ctx.principal);
  const input = ZUserUpdateSelf.parse(raw);
  if (input.locale === undefined && input.name === undefined) return;
  await withTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select({ name: users.name, locale: users.locale }).from(users).where(eq(users.id, user.userId));
    await tx.db.update(users).set({ ...input, updatedAt: ctx.now() }).where(eq(users.id, user.userId));
    await audit(tx, { entity: "user", entityId: user.userId, action: "update_self", before, after: { ...before, ...input } });
  });
}
