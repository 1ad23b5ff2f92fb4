import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { mechanismOverlapMatrices, participantTable, projectOverlapList, rboScore } from "../../modules/compare/read.js";
import { ZOverlap, ZOverlapQuery, ZParticipantTable, ZParticipantTableQuery, ZProjectOverlap, ZProjectOverlapQuery, ZRboQuery, ZRboScore, ZRboScoreRequest } from "../../modules/compare/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";

/** Mechanisms side by side: overlap matrices, published participant counts, river-basin-organisation scores. */
export function registerCompare(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/compare/overlap",
      tags: ["compare"],
      summary: "Membership, sector and geographic overlap (Jaccard) of every pair of mechanisms",
      description: "Projects count only where the caller may see them; sector money sums USD budgets.",
      request: { query: ZOverlapQuery },
      responses: { 200: json(ZOverlap, "One matrix per kind, rows and columns in the order asked"), 400: errors[400], 404: errors[404] },
    }),
    async (c) => c.json(await mechanismOverlapMatrices(c.get("ctx"), c.req.valid("query")), 200),
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
      path: "/api/v1/compare/projects/{ref}/overlap",
      tags: ["compare"],
      summary: "Projects of other mechanisms and imported records in the same place and sector over overlapping years, with the reasons",
      request: { params: ZRefParam, query: ZProjectOverlapQuery },
      responses: { 200: json(ZProjectOverlap, "Overlapping projects, most specific place first"), 400: errors[400], 404: errors[404] },
    }),
    async (c) => c.json(await projectOverlapList(c.get("ctx"), c.req.valid("param").ref, c.req.valid("query")), 200),
  );
}
