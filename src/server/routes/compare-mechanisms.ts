import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";

/** Mechanisms side by side: members, participant diversity, money, tracks, water events, river-basin-organisation assessments. */
export function registerCompareMechanisms(_app: OpenAPIHono<AppEnv>) {}
