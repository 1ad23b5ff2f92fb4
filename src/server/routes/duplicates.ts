import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { csvFilename } from "../../lib/csv.js";
import { checkDraft, projectDuplicates, scanDuplicates } from "../../modules/duplicates/check.js";
import { duplicatePairsCsv } from "../../modules/duplicates/csv.js";
import { ZDuplicateCheck, ZDuplicateDraft, ZDuplicateScan, ZDuplicateScanQuery, ZProjectDuplicates, ZProjectDuplicatesQuery } from "../../modules/duplicates/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { jsonOrCsv, wantsCsv, withCsv } from "../csv.js";
import { body, errors, json } from "../openapi.js";

/** Repeated-construction detection: likely duplicates of a draft, of a project, and across the portfolio. */
export function registerDuplicates(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/duplicates/check",
      tags: ["duplicates"],
      summary: "Existing projects and proposals that look like a proposal being drafted (staff and officers); stores nothing",
      description:
        "Title and description are compared in each language the draft gives them in (Thai, Lao, Khmer, Burmese and Chinese segmented into words), then place, sector and years raise or lower the score. Only projects the caller may see are searched. A party code that names no organisation is ignored.",
      request: { body: body(ZDuplicateDraft) },
      responses: { 200: json(ZDuplicateCheck, "Likely duplicates, best first, each with its score and reasons"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await checkDraft(c.get("ctx"), c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/projects/{ref}/duplicates",
      tags: ["duplicates"],
      summary: "Likely duplicates of an existing project among the projects the caller may see (signed-in users)",
      request: { params: ZRefParam, query: ZProjectDuplicatesQuery },
      responses: { 200: json(ZProjectDuplicates, "Likely duplicates, best first"), 400: errors[400], 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(await projectDuplicates(c.get("ctx"), c.req.valid("param").ref, c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/duplicates",
      tags: ["duplicates"],
      summary: "Every likely duplicate pair in the portfolio the caller may see, best first (staff and analysts)",
      request: { query: withCsv(ZDuplicateScanQuery) },
      responses: { 200: jsonOrCsv(ZDuplicateScan, "Likely duplicate pairs"), 400: errors[400], 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const ctx = c.get("ctx");
      const scan = await scanDuplicates(ctx, query);
      if (!wantsCsv(query)) return c.json(scan, 200);
      return c.body(duplicatePairsCsv(scan, query.lang ?? c.get("lang"), query.bom === "true"), 200, {
        "Content-Type": "text/csv; charset=utf-8; header=present",
        "Content-Disposition": `attachment; filename=${csvFilename("duplicates", ctx.now())}`,
        "Cache-Control": "no-store",
      });
    },
  );
}
