import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { createAgreement } from "../../modules/obligations/write.js";
import { addObligation } from "../../modules/obligations/write.js";
import { getAgreement, listAgreements } from "../../modules/obligations/read.js";
import { ZAgreementDetail, ZAgreementListQuery, ZAgreementNew, ZAgreementPage, ZObligation, ZObligationNew } from "../../modules/obligations/schemas.js";
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
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/agreements",
      tags: ["agreements"],
      summary: "Agreements and MoUs the caller may see (a project's follow the project's visibility; standalone ones need a sign-in)",
      request: { query: ZAgreementListQuery },
      responses: { 200: json(ZAgreementPage, "A page of agreements, newest signing first"), 400: errors[400] },
    }),
    async (c) => c.json(await listAgreements(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/agreements",
      tags: ["agreements"],
      summary: "Record a signed MoU or agreement, standalone or under a mechanism (staff, or an officer of a signatory)",
      request: { body: body(ZAgreementNew) },
      responses: { 201: json(ZAgreementDetail, "The agreement"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(await createAgreement(c.get("ctx"), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/agreements/{ref}",
      tags: ["agreements"],
      summary: "One agreement with its signatories and its obligations' status",
      request: { params: ZRefParam },
      responses: { 200: json(ZAgreementDetail, "The agreement"), 404: errors[404] },
    }),
    async (c) => c.json(await getAgreement(c.get("ctx"), c.req.valid("param").ref), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/agreements/{ref}/obligations",
      tags: ["agreements"],
      summary: "Add an obligation owed by one signatory, with its due date; reminders are scheduled (staff, or an officer of a signatory)",
      request: { params: ZRefParam, body: body(ZObligationNew) },
      responses: { 201: json(ZObligation, "The obligation"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(await addObligation(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 201),
  );
}
