import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { addAgreement, ZAgreementCreate } from "../../modules/projects/agreements.js";
import { ZProject } from "../../modules/projects/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";

export function registerAgreements(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/projects/{ref}/agreements",
      tags: ["projects"],
      summary: "Record a signed agreement of a project: title, date and the parties that signed",
      request: { params: ZRefParam, body: body(ZAgreementCreate) },
      responses: { 201: json(ZProject, "The project with its agreements"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(await addAgreement(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 201),
  );
}
