import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { IMPORT_KINDS } from "../../db/schema/interop.js";
import { cancelImportJob, getImportJob, listImportJobs, startImport, ZImportStart, type ImportJob } from "../../modules/imports/jobs.js";
import type { Lang } from "../../db/schema/common.js";
import { t } from "../../lib/i18n/index.js";
import type { AppEnv } from "../env.js";
import { errors, json } from "../openapi.js";

const ZSkipped = z.object({ file: z.string(), line: z.number().int().nullable(), id: z.string().optional(), reason: z.string(), message: z.string() });
const ZSummary = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    files: z.array(z.string()),
    records: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    skipped: z.array(ZSkipped),
    transactions: z.number().int(),
    organisations: z.object({ created: z.number().int(), matched: z.number().int() }),
    cancelled: z.boolean(),
    seconds: z.number(),
  })
  .openapi("ImportSummary");
const ZImportJob = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(IMPORT_KINDS),
    filename: z.string(),
    status: z.enum(["running", "done", "failed", "cancelled"]),
    bytesTotal: z.number().int(),
    bytesDone: z.number().int(),
    records: z.number().int(),
    summary: ZSummary.nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("ImportJob");
const ZJobParam = z.object({ id: z.string().uuid().openapi({ param: { name: "id", in: "path" } }) });
const binary = z.string().openapi({ format: "binary" });
const fileContent = Object.fromEntries(["application/xml", "text/xml", "text/csv", "application/octet-stream"].map((t) => [t, { schema: binary }]));

/** Skip reasons travel as keys; the job's reader gets them in its language. */
function localizeJob(job: ImportJob, lang: Lang) {
  if (!job.summary) return job;
  return { ...job, summary: { ...job.summary, skipped: job.summary.skipped.map(({ params, ...s }) => ({ ...s, message: t(lang, `server.import.skip.${s.reason}`, params) })) } };
}

export function registerImports(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/imports",
      tags: ["interop"],
      summary: "Import a file (IATI XML, AidData GCDF CSV, TFDD CSV, CSV with a mapping) in the background; the body is the file. Poll the job for progress and the summary",
      request: { query: ZImportStart, body: { required: true, content: fileContent } },
      responses: { 202: json(ZImportJob, "The job, running"), 400: errors[400], 401: errors[401], 403: errors[403], 413: errors[413], 422: errors[422] },
    }),
    async (c) => {
      const job = await startImport(c.get("ctx"), c.req.valid("query"), c.req.raw.body as WebReadableStream<Uint8Array> | null);
      return c.json(localizeJob(job, c.get("lang")) as never, 202);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/imports",
      tags: ["interop"],
      summary: "The latest import jobs, newest first (secretariat and administrators)",
      responses: { 200: json(z.object({ items: z.array(ZImportJob) }), "Jobs"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json({ items: (await listImportJobs(c.get("ctx"))).map((j) => localizeJob(j, c.get("lang"))) } as never, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/imports/{id}",
      tags: ["interop"],
      summary: "An import job: progress while it runs, the summary with each skipped record's file, line and reason when it ends",
      request: { params: ZJobParam },
      responses: { 200: json(ZImportJob, "The job"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => c.json(localizeJob(await getImportJob(c.get("ctx"), c.req.valid("param").id), c.get("lang")) as never, 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/imports/{id}/cancel",
      tags: ["interop"],
      summary: "Stop a running import after the batch in flight: what was written stays whole, nothing is half-written",
      request: { params: ZJobParam },
      responses: { 202: json(ZImportJob, "The job, stopping"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] },
    }),
    async (c) => c.json(localizeJob(await cancelImportJob(c.get("ctx"), c.req.valid("param").id), c.get("lang")) as never, 202),
  );
}
