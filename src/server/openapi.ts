import { z, type RouteConfig } from "@hono/zod-openapi";
import { ZError } from "./errors.js";

const errorBody = (description: string) => ({ description, content: { "application/json": { schema: ZError } } });

/** The error responses every route documents; each route adds the ones specific to it. */
export const errors = {
  400: errorBody("Malformed input: invalid JSON or fields that fail validation"),
  401: errorBody("Not signed in"),
  403: errorBody("Signed in, but this role or organisation may not do this"),
  404: errorBody("No such record, or not visible to the caller"),
  409: errorBody("Conflicts with an existing record or a concurrent change"),
  412: errorBody("The record changed since it was read (stale If-Match)"),
  413: errorBody("Request body too large"),
  415: errorBody("Request body is not JSON"),
  422: errorBody("The request breaks a rule (details name it)"),
  428: errorBody("If-Match is required for updates"),
  429: errorBody("Too many attempts"),
  503: errorBody("Database unavailable; retry after the indicated seconds"),
} as const;

export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const body = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const ifMatchHeader = z.object({
  "if-match": z.string().optional().openapi({ param: { name: "if-match", in: "header" }, description: 'The ETag read with the record, e.g. "3"' }),
});

export type Tag = "auth" | "users" | "mechanisms" | "actors" | "projects" | "events" | "reference" | "audit" | "fund" | "portfolio" | "system";

export const route = <R extends RouteConfig>(r: R & { tags: Tag[] }) => r;
