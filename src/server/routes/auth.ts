import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getCookie } from "hono/cookie";
import { eq } from "drizzle-orm";
import { AppError } from "../../core/errors.js";
import { requireUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { users } from "../../db/schema/users.js";
import { invalidateSession } from "../../modules/auth/sessions.js";
import { signIn } from "../../modules/auth/sign-in.js";
import { ZMe, ZSignIn } from "../../modules/auth/schemas.js";
import { updateSelf } from "../../modules/users/update-self.js";
import { ZUserUpdateSelf } from "../../modules/users/schemas.js";
import type { AppEnv } from "../env.js";
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from "../middleware/auth.js";
import { body, errors, json } from "../openapi.js";
import { clientAddress } from "../client-address.js";
import type { Context } from "hono";

async function me(c: Context<AppEnv>) {
  const p = requireUser(c.get("principal"));
  const [row] = await c.get("deps").database.db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, orgId: users.orgId, orgCode: actors.code, locale: users.locale })
    .from(users)
    .innerJoin(actors, eq(actors.id, users.orgId))
    .where(eq(users.id, p.userId));
  if (!row) throw new AppError("unauthenticated");
  return { ...row, locale: row.locale as z.infer<typeof ZMe>["locale"] };
}

export function registerAuth(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/auth/sign-in",
      tags: ["auth"],
      summary: "Sign in with e-mail and password; sets the session cookie",
      request: { body: body(ZSignIn) },
      responses: { 200: json(ZMe, "Signed in"), 400: errors[400], 401: errors[401], 429: errors[429] },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const session = await signIn(c.get("ctx"), { ...input, address: clientAddress(c) });
      setSessionCookie(c, session.token, session.expiresAt);
      c.set("principal", { kind: "user", userId: session.user.id, orgId: session.user.orgId, role: session.user.role, email: session.user.email, name: session.user.name });
      return c.json(await me(c), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/auth/sign-out",
      tags: ["auth"],
      summary: "End the current session",
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await invalidateSession(c.get("deps").database.db, token);
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/me",
      tags: ["auth"],
      summary: "Who am I: the signed-in user, role and organisation",
      responses: { 200: json(ZMe, "The caller"), 401: errors[401] },
    }),
    async (c) => c.json(await me(c), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/me",
      tags: ["auth"],
      summary: "Change one's own display name or language",
      request: { body: body(ZUserUpdateSelf) },
      responses: { 200: json(ZMe, "Updated"), 400: errors[400], 401: errors[401] },
    }),
    async (c) => {
      await updateSelf(c.get("ctx"), c.req.valid("json"));
      return c.json(await me(c), 200);
    },
  );
}
