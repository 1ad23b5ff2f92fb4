import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { desc, eq } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, notFound } from "../../core/errors.js";
import { authorize, isStaff } from "../../core/policy/index.js";
import { IMPORT_KINDS, importJobs, type ImportKind } from "../../db/schema/interop.js";
import type { ImportSummary } from "./common.js";
import { importerFor, type ImportParams } from "./registry.js";
import { errorForLog, toErrorResponse } from "../../server/errors.js";

/** The largest file the API takes for an import (the CLI reads files of any size from disk). */
export const MAX_IMPORT_BYTES = Number(process.env.CONCORD_MAX_IMPORT_BYTES ?? 2 * 1024 ** 3);

export const ZImportStart = z.object({
  kind: z.enum(IMPORT_KINDS),
  filename: z.string().trim().min(1).max(300),
  mechanism: z.string().trim().min(1).max(64).optional(),
  encoding: z.enum(["utf8", "latin1"]).optional(),
  /** CSV imports: the column mapping, as JSON text (it travels in the query string, whose size servers limit). */
  mapping: z.string().max(8_000).optional(),
});

export type ImportJob = {
  id: string;
  kind: ImportKind;
  filename: string;
  status: "running" | "done" | "failed" | "cancelled";
  bytesTotal: number;
  bytesDone: number;
  records: number;
  summary: ImportSummary | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

/** Jobs this process is running, so a cancel can reach them; a job missing here after a restart was interrupted. */
const running = new Map<string, AbortController>();

function toJob(row: typeof importJobs.$inferSelect): ImportJob {
  // A job the row says is running but this process does not hold was cut off by a restart.
  const interrupted = row.status === "running" && !running.has(row.id);
  return {
    id: row.id,
    kind: row.kind,
    filename: row.filename,
    status: interrupted ? "failed" : row.status,
    bytesTotal: row.bytesTotal,
    bytesDone: row.bytesDone,
    records: row.records,
    summary: (row.summary as ImportSummary | null) ?? null,
    error: interrupted ? "interrupted" : row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Counts bytes as they pass, refusing a body past the limit before it fills the disk. */
function limitBytes(max: number, onBytes: (n: number) => void) {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > max) return cb(new AppError("payload_too_large"));
      onBytes(n);
      cb(null, chunk);
    },
  });
}

/**
 * Takes a file through the API and imports it in the background: the body is spooled to a
 * temporary file (imports read files, and a client's connection must not hold a transaction
 * open), a job row is created, and the caller polls the job for progress and the summary.
 */
export async function startImport(ctx: ServiceContext, input: z.infer<typeof ZImportStart>, body: WebReadableStream<Uint8Array> | null): Promise<ImportJob> {
  authorize(ctx.principal, isStaff(ctx.principal), "import", "project");
  if (!body) throw new AppError("validation_failed", { params: {}, details: [{ path: "body", code: "required", message: "required" }] });
  let mapping: unknown;
  if (input.kind === "csv-actors" || input.kind === "csv-projects") {
    if (!input.mapping) throw new AppError("validation_failed", { details: [{ path: "mapping", code: "required", message: "required" }] });
    try {
      mapping = JSON.parse(input.mapping);
    } catch (cause) {
      throw new AppError("invalid_json", { cause });
    }
    // A bad mapping is the request's fault: refused now, pointing at the field, not as a failed job later.
    (await import("./csv.js")).validateCsvMapping(input.kind, mapping);
  }
  const importer = await importerFor(input.kind);
  const dir = await mkdtemp(join(tmpdir(), "concord-import-"));
  // The spool file carries the user's file name, so messages and audit rows that name the file name theirs.
  const file = join(dir, basename(input.filename).replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^\.+/, "") || "upload");
  try {
    await pipeline(Readable.fromWeb(body), limitBytes(MAX_IMPORT_BYTES, () => {}), createWriteStream(file));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err instanceof AppError ? err : new AppError("bad_request", { params: { reason: "upload interrupted" }, cause: err });
  }
  const size = (await stat(file)).size;
  const params: ImportParams = { mechanism: input.mechanism, encoding: input.encoding, mapping };
  const job = await withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(importJobs)
      .values({ kind: input.kind, filename: input.filename, bytesTotal: size, createdBy: ctx.principal.kind === "user" ? ctx.principal.userId : null, createdAt: ctx.now() })
      .returning();
    await audit(tx, { entity: "import_job", entityId: row!.id, action: "create", after: { kind: input.kind, filename: input.filename, bytes: size } });
    return row!;
  });
  const controller = new AbortController();
  running.set(job.id, controller);
  void runJob(ctx, job.id, importer, file, params, controller).finally(async () => {
    running.delete(job.id);
    await rm(dir, { recursive: true, force: true });
  });
  return toJob(job);
}

async function runJob(ctx: ServiceContext, id: string, importer: Awaited<ReturnType<typeof importerFor>>, file: string, params: ImportParams, controller: AbortController) {
  // The job outlives the request: it runs on the server's connection pool, outside any request transaction.
  const jobCtx: ServiceContext = { ...ctx, inTransaction: false };
  let last = 0;
  let pending: Promise<unknown> = Promise.resolve();
  try {
    const summary = await importer(jobCtx, [file], params, {
      signal: controller.signal,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < 300) return;
        last = now;
        pending = pending.then(() => jobCtx.db.update(importJobs).set({ bytesDone: p.bytesDone, records: p.records }).where(eq(importJobs.id, id)));
      },
    });
    await pending;
    // The summary names the file the user uploaded, not the spool file.
    const [row] = await jobCtx.db.select({ filename: importJobs.filename, bytesTotal: importJobs.bytesTotal }).from(importJobs).where(eq(importJobs.id, id));
    const named: ImportSummary = { ...summary, files: [row!.filename], skipped: summary.skipped.map((s) => ({ ...s, file: row!.filename })) };
    await finish(jobCtx, id, { status: summary.cancelled ? "cancelled" : "done", summary: named, bytesDone: row!.bytesTotal, records: summary.records });
  } catch (err) {
    await pending.catch(() => {});
    // The job's reader sees the uploader's words for what went wrong, with the field it concerns.
    const { body } = toErrorResponse(err, ctx.lang);
    const details = Array.isArray(body.error.details) ? (body.error.details as { path?: string; message: string }[]).map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)) : [];
    const message = [body.error.message, ...details].join(" — ");
    ctx.log?.error({ err: errorForLog(err), job: id }, "import job failed");
    await finish(jobCtx, id, { status: "failed", error: message.slice(0, 500) }).catch(() => {});
  }
}

async function finish(ctx: ServiceContext, id: string, patch: Partial<typeof importJobs.$inferInsert>) {
  await withTransaction(ctx, async (tx) => {
    await tx.db.update(importJobs).set({ ...patch, finishedAt: ctx.now() }).where(eq(importJobs.id, id));
    const s = patch.summary as ImportSummary | undefined;
    await audit(tx, { entity: "import_job", entityId: id, action: patch.status ?? "finish", after: s ? { records: s.records, created: s.created, updated: s.updated, unchanged: s.unchanged, skipped: s.skipped.length } : { error: patch.error } });
  });
}

/** Import jobs are the staff's: an officer sees none. */
export async function getImportJob(ctx: ServiceContext, id: string): Promise<ImportJob> {
  authorize(ctx.principal, isStaff(ctx.principal), "read", "import_job");
  const [row] = await ctx.db.select().from(importJobs).where(eq(importJobs.id, id));
  if (!row) throw notFound("import_job", id);
  return toJob(row);
}

export async function listImportJobs(ctx: ServiceContext, limit = 50): Promise<ImportJob[]> {
  authorize(ctx.principal, isStaff(ctx.principal), "read", "import_job");
  const rows = await ctx.db.select().from(importJobs).orderBy(desc(importJobs.createdAt)).limit(limit);
  return rows.map(toJob);
}

/** Asks a running job to stop after the batch in flight; a finished one is left as it is (409). */
export async function cancelImportJob(ctx: ServiceContext, id: string): Promise<ImportJob> {
  const job = await getImportJob(ctx, id);
  const controller = running.get(id);
  if (job.status !== "running" || !controller) throw new AppError("conflict", { params: { entity: "import_job", id, reason: job.status } });
  controller.abort();
  await audit(ctx, { entity: "import_job", entityId: id, action: "cancel_request" });
  return job;
}
