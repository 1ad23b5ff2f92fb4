import { useId, useState } from "react";
import { useI18n } from "../i18n";

/** The list routes with a CSV form (`format=csv`): the download gets the same filters as the page shows. */
export type ListPath =
  | "/api/v1/projects"
  | "/api/v1/actors"
  | "/api/v1/events"
  | "/api/v1/mechanisms"
  | "/api/v1/calls"
  | "/api/v1/applications"
  | "/api/v1/reports/late"
  | "/api/v1/funding-gap"
  | "/api/v1/exposure"
  | "/api/v1/water/rbos"
  | "/api/v1/water/treaties"
  | "/api/v1/compare/overlap"
  | "/api/v1/compare/outside-activity"
  | "/api/v1/provinces"
  | `/api/v1/compare/projects/${string}/overlap`;

type Query = Record<string, string | number | boolean | null | undefined>;

/** The page's filters as query parameters; paging is left out: a download holds every matching row. */
function filtersOf(query: Query | undefined, drop: readonly string[] = []): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === "" || k === "limit" || k === "offset" || drop.includes(k)) continue;
    params.set(k, String(v));
  }
  return params;
}

/**
 * "Download CSV" for a list page, with the page's filters and language, and a choice of a UTF-8
 * byte-order mark so Excel shows non-Latin text right. The project list also offers its IATI XML.
 * Plain links: the browser downloads with the session cookie, so the file holds exactly what the
 * list shows this user.
 */
export function Downloads({ path, query, iati = false }: { path: ListPath; query?: Query; iati?: boolean }) {
  const { t, lang } = useI18n();
  const [bom, setBom] = useState(false);
  const id = useId();
  const csv = filtersOf(query);
  csv.set("format", "csv");
  csv.set("lang", lang);
  if (bom) csv.set("bom", "true");
  // The IATI export takes the list's filters, not its order.
  const xml = filtersOf(query, ["sort"]).toString();
  return (
    <div className="downloads" role="group" aria-label={t("download.label")}>
      <a className="button" href={`${path}?${csv.toString()}`} download title={t("download.hint")} data-testid="download-csv">
        {t("download.csv")}
      </a>
      <label className="check" htmlFor={id}>
        <input id={id} type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} data-testid="download-bom" /> {t("download.bom")}
      </label>
      {iati ? (
        <a className="button" href={`/api/v1/exports/iati${xml ? `?${xml}` : ""}`} download data-testid="download-iati">
          {t("download.iati")}
        </a>
      ) : null}
    </div>
  );
}
