import { z } from "@hono/zod-openapi";
import { VISIBILITIES } from "../../db/schema/common.js";

const text = (max: number) => z.string().trim().min(1).max(max);

/** A name or text in the seven languages; English is required as the fallback. */
export const localizedSchema = (max = 500) =>
  z
    .object({
      en: text(max),
      zh: text(max).optional(),
      lo: text(max).optional(),
      th: text(max).optional(),
      vi: text(max).optional(),
      km: text(max).optional(),
      my: text(max).optional(),
    })
    .strict();

export const ZLocalized = localizedSchema(500).openapi("LocalizedText");
export const ZLocalizedLong = localizedSchema(20_000).openapi("LocalizedLongText");

export const ZVisibility = z.enum(VISIBILITIES);

/** Calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date_format")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "not_calendar_date")
  .openapi({ example: "2026-03-23", format: "date" });

/** Money as a decimal string with at most two decimals, never a float. */
export const ZMoney = z
  .string()
  .regex(/^\d{1,18}(\.\d{1,2})?$/, "money_format")
  .openapi({ example: "1250000.00" });

export const ZCurrency = z.string().regex(/^[A-Z]{3}$/, "currency_format").openapi({ example: "USD" });

export const ZCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "code_format");

/** Path parameter: a record's id or its code. */
export const ZRefParam = z.object({
  // A NUL or other control character can never be part of a code, and PostgreSQL refuses NUL outright.
  ref: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\u0000-\u001f\u007f]+$/, "ref_format")
    .openapi({ param: { name: "ref", in: "path" }, example: "LMC" }),
});
export const ZIdParam = z.object({ id: z.string().uuid().openapi({ param: { name: "id", in: "path" } }) });

export const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  q: z.string().trim().max(200).optional(),
});

export const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }).openapi(name);

export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

/** `sort=title` ascending, `sort=-title` descending, restricted to the fields a list allows. */
export const sortParam = <const F extends readonly [string, ...string[]]>(fields: F) =>
  z.enum([...fields, ...fields.map((f) => `-${f}`)] as [string, ...string[]]).optional();

/** Reads a validated `sort` value; the first allowed field is the default. */
export function parseSort<const F extends string>(sort: string | undefined, fields: readonly [F, ...F[]]): { field: F; desc: boolean } {
  const desc = sort?.startsWith("-") ?? false;
  const name = desc ? sort!.slice(1) : sort;
  const field = fields.find((f) => f === name) ?? fields[0];
  return { field, desc };
}
