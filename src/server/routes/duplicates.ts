import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";

/** Repeated-construction detection: likely duplicates of a draft, of a project, and across the portfolio. */
export function registerDuplicates(_app: OpenAPIHono<AppEnv>) {}
