import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useEffect, useId, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { pick, useI18n, type Lang } from "../i18n";

export type DuplicateDraft = Schemas["DuplicateDraft"];

/** Wait this long after the last change before asking: a check per keystroke would flood the server. */
const DEBOUNCE_MS = 400;
/** Shorter titles match too much to be worth a warning. */
const MIN_TITLE_CHARS = 4;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/** What a project or application form holds, as a draft to check; half-typed fields the API would refuse are left out. */
export function draftOf(form: {
  titles: Partial<Record<Lang, string>>;
  description?: Partial<Record<Lang, string>>;
  sector?: string;
  startDate?: string;
  endDate?: string;
  parties?: string[];
  countries?: string[];
  mechanism?: string;
}): DuplicateDraft {
  const texts = (x: Partial<Record<Lang, string>> | undefined) => Object.fromEntries(Object.entries(x ?? {}).filter(([, v]) => v?.trim()).map(([k, v]) => [k, v!.trim()]));
  const year = (d?: string) => (d && /^\d{4}/.test(d) ? Number(d.slice(0, 4)) : undefined);
  const startYear = year(form.startDate);
  let endYear = year(form.endDate);
  if (startYear !== undefined && endYear !== undefined && endYear < startYear) endYear = undefined;
  const sector = form.sector?.trim();
  const parties = (form.parties ?? []).map((p) => p.trim()).filter(Boolean);
  const countries = (form.countries ?? []).filter((c) => /^[A-Za-z]{2}$/.test(c));
  const description = texts(form.description);
  return {
    title: texts(form.titles),
    ...(Object.keys(description).length ? { description } : {}),
    ...(sector && /^\d{3}(\d{2})?$/.test(sector) ? { sector } : {}),
    ...(startYear !== undefined ? { startYear } : {}),
    ...(endYear !== undefined ? { endYear } : {}),
    ...(parties.length ? { parties } : {}),
    ...(countries.length ? { countries } : {}),
    ...(form.mechanism ? { mechanism: form.mechanism } : {}),
    limit: 10,
  };
}

const hasTitle = (d: DuplicateDraft) => Object.values(d.title).some((x) => (x ?? "").trim().length >= MIN_TITLE_CHARS);

/**
 * "Possible duplicates" beside a proposal being drafted: existing projects and proposals that look
 * like it, each with its score, reasons and a link. Advice only: the form can still be submitted.
 * The region is a polite live region, so a screen reader hears when matches appear.
 */
export function DuplicatePanel({ draft }: { draft: DuplicateDraft }) {
  const { t, fmt, lang } = useI18n();
  const headingId = useId();
  // The draft object is rebuilt on every render: its JSON is the stable thing to wait on.
  const key = useDebounced(JSON.stringify(draft), DEBOUNCE_MS);
  const wanted = JSON.parse(key) as DuplicateDraft;
  const enabled = hasTitle(wanted);
  const check = useQuery({
    queryKey: ["duplicates-check", key],
    queryFn: () => unwrap(api.POST("/api/v1/duplicates/check", { body: wanted })),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const items = enabled ? (check.data?.items ?? []) : [];
  return (
    <aside className="duplicate-panel" aria-labelledby={headingId} data-testid="duplicate-panel">
      <h2 id={headingId}>{t("duplicates.panelTitle")}</h2>
      <div role="status" aria-live="polite" aria-busy={check.isFetching}>
        {!enabled ? (
          <p className="muted">{t("duplicates.typeTitle")}</p>
        ) : check.error ? (
          <p className="muted">{t("duplicates.checkFailed")}</p>
        ) : check.isPending ? (
          <p className="muted">{t("duplicates.checking")}</p>
        ) : items.length === 0 ? (
          <p className="muted" data-testid="duplicate-none">
            {t("duplicates.noneFound")}
          </p>
        ) : (
          <>
            <p data-testid="duplicate-count">{t("duplicates.found", { n: items.length })}</p>
            <ul className="duplicate-list">
              {items.map((m) => (
                <li key={m.id} data-testid="duplicate-match">
                  <Link to="/projects/$ref" params={{ ref: m.code }} target="_blank">
                    {pick(m.title, lang)}
                  </Link>{" "}
                  <span className="muted">
                    ({m.code}, {m.mechanism}
                    {m.sameMechanism ? `, ${t("duplicates.sameMechanism")}` : ""})
                  </span>
                  <br />
                  <strong>
                    {t("duplicates.score")}: {fmt.number(m.score)}
                  </strong>{" "}
                  — {m.reasons.map((r) => r.label).join("; ")}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </aside>
  );
}
