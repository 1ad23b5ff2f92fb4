import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { csvFilename } from "../../lib/csv.js";
import { provincesCsv } from "../../modules/provinces/csv.js";
import { listProvinces, provinceProfile } from "../../modules/provinces/read.js";
import { ZProvinceList, ZProvinceListQuery, ZProvinceProfile, ZProvinceQuery } from "../../modules/provinces/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import { jsonOrCsv, wantsCsv, withCsv } from "../csv.js";
import type { AppEnv } from "../env.js";
import { errors, json } from "../openapi.js";

/** The local-government view: each province or state's projects, partners, obligations, money and cooperation modes. */
export function registerProvinces(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/provinces",
      tags: ["provinces"],
      summary: "Provinces and states side by side: projects, partners, events, agreements, obligations fulfilled, money in USD and cooperation modes",
      description: "Counts only what the caller may see; the public sees published public records.",
      request: { query: withCsv(ZProvinceListQuery) },
      responses: { 200: jsonOrCsv(ZProvinceList, "One row per province or state"), 400: errors[400], 422: errors[422] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const ctx = c.get("ctx");
      const list = await listProvinces(ctx, { country: query.country, mechanism: query.mechanism });
      if (!wantsCsv(query)) return c.json(list, 200);
      return c.body(provincesCsv(list, c.get("lang"), query.bom === "true"), 200, {
        "Content-Type": "text/csv; charset=utf-8; header=present",
        "Content-Disposition": `attachment; filename=${csvFilename("provinces", ctx.now())}`,
        "Cache-Control": "no-store",
      });
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/provinces/{ref}",
      tags: ["provinces"],
      summary: "One province or state: its projects, partners by country and type, events, agreements, obligations, money and cooperation modes",
      request: { params: ZRefParam, query: ZProvinceQuery },
      responses: { 200: json(ZProvinceProfile, "The profile"), 400: errors[400], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await provinceProfile(c.get("ctx"), c.req.valid("param").ref, c.req.valid("query")), 200),
  );
}
