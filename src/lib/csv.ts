import { Transform, type Readable } from "node:stream";
import { parse, type CsvError } from "csv-parse";
import iconv from "iconv-lite";
import type { Lang, LocalizedText } from "../db/schema/common.js";

/**
 * CSV in and out of Concord: an RFC 4180 writer for the exports (one row at a time, so a list of
 * any length streams) and a thin streaming reader over csv-parse for the imports.
 */

/** Excel reads a file as UTF-8 only when it starts with this mark; other tools may show it, so it is opt-in. */
export const UTF8_BOM = "\uFEFF";

export type CsvWriteOptions = {
  /** Field separator; `,` unless told (`;` suits spreadsheets set to a decimal comma). */
  delimiter?: string;
};

/** A plain decimal literal: a spreadsheet reads it as a number and can run nothing in it. */
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Characters that make a spreadsheet treat a cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell as CSV text. Numbers stay numbers; a string that would start a formula gets a leading
 * apostrophe (spreadsheets show the text and run nothing), except a plain decimal such as `-12.50`,
 * which is a number and cannot run. A cell is quoted when it holds the delimiter, a quote or a line
 * break, or starts or ends with a space that a spreadsheet would otherwise trim.
 */
export function csvCell(value: unknown, opts: CsvWriteOptions = {}): string {
  const delimiter = opts.delimiter ?? ",";
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number") text = Number.isFinite(value) ? String(value) : "";
  else if (typeof value === "bigint") text = value.toString();
  else if (typeof value === "boolean") text = value ? "true" : "false";
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? "" : value.toISOString();
  else {
    text = String(value);
    if (FORMULA_START.test(text) && !NUMERIC.test(text)) text = `'${text}`;
  }
  const needsQuotes = text.includes(delimiter) || text.includes('"') || text.includes("\n") || text.includes("\r") || /^\s|\s$/.test(text);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record as a CSV line, CRLF-terminated as RFC 4180 says. */
export function csvRow(cells: readonly unknown[], opts: CsvWriteOptions = {}): string {
  return `${cells.map((c) => csvCell(c, opts)).join(opts.delimiter ?? ",")}\r\n`;
}

/** A whole table at once (tests, small exports); large ones should stream `csvRow`. */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>, opts: CsvWriteOptions & { bom?: boolean } = {}): string {
  let out = (opts.bom ? UTF8_BOM : "") + csvRow(header, opts);
  for (const r of rows) out += csvRow(r, opts);
  return out;
}

/** A localized name or text in one language, English when that language has none. */
export function localizedCell(text: LocalizedText | null | undefined, lang: Lang): string {
  return text ? (text[lang] ?? text.en) : "";
}

/** `concord-projects-20260323.csv`: the list and the day of the export, in UTC. */
export function csvFilename(list: string, at: Date): string {
  return `concord-${list}-${at.toISOString().slice(0, 10).replace(/-/g, "")}.csv`;
}

export type CsvReadOptions = {
  /** Field separator; `,` unless told. */
  delimiter?: string;
  /** Any encoding iconv-lite knows (`utf8`, `latin1`, `windows-1252`, `tis-620`, `gb18030`…); a UTF-8 BOM is dropped. */
  encoding?: string;
  /** Called with the bytes read so far, for progress. */
  onBytes?: (bytes: number) => void;
};

/**
 * One record of a CSV file: its fields in order, and the line it starts on (1 for the header), so a
 * refused row can be named, or a record csv-parse could not read, with why.
 */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

export const isKnownEncoding = (encoding: string) => iconv.encodingExists(encoding);

/**
 * Reads CSV records from a byte stream, decoding any encoding and keeping memory flat however long
 * the file. Rows may have any number of fields: the caller compares them with the header. A
 * malformed record (a stray quote) comes back as an error with its line, and reading goes on.
 */
export async function* readCsv(input: Readable, opts: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      done(null, chunk);
    },
  });
  const skipped: { line: number; error: string }[] = [];
  // The parser runs ahead of the consumer: it keeps its own note of the last line it finished.
  let parsedEnd = 0;
  const parser = parse({
    delimiter: opts.delimiter ?? ",",
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // A malformed record is reported and skipped; the rest of the file still loads.
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      if (!err) return;
      const at = (err as CsvError & { lines?: number }).lines ?? parsedEnd + 1;
      // An unclosed quote runs to the end of the file: name the line it opened on.
      skipped.push({ line: err.code === "CSV_QUOTE_NOT_CLOSED" ? parsedEnd + 1 : at, error: err.message });
      parsedEnd = at;
      return undefined;
    },
    on_record: (record: string[], context: { lines: number }) => {
      parsedEnd = context.lines;
      return record;
    },
  });
  const decoded = input.pipe(counter).pipe(iconv.decodeStream(opts.encoding ?? "utf8"));
  // Errors upstream (a missing file, a bad byte sequence) end the parser with the same error.
  input.on("error", (e) => parser.destroy(e));
  decoded.on("error", (e) => parser.destroy(e));
  decoded.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      // `lines` is where the record ends; a quoted field may hold line breaks.
      const breaks = record.reduce((n, f) => n + (f.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
      const line = info.lines - breaks;
      while (skipped.length && skipped[0]!.line < line) yield skipped.shift()!;
      yield { line, fields: record };
    }
    yield* skipped;
  } finally {
    input.destroy();
  }
}
