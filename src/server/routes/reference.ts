import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listAudit, ZAuditPage, ZAuditQuery } from "../../modules/audit/list.js";
import { listCountries, ZCountry } from "../../modules/countries/list.js";
import type { AppEnv } from "../env.js";
import { errors, json } from "../openapi.js";

export function registerReference(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/countries",
      tags: ["reference"],
      summary: "Countries with names in the seven languages",
      responses: { 200: json(z.object({ items: z.array(ZCountry) }), "Countries") },
    }),
    async (c) => c.json({ items: await listCountries(c.get("ctx")) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/audit",
      tags: ["audit"],
      summary: "The append-only audit log, newest first (admin, secretariat)",
      request: { query: ZAuditQuery },
      responses: { 200: json(ZAuditPage, "A page of audit entries"), 400: errors[400], 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json(await listAudit(c.get("ctx"), c.req.valid("query")), 200),
  );
}
