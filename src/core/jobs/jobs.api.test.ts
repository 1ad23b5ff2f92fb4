import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createDatabase } from "../../../test/pg-server.js";
import { openTestDatabase, TEST_DB } from "../../../test/support/app.js";
import { openDatabase, type Database } from "../../db/client.js";
import { auditLog } from "../../db/schema/audit.js";
import { jobs } from "../../db/schema/jobs.js";
import { audit } from "../audit.js";
import { makeContext, SYSTEM, withTransaction } from "../context.js";
import { cancelJob, MAX_ATTEMPTS, runDueJobs, scheduleJob, type JobHandlers } from "./index.js";

const T0 = new Date("2026-03-01T00:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** A handler whose only effect is an audit row, so "fired once" is a count of rows. */
const handlers: JobHandlers = {
  ping: async (ctx, job) => audit(ctx, { entity: "job_test", entityId: job.id, action: String(job.payload.n) }),
  boom: async (ctx, job) => {
    await audit(ctx, { entity: "job_test", entityId: job.id, action: "half" });
    throw new Error("handler failed");
  },
};

let opened: Database[] = [];
async function open() {
  const d = await openTestDatabase();
  await d.migrate();
  opened.push(d);
  return d;
}
afterEach(async () => {
  for (const d of opened) await d.close();
  opened = [];
});

const fired = async (d: Database) => d.db.select({ entityId: auditLog.entityId, action: auditLog.action }).from(auditLog).where(eq(auditLog.entity, "job_test"));

describe("job queue", () => {
  it("runs a job only once it is due, once, in the worker's name", async () => {
    const d = await open();
    const ctx = makeContext(d.db, SYSTEM);
    await withTransaction(ctx, (tx) => scheduleJob(tx, { kind: "ping", key: "k1", runAt: at(10), payload: { n: 1 } }));
    expect(await runDueJobs(d.db, handlers, { now: () => at(5) })).toBe(0);
    expect(await runDueJobs(d.db, handlers, { now: () => at(10), workerId: "w1" })).toBe(1);
    expect(await runDueJobs(d.db, handlers, { now: () => at(20) })).toBe(0);
    expect(await fired(d)).toHaveLength(1);
    const [job] = await d.db.select().from(jobs).where(eq(jobs.key, "k1"));
    expect(job).toMatchObject({ status: "done", doneBy: "w1", attempts: 1 });
  });

  it("moves a timer when its key is scheduled again, and cancels a pending one", async () => {
    const d = await open();
    const ctx = makeContext(d.db, SYSTEM);
    await scheduleJob(ctx, { kind: "ping", key: "deadline", runAt: at(10), payload: { n: 1 } });
    await scheduleJob(ctx, { kind: "ping", key: "deadline", runAt: at(60), payload: { n: 2 } });
    await scheduleJob(ctx, { kind: "ping", key: "gone", runAt: at(10), payload: { n: 3 } });
    await cancelJob(ctx, "gone");
    expect(await runDueJobs(d.db, handlers, { now: () => at(30) })).toBe(0);
    expect(await runDueJobs(d.db, handlers, { now: () => at(60) })).toBe(1);
    expect((await fired(d)).map((r) => r.action)).toEqual(["2"]);
  });

  it("rolls back a failing handler's writes, retries with back-off, then gives up", async () => {
    const d = await open();
    await scheduleJob(makeContext(d.db, SYSTEM), { kind: "boom", key: "b", runAt: at(0) });
    let clock = at(0);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      expect(await runDueJobs(d.db, handlers, { now: () => clock })).toBe(1);
      clock = at(10_000 * (i + 1));
    }
    expect(await runDueJobs(d.db, handlers, { now: () => clock })).toBe(0);
    const [job] = await d.db.select().from(jobs).where(eq(jobs.key, "b"));
    expect(job).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastError: "handler failed" });
    expect(await fired(d)).toHaveLength(0);
  });

  it("a job with no handler fails visibly instead of vanishing", async () => {
    const d = await open();
    await scheduleJob(makeContext(d.db, SYSTEM), { kind: "unknown", key: "u", runAt: at(0) });
    await runDueJobs(d.db, handlers, { now: () => at(0) });
    const [job] = await d.db.select().from(jobs).where(eq(jobs.key, "u"));
    expect(job!.lastError).toMatch(/no handler/);
  });

  it.runIf(TEST_DB === "postgres")("fires each job exactly once with four workers racing on separate connections", async () => {
    const d = await open();
    const ctx = makeContext(d.db, SYSTEM);
    for (let n = 0; n < 60; n++) await scheduleJob(ctx, { kind: "ping", key: `race-${n}`, runAt: at(0), payload: { n } });
    const counts = await Promise.all([1, 2, 3, 4].map((w) => runDueJobs(d.db, handlers, { now: () => at(1), workerId: `w${w}` })));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60);
    const rows = await fired(d);
    expect(rows).toHaveLength(60);
    expect(new Set(rows.map((r) => r.entityId)).size).toBe(60);
    const byWorker = await d.db.select({ w: jobs.doneBy, n: sql<number>`count(*)::int` }).from(jobs).groupBy(jobs.doneBy);
    // Work spread over more than one worker: they ran side by side, not one after another.
    expect(byWorker.length).toBeGreaterThan(1);
  });

  it.runIf(TEST_DB === "postgres")("a timer survives a restart: scheduled by one process's pool, fired by a fresh one", async () => {
    const url = await createDatabase({ url: inject("pgUrl"), stop: async () => {} }, `t_jobs_restart_${process.pid}_${Date.now().toString(36)}`);
    const first = await openDatabase({ url, poolSize: 2 });
    await first.migrate();
    await scheduleJob(makeContext(first.db, SYSTEM), { kind: "ping", key: "restart", runAt: at(0), payload: { n: 9 } });
    await first.close();
    const second = await openDatabase({ url, poolSize: 2 });
    opened.push(second);
    expect(await runDueJobs(second.db, handlers, { now: () => at(1) })).toBe(1);
    expect((await fired(second)).map((r) => r.action)).toEqual(["9"]);
  });
});
