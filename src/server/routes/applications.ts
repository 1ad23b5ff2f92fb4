import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { getApplication, listApplications } from "../../modules/applications/read.js";
import { ZApplication, ZApplicationAction, ZApplicationCreate, ZApplicationListQuery, ZApplicationPage, ZApplicationUpdate, ZAssignReviewers, ZReviewSubmit } from "../../modules/applications/schemas.js";
import { actOnApplication, assignReviewers, createApplication, submitReview, updateApplication } from "../../modules/applications/write.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import { etag } from "../../modules/shared/versioned.js";
import type { AppEnv } from "../env.js";
import { body, errors, ifMatchHeader, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

const changed = { 200: json(ZApplication, "The application after the change"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] };

export function registerApplications(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/applications",
      tags: ["fund"],
      summary: "Applications the caller may see: staff all, applicants their own, reviewers those assigned",
      request: { query: withCsv(ZApplicationListQuery) },
      responses: { 200: jsonOrCsv(ZApplicationPage, "A page of applications"), 400: errors[400] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "applications", query);
      return c.json(await listApplications(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/applications/{ref}",
      tags: ["fund"],
      summary: "An application with its screening, reviews (as the caller may see them) and decision",
      request: { params: ZRefParam },
      responses: { 200: json(ZApplication, "The application"), 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const a = await getApplication(c.get("ctx"), c.req.valid("param").ref);
      c.header("ETag", etag(a.version));
      return c.json(a, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/applications",
      tags: ["fund"],
      summary: "Draft an application to a call (an officer for its own organisation, with co-applicants)",
      request: { body: body(ZApplicationCreate) },
      responses: { 201: json(ZApplication, "The draft"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(await createApplication(c.get("ctx"), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/applications/{ref}",
      tags: ["fund"],
      summary: "Revise a draft or returned application (its applicant or staff); requires If-Match",
      request: { params: ZRefParam, headers: ifMatchHeader, body: body(ZApplicationUpdate) },
      responses: { ...changed, 412: errors[412], 428: errors[428] },
    }),
    async (c) => {
      const a = await updateApplication(c.get("ctx"), c.req.valid("param").ref, c.req.header("if-match"), c.req.valid("json"));
      c.header("ETag", etag(a.version));
      return c.json(a, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/applications/{ref}/actions",
      tags: ["fund"],
      summary: "Submit or withdraw (applicant); screen, approve, reject or return (secretariat)",
      request: { params: ZRefParam, body: body(ZApplicationAction) },
      responses: changed,
    }),
    async (c) => c.json(await actOnApplication(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/applications/{ref}/reviewers",
      tags: ["fund"],
      summary: "Assign the call's number of reviewers, none from a party's organisation or country (secretariat)",
      request: { params: ZRefParam, body: body(ZAssignReviewers) },
      responses: changed,
    }),
    async (c) => c.json(await assignReviewers(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/applications/{ref}/review",
      tags: ["fund"],
      summary: "Submit the caller's scores per criterion with a comment (assigned reviewer, once)",
      request: { params: ZRefParam, body: body(ZReviewSubmit) },
      responses: changed,
    }),
    async (c) => c.json(await submitReview(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
}
