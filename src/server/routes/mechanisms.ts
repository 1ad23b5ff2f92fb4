import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { getMechanism, listMechanisms } from "../../modules/mechanisms/read.js";
import { addMembership, createMechanism, updateMechanism } from "../../modules/mechanisms/write.js";
import { ZMechanism, ZMechanismCreate, ZMechanismListQuery, ZMechanismPage, ZMechanismUpdate, ZMembershipCreate } from "../../modules/mechanisms/schemas.js";
import { updateMechanismSettings, ZMechanismSettings } from "../../modules/mechanisms/settings.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import { etag } from "../../modules/shared/versioned.js";
import type { AppEnv } from "../env.js";
import { body, errors, ifMatchHeader, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

export function registerMechanisms(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/mechanisms",
      tags: ["mechanisms"],
      summary: "List cooperation mechanisms with their members",
      request: { query: withCsv(ZMechanismListQuery) },
      responses: { 200: jsonOrCsv(ZMechanismPage, "A page of mechanisms"), 400: errors[400] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "mechanisms", query);
      return c.json(await listMechanisms(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/mechanisms/{ref}",
      tags: ["mechanisms"],
      summary: "A mechanism's framework: pillars, priority areas, organs, members, participant counts",
      request: { params: ZRefParam },
      responses: { 200: json(ZMechanism, "The mechanism; ETag carries its version"), 404: errors[404] },
    }),
    async (c) => {
      const m = await getMechanism(c.get("ctx"), c.req.valid("param").ref);
      c.header("ETag", etag(m.version));
      return c.json(m, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/mechanisms",
      tags: ["mechanisms"],
      summary: "Create a mechanism (admin, secretariat)",
      request: { body: body(ZMechanismCreate) },
      responses: { 201: json(ZMechanism, "Created"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const m = await createMechanism(c.get("ctx"), c.req.valid("json"));
      c.header("ETag", etag(m.version));
      return c.json(m, 201);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/mechanisms/{ref}",
      tags: ["mechanisms"],
      summary: "Update a mechanism (admin, secretariat); requires If-Match",
      request: { params: ZRefParam, headers: ifMatchHeader, body: body(ZMechanismUpdate) },
      responses: { 200: json(ZMechanism, "Updated"), ...errors },
    }),
    async (c) => {
      const m = await updateMechanism(c.get("ctx"), c.req.valid("param").ref, c.req.header("if-match"), c.req.valid("json"));
      c.header("ETag", etag(m.version));
      return c.json(m, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/mechanisms/{ref}/members",
      tags: ["mechanisms"],
      summary: "Add a member with its role and dates (admin, secretariat)",
      request: { params: ZRefParam, body: body(ZMembershipCreate) },
      responses: { 201: json(ZMechanism, "The mechanism with the new member"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await addMembership(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/mechanisms/{ref}/settings",
      tags: ["mechanisms"],
      summary: "Set the consultation period, dispute stage days, auto-escalation and reminder days (admin, secretariat); If-Match optional",
      request: { params: ZRefParam, headers: ifMatchHeader, body: body(ZMechanismSettings) },
      responses: { 200: json(ZMechanism, "The mechanism with its new settings"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 412: errors[412], 422: errors[422] },
    }),
    async (c) => {
      const m = await updateMechanismSettings(c.get("ctx"), c.req.valid("param").ref, c.req.header("if-match"), c.req.valid("json"));
      c.header("ETag", etag(m.version));
      return c.json(m, 200);
    },
  );
}
