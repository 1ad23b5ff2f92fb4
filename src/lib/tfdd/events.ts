import { isBlank, parseBar, parseTfddDate, shortTitle } from "./fields.js";
import { readCsv, type ReadOptions } from "./read.js";

/**
 * Issue areas of the International Water Events Database (Issue_Type1/2), by code, as the Basins
 * at Risk methodology names them; 0 means "no (further) issue". The UI translates them
 * (`waterIssue.<code>`); the database keeps the codes.
 */
export const WATER_ISSUES: Record<string, string> = {
  "1": "Water quality",
  "2": "Water quantity",
  "3": "Hydro-power/hydro-electricity",
  "4": "Navigation",
  "5": "Fishing",
  "6": "Flood control/relief",
  "7": "Economic development",
  "8": "Joint management",
  "9": "Irrigation",
  "10": "Infrastructure/development",
  "11": "Technical cooperation/assistance",
  "12": "Border issues",
  "13": "Territorial issues",
};

const ISSUE_BY_NAME = new Map(Object.entries(WATER_ISSUES).map(([code, name]) => [issueKey(name), code]));
function issueKey(name: string) {
  return name.toLowerCase().replace(/flood control\/(relief|flooding)/, "flood control").replace(/[^a-z]+/g, " ").trim();
}

/**
 * The issue-area code of a name as the treaties table writes it ("Hydro-power/Hydro-electricity",
 * "Flood control/relief", "Border issues"); a name the methodology does not list comes back as it is.
 */
export function issueCode(name: string): string {
  const n = name.trim();
  return ISSUE_BY_NAME.get(issueKey(n)) ?? n;
}

/** CCODE2 of an event within one country. */
export const INTERNAL = "INT";

/** One row of the International Water Events table: an interaction between two countries (a dyad). */
export type WaterEvent = {
  /** ID: unique per row. UNIQUE_ID is shared by the dyads of one multilateral event (36 for the 1948 Danube conference). */
  id: string;
  uniqueId: string | null;
  date: string;
  basinCode: string | null;
  /** CCODE1 and CCODE2 as TFDD codes them (ISO alpha-3 and historical codes like USR, YGF, GFR); INT is left out. */
  countryCodes: string[];
  /** True when CCODE2 is INT: an event inside one country. */
  internal: boolean;
  barScale: number | null;
  /** Issue_Type1 and Issue_Type2 codes, without the 0 "none". */
  issueTypes: string[];
  summary: string;
  title: string;
  eventType: string | null;
  /** SOURCE (COPDAB, Wolf, TFDD, GEDS) and Source_Source, the publication. */
  source: string | null;
  sourceDetail: string | null;
  macroEvent: string | null;
  location: string | null;
};

export type ParsedRow<T> = { line: number; id?: string } & ({ ok: true; record: T } | { ok: false; reason: string; params?: Record<string, string | number> });

export const EVENT_COLUMNS = ["ID", "DATE", "BCode", "CCODE1", "CCODE2", "BAR_Scale", "EVENT_SUMMARY", "Issue_Type1"] as const;

const opt = (s: string | undefined) => (isBlank(s) ? null : s!.trim());

/** Reads the events table row by row; a row with a bad date or a BAR value off the scale is refused with its line. */
export async function* parseWaterEvents(file: string, opts: ReadOptions = {}): AsyncGenerator<ParsedRow<WaterEvent>> {
  for await (const { line, values: v } of readCsv(file, EVENT_COLUMNS, opts)) {
    const id = v.ID ?? "";
    if (!/^\d+$/.test(id)) {
      yield { line, ok: false, reason: "tfdd_missing_id", params: { column: "ID" } };
      continue;
    }
    const date = parseTfddDate(v.DATE ?? "");
    if (!date.ok) {
      yield { line, id, ok: false, reason: date.reason, params: date.params };
      continue;
    }
    if (date.value === null) {
      yield { line, id, ok: false, reason: "tfdd_bad_date", params: { value: "" } };
      continue;
    }
    const bar = parseBar(v.BAR_Scale ?? "");
    if (!bar.ok) {
      yield { line, id, ok: false, reason: bar.reason, params: bar.params };
      continue;
    }
    const c1 = opt(v.CCODE1);
    const c2 = opt(v.CCODE2);
    const countryCodes = [...new Set([c1, c2].filter((c): c is string => !!c && c !== INTERNAL))];
    const issueTypes = [...new Set([v.Issue_Type1, v.Issue_Type2].map((s) => (s ?? "").trim()).filter((s) => s !== "" && s !== "0"))];
    const summary = (v.EVENT_SUMMARY ?? "").replace(/\s+/g, " ").trim();
    const basinCode = opt(v.BCode);
    const title = shortTitle(summary) || `Water event${basinCode ? ` (${basinCode})` : ""}: ${countryCodes.join("–") || "—"}`;
    yield {
      line,
      id,
      ok: true,
      record: {
        id,
        uniqueId: opt(v.UNIQUE_ID),
        date: date.value,
        basinCode,
        countryCodes,
        internal: c2 === INTERNAL,
        barScale: bar.value,
        issueTypes,
        summary,
        title,
        eventType: opt(v.EVENT_TYPE),
        source: opt(v.SOURCE),
        sourceDetail: opt(v.Source_Source),
        macroEvent: opt(v.Macro_Event),
        location: opt(v.LOCATION),
      },
    };
  }
}
