import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ZApplication } from "../../modules/applications/schemas.js";
import { draftFromMatch, groupsForZone, matchesForNeed, needsForOffer } from "../../modules/matching/match.js";
import { createPosting, getPosting, listPostings, updatePosting } from "../../modules/matching/postings.js";
import { ZDraftFromMatch, ZGroupQuery, ZGroups, ZMatchList, ZMatchQuery, ZNeedMatchList, ZPosting, ZPostingCreate, ZPostingListQuery, ZPostingPage, ZPostingUpdate } from "../../modules/matching/schemas.js";
import { ZIdParam, ZRefParam } from "../../modules/shared/schemas.js";
import { etag } from "../../modules/shared/versioned.js";
import type { AppEnv } from "../env.js";
import { body, errors, ifMatchHeader, json } from "../openapi.js";

/** Partner matching, "going out together": offers and needs of factors, matches and zone groups. Signed-in users only. */
export function registerMatching(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/postings",
      tags: ["matching"],
      summary: "Offers and needs of factors (capital, technology, talent, …), newest first",
      request: { query: ZPostingListQuery },
      responses: { 200: json(ZPostingPage, "A page of postings"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    async (c) => c.json(await listPostings(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/postings",
      tags: ["matching"],
      summary: "Post an offer or a need (an officer for its own organisation; staff for any)",
      request: { body: body(ZPostingCreate) },
      responses: { 201: json(ZPosting, "Posted"), 400: errors[400], 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json(await createPosting(c.get("ctx"), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/postings/{id}",
      tags: ["matching"],
      summary: "One offer or need",
      request: { params: ZIdParam },
      responses: { 200: json(ZPosting, "The posting"), 400: errors[400], 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      const p = await getPosting(c.get("ctx"), c.req.valid("param").id);
      c.header("ETag", etag(p.version));
      return c.json(p, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/postings/{id}",
      tags: ["matching"],
      summary: "Edit or close a posting (its organisation's officer or staff); requires If-Match",
      request: { params: ZIdParam, headers: ifMatchHeader, body: body(ZPostingUpdate) },
      responses: { 200: json(ZPosting, "Changed"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 412: errors[412], 422: errors[422], 428: errors[428] },
    }),
    async (c) => {
      const p = await updatePosting(c.get("ctx"), c.req.valid("param").id, c.req.header("if-match"), c.req.valid("json"));
      c.header("ETag", etag(p.version));
      return c.json(p, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/postings/{id}/matches",
      tags: ["matching"],
      summary: "The open offers that best complement a need, with the reasons for each score",
      request: { params: ZIdParam, query: ZMatchQuery },
      responses: { 200: json(ZMatchList, "Ranked offers"), 400: errors[400], 401: errors[401], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await matchesForNeed(c.get("ctx"), c.req.valid("param").id, c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/postings/{id}/needs",
      tags: ["matching"],
      summary: "The open needs an offer could meet, scored as the needs' own matches score it",
      request: { params: ZIdParam, query: ZMatchQuery },
      responses: { 200: json(ZNeedMatchList, "Ranked needs"), 400: errors[400], 401: errors[401], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await needsForOffer(c.get("ctx"), c.req.valid("param").id, c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/postings/{id}/application",
      tags: ["matching"],
      summary: "Turn a need and a matched offer into a draft application to an open call",
      request: { params: ZIdParam, body: body(ZDraftFromMatch) },
      responses: { 201: json(ZApplication, "The draft application"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(await draftFromMatch(c.get("ctx"), c.req.valid("param").id, c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/zones/{ref}/partner-groups",
      tags: ["matching"],
      summary: "Groups of organisations that together cover a designated zone's open needs",
      request: { params: ZRefParam, query: ZGroupQuery },
      responses: { 200: json(ZGroups, "Proposed groups, best first"), 400: errors[400], 401: errors[401], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await groupsForZone(c.get("ctx"), c.req.valid("param").ref, c.req.valid("query")), 200),
  );
}
