import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";

export function registerInbox(app: OpenAPIHono<AppEnv>) {
  void app;
}
