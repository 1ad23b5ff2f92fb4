import { hostname } from "node:os";
import { and, eq, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "../../db/client.js";
import { jobs } from "../../db/schema/jobs.js";
import { makeContext, SYSTEM, type ServiceContext } from "../context.js";

/** A due job as its handler sees it. */
export type Job = { id: string; kind: string; key: string; payload: Record<string, unknown>; runAt: Date; attempts: number };

/**
 * Runs a job inside the transaction that marks it done: whatever it writes (a stage change, an
 * inbox item, its audit row) commits together with "done", or not at all.
 */
export type JobHandler = (ctx: ServiceContext, job: Job) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

export type ScheduleInput = { kind: string; key: string; runAt: Date; payload?: Record<string, unknown> };

/** After this many failed runs a job stops retrying and shows as failed to the operator. */
export const MAX_ATTEMPTS = 5;

/**
 * Sets the timer named `key` to fire at `runAt`, in the caller's transaction. A key names one
 * timer: scheduling it again moves it (an extended deadline) and re-arms it if it had fired.
 */
export async function scheduleJob(ctx: ServiceContext, input: ScheduleInput): Promise<void> {
  const values = { kind: input.kind, key: input.key, runAt: input.runAt, payload: input.payload ?? {}, status: "pending" as const, attempts: 0, lastError: null, doneAt: null, doneBy: null };
  await ctx.db.insert(jobs).values(values).onConflictDoUpdate({ target: jobs.key, set: values });
}

/** Stops a pending timer (a dispute settled before its deadline). Fired timers stay on record. */
export async function cancelJob(ctx: ServiceContext, key: string): Promise<void> {
  await ctx.db.update(jobs).set({ status: "cancelled" }).where(and(eq(jobs.key, key), eq(jobs.status, "pending")));
}

export type RunOptions = { now?: () => Date; workerId?: string; limit?: number; log?: Logger };

/** A name for this process in `jobs.done_by`. */
export const defaultWorkerId = () => `${hostname()}:${process.pid}`;

/**
 * Runs due jobs one at a time until none is due or `limit` have run; returns how many ran
 * (successfully or not). Each claim is `FOR UPDATE SKIP LOCKED`, so workers side by side never
 * take the same job, and a worker that dies mid-job releases it with its uncommitted work.
 */
export async function runDueJobs(db: Db, handlers: JobHandlers, opts: RunOptions = {}): Promise<number> {
  const now = opts.now ?? (() => new Date());
  const workerId = opts.workerId ?? defaultWorkerId();
  const limit = opts.limit ?? 100;
  let ran = 0;
  while (ran < limit) {
    const took = await db.transaction(async (tx) => {
      const at = now();
      const [row] = await tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.status, "pending"), sql`${jobs.runAt} <= ${at.toISOString()}`))
        .orderBy(jobs.runAt, jobs.id)
        .limit(1)
        .for("update", { skipLocked: true });
      if (!row) return false;
      const job: Job = { id: row.id, kind: row.kind, key: row.key, payload: row.payload, runAt: row.runAt, attempts: row.attempts };
      const handler = handlers[row.kind];
      const ctx = { ...makeContext(tx as unknown as Db, SYSTEM, { channel: "worker", log: opts.log, now }), inTransaction: true };
      try {
        if (!handler) throw new Error(`no handler for job kind ${row.kind}`);
        // A savepoint: a failing handler's writes roll back, the claim and its failure record stay.
        await tx.transaction(async (sp) => handler({ ...ctx, db: sp as unknown as Db }, job));
        await tx.update(jobs).set({ status: "done", doneAt: at, doneBy: workerId, attempts: row.attempts + 1, lastError: null }).where(eq(jobs.id, row.id));
      } catch (err) {
        const attempts = row.attempts + 1;
        const message = err instanceof Error ? err.message : String(err);
        opts.log?.warn({ job: row.key, kind: row.kind, attempts, err: message }, "job failed");
        // Back off 1, 2, 4, 8 minutes; then leave it failed for the operator.
        const retryAt = new Date(at.getTime() + 60_000 * 2 ** (attempts - 1));
        await tx.update(jobs).set({ attempts, lastError: message.slice(0, 2000), ...(attempts >= MAX_ATTEMPTS ? { status: "failed" as const } : { runAt: retryAt }) }).where(eq(jobs.id, row.id));
      }
      return true;
    });
    if (!took) break;
    ran++;
  }
  return ran;
}

export type Worker = { stop: () => Promise<void> };

/**
 * Polls for due jobs every `intervalMs` until stopped. `stop` waits for the batch in flight, so
 * a SIGTERM never abandons a job half-way (and a SIGKILL only loses an uncommitted one).
 */
export function startWorker(db: Db, handlers: JobHandlers, opts: RunOptions & { intervalMs?: number } = {}): Worker {
  const interval = opts.intervalMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  const tick = () => {
    inFlight = runDueJobs(db, handlers, opts)
      .catch((err: unknown) => opts.log?.error({ err: err instanceof Error ? err.message : String(err) }, "job worker"))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, interval);
      });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
