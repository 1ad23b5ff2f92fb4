import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { listInbox, markAllRead, markRead, ZInboxPage, ZInboxQuery } from "../../modules/inbox/read.js";
import type { AppEnv } from "../env.js";
import { errors, json } from "../openapi.js";

const ZInboxIdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });

export function registerInbox(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/inbox",
      tags: ["inbox"],
      summary: "The signed-in user's messages (to them, their organisation, or the secretariat for staff), newest first, rendered in their language",
      request: { query: ZInboxQuery },
      responses: { 200: json(ZInboxPage, "A page of messages with the unread count"), 400: errors[400], 401: errors[401] },
    }),
    async (c) => c.json(await listInbox(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/inbox/read-all",
      tags: ["inbox"],
      summary: "Mark every unread message read",
      responses: { 200: json(z.object({ marked: z.number().int() }), "How many were marked"), 401: errors[401] },
    }),
    async (c) => c.json(await markAllRead(c.get("ctx")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/inbox/{id}/read",
      tags: ["inbox"],
      summary: "Mark one message read",
      request: { params: ZInboxIdParam },
      responses: { 200: json(z.object({ id: z.string(), readAt: z.string() }), "Read"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(await markRead(c.get("ctx"), c.req.valid("param").id), 200),
  );
}
