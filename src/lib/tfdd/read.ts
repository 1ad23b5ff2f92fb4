import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { readCsv as readCsvRecords } from "../csv.js";

/**
 * How a TFDD file is decoded. The OSU files are a mix: the events and RBO tables are Latin-1 with
 * Windows "smart quotes" (0x92 for ’), the treaties table is UTF-8. `latin1` decodes as
 * windows-1252, which is Latin-1 with those quotes and dashes where Latin-1 has control codes.
 */
export type TfddEncoding = "utf8" | "latin1";

/** A row of the file: the header's names to the row's values, and the physical line it starts on. */
export type CsvRow = { line: number; values: Record<string, string> };

export type ReadOptions = {
  /** Unset: UTF-8 when the whole file is valid UTF-8, windows-1252 otherwise. */
  encoding?: TfddEncoding;
  /** Bytes of the file read so far (not decoded or parsed yet), as the stream goes. */
  onBytes?: (bytesDone: number) => void;
};

/** The file has none of the columns a reader needs: the wrong file, or not a TFDD table. */
export class TfddFormatError extends Error {
  constructor(
    readonly file: string,
    readonly missing: string[],
  ) {
    super(`${file}: missing column(s) ${missing.join(", ")}`);
    this.name = "TfddFormatError";
  }
}

/** UTF-8 if every byte sequence of the file is valid UTF-8, read in chunks so memory stays flat. */
export async function detectEncoding(file: string): Promise<TfddEncoding> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return "utf8";
  } catch (e) {
    if (e instanceof TypeError) return "latin1";
    throw e;
  }
}

export const fileSize = async (file: string) => (await stat(file)).size;

/**
 * Streams a CSV file row by row (through the shared reader in `lib/csv.ts`), never the whole file
 * in memory. Header names are trimmed; columns with an empty header are dropped, and so are rows
 * with no value at all (spreadsheets leave those at the end). `required` columns must be in the
 * header. A CSV syntax error throws.
 */
export async function* readCsv(file: string, required: readonly string[], opts: ReadOptions = {}): AsyncGenerator<CsvRow> {
  const encoding = opts.encoding ?? (await detectEncoding(file));
  const source = createReadStream(file, { highWaterMark: 1 << 16 });
  let header: string[] | null = null;
  for await (const item of readCsvRecords(source, { encoding: encoding === "utf8" ? "utf8" : "win1252", onBytes: opts.onBytes, onError: "throw" })) {
    // "throw" never yields an error item; this narrows the type.
    if ("error" in item) throw new Error(`${file}:${item.line}: ${item.error}`);
    const { line, fields: record } = item;
    if (!header) {
      // A UTF-8 byte-order mark read as windows-1252 is "ï»¿": it never starts a real column name.
      header = record.map((h, i) => (i === 0 ? h.replace(/^(\uFEFF|ï»¿)/, "") : h).trim());
      const missing = required.filter((c) => !header!.includes(c));
      if (missing.length) throw new TfddFormatError(file, missing);
      continue;
    }
    if (record.every((v) => v.trim() === "")) continue;
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      // A repeated name keeps its first non-empty value.
      if (name && !values[name]) values[name] = (record[i] ?? "").trim();
    });
    yield { line, values };
  }
  if (!header) throw new TfddFormatError(file, [...required]);
}
