import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { eq, sql } from "drizzle-orm";
import { makeContext } from "../core/context.js";
import { AppError } from "../core/errors.js";
import { isLang, negotiateLang } from "../lib/i18n/index.js";
import { users } from "../db/schema/users.js";
import type { AppDeps, AppEnv } from "./env.js";
import { errorForLog, sendError, normalize } from "./errors.js";
import { authenticate, csrf } from "./middleware/auth.js";
import { registerWebUi } from "./static.js";
import { registerActors } from "./routes/actors.js";
import { registerAgreements } from "./routes/agreements.js";
import { registerApplications } from "./routes/applications.js";
import { registerAuth } from "./routes/auth.js";
import { registerAttachments } from "./routes/attachments.js";
import { MAX_ATTACHMENT_BYTES } from "../modules/applications/attachments.js";
import { registerCalls } from "./routes/calls.js";
import { registerEvents } from "./routes/events.js";
import { registerExports } from "./routes/exports.js";
import { registerImports } from "./routes/imports.js";
import { registerMechanisms } from "./routes/mechanisms.js";
import { registerMoney } from "./routes/money.js";
import { registerPhases } from "./routes/phases.js";
import { registerPortfolio } from "./routes/portfolio.js";
import { registerProjects } from "./routes/projects.js";
import { registerReference } from "./routes/reference.js";
import { registerReports } from "./routes/reports.js";
import { registerUsers } from "./routes/users.js";
import { registerWater } from "./routes/water.js";
import { registerObligations } from "./routes/obligations.js";
import { registerConsultations } from "./routes/consultations.js";
import { registerDisputes } from "./routes/disputes.js";
import { registerBulletins } from "./routes/bulletins.js";
import { registerFeedback } from "./routes/feedback.js";
import { registerInbox } from "./routes/inbox.js";
import { registerAlerts } from "./routes/alerts.js";
import { registerCompare } from "./routes/compare.js";
import { registerCompareMechanisms } from "./routes/compare-mechanisms.js";
import { registerDuplicates } from "./routes/duplicates.js";
import { registerProvinces } from "./routes/provinces.js";
import { registerMatching } from "./routes/matching.js";
import { registerModels } from "./routes/models.js";
import { registerNetwork } from "./routes/network.js";
import { registerNetworkSymbiosis } from "./routes/network-symbiosis.js";

export const API_VERSION = "0.1.0";
const MAX_BODY_BYTES = 1024 * 1024;
/** Writes the public may make without signing in. */
const ANONYMOUS_WRITES = new Set(["/api/v1/auth/sign-in", "/api/v1/auth/sign-out", "/api/v1/comments"]);
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Requests whose body is a file rather than JSON: an application's attachment, a dispute's document. */
const isUpload = (method: string, path: string) =>
  method === "POST" && (/^\/api\/v1\/applications\/[^/]+\/attachments$/.test(path) || /^\/api\/v1\/disputes\/[^/]+\/documents$/.test(path));
/** Import uploads are files of any size: their verb spools and limits them itself. */
const isImport = (method: string, path: string) => method === "POST" && path === "/api/v1/imports";
/** Reads that exist only for signed-in users: the public is told to sign in before its query is judged. */
const SIGNED_IN_READS = ["/api/v1/audit", "/api/v1/users", "/api/v1/tokens", "/api/v1/me", "/api/v1/inbox", "/api/v1/alerts"];
const needsSignIn = (method: string, path: string) =>
  (UNSAFE.has(method) && !ANONYMOUS_WRITES.has(path)) || SIGNED_IN_READS.some((p) => path === p || path.startsWith(`${p}/`));

/**
 * Builds the HTTP application. It opens no port, so tests call `app.request()` directly;
 * `serve` wraps it in a Node server.
 */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    // Validation failures become the one error shape, in the caller's language.
    defaultHook: (result, c) => {
      if (!result.success) return sendError(c, result.error, c.get("lang"));
    },
  });

  app.use("*", async (c, next) => {
    c.set("deps", deps);
    c.set("requestId", c.req.header("x-request-id")?.slice(0, 100) || randomUUID());
    const forwardedHttps = deps.trustProxy === true && c.req.header("x-forwarded-proto") === "https";
    c.set("secure", deps.secureCookies ?? (forwardedHttps || new URL(c.req.url).protocol === "https:"));
    const explicit = c.req.query("lang");
    c.set("lang", isLang(explicit) ? explicit : negotiateLang(c.req.header("accept-language")));
    c.header("X-Request-Id", c.get("requestId"));
    await next();
  });
  app.use("*", secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", "data:"], styleSrc: ["'self'", "'unsafe-inline'"], connectSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"] } }));
  const jsonLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new AppError("payload_too_large"); } });
  const uploadLimit = bodyLimit({ maxSize: MAX_ATTACHMENT_BYTES, onError: () => { throw new AppError("payload_too_large"); } });
  app.use("/api/*", (c, next) => (isImport(c.req.method, c.req.path) ? next() : isUpload(c.req.method, c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next)));
  app.use("/api/*", async (c, next) => {
    const type = c.req.header("content-type");
    // Uploads carry the file itself; their verb checks its type.
    if (UNSAFE.has(c.req.method) && type && !isUpload(c.req.method, c.req.path) && !isImport(c.req.method, c.req.path) && !/^application\/(.+\+)?json\b/i.test(type)) throw new AppError("unsupported_media_type");
    await next();
  });
  app.use("/api/*", authenticate);
  app.use("/api/*", csrf);
  app.use("/api/*", async (c, next) => {
    const principal = c.get("principal");
    if (principal.kind === "public" && needsSignIn(c.req.method, c.req.path)) throw new AppError("unauthenticated");
    // A signed-in user without an explicit choice reads in the language they saved.
    if (principal.kind === "user" && !c.req.query("lang") && !c.req.header("accept-language")) {
      const [u] = await deps.database.db.select({ locale: users.locale }).from(users).where(eq(users.id, principal.userId));
      if (u && isLang(u.locale)) c.set("lang", u.locale);
    }
    c.set("ctx", makeContext(deps.database.db, principal, { channel: "api", lang: c.get("lang"), log: deps.logger, requestId: c.get("requestId"), now: deps.now }));
    await next();
  });

  registerAuth(app);
  registerUsers(app);
  registerMechanisms(app);
  registerActors(app);
  registerProjects(app);
  registerPhases(app);
  registerAgreements(app);
  registerCalls(app);
  registerApplications(app);
  registerAttachments(app);
  registerReports(app);
  registerMoney(app);
  registerEvents(app);
  registerWater(app);
  registerImports(app);
  registerExports(app);
  registerPortfolio(app);
  registerObligations(app);
  registerConsultations(app);
  registerDisputes(app);
  registerBulletins(app);
  registerFeedback(app);
  registerInbox(app);
  registerAlerts(app);
  registerCompare(app);
  registerCompareMechanisms(app);
  registerDuplicates(app);
  registerProvinces(app);
  registerModels(app);
  registerMatching(app);
  registerNetwork(app);
  registerNetworkSymbiosis(app);
  registerReference(app);

  app.get("/healthz", async (c) => {
    try {
      await deps.database.db.execute(sql`select 1`);
      return c.json({ ok: true, database: deps.database.kind });
    } catch (err) {
      return sendError(c, err, c.get("lang"));
    }
  });

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Concord API",
      version: API_VERSION,
      description:
        "The API of Concord, the working platform of a cross-border cooperation mechanism. Sign in with POST /api/v1/auth/sign-in (session cookie) or send `Authorization: Bearer <token>` with a token from POST /api/v1/tokens. Errors always have the shape {\"error\":{\"code\",\"message\",\"details\"}}; messages follow Accept-Language or ?lang= (en, zh, lo, th, vi, km, my).",
    },
    servers: [{ url: "/" }],
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "concord_session" });

  if (deps.webRoot) registerWebUi(app, deps.webRoot);

  app.notFound((c) => sendError(c, new AppError("not_found", { params: { entity: "route", id: c.req.path } }), c.get("lang") ?? "en"));
  app.onError((err, c) => {
    if (normalize(err).status >= 500) deps.logger?.error({ err: errorForLog(err), requestId: c.get("requestId"), path: c.req.path }, "request failed");
    return sendError(c, err, c.get("lang") ?? "en");
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
