import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { PUBLIC, type Principal } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { validateApiToken, validateSession } from "../../modules/auth/sessions.js";
import type { AppEnv } from "../env.js";

export const SESSION_COOKIE = "concord_session";

export function setSessionCookie(c: Parameters<MiddlewareHandler<AppEnv>>[0], token: string, expiresAt: Date) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: c.get("secure"),
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Parameters<MiddlewareHandler<AppEnv>>[0]) {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: c.get("secure") });
}

/**
 * Resolves the caller: a Bearer token (scripts) or the session cookie (browsers). A bad bearer
 * token is an error, since the script meant to authenticate; a stale cookie just signs out.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db } = c.get("deps").database;
  const now = c.get("deps").now();
  let principal: Principal = PUBLIC;
  const authz = c.req.header("authorization");
  if (authz) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    const resolved = m ? await validateApiToken(db, m[1]!, now) : null;
    if (!resolved) throw new AppError("unauthenticated");
    principal = resolved;
    c.set("authMethod", "token");
  } else {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const session = await validateSession(db, token, now);
      if (session) {
        principal = session.principal;
        c.set("authMethod", "cookie");
        setSessionCookie(c, token, session.expiresAt);
      } else {
        clearSessionCookie(c);
      }
    }
  }
  c.set("principal", principal);
  await next();
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Cookie-authenticated writes must come from our own pages: a cross-site Origin (or a browser
 * saying the request is cross-site) is refused. SameSite=Lax already blocks most of this; the
 * check covers old browsers and same-site subdomains.
 */
export const csrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (UNSAFE.has(c.req.method) && c.get("authMethod") === "cookie") {
    const origin = c.req.header("origin");
    const site = c.req.header("sec-fetch-site");
    const host = c.req.header("host");
    if (site && site !== "same-origin" && site !== "none") throw new AppError("csrf_rejected");
    if (origin && origin !== "null") {
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch {
        throw new AppError("csrf_rejected");
      }
      if (originHost !== host) throw new AppError("csrf_rejected");
    } else if (origin === "null") {
      throw new AppError("csrf_rejected");
    }
  }
  await next();
};
