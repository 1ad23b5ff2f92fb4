import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { listAlerts } from "../../modules/alerts/compute.js";
import { ZAlertList, ZAlertQuery } from "../../modules/alerts/schemas.js";
import type { AppEnv } from "../env.js";
import { errors, json } from "../openapi.js";

export function registerAlerts(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/alerts",
      tags: ["alerts"],
      summary: "What the secretariat should look at now, computed from the records (staff and analysts)",
      description:
        "Late progress reports, phases past their end date, suspended phases and the projects exposed in the same country, slow disbursement, funding gaps, overdue obligations, consultation clocks ending within 30 days and dispute deadlines within 14 days — most severe first, then the earliest date. Each alert follows the visibility of its record.",
      request: { query: ZAlertQuery },
      responses: { 200: json(ZAlertList, "The alerts, most severe first"), 400: errors[400], 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json(await listAlerts(c.get("ctx"), c.req.valid("query")), 200),
  );
}
