import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError, type core } from "zod";
import { AppError, type ErrorDetail } from "../core/errors.js";
import { t, type Lang } from "../lib/i18n/index.js";

export const ZError = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

/** Turns a zod issue into a detail a person can act on, in their language. */
function issueDetail(lang: Lang, issue: core.$ZodIssue): ErrorDetail {
  const path = issue.path.map(String).join(".");
  const params: Record<string, string | number> = { path: path || "body" };
  let key = `server.validation.${issue.code}`;
  switch (issue.code) {
    case "invalid_type":
      params.expected = String(issue.expected);
      if ((issue as { input?: unknown }).input === undefined) key = "server.validation.required";
      break;
    case "too_small":
      params.minimum = String(issue.minimum);
      key = `server.validation.too_small_${issue.origin === "string" ? "string" : issue.origin === "array" ? "array" : "number"}`;
      break;
    case "too_big":
      params.maximum = String(issue.maximum);
      key = `server.validation.too_big_${issue.origin === "string" ? "string" : issue.origin === "array" ? "array" : "number"}`;
      break;
    case "invalid_value":
      params.options = issue.values.map(String).join(", ");
      break;
    case "unrecognized_keys":
      params.keys = issue.keys.join(", ");
      break;
    case "invalid_format":
      params.format = issue.format;
      // Our regexes and refinements carry a message key, e.g. `date_format`.
      if (issue.format === "regex" && /^[a-z_]+$/.test(issue.message)) key = `server.validation.messages.${issue.message}`;
      break;
    case "custom":
      if (/^[a-z_]+$/.test(issue.message)) key = `server.validation.messages.${issue.message}`;
      break;
  }
  return { path, code: issue.code, message: t(lang, key, params) };
}

/** Maps anything thrown to a status and the one error shape; unknown errors become 500 without internals. */
export function toErrorResponse(err: unknown, lang: Lang): { status: number; body: z.infer<typeof ZError>; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const appErr = normalize(err);
  if (appErr.retryAfter) headers["Retry-After"] = String(appErr.retryAfter);
  let details = appErr.details;
  if (err instanceof ZodError) details = err.issues.map((i) => issueDetail(lang, i));
  if (Array.isArray(details)) {
    details = details.map((d) => (d.code && d.message === d.code ? { ...d, message: t(lang, `server.rules.${d.code}`, { ...appErr.params }) } : d));
  }
  const key = appErr.code === "rule_violated" && appErr.params.rule ? `server.rules.${appErr.params.rule}` : `server.errors.${appErr.code}`;
  const body = { error: { code: appErr.code, message: t(lang, key, appErr.params), ...(details === undefined ? {} : { details }) } };
  return { status: appErr.status, body, headers };
}

const PG_CODE_MAP: Record<string, AppError["code"]> = {
  "23505": "conflict",
  "23503": "rule_violated",
  "23514": "rule_violated",
  "22P02": "bad_request",
  "22003": "bad_request",
  "22007": "bad_request",
  "22008": "bad_request",
  "22021": "bad_request",
  "54000": "bad_request",
};

/**
 * A deadlock or serialization failure says nothing about the request: the same request a moment
 * later succeeds. withTransaction retries those itself; one that still gets here is 503 with
 * Retry-After, not a 409 the client would take for a real conflict.
 */
const TRANSIENT_CODES = new Set(["40001", "40P01"]);

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"]);

/** The error and what it wraps: drivers' errors arrive inside the query builder's. */
function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) out.push(e);
  return out;
}

function findCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

export function normalize(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return new AppError("validation_failed");
  if (err instanceof HTTPException) {
    if (err.status === 400) return new AppError("invalid_json");
    if (err.status === 413) return new AppError("payload_too_large");
    if (err.status === 415) return new AppError("unsupported_media_type");
  }
  if (err instanceof SyntaxError) return new AppError("invalid_json");
  const code = findCode(err);
  const lostConnection = causes(err).some((e) => e instanceof Error && /Connection terminated|connect ECONNREFUSED|connection error/i.test(e.message));
  if ((code && CONNECTION_CODES.has(code)) || lostConnection) return new AppError("unavailable", { retryAfter: 5 });
  if (code && TRANSIENT_CODES.has(code)) return new AppError("unavailable", { retryAfter: 1 });
  const mapped = code ? PG_CODE_MAP[code] : undefined;
  if (mapped === "rule_violated") return new AppError("rule_violated", { params: { rule: "reference_invalid" } });
  if (mapped) return new AppError(mapped, { params: { entity: "record", id: "" } });
  return new AppError("internal", { cause: err });
}

/**
 * An error as the log may keep it: type, code, message and stack of it and what it wraps, but
 * never a failed query's parameters (the query builder puts them in its message), which can
 * hold e-mail addresses, password hashes and token hashes.
 */
export function errorForLog(err: unknown): Record<string, unknown> {
  // Parameters may span lines: in a stack they run up to its first frame.
  const scrub = (text: string) => text.replace(/\nparams: [\s\S]*?(?=\n\s+at |$(?![\s\S]))/, "");
  const one = (e: unknown): Record<string, unknown> => {
    if (!(e instanceof Error)) return { message: String(e) };
    const code: unknown = (e as Error & { code?: unknown }).code;
    return { type: e.constructor.name, message: scrub(e.message), ...(typeof code === "string" ? { code } : {}), stack: scrub(e.stack ?? "") };
  };
  const chain = causes(err);
  return { ...one(chain[0]), ...(chain.length > 1 ? { causes: chain.slice(1).map(one) } : {}) };
}

export function sendError(c: Context, err: unknown, lang: Lang) {
  const { status, body, headers } = toErrorResponse(err, lang);
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return c.json(body, status as 400);
}
