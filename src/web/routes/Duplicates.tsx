import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { Async, MechanismSelect, PageTitle, RoleGate } from "../components/ui";
import { pick, useI18n } from "../i18n";

/** The full scan is a portfolio audit: the API refuses everyone but staff and analysts too. */
const SCANNERS = ["admin", "secretariat", "analyst"];
const DEFAULT_THRESHOLD = 0.55;
/** The API's floor (MIN_SCAN_THRESHOLD): a half-typed "0." is not sent. */
const MIN_THRESHOLD = 0.3;

export function Duplicates() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("nav.duplicates")} roles={SCANNERS}>
      <Scan />
    </RoleGate>
  );
}

function ProjectCell({ p }: { p: Schemas["DuplicateProject"] }) {
  const { lang } = useI18n();
  return (
    <>
      <Link to="/projects/$ref" params={{ ref: p.code }}>
        {pick(p.title, lang)}
      </Link>
      <br />
      <span className="muted">
        {p.code} · {p.mechanism}
        {p.externalSource && p.externalSource.toUpperCase() !== p.mechanism ? ` · ${p.externalSource.toUpperCase()}` : ""}
      </span>
    </>
  );
}

function Scan() {
  const { t, fmt, lang } = useI18n();
  const [mechanism, setMechanism] = useState<string>();
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const thresholdId = useId();
  const query = { ...(mechanism ? { mechanism } : {}), threshold, limit: 500 };
  const scan = useQuery({
    queryKey: ["duplicates-scan", query],
    queryFn: () => unwrap(api.GET("/api/v1/duplicates", { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const csv = new URLSearchParams({ ...(mechanism ? { mechanism } : {}), threshold: String(threshold), limit: "5000", format: "csv", lang });
  return (
    <section>
      <PageTitle>{t("nav.duplicates")}</PageTitle>
      <p className="muted">{t("duplicates.intro")}</p>
      <div className="filters">
        <MechanismSelect value={mechanism} onChange={setMechanism} />
        <div className="field">
          <label htmlFor={thresholdId}>{t("duplicates.threshold")}</label>
          <input
            id={thresholdId}
            name="threshold"
            type="number"
            min={MIN_THRESHOLD}
            max={1}
            step={0.05}
            value={threshold}
            onChange={(e) => {
              const x = Number(e.target.value);
              if (Number.isFinite(x) && x >= MIN_THRESHOLD && x <= 1) setThreshold(x);
            }}
          />
        </div>
      </div>
      <div className="downloads" role="group" aria-label={t("download.label")}>
        <a className="button" href={`/api/v1/duplicates?${csv.toString()}`} download data-testid="download-csv">
          {t("download.csv")}
        </a>
      </div>
      <Async query={scan}>
        {(s) => (
          <>
            <p data-testid="duplicate-summary">{t("duplicates.summary", { shown: fmt.number(s.items.length), total: fmt.number(s.total), n: fmt.number(s.searched) })}</p>
            {s.items.length === 0 ? (
              <p className="muted">{t("duplicates.noPairs")}</p>
            ) : (
              <table data-testid="duplicate-pairs">
                <caption>{t("duplicates.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t("duplicates.score")}
                    </th>
                    <th scope="col">{t("duplicates.projectA")}</th>
                    <th scope="col">{t("duplicates.projectB")}</th>
                    <th scope="col">{t("duplicates.reasons")}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.items.map((p) => (
                    <tr key={`${p.a.id}-${p.b.id}`}>
                      <td className="num">{fmt.number(p.score)}</td>
                      <td>
                        <ProjectCell p={p.a} />
                      </td>
                      <td>
                        <ProjectCell p={p.b} />
                      </td>
                      <td>
                        <ul className="plain">
                          {p.reasons.map((r) => (
                            <li key={r.kind}>{r.label}</li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
