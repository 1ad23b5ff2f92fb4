import { z } from "zod";
import { ACTOR_TYPES } from "../db/schema/actors.js";
import { LANGS } from "../db/schema/common.js";
import { isKnownEncoding } from "./csv.js";
import { isPlainDecimal, roundDecimal } from "./gcdf/decimal.js";

/**
 * The column-mapping file of a CSV import: which column of the user's spreadsheet feeds which
 * Concord field, with fixed values, value maps, the date format, delimiter and encoding. Pure: it
 * turns one CSV row into field values and says what is wrong with a row, never touching the
 * database. README.md ("CSV import") documents the format for users.
 */

const localized = (base: string) => LANGS.map((l) => `${base}.${l}` as const);

/** Fields of `csv-actors`. */
export const ACTOR_FIELDS = ["code", "type", "level", "country", "parent", ...localized("name"), ...localized("description"), "website", "foundedOn", "externalRef", "source"] as const;
/** Fields of `csv-projects`. */
export const PROJECT_FIELDS = [
  "code",
  "mechanism",
  "pillar",
  "priorityArea",
  ...localized("title"),
  ...localized("description"),
  "sector",
  "status",
  "visibility",
  "startDate",
  "endDate",
  "budget",
  "currency",
  "lead",
  "partners",
  "funders",
  "implementers",
  "beneficiaries",
  "countries",
  "source",
] as const;
export type ActorField = (typeof ACTOR_FIELDS)[number];
export type ProjectField = (typeof PROJECT_FIELDS)[number];
export type CsvKind = "actors" | "projects";

/**
 * Fields holding several values in one cell (`VN; LA`), split on the field's `split` (default `;`).
 * A lead cell naming several organisations gives the lead (the first) and partners (the others).
 */
export const LIST_FIELDS: ReadonlySet<string> = new Set(["lead", "partners", "funders", "implementers", "beneficiaries", "countries"]);
const DATE_FIELDS: ReadonlySet<string> = new Set(["startDate", "endDate", "foundedOn"]);
const AMOUNT_FIELDS: ReadonlySet<string> = new Set(["budget"]);
/** What each kind cannot do without, from a column or a constant. */
export const REQUIRED_FIELDS: Record<CsvKind, readonly string[]> = { actors: ["type", "name.en"], projects: ["code", "title.en", "lead"] };

export const DATE_FORMATS = ["YYYY-MM-DD", "YYYY/MM/DD", "YYYYMMDD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY", "DD-MM-YYYY"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const ZColumnName = z.string().trim().min(1).max(200);
const ZFieldSpec = z.union([
  ZColumnName,
  z
    .object({
      column: ZColumnName,
      /** Source value → Concord value (`"Govt": "government"`); `"*"` catches every other value. */
      map: z.record(z.string().max(500), z.string().max(500)).optional(),
      /** Used when the cell is empty. */
      default: z.string().max(500).optional(),
      /** Separator of a list cell. */
      split: z.string().min(1).max(5).optional(),
      dateFormat: z.enum(DATE_FORMATS).optional(),
      /** Parties: the type of an organisation the import has to create. */
      actorType: z.enum(ACTOR_TYPES).optional(),
    })
    .strict(),
]);
export type FieldSpec = z.infer<typeof ZFieldSpec>;

const ZConstant = z.union([z.string().max(20_000), z.array(z.string().max(500)).max(100)]);

function mappingSchema<F extends readonly string[]>(fields: F) {
  const columns = z.object(Object.fromEntries(fields.map((f) => [f, ZFieldSpec.optional()])) as Record<F[number], z.ZodOptional<typeof ZFieldSpec>>).strict();
  const constants = z.object(Object.fromEntries(fields.map((f) => [f, ZConstant.optional()])) as Record<F[number], z.ZodOptional<typeof ZConstant>>).strict();
  return z
    .object({
      /** Optional guard: `actors` or `projects`, refused when given to the other importer. */
      kind: z.enum(["actors", "projects"]).optional(),
      delimiter: z.enum([",", ";", "\t", "|"]).default(","),
      encoding: z.string().trim().min(1).max(40).refine(isKnownEncoding, "csv_encoding").default("utf8"),
      dateFormat: z.enum(DATE_FORMATS).default("YYYY-MM-DD"),
      decimalSeparator: z.enum([".", ","]).default("."),
      /** Parties named but not found: create them (default), or leave the row out. */
      createMissingActors: z.boolean().default(true),
      /** The type given to organisations the import creates, unless the field says otherwise. */
      actorType: z.enum(ACTOR_TYPES).default("intermediary"),
      columns: columns.default({} as never),
      constants: constants.default({} as never),
    })
    .strict();
}

export const ZActorMapping = mappingSchema(ACTOR_FIELDS);
export const ZProjectMapping = mappingSchema(PROJECT_FIELDS);
export type ActorMapping = z.infer<typeof ZActorMapping>;
export type ProjectMapping = z.infer<typeof ZProjectMapping>;
type AnyMapping = ActorMapping | ProjectMapping;

/** A mapping that cannot work with a file: `rule` is a message key under `server.rules`, `path` points into the mapping. */
export class CsvMappingError extends Error {
  constructor(
    readonly rule: string,
    readonly path: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(rule);
    this.name = "CsvMappingError";
  }
}

/** Checks what the schema cannot: required fields present, none given twice, the right kind. */
export function checkMapping(kind: CsvKind, m: AnyMapping): void {
  if (m.kind && m.kind !== kind) throw new CsvMappingError("csv_mapping_kind", "mapping.kind", { kind: m.kind, expected: kind });
  const columns = m.columns as Record<string, FieldSpec | undefined>;
  const constants = m.constants as Record<string, unknown>;
  for (const f of Object.keys(constants)) {
    if (constants[f] !== undefined && columns[f] !== undefined) throw new CsvMappingError("csv_mapping_twice", `mapping.constants.${f}`, { field: f });
  }
  for (const f of REQUIRED_FIELDS[kind]) {
    if (columns[f] === undefined && constants[f] === undefined) throw new CsvMappingError("csv_mapping_required", `mapping.columns.${f}`, { field: f });
  }
}

/** A problem with one value of a row: a message key under `server.import.skip` and its params. */
export type RowProblem = { reason: string; params: Record<string, string | number> };
export type RowValues = Record<string, string | string[] | undefined>;

/** Turns `DD/MM/YYYY` and the like into a regex; a time after the date (`T00:00:00`) is allowed and ignored. */
function dateRegex(format: DateFormat): RegExp {
  const body = format.replace(/[./-]/g, (c) => `\\${c}`).replace("YYYY", "(?<y>\\d{4})").replace("MM", "(?<m>\\d{1,2})").replace("DD", "(?<d>\\d{1,2})");
  return new RegExp(`^${format === "YYYYMMDD" ? body.replace(/\{1,2\}/g, "{2}") : body}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?$`);
}

/** A date in the given format as `YYYY-MM-DD`, or null when it is not one or not on the calendar. */
export function parseDate(value: string, format: DateFormat): string | null {
  const g = dateRegex(format).exec(value.trim())?.groups;
  if (!g) return null;
  const iso = `${g.y}-${g.m!.padStart(2, "0")}-${g.d!.padStart(2, "0")}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * An amount as Concord stores money, with two decimals, exact (no float): thousands separators
 * and spaces dropped, `12.345,5` read with `decimalSeparator: ","`. Null when it is not a
 * non-negative amount.
 */
export function parseAmount(value: string, decimalSeparator: "." | ","): string | null {
  let s = value.replace(/[\s\u00a0\u202f']/g, "");
  s = decimalSeparator === "." ? s.replace(/,/g, "") : s.replace(/\./g, "").replace(",", ".");
  if (s.startsWith(".")) s = `0${s}`;
  if (s.endsWith(".")) s = s.slice(0, -1);
  if (!isPlainDecimal(s)) return null;
  const rounded = roundDecimal(s, 2);
  return rounded.split(".")[0]!.replace(/^0+(?=\d)/, "").length > 18 ? null : rounded.replace(/^0+(?=\d)/, "");
}

/** Looks a value up in a field's map: exactly, then ignoring case, then the `*` entry; unmapped values pass through. */
export function mapValue(value: string, map: Record<string, string> | undefined): string {
  if (!map) return value;
  if (Object.hasOwn(map, value)) return map[value]!;
  const lower = value.toLowerCase();
  for (const [k, v] of Object.entries(map)) if (k.toLowerCase() === lower) return v;
  return Object.hasOwn(map, "*") ? map["*"]! : value;
}

/** The compiled mapping for one file: reads rows of that file into field values. */
export type RowReader = {
  /** How many fields the header has: rows with another count are refused. */
  width: number;
  /** Header names no field reads, kept with the record as its source detail. */
  unmapped: { index: number; name: string }[];
  read: (fields: readonly string[]) => { values: RowValues; problems: RowProblem[] };
  /** The spec of a field (its `actorType`, say), when it has one. */
  spec: (field: string) => Exclude<FieldSpec, string> | undefined;
};

/**
 * Binds a mapping to a file's header, refusing one that names a column the file does not have
 * (the usual mistake: a typo, or a file exported in another language).
 */
export function compileMapping(kind: CsvKind, m: AnyMapping, header: readonly string[], file: string): RowReader {
  const names = header.map((h) => h.trim());
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (!index.has(n)) index.set(n, i);
  });
  const columns = m.columns as Record<string, FieldSpec | undefined>;
  const constants = m.constants as Record<string, string | string[] | undefined>;
  const bound: { field: string; col: number; spec: Exclude<FieldSpec, string> }[] = [];
  for (const [field, raw] of Object.entries(columns)) {
    if (raw === undefined) continue;
    const spec = typeof raw === "string" ? { column: raw } : raw;
    const col = index.get(spec.column.trim()) ?? [...index].find(([n]) => n.toLowerCase() === spec.column.trim().toLowerCase())?.[1];
    if (col === undefined) throw new CsvMappingError("csv_missing_column", `mapping.columns.${field}`, { field, column: spec.column, file });
    bound.push({ field, col, spec });
  }
  const used = new Set(bound.map((b) => b.col));
  const specs = new Map(bound.map((b) => [b.field, b.spec]));

  const convert = (field: string, value: string, spec: Exclude<FieldSpec, string> | undefined, problems: RowProblem[]): string | undefined => {
    // An empty cell stays empty (its `default` was applied before): a `*` entry maps only values.
    if (!value) return undefined;
    const mapped = mapValue(value, spec?.map).trim();
    if (!mapped) return undefined;
    if (DATE_FIELDS.has(field)) {
      const format = spec?.dateFormat ?? m.dateFormat;
      const iso = parseDate(mapped, format);
      if (!iso) problems.push({ reason: "csv_bad_date", params: { field, value: mapped.slice(0, 100), format } });
      return iso ?? undefined;
    }
    if (AMOUNT_FIELDS.has(field)) {
      const amount = parseAmount(mapped, m.decimalSeparator);
      if (amount === null) problems.push({ reason: "csv_bad_amount", params: { field, value: mapped.slice(0, 100) } });
      return amount ?? undefined;
    }
    return mapped;
  };

  return {
    width: names.length,
    unmapped: names.map((name, i) => ({ index: i, name })).filter((c) => !used.has(c.index) && c.name !== ""),
    spec: (field) => specs.get(field),
    read(fields) {
      const values: RowValues = {};
      const problems: RowProblem[] = [];
      const fill = (field: string, raw: string | string[] | undefined, spec: Exclude<FieldSpec, string> | undefined) => {
        if (LIST_FIELDS.has(field)) {
          const items = Array.isArray(raw) ? raw : (raw ?? "").split(spec?.split ?? ";");
          const out = items.map((x) => convert(field, x.trim(), spec, problems)).filter((x): x is string => !!x);
          values[field] = out.length ? out : undefined;
          return;
        }
        const text = Array.isArray(raw) ? raw.join("; ") : (raw ?? "");
        values[field] = convert(field, text.trim(), spec, problems);
      };
      for (const b of bound) {
        const cell = (fields[b.col] ?? "").trim();
        fill(b.field, cell === "" ? (b.spec.default ?? "") : cell, b.spec);
      }
      for (const [field, constant] of Object.entries(constants)) if (constant !== undefined) fill(field, constant, undefined);
      return { values, problems };
    },
  };
}

/** A localized text from the `<base>.<lang>` fields of a row, or undefined when English is missing. */
export function localizedFrom(values: RowValues, base: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const l of LANGS) {
    const v = values[`${base}.${l}`];
    if (typeof v === "string" && v) out[l] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
