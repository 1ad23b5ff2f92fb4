import createClient, { type Middleware } from "openapi-fetch";
import { currentLang } from "../i18n";
import type { components, paths } from "./schema";

/** The API's schemas, as generated from /openapi.json (see test/web-api-schema.ts). */
export type Schemas = components["schemas"];
export type Me = Schemas["Me"];
export type ProjectSummary = Schemas["ProjectSummary"];
export type Project = Schemas["Project"];
export type MechanismSummary = Schemas["MechanismSummary"];
export type Mechanism = Schemas["Mechanism"];
export type Actor = Schemas["Actor"];
export type ActorDetail = Schemas["ActorDetail"];
export type Event = Schemas["Event"];
export type Portfolio = Schemas["Portfolio"];
export type PortfolioBucket = Schemas["PortfolioBucket"];
export type Country = Schemas["Country"];
export type ProjectCreate = Schemas["ProjectCreate"];
export type ProjectStatus = ProjectSummary["status"];
export type Role = Me["role"];

export type ErrorDetail = { path?: string; code: string; message: string };

/** An error answered by the API, in the one shape `{error: {code, message, details}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

// Server messages come back in the language the user reads the UI in.
const language: Middleware = {
  onRequest({ request }) {
    request.headers.set("Accept-Language", currentLang());
    return request;
  },
};

// The client reads JSON: list routes also answer text/csv (format=csv), which the UI downloads as plain links.
export const api = createClient<paths, "application/json">({ baseUrl: globalThis.location?.origin ?? "" });
api.use(language);

export function toApiError(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const details = Array.isArray(err?.details) ? (err.details as ErrorDetail[]) : [];
  const rule = !Array.isArray(err?.details) && err?.details && typeof err.details === "object" ? (err.details as { rule?: unknown }).rule : undefined;
  if (typeof rule === "string" && typeof err?.message === "string") details.push({ code: rule, message: err.message });
  return new ApiError(status, typeof err?.code === "string" ? err.code : "http_error", typeof err?.message === "string" ? err.message : `HTTP ${status}`, details);
}

/** Resolves to the response's data, or throws ApiError with the server's code and message. */
export async function unwrap<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw toApiError(response.status, error);
  return data as D;
}
