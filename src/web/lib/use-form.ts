import { useMemo, useState } from "react";
import { ApiError } from "../api/client";

/** Error messages per field, plus "form" for what concerns the whole form. */
export type FormErrors<F extends string> = Partial<Record<F | "form", string>>;

/**
 * The server's error as messages at the fields its details name (fieldOf maps a path to a field);
 * the summary keeps the server's own words when no field took them all.
 */
export function serverErrors<F extends string>(err: unknown, fieldOf: (path: string | undefined, code: string) => F | "form", t: (k: string) => string, extra: FormErrors<F> = {}): FormErrors<F> {
  if (!(err instanceof ApiError)) return { form: t("common.error") } as FormErrors<F>;
  const out: FormErrors<F> = { ...extra };
  for (const d of err.details) {
    const f = fieldOf(d.path, d.code);
    out[f] = out[f] ? `${out[f]} ${d.message}` : d.message;
  }
  if (!out.form && (Object.keys(out).length === 0 || err.code === "validation_failed")) out.form = err.message;
  return out;
}

/**
 * A form's live validation: values as typed (kept when the server refuses them), client checks
 * shown once a field is touched or the form submitted, and server messages that stay until the
 * user changes the field they concern.
 */
export function useLiveForm<V extends Record<string, unknown>, F extends string>(initial: V | (() => V), validate: (v: V) => Partial<Record<F, string>>, t: (k: string) => string) {
  const [v, setV] = useState<V>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FormErrors<F>>({});
  const local = useMemo(() => validate(v), [v, validate]);

  const set = <K extends keyof V>(k: K, value: V[K], field: string = k as string) => {
    setV((prev) => ({ ...prev, [k]: value }));
    setTouched((prev) => new Set(prev).add(field));
    setServer((prev) => {
      if (!(field in prev) && !prev.form) return prev;
      const next = { ...prev };
      delete next[field as F];
      delete next.form;
      return next;
    });
  };
  const errorOf = (f: F | "form"): string | undefined => {
    if (server[f]) return server[f];
    const key = (local as Partial<Record<string, string>>)[f];
    return key && (submitted || touched.has(f)) ? t(key) : undefined;
  };
  /** Marks the form submitted and says whether the client checks pass. */
  const begin = () => {
    setSubmitted(true);
    setServer({});
    return Object.keys(local).length === 0;
  };
  const errorCount = Object.keys(server).length + (submitted ? Object.keys(local).length : 0);
  return { v, setV, set, errorOf, begin, setServer, server, errorCount };
}
