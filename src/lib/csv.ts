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
  /** Called with the bytes read so far (before decoding and parsing), for progress. */
  onBytes?: (bytes: number) => void;
  /**
   * What a malformed record (a stray quote) does: `skip` (the default) reports it as an error with
   * its line and reads on; `stop` reports it and ends the file there; `throw` throws csv-parse's error.
   */
  onError?: "skip" | "stop" | "throw";
};

/**
 * One record of a CSV file: its fields in order, and the physical line it starts on (1 for the
 * header), so a refused row can be named, or a record csv-parse could not read, with why.
 */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

export const isKnownEncoding = (encoding: string) => iconv.encodingExists(encoding);

/**
 * Line breaks in raw CSV text. csv-parse's own `lines` counts a CRLF inside quotes twice, and its
 * raw text keeps only the CR of a CRLF record delimiter, so any of CRLF, LF or CR counts once.
 */
const newlines = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;
/** Blank lines that skip_empty_lines passed over before a record, at the start of its raw text. */
const LEAD = /^(?:[ \t]*(?:\r\n|\r|\n))*/;
const TRAILING_BREAK = /(?:\r\n|\r|\n)$/;

/**
 * Reads CSV records from a byte stream, decoding any encoding and keeping memory flat however long
 * the file. Rows may have any number of fields: the caller compares them with the header. Each
 * record comes with the physical line it starts on, counted from the raw text (blank lines and
 * line breaks inside quoted fields included, whatever the line endings). A malformed record is
 * handled as `onError` says.
 */
export async function* readCsv(input: Readable, opts: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  const onError = opts.onError ?? "skip";
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      done(null, chunk);
    },
  });
  // The parser runs ahead of the consumer: lines are counted in its callbacks, in file order, and
  // each record's start waits in `starts` until the consumer gets to it.
  const starts: number[] = [];
  const skipped: { line: number; error: string }[] = [];
  /** Physical line where the text after the last record starts. */
  let line = 1;
  /** How far csv-parse's `lines` is ahead of the physical count (CRLFs inside quotes). */
  let ahead = 0;
  /** The rest of a skipped record was dropped unseen: the next record resyncs from csv-parse's count. */
  let lost = false;
  const errorLine = (err: CsvError & { lines?: number; raw?: string }) => {
    const raw = err.raw;
    if (lost || raw === undefined) return Math.max(1, (err.lines ?? line) - ahead);
    const lead = LEAD.exec(raw)![0];
    const start = line + newlines(lead);
    // An unclosed quote runs to the end of the file: name the line it opened on.
    if (err.code === "CSV_QUOTE_NOT_CLOSED") return start;
    return start + newlines(raw.slice(lead.length).replace(TRAILING_BREAK, ""));
  };
  const parser = parse({
    delimiter: opts.delimiter ?? ",",
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // A malformed record is reported and skipped (`stop` ends at the first one): later ones still parse.
    skip_records_with_error: onError !== "throw",
    on_skip: (err: CsvError | undefined) => {
      if (!err) return;
      skipped.push({ line: errorLine(err), error: err.message });
      lost = true;
      return undefined;
    },
    on_record: (record: string[], context: { lines: number; raw?: string }) => {
      const raw = context.raw ?? "";
      const lead = LEAD.exec(raw)![0];
      const rest = raw.slice(lead.length);
      const inner = newlines(rest.replace(TRAILING_BREAK, ""));
      const start = lost ? context.lines - ahead - inner : line + newlines(lead);
      ahead = context.lines - (start + inner);
      line = start + newlines(rest);
      lost = false;
      starts.push(start);
      return record;
    },
  });
  const decoded = input.pipe(counter).pipe(iconv.decodeStream(opts.encoding ?? "utf8"));
  // Errors upstream (a missing file, a bad byte sequence) end the parser with the same error.
  input.on("error", (e) => parser.destroy(e));
  decoded.on("error", (e) => parser.destroy(e));
  decoded.pipe(parser);
  try {
    for await (const { record } of parser as AsyncIterable<{ record: string[] }>) {
      const start = starts.shift()!;
      while (skipped.length && skipped[0]!.line < start) {
        yield skipped.shift()!;
        if (onError === "stop") return;
      }
      yield { line: start, fields: record };
    }
    for (const s of skipped) {
      yield s;
      if (onError === "stop") return;
    }
  } finally {
    input.destroy();
    parser.destroy();
  }
}
