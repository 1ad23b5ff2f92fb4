import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { csvFilename, toCsv } from "../../lib/csv.js";
import { getAssessment, listAssessments, mechanismRboScore, putAssessment } from "../../modules/compare/assessments.js";
import { mechanismsSideBySide, SIDE_BY_SIDE_CSV_HEADER, sideBySideRows } from "../../modules/compare/mechanisms.js";
import { ZAssessment, ZAssessmentInput, ZAssessmentList, ZMechanismParam, ZMechanismRboScore, ZSideBySide, ZSideBySideQuery } from "../../modules/compare/mechanisms-schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";

/** Mechanisms side by side: members, participant diversity, money, tracks, water events, river-basin-organisation assessments. */
export function registerCompareMechanisms(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/compare/mechanisms",
      tags: ["compare"],
      summary: "Mechanisms side by side: members and roles, participant types and diversity, projects and money by sector and country, meetings by track, water events by BAR intensity",
      description:
        "Participants are the members in any role plus the parties of the mechanism's visible projects. Water events are those filed on the mechanism, in a basin of a TFDD organisation linked to it, or between two of its member countries. `rules` says the same for each measure. With format=csv, every figure in long form.",
      request: { query: ZSideBySideQuery },
      responses: {
        200: {
          description: "One profile per mechanism, in the order asked; with format=csv, rows mechanism, measure, key, value",
          content: { "application/json": { schema: ZSideBySide }, "text/csv": { schema: z.string() } },
        },
        400: errors[400],
        404: errors[404],
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const ctx = c.get("ctx");
      const data = await mechanismsSideBySide(ctx, query);
      if (query.format !== "csv") return c.json(data, 200);
      return c.body(toCsv(SIDE_BY_SIDE_CSV_HEADER, sideBySideRows(data)), 200, {
        "Content-Type": "text/csv; charset=utf-8; header=present",
        "Content-Disposition": `attachment; filename=${csvFilename("compare-mechanisms", ctx.now())}`,
        "Cache-Control": "no-store",
      });
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/compare/rbo/assessments",
      tags: ["compare"],
      summary: "River-basin-organisation indicator values entered by hand, one assessment per mechanism",
      responses: { 200: json(ZAssessmentList, "Assessments by mechanism code") },
    }),
    async (c) => c.json(await listAssessments(c.get("ctx")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/compare/rbo/assessments/{mechanism}",
      tags: ["compare"],
      summary: "A mechanism's hand-entered river-basin-organisation values, weights and source (empty when none yet)",
      request: { params: ZMechanismParam },
      responses: { 200: json(ZAssessment, "The assessment"), 404: errors[404] },
    }),
    async (c) => c.json(await getAssessment(c.get("ctx"), c.req.valid("param").mechanism), 200),
  );
  app.openapi(
    createRoute({
      method: "put",
      path: "/api/v1/compare/rbo/assessments/{mechanism}",
      tags: ["compare"],
      summary: "Enters a mechanism's river-basin-organisation values (each 0..1 or null), weights and source (secretariat and administrators; audited)",
      request: { params: ZMechanismParam, body: body(ZAssessmentInput) },
      responses: { 200: json(ZAssessment, "The stored assessment"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await putAssessment(c.get("ctx"), c.req.valid("param").mechanism, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/compare/rbo/assessments/{mechanism}/score",
      tags: ["compare"],
      summary: "A mechanism's river-basin-organisation scores: from the imported TFDD data when it is a TFDD organisation (the MRC), else from its assessment; stored weights",
      request: { params: ZMechanismParam },
      responses: { 200: json(ZMechanismRboScore, "Indicators, level and overall scores, and where the values come from"), 404: errors[404] },
    }),
    async (c) => c.json(await mechanismRboScore(c.get("ctx"), c.req.valid("param").mechanism), 200),
  );
}
