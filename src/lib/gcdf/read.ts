import type { Readable } from "node:stream";
import { readCsv } from "../csv.js";
import type { CountryLookup } from "./countries.js";
import { GCDF_COLUMNS, mapGcdfRow, type GcdfRecord, type GcdfRow } from "./record.js";

/** A file that is not GCDF 2.0 at all; `reason` is a key under `server.import.skip.`, as for a refused row. */
export class GcdfFormatError extends Error {
  constructor(
    readonly reason: string,
    readonly params: Record<string, string | number>,
  ) {
    super(`${reason}: ${JSON.stringify(params)}`);
    this.name = "GcdfFormatError";
  }
}

export type GcdfItem =
  | { kind: "record"; line: number; record: GcdfRecord }
  | { kind: "skipped"; line: number; id?: string; reason: string; params: Record<string, string | number> };

export type GcdfReadOptions = {
  countries: CountryLookup;
  /** Bytes read so far, for progress. */
  onBytes?: (bytes: number) => void;
};

/**
 * Streams a GCDF 2.0 CSV file (UTF-8, with or without BOM, any line endings): each row as a
 * record, or as skipped with the physical line it starts on and why. The header comes first: a
 * file missing any of the 24 columns throws GcdfFormatError naming them, before any row is read.
 * The same id twice keeps the first row. A CSV syntax error ends the file with one skipped item
 * at its line. Memory stays flat however long the file.
 */
export async function* readGcdf(input: Readable, opts: GcdfReadOptions): AsyncGenerator<GcdfItem> {
  const missingAll = () => new GcdfFormatError("gcdf_missing_columns", { columns: GCDF_COLUMNS.join(", "), count: GCDF_COLUMNS.length });
  let header: string[] | null = null;
  let index: Map<string, number> = new Map();
  const seen = new Map<string, number>();
  for await (const item of readCsv(input, { onBytes: opts.onBytes, onError: "stop" })) {
    const start = item.line;
    if ("error" in item) {
      if (!header) throw missingAll();
      yield { kind: "skipped", line: start, reason: "gcdf_csv_syntax", params: { message: item.error } };
      return;
    }
    const record = item.fields;
    if (!header) {
      header = record.map((h) => h.trim());
      index = new Map(header.map((h, i) => [h, i]));
      const missing = GCDF_COLUMNS.filter((c) => !index.has(c));
      if (missing.length) throw new GcdfFormatError("gcdf_missing_columns", { columns: missing.join(", "), count: missing.length });
      continue;
    }
    const id = record[index.get("id")!]?.trim() || undefined;
    if (record.length !== header.length) {
      yield { kind: "skipped", line: start, id, reason: "gcdf_column_count", params: { found: record.length, expected: header.length } };
      continue;
    }
    const row = Object.fromEntries(GCDF_COLUMNS.map((c) => [c, record[index.get(c)!] ?? ""])) as GcdfRow;
    const mapped = mapGcdfRow(row, opts.countries);
    if ("problem" in mapped) {
      yield { kind: "skipped", line: start, id, reason: mapped.problem.reason, params: mapped.problem.params };
      continue;
    }
    const first = seen.get(mapped.record.id);
    if (first !== undefined) {
      yield { kind: "skipped", line: start, id, reason: "gcdf_duplicate_id", params: { id: mapped.record.id, first } };
      continue;
    }
    seen.set(mapped.record.id, start);
    yield { kind: "record", line: start, record: mapped.record };
  }
  if (!header) throw missingAll();
}
