import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../../core/errors.js";
import { answerComment, commentStats, createComment, listComments, moderateComment } from "../../modules/feedback/comments.js";
import { ZComment, ZCommentAnswer, ZCommentCreate, ZCommentListQuery, ZCommentModerate, ZCommentPage, ZCommentStats } from "../../modules/feedback/schemas.js";
import { ZIdParam } from "../../modules/shared/schemas.js";
import { clientAddress } from "../client-address.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";

/** A comment is at most 4,000 characters (up to 4 bytes each in UTF-8) plus a name and an address. */
export const MAX_COMMENT_BODY_BYTES = 24 * 1024;

export function registerFeedback(app: OpenAPIHono<AppEnv>) {
  // The public may write here without signing in, so the body is held far below the general limit.
  const limit = bodyLimit({ maxSize: MAX_COMMENT_BODY_BYTES, onError: () => { throw new AppError("payload_too_large"); } });
  app.use("/api/v1/comments", (c, next) => (c.req.method === "POST" ? limit(c, next) : next()));

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/comments",
      tags: ["feedback"],
      summary: "Comment on a public project or event (anyone, no sign-in; shown after moderation)",
      description: "Limited per client address: 5 comments in 10 minutes and 20 a day; over the limit the answer is 429 with Retry-After.",
      request: { body: body(ZCommentCreate) },
      responses: { 201: json(ZComment, "Received; pending moderation"), 400: errors[400], 404: errors[404], 413: errors[413], 429: errors[429] },
    }),
    async (c) => c.json(await createComment(c.get("ctx"), c.req.valid("json"), clientAddress(c)), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/comments",
      tags: ["feedback"],
      summary: "Published comments with their answers (everyone); the moderation queue with every status (staff)",
      request: { query: ZCommentListQuery },
      responses: { 200: json(ZCommentPage, "A page of comments"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await listComments(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/comments/stats",
      tags: ["feedback"],
      summary: "How much feedback waits and how fast the secretariat answers (public numbers)",
      responses: { 200: json(ZCommentStats, "Counts and response times in hours") },
    }),
    async (c) => c.json(await commentStats(c.get("ctx")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/comments/{id}/moderate",
      tags: ["feedback"],
      summary: "Publish or reject a comment (staff); a rejection needs a reason",
      request: { params: ZIdParam, body: body(ZCommentModerate) },
      responses: { 200: json(ZComment, "Moderated"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await moderateComment(c.get("ctx"), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/comments/{id}/answer",
      tags: ["feedback"],
      summary: "Answer a comment (staff); answering a pending comment publishes it too",
      request: { params: ZIdParam, body: body(ZCommentAnswer) },
      responses: { 200: json(ZComment, "Answered"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await answerComment(c.get("ctx"), c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
