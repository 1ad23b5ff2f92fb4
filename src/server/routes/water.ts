import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { listBasins, listRbos, listTreaties, waterIntensity } from "../../modules/water/read.js";
import { ZBasinList, ZIntensity, ZIntensityQuery, ZRboListQuery, ZRboPage, ZTreatyListQuery, ZTreatyPage } from "../../modules/water/schemas.js";
import type { AppEnv } from "../env.js";
import { errors, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

/** Transboundary water data imported from the TFDD (Oregon State University): public reference reads. */
export function registerWater(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/water/rbos",
      tags: ["water"],
      summary: "River basin organisations (TFDD RBO database), one per organisation with its basins and member countries",
      request: { query: withCsv(ZRboListQuery) },
      responses: { 200: jsonOrCsv(ZRboPage, "A page of river basin organisations"), 400: errors[400] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "water-rbos", query);
      return c.json(await listRbos(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/water/treaties",
      tags: ["water"],
      summary: "Freshwater treaties (TFDD treaties database), one per treaty with its basins and parties",
      request: { query: withCsv(ZTreatyListQuery) },
      responses: { 200: jsonOrCsv(ZTreatyPage, "A page of treaties"), 400: errors[400] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "water-treaties", query);
      return c.json(await listTreaties(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/water/basins",
      tags: ["water"],
      summary: "International basins with water events, river basin organisations or treaties",
      responses: { 200: json(ZBasinList, "Basins by TFDD code") },
    }),
    async (c) => c.json(await listBasins(c.get("ctx")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/water/intensity",
      tags: ["water"],
      summary: "Water events per year with their BAR intensity (conflict, neutral, cooperation), for a basin or a mechanism",
      request: { query: ZIntensityQuery },
      responses: { 200: json(ZIntensity, "One row per year with water events"), 400: errors[400] },
    }),
    async (c) => c.json(await waterIntensity(c.get("ctx"), c.req.valid("query")), 200),
  );
}
