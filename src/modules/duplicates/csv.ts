import type { Lang } from "../../db/schema/common.js";
import { localizedCell, toCsv } from "../../lib/csv.js";
import { t } from "../../lib/i18n/index.js";
import type { DuplicateScan } from "./schemas.js";

const COLUMNS = ["score", "codeA", "titleA", "mechanismA", "codeB", "titleB", "mechanismB", "reasons"] as const;

/** The scan's pairs as CSV, headers and reasons in the given language: the route's `format=csv` and the command's `--csv`. */
export function duplicatePairsCsv(scan: DuplicateScan, lang: Lang, bom = false): string {
  return toCsv(
    COLUMNS.map((c) => t(lang, `server.duplicates.csv.${c}`)),
    scan.items.map((p) => [p.score, p.a.code, localizedCell(p.a.title, lang), p.a.mechanism, p.b.code, localizedCell(p.b.title, lang), p.b.mechanism, p.reasons.map((r) => r.label).join("; ")]),
    { bom },
  );
}
