import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { portfolioSummary, ZPortfolio, ZPortfolioQuery } from "../../modules/portfolio/summary.js";
import type { AppEnv } from "../env.js";
import { errors, json } from "../openapi.js";

export function registerPortfolio(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/portfolio",
      tags: ["portfolio"],
      summary: "Portfolio totals by mechanism, pillar, priority area, country, local government, status and year (projects the caller may see)",
      request: { query: ZPortfolioQuery },
      responses: { 200: json(ZPortfolio, "Totals and groups; money as decimal strings in `currency`"), 400: errors[400] },
    }),
    async (c) => c.json(await portfolioSummary(c.get("ctx"), c.req.valid("query")), 200),
  );
}
