import type { ParsedRow } from "./events.js";
import { isBlank, parseTfddDate } from "./fields.js";
import { readCsv, type ReadOptions } from "./read.js";

/**
 * One row of the TFDD International Freshwater Treaties table: a treaty for one basin and one
 * party country (Entry ID is the row's key; the rows of one treaty share DocumentName,
 * DateSigned and "2016Update ID").
 */
export type TreatyRow = {
  code: string;
  name: string;
  signedOn: string | null;
  basinCode: string | null;
  basinName: string | null;
  countryCode: string | null;
  countryName: string | null;
  signatories: string | null;
  /** Every other column by its TFDD name (Issue Area, Allocation, Hydropower, CommName…), blanks left out. */
  attributes: Record<string, string>;
};

export const TREATY_COLUMNS = ["Entry ID", "DocumentName", "DateSigned", "BCODE", "CCODE"] as const;
const MAIN = new Set(["Entry ID", "DocumentName", "DateSigned", "BCODE", "Basin Name", "CCODE", "Country_Name", "Signatories"]);

const opt = (s: string | undefined) => (isBlank(s) ? null : s!.trim());

/** Reads the treaties table; a row without an Entry ID, repeating one, or with an impossible date is refused. */
export async function* parseTreaties(file: string, opts: ReadOptions = {}): AsyncGenerator<ParsedRow<TreatyRow>> {
  const seen = new Map<string, number>();
  for await (const { line, values: v } of readCsv(file, TREATY_COLUMNS, opts)) {
    const code = opt(v["Entry ID"]);
    if (!code) {
      yield { line, ok: false, reason: "tfdd_missing_id", params: { column: "Entry ID" } };
      continue;
    }
    const first = seen.get(code);
    if (first !== undefined) {
      yield { line, id: code, ok: false, reason: "tfdd_duplicate", params: { id: code, line: first } };
      continue;
    }
    seen.set(code, line);
    const signed = parseTfddDate(v.DateSigned ?? "");
    if (!signed.ok) {
      yield { line, id: code, ok: false, reason: signed.reason, params: signed.params };
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) if (!MAIN.has(k) && val !== "") attributes[k] = val;
    yield {
      line,
      id: code,
      ok: true,
      record: {
        code,
        name: opt(v.DocumentName) ?? code,
        signedOn: signed.value,
        basinCode: opt(v.BCODE),
        basinName: opt(v["Basin Name"]) ?? opt(v.Basin_Name),
        countryCode: opt(v.CCODE),
        countryName: opt(v.Country_Name),
        signatories: opt(v.Signatories),
        attributes,
      },
    };
  }
}
