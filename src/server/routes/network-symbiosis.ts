import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { networkSymbiosis } from "../../modules/network/symbiosis.js";
import { ZNetworkSymbiosis, ZNetworkSymbiosisQuery } from "../../modules/network/symbiosis-schemas.js";
import type { AppEnv } from "../env.js";
import { errors, json } from "../openapi.js";

export function registerNetworkSymbiosis(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/network/symbiosis",
      tags: ["network"],
      summary: "The symbiosis mode of each pair in the collaboration network, fitted to the two parties' yearly series",
      description:
        "For pairs of countries or the most linked pairs of actors, the logistic symbiosis model fitted by least squares to each party's yearly number (or US-dollar budget) of visible projects, with the mode, a12 and a21, the fit's error, and a warning where the data cannot support an estimate.",
      request: { query: ZNetworkSymbiosisQuery },
      responses: { 200: json(ZNetworkSymbiosis, "Each pair's series and fitted model"), 400: errors[400], 422: errors[422] },
    }),
    async (c) => c.json(await networkSymbiosis(c.get("ctx"), c.req.valid("query")), 200),
  );
}
