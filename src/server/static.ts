import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env.js";

/**
 * Serves the built web UI from `webRoot`: hashed assets with long caching, and index.html for
 * every other non-API path so the client-side router can take over.
 */
export function registerWebUi(app: OpenAPIHono<AppEnv>, webRoot: string) {
  const indexFile = join(webRoot, "index.html");
  if (!existsSync(indexFile)) return false;
  const root = relative(process.cwd(), webRoot) || ".";
  app.use(
    "/assets/*",
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header("Cache-Control", "public, max-age=31536000, immutable");
      },
    }),
  );
  app.use("*", serveStatic({ root }));
  app.get("*", (c, next) => {
    if (c.req.path.startsWith("/api/") || c.req.path === "/openapi.json" || c.req.path === "/healthz") return next();
    c.header("Cache-Control", "no-cache");
    return c.html(readFileSync(indexFile, "utf8"));
  });
  return true;
}
