import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve as serveNode } from "@hono/node-server";
import pino from "pino";
import { databaseOptionsFromEnv, openDatabase } from "../db/client.js";
import { t, type Lang } from "../lib/i18n/index.js";
import { createApp } from "../server/app.js";
import { startWorker } from "../core/jobs/index.js";
import { JOB_HANDLERS } from "../modules/timers.js";
import { makeContext, SYSTEM } from "../core/context.js";
import { ensureDigestScheduled } from "../modules/alerts/digest.js";
import { ensureDemoAccounts, ensureDemoPostings } from "./demo.js";
import { seedDatabase } from "./seed.js";

/** Where `npm run build:web` (run by npm install) puts the UI. */
export const WEB_ROOT = fileURLToPath(new URL("../../dist/web/", import.meta.url));

export type ServeOptions = { port: number; host: string; seed: boolean; worker: boolean; lang: Lang };

/** How often a worker looks for due timers; tests set it short. */
export const workerIntervalMs = () => Number(process.env.CONCORD_WORKER_INTERVAL_MS) || 5_000;

/**
 * Opens the database (embedded unless DATABASE_URL is set), migrates, loads reference data,
 * and serves API and UI. Resolves once listening; SIGTERM and SIGINT drain and close.
 */
export async function serve(opts: ServeOptions): Promise<void> {
  const m = (key: string, params?: Record<string, string | number>) => t(opts.lang, `cli.serve.${key}`, params);
  const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
  const dbOptions = databaseOptionsFromEnv();
  const database = await openDatabase(dbOptions);
  await database.migrate();
  if (opts.seed) await seedDatabase(database);
  const demoMode = database.kind === "pglite" && opts.seed && dbOptions.dataDir;
  const demo = demoMode ? await ensureDemoAccounts(database.db, dbOptions.dataDir!) : [];
  if (demoMode) await ensureDemoPostings(database.db);

  const app = createApp({ database, logger, now: () => new Date(), secureCookies: process.env.CONCORD_SECURE_COOKIES === "1", trustProxy: process.env.CONCORD_TRUST_PROXY === "1", webRoot: WEB_ROOT });
  const server = await new Promise<ReturnType<typeof serveNode>>((resolve, reject) => {
    const s = serveNode({ fetch: app.fetch, port: opts.port, hostname: opts.host }, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = opts.host === "0.0.0.0" || opts.host === "127.0.0.1" ? "localhost" : opts.host;
  const lines = [m("listening", { url: `http://${shownHost}:${port}` }), m("database", { kind: database.kind, where: database.location })];
  if (demo.length) {
    lines.push(m("demoAccounts"));
    for (const d of demo) lines.push(`  ${d.role.padEnd(12)} ${d.email.padEnd(28)} ${d.password}`);
  }
  // The embedded database has one connection in one process, so its timers run here; with
  // PostgreSQL they may run here, in `concord worker` processes, or both.
  if (opts.worker) await ensureDigestScheduled(makeContext(database.db, SYSTEM, { channel: "worker" }));
  const worker = opts.worker ? startWorker(database.db, JOB_HANDLERS, { intervalMs: workerIntervalMs(), log: logger }) : undefined;
  lines.push(m(worker ? "workerOn" : "workerOff"));
  lines.push(m("stop"));
  process.stdout.write(`${lines.join("\n")}\n`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    // Stop accepting, let in-flight requests finish, then close the database.
    server.close(async () => {
      await worker?.stop();
      await database.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

/**
 * `concord worker`: fires due timers until SIGTERM or SIGINT, then finishes the job in flight.
 * Any number may run beside each other and beside `serve` on one PostgreSQL.
 */
export async function runWorker(lang: Lang): Promise<void> {
  const m = (key: string, params?: Record<string, string | number>) => t(lang, `cli.worker.${key}`, params);
  const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
  const database = await openDatabase(databaseOptionsFromEnv());
  await database.migrate();
  await ensureDigestScheduled(makeContext(database.db, SYSTEM, { channel: "worker" }));
  const worker = startWorker(database.db, JOB_HANDLERS, { intervalMs: workerIntervalMs(), log: logger });
  process.stdout.write(`${m("started", { where: database.location })}\n`);
  const shutdown = async () => {
    await worker.stop();
    await database.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown());
  process.once("SIGINT", () => void shutdown());
}
