import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { annualReport, ZAnnualReportQuery } from "../../modules/annual-report/annual-report.js";
import { listLateReports, reviewReport } from "../../modules/reports/reports.js";
import { ZLateReportPage, ZLateReportQuery, ZReportReview, ZReportReviewed } from "../../modules/reports/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

const ZReportParam = ZRefParam.extend({ id: z.string().uuid().openapi({ param: { name: "id", in: "path" } }) });

export function registerReports(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/mechanisms/{ref}/annual-report",
      tags: ["mechanisms"],
      summary: "Annual progress report of a mechanism for a year, as HTML or PDF, in the requested language",
      request: { params: ZRefParam, query: ZAnnualReportQuery },
      responses: {
        200: {
          description: "The report",
          content: { "text/html": { schema: z.string() }, "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
        },
        400: errors[400],
        404: errors[404],
        503: errors[503],
      },
    }),
    async (c) => {
      const { year, format, lang } = c.req.valid("query");
      const report = await annualReport(c.get("ctx"), c.req.valid("param").ref, year, lang ?? c.get("lang"), format);
      c.header("Content-Type", report.contentType);
      if (format === "pdf") c.header("Content-Disposition", `inline; filename="annual-report-${year}.pdf"`);
      return c.body(new Uint8Array(report.body), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/reports/late",
      tags: ["projects"],
      summary: "Progress reports overdue today, most overdue first, across the projects the caller may see",
      request: { query: withCsv(ZLateReportQuery) },
      responses: { 200: jsonOrCsv(ZLateReportPage, "Overdue reporting periods"), 400: errors[400], 401: errors[401] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "late-reports", query);
      return c.json(await listLateReports(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/projects/{ref}/reports/{id}/review",
      tags: ["projects"],
      summary: "Accept a submitted progress report, or return it with a comment (secretariat)",
      request: { params: ZReportParam, body: body(ZReportReview) },
      responses: { 200: json(ZReportReviewed, "The report after review"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] },
    }),
    async (c) => {
      const { ref, id } = c.req.valid("param");
      return c.json(await reviewReport(c.get("ctx"), ref, id, c.req.valid("json")), 200);
    },
  );
}
