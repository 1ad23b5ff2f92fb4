import { createHash } from "node:crypto";
import type { CountryLookup } from "./countries.js";
import { canonicalDecimal, isPlainDecimal } from "./decimal.js";
import { sectorCode } from "./sectors.js";

/**
 * One row of AidData's Global Chinese Development Finance Dataset 2.0 (the 24-column `final_df`
 * release), read into plain values: what Concord stores of a GCDF project, free of the database.
 */

/** The 24 columns of GCDF 2.0, in the release's order. A file missing any of them is not GCDF 2.0. */
export const GCDF_COLUMNS = [
  "id",
  "AidData TUFF Project ID",
  "Recommended For Aggregates",
  "Umbrella",
  "Title",
  "Status",
  "Implementation Start Year",
  "Completion Year",
  "Flow Type",
  "Flow Class",
  "AidData Sector Name",
  "Commitment Year",
  "Funding Agencies",
  "Receiving Agencies",
  "Implementing Agencies",
  "Recipient",
  "Amount (Constant USD2017)",
  "Planned Implementation Start Date (MM/DD/YYYY)",
  "Planned Completion Date (MM/DD/YYYY)",
  "Actual Implementation Start Date (MM/DD/YYYY)",
  "Actual Completion Date (MM/DD/YYYY)",
  "finance_type",
  "viz_geojson_url",
  "dl_geojson_url",
] as const;
export type GcdfColumn = (typeof GCDF_COLUMNS)[number];
export type GcdfRow = Record<GcdfColumn, string>;

/** Concord's project statuses a GCDF status becomes. */
export type GcdfProjectStatus = "proposed" | "approved" | "active" | "suspended" | "completed" | "cancelled";

/**
 * GCDF 2.0's six statuses. A pledge is a promise not yet committed (a proposal); a commitment is
 * signed money not yet spent (approved); implementation and completion need no comment.
 */
export const GCDF_STATUS: Record<string, GcdfProjectStatus> = {
  Completion: "completed",
  Implementation: "active",
  "Pipeline: Commitment": "approved",
  "Pipeline: Pledge": "proposed",
  Suspended: "suspended",
  Cancelled: "cancelled",
};

/** How the money comes, in Concord's instrument names (src/db/schema/money.ts). */
export type GcdfInstrument = "grant" | "concessional_loan" | "commercial_loan" | "in_kind";

/** GCDF's flow type and class → instrument: a loan or credit is concessional when ODA-like, commercial otherwise. */
export function instrumentOf(flowType: string | null, flowClass: string | null): GcdfInstrument | null {
  if (!flowType) return null;
  if (/^grant$/i.test(flowType)) return "grant";
  if (/loan|credit/i.test(flowType)) return flowClass === "ODA-like" ? "concessional_loan" : "commercial_loan";
  if (/technical assistance|scholarships|training/i.test(flowType)) return "in_kind";
  return null;
}

export type GcdfDates = {
  plannedStart: string | null;
  plannedCompletion: string | null;
  actualStart: string | null;
  actualCompletion: string | null;
};

/** A GCDF project read from one row. */
export type GcdfRecord = {
  /** AidData's project id (column `id`). */
  id: string;
  tuffId: string;
  title: string;
  /** Other GCDF projects the title says this one is linked to: "(Linked to #34187, #85380)". */
  linkedIds: string[];
  statusName: string;
  status: GcdfProjectStatus;
  recommendedForAggregates: boolean | null;
  umbrella: boolean | null;
  flowType: string | null;
  flowClass: string | null;
  financeType: string | null;
  instrument: GcdfInstrument | null;
  sectorName: string | null;
  /** DAC sector group, 3 digits, when the name is one AidData uses. */
  sectorCode: string | null;
  commitmentYear: number | null;
  implementationStartYear: number | null;
  completionYear: number | null;
  fundingAgencies: string[];
  receivingAgencies: string[];
  implementingAgencies: string[];
  recipientName: string;
  /** ISO 3166-1 alpha-2; null for regional rows and names no list knows. */
  recipientCode: string | null;
  /** Constant 2017 US dollars, exactly as the file writes it (canonical form); null when the file gives none. */
  amount: string | null;
  dates: GcdfDates;
  /** The project's period: actual dates, else planned, else the commitment year; never ending before it starts. */
  startDate: string | null;
  endDate: string | null;
  vizGeojsonUrl: string | null;
  dlGeojsonUrl: string | null;
};

/** Why a row cannot be imported: a key under `server.import.skip.` and its placeholders. */
export type GcdfProblem = { reason: string; params: Record<string, string | number> };

const trimmed = (s: string | undefined) => (s ?? "").trim();
const orNull = (s: string | undefined) => trimmed(s) || null;

/** `a|b | c` → `["a", "b", "c"]`; blanks dropped, repeats kept once, order kept. */
export function splitAgencies(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split("|")) {
    const name = part.trim().replace(/\s+/g, " ");
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * The ids a title links to. AidData writes the links in brackets in many ways ("(Linked to
 * #34187, #85380)", "(linked to projects #85373 and #49941)", "[Linked to Project ID#87160 and
 * #87633]", ", linked to #1267"); every `#<digits>` after the word "link" counts. The project's
 * own id never does.
 */
export function linkedIds(title: string, ownId?: string): string[] {
  const out: string[] = [];
  for (const m of title.matchAll(/\blink(?:ed|s)?\b[^()[\]（）]*/giu)) {
    for (const n of m[0].matchAll(/#\s*(\d+)/g)) {
      const id = n[1]!;
      if (id !== ownId && !out.includes(id)) out.push(id);
    }
  }
  return out;
}

const isValidDay = (y: number, m: number, d: number) => {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
};

/**
 * A GCDF date as ISO `YYYY-MM-DD`. The release's headers say MM/DD/YYYY but its cells hold ISO
 * date-times (`2000-11-23T00:00:00`); both are read. Undefined for text that is no date.
 */
export function gcdfDate(cell: string): string | null | undefined {
  const s = cell.trim();
  if (!s) return null;
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (us) [m, d, y] = [Number(us[1]), Number(us[2]), Number(us[3])];
  else return undefined;
  if (y < 1900 || y > 2100 || !isValidDay(y, m, d)) return undefined;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A year as GCDF writes it (`2004`, or `2004.0` in the float-typed columns); undefined when it is not one. */
export function gcdfYear(cell: string): number | null | undefined {
  const s = cell.trim();
  if (!s) return null;
  const m = /^(\d{4})(?:\.0+)?$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  return y >= 1900 && y <= 2100 ? y : undefined;
}

function yesNo(cell: string): boolean | null {
  const s = cell.trim().toLowerCase();
  if (s === "yes" || s === "true" || s === "1") return true;
  if (s === "no" || s === "false" || s === "0") return false;
  return null;
}

/** Integer digits Concord's money columns hold: numeric(20,2). */
const MAX_INTEGER_DIGITS = 18;

/**
 * One row to a record, or the reason it cannot be one. Amounts, dates and years that are not what
 * they claim refuse the row (naming the column and the value); a recipient nothing knows does not:
 * the row imports without a recipient country.
 */
export function mapGcdfRow(row: GcdfRow, countries: CountryLookup): { record: GcdfRecord } | { problem: GcdfProblem } {
  const problem = (reason: string, params: Record<string, string | number>) => ({ problem: { reason, params } });
  const id = trimmed(row.id);
  if (!/^\d+$/.test(id)) return problem("gcdf_bad_id", { value: id });

  const statusName = trimmed(row.Status);
  const status = GCDF_STATUS[statusName];
  if (!status) return problem("gcdf_unknown_status", { value: statusName });

  const amountCell = trimmed(row["Amount (Constant USD2017)"]);
  let amount: string | null = null;
  if (amountCell) {
    if (!isPlainDecimal(amountCell)) return problem("gcdf_bad_amount", { column: "Amount (Constant USD2017)", value: amountCell });
    amount = canonicalDecimal(amountCell);
    if (amount.split(".")[0]!.length > MAX_INTEGER_DIGITS) return problem("gcdf_bad_amount", { column: "Amount (Constant USD2017)", value: amountCell });
  }

  const years: Partial<Record<"Commitment Year" | "Implementation Start Year" | "Completion Year", number | null>> = {};
  for (const column of ["Commitment Year", "Implementation Start Year", "Completion Year"] as const) {
    const y = gcdfYear(row[column]);
    if (y === undefined) return problem("gcdf_bad_year", { column, value: trimmed(row[column]) });
    years[column] = y;
  }

  const dateColumns = {
    plannedStart: "Planned Implementation Start Date (MM/DD/YYYY)",
    plannedCompletion: "Planned Completion Date (MM/DD/YYYY)",
    actualStart: "Actual Implementation Start Date (MM/DD/YYYY)",
    actualCompletion: "Actual Completion Date (MM/DD/YYYY)",
  } as const;
  const dates: GcdfDates = { plannedStart: null, plannedCompletion: null, actualStart: null, actualCompletion: null };
  for (const [key, column] of Object.entries(dateColumns) as [keyof GcdfDates, GcdfColumn][]) {
    const d = gcdfDate(row[column]);
    if (d === undefined) return problem("gcdf_bad_date", { column, value: trimmed(row[column]) });
    dates[key] = d;
  }

  const commitmentYear = years["Commitment Year"] ?? null;
  // The period: actual dates first. A fallback (planned, or the commitment year) that would end
  // the project before it starts gives way, so start <= end always holds.
  let startDate = dates.actualStart ?? dates.plannedStart;
  let endDate = dates.actualCompletion;
  if (!endDate && dates.plannedCompletion && (!startDate || dates.plannedCompletion >= startDate)) endDate = dates.plannedCompletion;
  if (!startDate && commitmentYear !== null) {
    const fromYear = `${commitmentYear}-01-01`;
    if (!endDate || fromYear <= endDate) startDate = fromYear;
  }
  if (startDate && endDate && endDate < startDate) endDate = null;

  const title = trimmed(row.Title).replace(/\s+/g, " ");
  const recipientName = trimmed(row.Recipient);
  const sectorName = orNull(row["AidData Sector Name"]);
  const flowType = orNull(row["Flow Type"]);
  const flowClass = orNull(row["Flow Class"]);
  return {
    record: {
      id,
      tuffId: trimmed(row["AidData TUFF Project ID"]) || id,
      title: title || `AidData GCDF project ${id}`,
      linkedIds: linkedIds(title, id),
      statusName,
      status,
      recommendedForAggregates: yesNo(row["Recommended For Aggregates"]),
      umbrella: yesNo(row.Umbrella),
      flowType,
      flowClass,
      financeType: orNull(row.finance_type),
      instrument: instrumentOf(flowType, flowClass),
      sectorName,
      sectorCode: sectorName ? sectorCode(sectorName) : null,
      commitmentYear,
      implementationStartYear: years["Implementation Start Year"] ?? null,
      completionYear: years["Completion Year"] ?? null,
      fundingAgencies: splitAgencies(row["Funding Agencies"]),
      receivingAgencies: splitAgencies(row["Receiving Agencies"]),
      implementingAgencies: splitAgencies(row["Implementing Agencies"]),
      recipientName,
      recipientCode: recipientName ? countries(recipientName) : null,
      amount,
      dates,
      startDate,
      endDate,
      vizGeojsonUrl: orNull(row.viz_geojson_url),
      dlGeojsonUrl: orNull(row.dl_geojson_url),
    },
  };
}

/** Bumped when the mapping changes, so the next import rewrites every project with the new rules. */
export const GCDF_MAPPING_VERSION = 1;

/** sha256 of the record and the mapping version: equal hashes mean a re-import has nothing to change. */
export function gcdfHash(record: GcdfRecord): string {
  return createHash("sha256").update(JSON.stringify({ v: GCDF_MAPPING_VERSION, record })).digest("hex");
}

/** The date a commitment is dated at: 1 January of the commitment year, else the earliest date known. */
export function commitmentDate(record: GcdfRecord): string | null {
  if (record.commitmentYear !== null) return `${record.commitmentYear}-01-01`;
  const known = Object.values(record.dates).filter((d): d is string => !!d).sort();
  return known[0] ?? null;
}
