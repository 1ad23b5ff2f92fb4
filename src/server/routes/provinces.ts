import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";

/** The local-government view: each province or state's projects, partners, obligations, money and cooperation modes. */
export function registerProvinces(_app: OpenAPIHono<AppEnv>) {}
