import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { suspensionExposure } from "../../modules/phases/exposure.js";
import { ZExposure, ZPhaseHistory, ZPhaseTransition } from "../../modules/phases/schemas.js";
import { getPhaseHistory, transitionPhase } from "../../modules/phases/transition.js";
import { ZProject, ZProjectTerminate } from "../../modules/projects/schemas.js";
import { terminateProject } from "../../modules/projects/terminate.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

const ZPhaseParam = ZRefParam.extend({ seq: z.coerce.number().int().min(1).max(10_000).openapi({ param: { name: "seq", in: "path" } }) });

export function registerPhases(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/projects/{ref}/phases/{seq}/transitions",
      tags: ["projects"],
      summary: "Start, complete, suspend (with reason and country), resume or cancel a phase",
      request: { params: ZPhaseParam, body: body(ZPhaseTransition) },
      responses: {
        200: json(ZPhaseHistory, "The phase's history after the change"),
        400: errors[400],
        401: errors[401],
        403: errors[403],
        404: errors[404],
        409: errors[409],
        422: errors[422],
      },
    }),
    async (c) => {
      const { ref, seq } = c.req.valid("param");
      return c.json(await transitionPhase(c.get("ctx"), ref, seq, c.req.valid("json")), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/projects/{ref}/phases/{seq}/history",
      tags: ["projects"],
      summary: "Every status change of a phase, suspensions and resumptions included",
      request: { params: ZPhaseParam },
      responses: { 200: json(ZPhaseHistory, "The phase's history, oldest first"), 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const { ref, seq } = c.req.valid("param");
      return c.json(await getPhaseHistory(c.get("ctx"), ref, seq), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/projects/{ref}/terminate",
      tags: ["projects"],
      summary: "Terminate a project with a reason: open phases are cancelled and disbursements become sunk cost (secretariat)",
      request: { params: ZRefParam, body: body(ZProjectTerminate) },
      responses: { 200: json(ZProject, "The terminated project"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] },
    }),
    async (c) => c.json(await terminateProject(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/exposure",
      tags: ["projects"],
      summary: "Countries where a phase is suspended, with every project exposed there (staff, analysts)",
      request: { query: withCsv(z.object({})) },
      responses: { 200: jsonOrCsv(ZExposure, "Exposure by country"), 400: errors[400], 401: errors[401], 403: errors[403] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "exposure", query);
      return c.json(await suspensionExposure(c.get("ctx")), 200);
    },
  );
}
