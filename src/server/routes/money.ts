import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { fundingGap } from "../../modules/money/gap.js";
import { addExchangeRate, listExchangeRates } from "../../modules/money/rates.js";
import { ZExchangeRate, ZExchangeRateCreate, ZExchangeRateList, ZExchangeRateQuery, ZFundingGap, ZFundingGapQuery } from "../../modules/money/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

export function registerMoney(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/funding-gap",
      tags: ["fund"],
      summary: "Approved budget minus commitments, by project, phase, mechanism, priority area, country or zone",
      request: { query: withCsv(ZFundingGapQuery) },
      responses: { 200: jsonOrCsv(ZFundingGap, "The funding gap"), 400: errors[400], 422: errors[422] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "funding-gap", query);
      return c.json(await fundingGap(c.get("ctx"), query), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/exchange-rates",
      tags: ["fund"],
      summary: "Dated exchange rates (US dollars per unit), newest first per currency",
      request: { query: ZExchangeRateQuery },
      responses: { 200: json(ZExchangeRateList, "Rates"), 400: errors[400] },
    }),
    async (c) => c.json(await listExchangeRates(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/exchange-rates",
      tags: ["fund"],
      summary: "Record a currency's rate on a date (secretariat, admin)",
      request: { body: body(ZExchangeRateCreate) },
      responses: { 201: json(ZExchangeRate, "The rate"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409] },
    }),
    async (c) => c.json(await addExchangeRate(c.get("ctx"), c.req.valid("json")), 201),
  );
}
