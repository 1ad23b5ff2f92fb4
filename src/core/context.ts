import type { Logger } from "pino";
import type { Db } from "../db/client.js";
import type { Role } from "../db/schema/users.js";
import type { Lang } from "../lib/i18n/index.js";

/** Who is acting. The public is anyone not signed in; `system` is reference-data loading and migrations. */
export type Principal =
  | { kind: "user"; userId: string; orgId: string; role: Role; email: string; name: string }
  | { kind: "public" }
  | { kind: "system" };

export type Channel = "api" | "cli" | "seed";

/** Everything a verb needs: the database (or the transaction it runs in), the actor, and the clock. */
export type ServiceContext = {
  db: Db;
  principal: Principal;
  channel: Channel;
  lang: Lang;
  log?: Logger;
  requestId?: string;
  now: () => Date;
};

export const PUBLIC: Principal = { kind: "public" };
export const SYSTEM: Principal = { kind: "system" };

export function makeContext(db: Db, principal: Principal, opts: Partial<Omit<ServiceContext, "db" | "principal">> = {}): ServiceContext {
  return { db, principal, channel: opts.channel ?? "api", lang: opts.lang ?? "en", log: opts.log, requestId: opts.requestId, now: opts.now ?? (() => new Date()) };
}

/**
 * Runs `fn` in one transaction: the write and its audit row commit together or not at all.
 * Inside an existing transaction this opens a savepoint.
 */
export async function withTransaction<T>(ctx: ServiceContext, fn: (tx: ServiceContext) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx as unknown as Db }));
}
