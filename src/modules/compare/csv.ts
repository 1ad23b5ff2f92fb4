import type { Lang } from "../../db/schema/common.js";
import { localizedCell, toCsv } from "../../lib/csv.js";
import { t } from "../../lib/i18n/index.js";
import type { MatrixKind } from "../../lib/overlap/mechanisms.js";
import type { OutsideActivityOut, Overlap, ProjectOverlapOut } from "./schemas.js";

/**
 * The overlap answers as CSV, for the API's `format=csv` and the CLI's `--csv` alike. Matrices go
 * out in long form, one row per ordered pair and kind: a spreadsheet's pivot table turns it back
 * into any matrix, filters by kind, and nothing depends on where a block starts.
 */

type CsvOptions = { lang: Lang; bom?: boolean };
const header = (keys: readonly string[], lang: Lang) => keys.map((k) => t(lang, `server.csv.columns.${k}`));

export const OVERLAP_CSV_COLUMNS = ["kind", "mechanism_a", "mechanism_b", "value"] as const;

export function overlapCsv(overlap: Overlap, opts: CsvOptions & { kinds?: readonly MatrixKind[] }): string {
  const kinds = opts.kinds ?? (Object.keys(overlap.matrices) as MatrixKind[]);
  const rows = kinds.flatMap((kind) => {
    const m = overlap.matrices[kind];
    return m.codes.flatMap((a, i) => m.codes.map((b, j) => [kind, a, b, m.cells[i]![j]!]));
  });
  return toCsv(header(OVERLAP_CSV_COLUMNS, opts.lang), rows, { bom: opts.bom });
}

export const PROJECT_OVERLAP_CSV_COLUMNS = ["project", "overlapping_project", "mechanism", "source", "place", "km", "countries", "provinces", "zones", "sectors", "from_year", "to_year"] as const;

type Reason = ProjectOverlapOut["items"][number]["reasons"][number];
const codes = (reasons: Reason[], kind: Reason["kind"]) => reasons.find((r) => r.kind === kind)?.codes?.join("; ") ?? "";

/** One row per overlapping project; each reason in its own column, shared codes joined with "; ". */
export function projectOverlapCsv(list: ProjectOverlapOut, opts: CsvOptions): string {
  const rows = list.items.map((o) => {
    const years = o.reasons.find((r) => r.kind === "years");
    return [
      list.project,
      o.code,
      o.mechanism,
      o.externalSource,
      o.place,
      o.reasons.find((r) => r.kind === "distance")?.km ?? null,
      codes(o.reasons, "country"),
      codes(o.reasons, "province"),
      codes(o.reasons, "zone"),
      codes(o.reasons, "sector"),
      years?.from ?? null,
      years?.to ?? null,
    ];
  });
  return toCsv(header(PROJECT_OVERLAP_CSV_COLUMNS, opts.lang), rows, { bom: opts.bom });
}

export const OUTSIDE_ACTIVITY_CSV_COLUMNS = ["priority_area", "actor", "name", "via", "projects", "project_codes", "countries", "sectors", "budget", "currency", "from_year", "to_year"] as const;

/** One row per priority area and outside actor; an area where no outside actor works gets none. */
export function outsideActivityCsv(activity: OutsideActivityOut, opts: CsvOptions): string {
  const rows = activity.areas.flatMap((a) =>
    a.outside.map((o) => [a.priorityArea, o.actor, localizedCell(o.actorName, opts.lang), o.via.join("; "), o.projects.length, o.projects.join("; "), o.countries.join("; "), o.sectors.join("; "), o.amount, activity.currency, o.from, o.to]),
  );
  return toCsv(header(OUTSIDE_ACTIVITY_CSV_COLUMNS, opts.lang), rows, { bom: opts.bom });
}
