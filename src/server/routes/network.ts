import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { collaborationNetwork } from "../../modules/network/read.js";
import { ZNetwork, ZNetworkQuery } from "../../modules/network/schemas.js";
import type { AppEnv } from "../env.js";
import { errors, json } from "../openapi.js";

export function registerNetwork(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/network",
      tags: ["network"],
      summary: "The collaboration network among actors, with centrality, communities, type mixing and cross-border brokers",
      description: "Built from the joint projects, agreements and meetings the caller may see.",
      request: { query: ZNetworkQuery },
      responses: { 200: json(ZNetwork, "Nodes with their measures, links with their weights"), 400: errors[400], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await collaborationNetwork(c.get("ctx"), c.req.valid("query")), 200),
  );
}
