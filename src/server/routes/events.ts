import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { createEvent } from "../../modules/events/create.js";
import { getEvent, listEvents } from "../../modules/events/read.js";
import { ZEvent, ZEventCreate, ZEventListQuery, ZEventPage } from "../../modules/events/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

export function registerEvents(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events",
      tags: ["events"],
      summary: "Meetings, declarations and other events on mechanisms' timelines",
      request: { query: withCsv(ZEventListQuery) },
      responses: { 200: jsonOrCsv(ZEventPage, "A page of events"), 400: errors[400] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "events", query);
      return c.json(await listEvents(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{ref}",
      tags: ["events"],
      summary: "One event with its participants",
      request: { params: ZRefParam },
      responses: { 200: json(ZEvent, "The event"), 404: errors[404] },
    }),
    async (c) => c.json(await getEvent(c.get("ctx"), c.req.valid("param").ref), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/events",
      tags: ["events"],
      summary: "Record an event (staff; officers for their own organisation)",
      request: { body: body(ZEventCreate) },
      responses: { 201: json(ZEvent, "Created"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(await createEvent(c.get("ctx"), c.req.valid("json")), 201),
  );
}
