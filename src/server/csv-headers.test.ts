import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { LANGS, LOCALES_DIR, type Lang } from "../lib/i18n/index.js";
import {
  OUTSIDE_ACTIVITY_CSV_COLUMNS,
  OVERLAP_CSV_COLUMNS,
  PROJECT_OVERLAP_CSV_COLUMNS,
  outsideActivityCsv,
  overlapCsv,
  projectOverlapCsv,
} from "../modules/compare/csv.js";
import type { OutsideActivityOut, Overlap, ProjectOverlapOut } from "../modules/compare/schemas.js";
import { duplicatePairsCsv } from "../modules/duplicates/csv.js";
import type { DuplicateScan } from "../modules/duplicates/schemas.js";
import { provincesCsv } from "../modules/provinces/csv.js";
import type { ProvinceList } from "../modules/provinces/schemas.js";
import { CSV_LIST_NAMES, CSV_LISTS, csvHeader } from "./csv.js";

/**
 * Every CSV export's header row, in every language, is words a person reads: a column added
 * without its message shows up here as a raw key (`server.csv.columns.track`) instead of
 * slipping out in a download. Empty answers are enough: the header does not depend on the rows.
 */

const headerOf = (text: string) => (parse(text, { bom: true }) as string[][])[0] ?? [];

/** Each export that renders its own header, by its route. */
const EXPORTS: Record<string, (lang: Lang) => string[]> = {
  ...Object.fromEntries(CSV_LIST_NAMES.map((list) => [`list ${list}`, (lang: Lang) => csvHeader(list, lang)])),
  "compare overlap": (lang) => headerOf(overlapCsv({ matrices: {} } as unknown as Overlap, { lang, kinds: [] })),
  "compare project overlap": (lang) => headerOf(projectOverlapCsv({ project: "P", items: [] } as unknown as ProjectOverlapOut, { lang })),
  "compare outside activity": (lang) => headerOf(outsideActivityCsv({ areas: [], currency: "USD" } as unknown as OutsideActivityOut, { lang })),
  provinces: (lang) => headerOf(provincesCsv({ items: [] } as unknown as ProvinceList, lang)),
  duplicates: (lang) => headerOf(duplicatePairsCsv({ items: [] } as unknown as DuplicateScan, lang)),
};

/** Column keys under `server.csv.columns`, from the code that writes them. */
const COLUMN_KEYS = [
  ...new Set([
    ...Object.values(CSV_LISTS).flatMap((def) => def.columns.map(([key]) => key)),
    ...OVERLAP_CSV_COLUMNS,
    ...PROJECT_OVERLAP_CSV_COLUMNS,
    ...OUTSIDE_ACTIVITY_CSV_COLUMNS,
  ]),
];

describe("CSV export headers", () => {
  it.each(Object.keys(EXPORTS))("%s: no header is a raw message key, in any language", (name) => {
    for (const lang of LANGS) {
      const header = EXPORTS[name]!(lang);
      expect(header.length, `${name} ${lang}`).toBeGreaterThan(0);
      for (const cell of header) {
        expect(cell, `${name} ${lang}`).not.toMatch(/^server\.|server\.csv\.columns\./);
        expect(cell.trim(), `${name} ${lang}`).not.toBe("");
      }
    }
  });

  it("every column key has its own translation in each locale, not the English fallback", () => {
    for (const lang of LANGS) {
      const columns = (JSON.parse(readFileSync(join(LOCALES_DIR, lang, "server.json"), "utf8")) as { csv: { columns: Record<string, unknown> } }).csv.columns;
      const missing = COLUMN_KEYS.filter((key) => typeof columns[key] !== "string" || !columns[key]);
      expect(missing, lang).toEqual([]);
    }
  });
});
