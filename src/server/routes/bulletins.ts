import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { addBulletinRecipients, bulletinReads, getBulletin, listBulletins, sendBulletin } from "../../modules/bulletins/bulletins.js";
import { ZBulletin, ZBulletinCreate, ZBulletinListQuery, ZBulletinPage, ZBulletinReads, ZBulletinRecipientsAdd } from "../../modules/bulletins/schemas.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

const RESTRICTED = "Only users of the organisations named on the bulletin (sender and recipients) can reach it; to everyone else it does not exist (404). Every read is audited.";

export function registerBulletins(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/bulletins",
      tags: ["bulletins"],
      summary: "Restricted bulletins the caller's organisation sent or received (empty for everyone else)",
      description: RESTRICTED,
      request: { query: withCsv(ZBulletinListQuery) },
      responses: { 200: jsonOrCsv(ZBulletinPage, "A page of bulletins"), 400: errors[400] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "bulletins", query);
      return c.json(await listBulletins(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/bulletins/{ref}",
      tags: ["bulletins"],
      summary: "One bulletin with its text and recipients",
      description: RESTRICTED,
      request: { params: ZRefParam },
      responses: { 200: json(ZBulletin, "The bulletin"), 404: errors[404] },
    }),
    async (c) => c.json(await getBulletin(c.get("ctx"), c.req.valid("param").ref), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/bulletins/{ref}/reads",
      tags: ["bulletins"],
      summary: "The read log of a bulletin: who opened, listed or exported it, and when",
      description: RESTRICTED,
      request: { params: ZRefParam },
      responses: { 200: json(ZBulletinReads, "Reads, newest first"), 404: errors[404] },
    }),
    async (c) => c.json(await bulletinReads(c.get("ctx"), c.req.valid("param").ref), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/bulletins",
      tags: ["bulletins"],
      summary: "Send a restricted bulletin from the caller's organisation (officers, secretariat, admins)",
      request: { body: body(ZBulletinCreate) },
      responses: { 201: json(ZBulletin, "Sent"), 400: errors[400], 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json(await sendBulletin(c.get("ctx"), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/bulletins/{ref}/recipients",
      tags: ["bulletins"],
      summary: "Name more recipients on a bulletin (the sending organisation only)",
      description: RESTRICTED,
      request: { params: ZRefParam, body: body(ZBulletinRecipientsAdd) },
      responses: { 200: json(ZBulletin, "The bulletin with its recipients"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await addBulletinRecipients(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
}
