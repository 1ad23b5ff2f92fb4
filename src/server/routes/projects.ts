import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getProject, listProjects } from "../../modules/projects/read.js";
import { addPhase, addReport, addTransaction, createProject, updatePhase, updateProject } from "../../modules/projects/write.js";
import {
  ZPhaseCreate,
  ZPhaseUpdate,
  ZProject,
  ZProjectCreate,
  ZProjectListQuery,
  ZProjectPage,
  ZProjectUpdate,
  ZReportCreate,
  ZTransactionCreate,
} from "../../modules/projects/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import { etag } from "../../modules/shared/versioned.js";
import type { AppEnv } from "../env.js";
import { body, errors, ifMatchHeader, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

const ZPhaseParam = ZRefParam.extend({ seq: z.coerce.number().int().min(1).max(10_000).openapi({ param: { name: "seq", in: "path" } }) });
const created = { 201: json(ZProject, "The project after the change"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] };

export function registerProjects(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/projects",
      tags: ["projects"],
      summary: "Projects the caller may see, filtered, searched and sorted",
      request: { query: withCsv(ZProjectListQuery) },
      responses: { 200: jsonOrCsv(ZProjectPage, "A page of projects"), 400: errors[400] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "projects", query);
      return c.json(await listProjects(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/projects/{ref}",
      tags: ["projects"],
      summary: "A project with parties, phases, transactions and progress reports",
      request: { params: ZRefParam },
      responses: { 200: json(ZProject, "The project; ETag carries its version"), 404: errors[404] },
    }),
    async (c) => {
      const p = await getProject(c.get("ctx"), c.req.valid("param").ref);
      c.header("ETag", etag(p.version));
      return c.json(p, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/projects",
      tags: ["projects"],
      summary: "Propose a project (staff; an officer only with its own organisation as lead)",
      request: { body: body(ZProjectCreate) },
      responses: created,
    }),
    async (c) => {
      const p = await createProject(c.get("ctx"), c.req.valid("json"));
      c.header("ETag", etag(p.version));
      return c.json(p, 201);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/projects/{ref}",
      tags: ["projects"],
      summary: "Update a project (staff, or an officer of the lead organisation); requires If-Match",
      request: { params: ZRefParam, headers: ifMatchHeader, body: body(ZProjectUpdate) },
      responses: { 200: json(ZProject, "Updated"), ...errors },
    }),
    async (c) => {
      const p = await updateProject(c.get("ctx"), c.req.valid("param").ref, c.req.header("if-match"), c.req.valid("json"));
      c.header("ETag", etag(p.version));
      return c.json(p, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/projects/{ref}/phases",
      tags: ["projects"],
      summary: "Add the next phase to a project",
      request: { params: ZRefParam, body: body(ZPhaseCreate) },
      responses: created,
    }),
    async (c) => c.json(await addPhase(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/projects/{ref}/phases/{seq}",
      tags: ["projects"],
      summary: "Update a phase; If-Match carries the phase's version",
      request: { params: ZPhaseParam, headers: ifMatchHeader, body: body(ZPhaseUpdate) },
      responses: { 200: json(ZProject, "Updated"), ...errors },
    }),
    async (c) => {
      const { ref, seq } = c.req.valid("param");
      return c.json(await updatePhase(c.get("ctx"), ref, seq, c.req.header("if-match"), c.req.valid("json")), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/projects/{ref}/transactions",
      tags: ["projects"],
      summary: "Record a commitment, disbursement or other IATI transaction",
      request: { params: ZRefParam, body: body(ZTransactionCreate) },
      responses: created,
    }),
    async (c) => c.json(await addTransaction(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/projects/{ref}/reports",
      tags: ["projects"],
      summary: "Submit a progress report for a phase (a party's officer, or staff)",
      request: { params: ZRefParam, body: body(ZReportCreate) },
      responses: created,
    }),
    async (c) => c.json(await addReport(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 201),
  );
}
