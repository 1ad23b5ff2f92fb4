import { asc, count, eq } from "drizzle-orm";
import { readAll, type ServiceContext } from "../../core/context.js";
import { authorize, policies } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { users } from "../../db/schema/users.js";
import type { Page } from "../shared/schemas.js";
import { toUser } from "./create.js";
import type { User } from "./schemas.js";

export async function listUsers(ctx: ServiceContext, query: { limit: number; offset: number }): Promise<Page<User>> {
  authorize(ctx.principal, policies.user.manage(ctx.principal), "list", "user");
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () => ctx.db.select({ user: users, orgCode: actors.code }).from(users).innerJoin(actors, eq(actors.id, users.orgId)).orderBy(asc(users.email)).limit(query.limit).offset(query.offset),
    () => ctx.db.select({ total: count() }).from(users),
  ]);
  return { items: rows.map((r) => toUser(r.user, r.orgCode)), total, ...query };
}
