/**
 * One error type for everything a user can cause. `code` is machine-readable and maps to
 * an HTTP status through STATUS_BY_CODE; the message is an i18n key under `errors.` in
 * locales/<lang>/server.json, rendered in the caller's language at the edge.
 */
export const STATUS_BY_CODE = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  conflict: 409,
  already_exists: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rule_violated: 422,
  precondition_required: 428,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  pdf_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export type ErrorDetail = { path?: string; code: string; message: string; [k: string]: unknown };

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Parameters interpolated into the localized message. */
  readonly params: Record<string, string | number>;
  readonly details?: ErrorDetail[] | Record<string, unknown>;
  /** Seconds a client should wait before retrying (429, 503). */
  readonly retryAfter?: number;

  constructor(
    code: ErrorCode,
    opts: {
      params?: Record<string, string | number>;
      details?: ErrorDetail[] | Record<string, unknown>;
      retryAfter?: number;
      cause?: unknown;
    } = {},
  ) {
    super(code, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.params = opts.params ?? {};
    this.details = opts.details;
    this.retryAfter = opts.retryAfter;
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export const notFound = (entity: string, id: string) => new AppError("not_found", { params: { entity, id } });
export const forbidden = (action: string, entity: string) => new AppError("forbidden", { params: { action, entity } });
export const unauthenticated = () => new AppError("unauthenticated");
export const ruleViolated = (rule: string, params: Record<string, string | number> = {}) =>
  new AppError("rule_violated", { params: { rule, ...params }, details: { rule } });

/** A rule the request breaks, pointing at the field that breaks it (message: `server.rules.<rule>`). */
export const ruleAt = (rule: string, path: string, params: Record<string, string | number> = {}) =>
  new AppError("rule_violated", { params: { rule, ...params }, details: [{ path, code: rule, message: rule }] });

/** Returns the value or throws not_found: a record the caller may not see is reported the same way. */
export function assertFound<T>(value: T | undefined | null, entity: string, id: string): T {
  if (value == null) throw notFound(entity, id);
  return value;
}
