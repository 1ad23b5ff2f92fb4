import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { listAlerts } from "../../modules/alerts/compute.js";
import { ZAlertList, ZAlertQuery, ZAlertSubscription, ZAlertSubscriptionInput } from "../../modules/alerts/schemas.js";
import { getSubscription, setSubscription } from "../../modules/alerts/subscriptions.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";

export function registerAlerts(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/alerts",
      tags: ["alerts"],
      summary: "What the secretariat should look at now, computed from the records (staff and analysts)",
      description:
        "Late progress reports, phases past their end date, suspended phases and the projects exposed in the same country, slow disbursement, funding gaps, overdue obligations, consultation clocks ending within 30 days and dispute deadlines within 14 days — most severe first, then the earliest date. Each alert follows the visibility of its record. With mine=true, only the kinds and the mechanism of the caller's subscription.",
      request: { query: ZAlertQuery },
      responses: { 200: json(ZAlertList, "The alerts, most severe first"), 400: errors[400], 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json(await listAlerts(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/alerts/subscription",
      tags: ["alerts"],
      summary: "The caller's own alert subscription (staff and analysts); no kinds and no digest when never chosen",
      responses: { 200: json(ZAlertSubscription, "The subscription"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json(await getSubscription(c.get("ctx")), 200),
  );
  app.openapi(
    createRoute({
      method: "put",
      path: "/api/v1/alerts/subscription",
      tags: ["alerts"],
      summary: "Choose which alerts to receive, optionally for one mechanism, and the daily digest channel (staff and analysts)",
      description:
        "Replaces the caller's subscription. channel=email is refused (422 digest_email_unavailable) when the server has no SMTP server configured (CONCORD_SMTP_URL). Audited.",
      request: { body: body(ZAlertSubscriptionInput) },
      responses: { 200: json(ZAlertSubscription, "The saved subscription"), 400: errors[400], 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json(await setSubscription(c.get("ctx"), c.req.valid("json")), 200),
  );
}
