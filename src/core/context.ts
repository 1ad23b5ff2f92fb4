import type { Logger } from "pino";
import type { Db } from "../db/client.js";
import type { Role } from "../db/schema/users.js";
import type { Lang } from "../lib/i18n/index.js";

/** Who is acting. The public is anyone not signed in; `system` is reference-data loading and migrations. */
export type Principal =
  | { kind: "user"; userId: string; orgId: string; role: Role; email: string; name: string }
  | { kind: "public" }
  | { kind: "system" };

export type Channel = "api" | "cli" | "seed" | "worker";

/** Everything a verb needs: the database (or the transaction it runs in), the actor, and the clock. */
export type ServiceContext = {
  db: Db;
  principal: Principal;
  channel: Channel;
  lang: Lang;
  log?: Logger;
  requestId?: string;
  now: () => Date;
  /** True inside withTransaction: the work shares one connection, so queries must not overlap. */
  inTransaction?: boolean;
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
  return ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx as unknown as Db, inTransaction: true }));
}

type Thunks = readonly (() => PromiseLike<unknown>)[];

/**
 * Runs independent reads: side by side on a connection pool, one after another inside a
 * transaction, where they share a single connection.
 */
export async function readAll<const T extends Thunks>(ctx: ServiceContext, thunks: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!ctx.inTransaction) return (await Promise.all(thunks.map((f) => f()))) as never;
  const out: unknown[] = [];
  for (const f of thunks) out.push(await f());
  return out as never;
}
