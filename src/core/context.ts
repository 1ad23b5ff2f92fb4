import type { Logger } from "pino";
import { AppError } from "./errors.js";
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

/** PostgreSQL aborted the transaction to break a cycle of waits or a serialization anomaly. */
const RETRYABLE_CODES = new Set(["40001", "40P01"]);

/** How often a whole transaction is tried before the client is told to come back later. */
export const TRANSACTION_ATTEMPTS = 4;

export function isRetryableConflict(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && RETRYABLE_CODES.has(code)) return true;
  }
  return false;
}

/**
 * Runs `fn` in one transaction: the write and its audit row commit together or not at all.
 * Inside an existing transaction this opens a savepoint.
 *
 * A deadlock or serialization failure rolls the whole transaction back, so the outermost one
 * is run again from the start after a short random pause (the random part keeps two victims
 * from colliding again in step). `fn` must therefore keep its effects inside the database, as
 * every verb does. After TRANSACTION_ATTEMPTS the caller gets 503 with Retry-After. A savepoint
 * never retries on its own: its enclosing transaction is aborted too and retries as a whole.
 */
export async function withTransaction<T>(ctx: ServiceContext, fn: (tx: ServiceContext) => Promise<T>): Promise<T> {
  const run = () => ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx as unknown as Db, inTransaction: true }));
  if (ctx.inTransaction) return run();
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!isRetryableConflict(err)) throw err;
      if (attempt >= TRANSACTION_ATTEMPTS) throw new AppError("unavailable", { retryAfter: 1, cause: err });
      ctx.log?.warn({ attempt, requestId: ctx.requestId }, "transaction retried after a deadlock or serialization failure");
      await new Promise((r) => setTimeout(r, 5 * 2 ** attempt + Math.random() * 20 * 2 ** attempt));
    }
  }
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
