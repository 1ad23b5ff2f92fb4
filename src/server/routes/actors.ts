import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { getActor, listActors } from "../../modules/actors/read.js";
import { createActor, updateActor } from "../../modules/actors/write.js";
import { ZActorCreate, ZActorDetail, ZActorListQuery, ZActorPage, ZActorUpdate } from "../../modules/actors/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import { etag } from "../../modules/shared/versioned.js";
import type { AppEnv } from "../env.js";
import { body, errors, ifMatchHeader, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

export function registerActors(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/actors",
      tags: ["actors"],
      summary: "Governments, enterprises, universities, institutes, finance bodies, NGOs and intermediaries",
      request: { query: withCsv(ZActorListQuery) },
      responses: { 200: jsonOrCsv(ZActorPage, "A page of actors"), 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "actors", query);
      return c.json(await listActors(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/actors/{ref}",
      tags: ["actors"],
      summary: "An actor with its place in the hierarchy and its memberships",
      request: { params: ZRefParam },
      responses: { 200: json(ZActorDetail, "The actor"), 404: errors[404] },
    }),
    async (c) => {
      const a = await getActor(c.get("ctx"), c.req.valid("param").ref);
      c.header("ETag", etag(a.version));
      return c.json(a, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/actors",
      tags: ["actors"],
      summary: "Register an actor (admin, secretariat)",
      request: { body: body(ZActorCreate) },
      responses: { 201: json(ZActorDetail, "Created"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const a = await createActor(c.get("ctx"), c.req.valid("json"));
      c.header("ETag", etag(a.version));
      return c.json(a, 201);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/actors/{ref}",
      tags: ["actors"],
      summary: "Update an actor (staff, or an officer for its own organisation); requires If-Match",
      request: { params: ZRefParam, headers: ifMatchHeader, body: body(ZActorUpdate) },
      responses: { 200: json(ZActorDetail, "Updated"), ...errors },
    }),
    async (c) => {
      const a = await updateActor(c.get("ctx"), c.req.valid("param").ref, c.req.header("if-match"), c.req.valid("json"));
      c.header("ETag", etag(a.version));
      return c.json(a, 200);
    },
  );
}
