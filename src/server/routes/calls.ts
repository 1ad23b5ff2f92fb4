import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { createCall, getCall, listCalls } from "../../modules/calls/calls.js";
import { ZCall, ZCallCreate, ZCallListQuery, ZCallPage } from "../../modules/calls/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import { etag } from "../../modules/shared/versioned.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

export function registerCalls(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/calls",
      tags: ["fund"],
      summary: "Calls for proposals, newest first; anyone may read them",
      request: { query: withCsv(ZCallListQuery) },
      responses: { 200: jsonOrCsv(ZCallPage, "A page of calls"), 400: errors[400] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "calls", query);
      return c.json(await listCalls(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/calls/{ref}",
      tags: ["fund"],
      summary: "A call: window, eligibility, ceiling, rubric and reviewers per application",
      request: { params: ZRefParam },
      responses: { 200: json(ZCall, "The call"), 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const call = await getCall(c.get("ctx"), c.req.valid("param").ref);
      c.header("ETag", etag(call.version));
      return c.json(call, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/calls",
      tags: ["fund"],
      summary: "Open a call for proposals (secretariat, admin)",
      request: { body: body(ZCallCreate) },
      responses: { 201: json(ZCall, "The call"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(await createCall(c.get("ctx"), c.req.valid("json")), 201),
  );
}
