import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { actorFulfilment, fulfilmentRateRows, getObligation, listObligations } from "../../modules/obligations/read.js";
import { ZFulfilmentNew, ZObligation, ZObligationChange, ZObligationListQuery, ZObligationPage, ZRateList, ZRatesQuery } from "../../modules/obligations/schemas.js";
import { changeObligation, recordFulfilment } from "../../modules/obligations/write.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import { etag } from "../../modules/shared/versioned.js";
import type { AppEnv } from "../env.js";
import { body, errors, ifMatchHeader, json } from "../openapi.js";

export function registerObligations(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/obligations",
      tags: ["agreements"],
      summary: "Obligations of the agreements the caller may see; status open, overdue (open and past due) or the latest fulfilment's",
      request: { query: ZObligationListQuery },
      responses: { 200: json(ZObligationPage, "A page of obligations, earliest due first"), 400: errors[400] },
    }),
    async (c) => c.json(await listObligations(c.get("ctx"), c.req.valid("query")), 200),
  );
  // Before /obligations/{ref}, which would otherwise take "rates" for a code.
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/obligations/rates",
      tags: ["agreements"],
      summary: "Fulfilment rates of every owner, per year of due date: (fulfilled + ½·partly + ½·late) / (assessed + open-overdue)",
      request: { query: ZRatesQuery },
      responses: { 200: json(ZRateList, "Rates per actor and year"), 400: errors[400] },
    }),
    async (c) => c.json({ items: await fulfilmentRateRows(c.get("ctx"), { mechanism: c.req.valid("query").mechanism }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/obligations/{ref}",
      tags: ["agreements"],
      summary: "One obligation with its fulfilment history",
      request: { params: ZRefParam },
      responses: { 200: json(ZObligation, "The obligation"), 404: errors[404] },
    }),
    async (c) => {
      const o = await getObligation(c.get("ctx"), c.req.valid("param").ref);
      c.header("ETag", etag(o.version));
      return c.json(o, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/obligations/{ref}",
      tags: ["agreements"],
      summary: "Change an obligation's title, description or due date (its reminders move); requires If-Match",
      request: { params: ZRefParam, headers: ifMatchHeader, body: body(ZObligationChange) },
      responses: { 200: json(ZObligation, "Updated"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 412: errors[412], 422: errors[422], 428: errors[428] },
    }),
    async (c) => {
      const o = await changeObligation(c.get("ctx"), c.req.valid("param").ref, c.req.header("if-match"), c.req.valid("json"));
      c.header("ETag", etag(o.version));
      return c.json(o, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/obligations/{ref}/fulfilment",
      tags: ["agreements"],
      summary: "Record how an obligation was met, with evidence (staff, or an officer of the owner); a later record supersedes, history is kept",
      request: { params: ZRefParam, body: body(ZFulfilmentNew) },
      responses: { 201: json(ZObligation, "The obligation with its history"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await recordFulfilment(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/actors/{ref}/fulfilment",
      tags: ["actors"],
      summary: "An actor's performance and commitment record: its obligations' fulfilment per year of due date",
      request: { params: ZRefParam },
      responses: { 200: json(ZRateList, "Rates per year"), 404: errors[404] },
    }),
    async (c) => c.json(await actorFulfilment(c.get("ctx"), c.req.valid("param").ref), 200),
  );
}
