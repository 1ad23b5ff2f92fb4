import type { ParsedRow } from "./events.js";
import { firstYear, isBlank } from "./fields.js";
import { readCsv, type ReadOptions } from "./read.js";

/**
 * One row of the TFDD River Basin Organisation database: an organisation (RBO, a four-letter
 * code) in one basin (RIV) for one member country (CCODE). Some organisations span several
 * rivers, so the row's own code joins all three: `MRCX-MEKO-LAO`.
 */
export type RboRow = {
  code: string;
  rboCode: string;
  name: string;
  basinCode: string | null;
  basinName: string | null;
  countryCode: string | null;
  agreementName: string | null;
  agreementYear: number | null;
  continent: string | null;
  /** Every other column by its TFDD name (LATERALITY, ORG_TYPE, DEC_MAK_MEC, Websites…), blanks left out. */
  attributes: Record<string, string>;
};

export const RBO_COLUMNS = ["RBO", "RBO_NAME", "RIV", "CCODE"] as const;
const MAIN = new Set(["RBO", "RBO_NAME", "RIV", "RIV_NAME", "CCODE", "AGREEMENT_NAME", "Continent"]);

const opt = (s: string | undefined) => (isBlank(s) ? null : s!.trim());

export const rboRowCode = (rbo: string, basin: string | null, country: string | null) => [rbo, basin ?? "", country ?? ""].join("-");

/** Reads the RBO table; a row without an organisation code, or repeating one already read, is refused. */
export async function* parseRbos(file: string, opts: ReadOptions = {}): AsyncGenerator<ParsedRow<RboRow>> {
  const seen = new Map<string, number>();
  for await (const { line, values: v } of readCsv(file, RBO_COLUMNS, opts)) {
    const rboCode = opt(v.RBO);
    if (!rboCode) {
      yield { line, ok: false, reason: "tfdd_missing_id", params: { column: "RBO" } };
      continue;
    }
    const basinCode = opt(v.RIV);
    const countryCode = opt(v.CCODE);
    const code = rboRowCode(rboCode, basinCode, countryCode);
    const first = seen.get(code);
    if (first !== undefined) {
      yield { line, id: code, ok: false, reason: "tfdd_duplicate", params: { id: code, line: first } };
      continue;
    }
    seen.set(code, line);
    const attributes: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) if (!MAIN.has(k) && val !== "") attributes[k] = val;
    yield {
      line,
      id: code,
      ok: true,
      record: {
        code,
        rboCode,
        name: opt(v.RBO_NAME) ?? rboCode,
        basinCode,
        basinName: opt(v.RIV_NAME),
        countryCode,
        agreementName: opt(v.AGREEMENT_NAME),
        agreementYear: firstYear(v.AGREEMENT_DATE ?? ""),
        continent: opt(v.Continent),
        attributes,
      },
    };
  }
}
