import { eq } from "drizzle-orm";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { authorize, policies } from "../../core/policy/index.js";
import { resolveActorRef } from "../actors/resolve.js";
import { users } from "../../db/schema/users.js";
import { hashPassword } from "../auth/crypto.js";
import { ZUserCreate, type User, type UserCreate } from "./schemas.js";

export function toUser(row: typeof users.$inferSelect, orgCode: string): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    orgId: row.orgId,
    orgCode,
    locale: row.locale as User["locale"],
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function createUser(ctx: ServiceContext, raw: UserCreate): Promise<User> {
  authorize(ctx.principal, policies.user.manage(ctx.principal), "create", "user");
  const input = ZUserCreate.parse(raw);
  const passwordHash = await hashPassword(input.password);
  return withTransaction(ctx, async (tx) => {
    const org = await resolveActorRef(tx.db, input.org);
    const [existing] = await tx.db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) throw new AppError("already_exists", { params: { entity: "user", id: input.email } });
    const [row] = await tx.db
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, role: input.role, orgId: org.id, locale: input.locale })
      .returning();
    const user = toUser(row!, org.code);
    await audit(tx, { entity: "user", entityId: user.id, action: "create", after: user });
    return user;
  });
}
