import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { csvFilename } from "../../lib/csv.js";
import { outsideActivityCsv, overlapCsv, projectOverlapCsv } from "../../modules/compare/csv.js";
import { mechanismOverlapMatrices, outsideActivityIn, participantTable, projectOverlapList, rboScore } from "../../modules/compare/read.js";
import { ZOutsideActivity, ZOutsideActivityQuery, ZOverlap, ZOverlapQuery, ZParticipantTable, ZParticipantTableQuery, ZProjectOverlap, ZProjectOverlapQuery, ZRboQuery, ZRboScore, ZRboScoreRequest } from "../../modules/compare/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import { jsonOrCsv, wantsCsv, withCsv } from "../csv.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";

/** A whole CSV built at once (a matrix or an overlap list is small), as an attachment like the list exports. */
function csvAttachment(c: Context<AppEnv>, name: string, text: string) {
  return c.body(text, 200, {
    "Content-Type": "text/csv; charset=utf-8; header=present",
    "Content-Disposition": `attachment; filename=${csvFilename(name, c.get("ctx").now())}`,
    "Cache-Control": "no-store",
  });
}
/** A code as part of a file name: anything but letters, digits, `_` and `-` becomes `-`. */
const fileSafe = (code: string) => code.replace(/[^A-Za-z0-9_-]+/g, "-");
const csvOptions = (c: Context<AppEnv>, query: { bom?: string }) => ({ lang: c.get("lang"), bom: query.bom === "true" });

/** Mechanisms side by side: overlap matrices, published participant counts, river-basin-organisation scores. */
export function registerCompare(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/compare/overlap",
      tags: ["compare"],
      summary: "Membership, sector and geographic overlap (Jaccard) of every pair of mechanisms",
      description: "Projects count only where the caller may see them; sector money sums USD budgets.",
      request: { query: withCsv(ZOverlapQuery) },
      responses: {
        200: jsonOrCsv(ZOverlap, "One matrix per kind, rows and columns in the order asked; the CSV has one row per kind and ordered pair (kind, mechanism A, mechanism B, value)"),
        400: errors[400],
        404: errors[404],
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const overlap = await mechanismOverlapMatrices(c.get("ctx"), query);
      return wantsCsv(query) ? csvAttachment(c, "overlap", overlapCsv(overlap, csvOptions(c, query))) : c.json(overlap, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/compare/participants",
      tags: ["compare"],
      summary: "Published participant counts of one type per member country and mechanism (seed 002 Table 4-1 for NGOs)",
      request: { query: ZParticipantTableQuery },
      responses: { 200: json(ZParticipantTable, "Country × mechanism table"), 400: errors[400] },
    }),
    async (c) => c.json(await participantTable(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/compare/rbo",
      tags: ["compare"],
      summary: "River-basin-organisation indicator scores of an organisation in the imported TFDD RBO database, default weights",
      request: { query: ZRboQuery },
      responses: { 200: json(ZRboScore, "Indicators with their values and weights, level and overall scores"), 400: errors[400], 404: errors[404] },
    }),
    async (c) => c.json(await rboScore(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/compare/rbo/score",
      tags: ["compare"],
      summary: "River-basin-organisation scores under edited weights, from an imported organisation or values entered by hand; stores nothing",
      request: { body: body(ZRboScoreRequest) },
      responses: { 200: json(ZRboScore, "Scores"), 400: errors[400], 401: errors[401], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await rboScore(c.get("ctx"), c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/compare/outside-activity",
      tags: ["compare"],
      summary: "Where outside actors are active in a mechanism's priority areas: per area, the funders of other mechanisms' projects and imported records in its countries and sectors",
      description: "An area's countries and sectors are those of the mechanism's own projects filed under it. Only projects the caller may see count; money sums USD budgets.",
      request: { query: withCsv(ZOutsideActivityQuery) },
      responses: {
        200: jsonOrCsv(ZOutsideActivity, "Priority areas in the mechanism's order, most active outside actors first; the CSV has one row per area and outside actor"),
        400: errors[400],
        404: errors[404],
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const activity = await outsideActivityIn(c.get("ctx"), query);
      return wantsCsv(query) ? csvAttachment(c, `outside-activity-${fileSafe(activity.mechanism)}`, outsideActivityCsv(activity, csvOptions(c, query))) : c.json(activity, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/compare/projects/{ref}/overlap",
      tags: ["compare"],
      summary: "Projects of other mechanisms and imported records in the same place and sector over overlapping years, with the reasons",
      request: { params: ZRefParam, query: withCsv(ZProjectOverlapQuery) },
      responses: { 200: jsonOrCsv(ZProjectOverlap, "Overlapping projects, most specific place first"), 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const list = await projectOverlapList(c.get("ctx"), c.req.valid("param").ref, query);
      return wantsCsv(query) ? csvAttachment(c, `overlap-${fileSafe(list.project)}`, projectOverlapCsv(list, csvOptions(c, query))) : c.json(list, 200);
    },
  );
}
