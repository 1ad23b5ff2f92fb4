import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { createUser } from "../../modules/users/create.js";
import { setUserDisabled } from "../../modules/users/disable.js";
import { listUsers } from "../../modules/users/list.js";
import { ZUser, ZUserCreate } from "../../modules/users/schemas.js";
import { createToken, listTokens, revokeToken, ZToken, ZTokenCreate } from "../../modules/tokens/tokens.js";
import { ZIdParam, ZListQuery, pageOf } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";
import { z } from "@hono/zod-openapi";

const ZUserPage = pageOf(ZUser, "UserPage");
const ZTokenCreated = ZToken.extend({ token: z.string().openapi({ description: "The secret; shown only in this response" }) }).openapi("TokenCreated");

export function registerUsers(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/users",
      tags: ["users"],
      summary: "List user accounts (admin)",
      request: { query: ZListQuery.pick({ limit: true, offset: true }) },
      responses: { 200: json(ZUserPage, "Users"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json(await listUsers(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/users",
      tags: ["users"],
      summary: "Create a user account for an organisation (admin)",
      request: { body: body(ZUserCreate) },
      responses: { 201: json(ZUser, "Created"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(await createUser(c.get("ctx"), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/users/{id}/disable",
      tags: ["users"],
      summary: "Disable a user account (admin): it can no longer sign in, its sessions end and its API tokens stop working at once; an admin cannot disable themselves",
      request: { params: ZIdParam },
      responses: { 200: json(ZUser, "Disabled (or already disabled)"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await setUserDisabled(c.get("ctx"), c.req.valid("param").id, true), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/users/{id}/enable",
      tags: ["users"],
      summary: "Enable a disabled user account again (admin): it can sign in, and its unrevoked API tokens work again",
      request: { params: ZIdParam },
      responses: { 200: json(ZUser, "Enabled (or already enabled)"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => c.json(await setUserDisabled(c.get("ctx"), c.req.valid("param").id, false), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/tokens",
      tags: ["auth"],
      summary: "List one's own API tokens (secrets are never shown again)",
      responses: { 200: json(z.object({ items: z.array(ZToken) }), "Tokens"), 401: errors[401] },
    }),
    async (c) => c.json({ items: await listTokens(c.get("ctx")) }, 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/tokens",
      tags: ["auth"],
      summary: "Create an API token for scripts; use it as `Authorization: Bearer <token>`",
      request: { body: body(ZTokenCreate) },
      responses: { 201: json(ZTokenCreated, "Created; the secret is in `token`"), 400: errors[400], 401: errors[401] },
    }),
    async (c) => c.json(await createToken(c.get("ctx"), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/tokens/{id}",
      tags: ["auth"],
      summary: "Revoke one of one's own API tokens",
      request: { params: ZIdParam },
      responses: { 200: json(ZToken, "Revoked"), 400: errors[400], 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(await revokeToken(c.get("ctx"), c.req.valid("param").id), 200),
  );
}
