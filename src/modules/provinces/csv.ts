import type { Lang } from "../../db/schema/common.js";
import { localizedCell, toCsv } from "../../lib/csv.js";
import { t } from "../../lib/i18n/index.js";
import type { ProvinceList } from "./schemas.js";

/** Columns of the comparison table as CSV: header message keys (`server.provinces.columns.<key>`) and values. */
const COLUMNS: readonly [string, (r: ProvinceList["items"][number], lang: Lang) => unknown][] = [
  ["code", (r) => r.code],
  ["name", (r, l) => localizedCell(r.name, l)],
  ["country", (r) => r.country],
  ["projects", (r) => r.projects],
  ["partners", (r) => r.partners],
  ["partner_countries", (r) => r.partnerCountries],
  ["events", (r) => r.events],
  ["agreements", (r) => r.agreements],
  ["obligations_due", (r) => r.obligations.due],
  ["fulfilment_rate", (r) => (r.obligations.rate === null ? "" : r.obligations.rate.toFixed(4))],
  ["budget_usd", (r) => r.money.budget],
  ["committed_usd", (r) => r.money.committed],
  ["disbursed_usd", (r) => r.money.disbursed],
  ["modes", (r) => r.modes.map((m) => `${m.mode}:${m.total}`).join("; ")],
];

/** The province comparison as one CSV text (a few dozen rows: no need to stream). */
export function provincesCsv(list: ProvinceList, lang: Lang, bom = false): string {
  return toCsv(
    COLUMNS.map(([key]) => t(lang, `server.provinces.columns.${key}`)),
    list.items.map((r) => COLUMNS.map(([, value]) => value(r, lang))),
    { bom },
  );
}
