import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { useCountries, useExposure, useFundingGap, useLateReports, useMe } from "../api/queries";
import { ActionForm } from "../components/ActionForm";
import { Async, Empty, MechanismSelect, Name, PageTitle, RoleGate } from "../components/ui";
import { Downloads } from "../components/Downloads";
import { pick, useI18n } from "../i18n";

/** The monitoring pages are for the secretariat and analysts; the API refuses everyone else too. */
const MONITORS = ["admin", "secretariat", "analyst"];

export function LateReports() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("fund.lateReports")}>
      <LateReportsTable />
    </RoleGate>
  );
}

function LateReportsTable() {
  const { t, fmt } = useI18n();
  const [mechanism, setMechanism] = useState<string>();
  const late = useLateReports(mechanism ? { mechanism } : {});
  return (
    <section>
      <PageTitle>{t("fund.lateReports")}</PageTitle>
      <div className="filters">
        <MechanismSelect value={mechanism} onChange={setMechanism} />
      </div>
      <Downloads path="/api/v1/reports/late" query={{ mechanism }} />
      <Async query={late}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty />
          ) : (
            <table data-testid="late-reports">
              <thead>
                <tr>
                  <th scope="col">{t("nav.projects")}</th>
                  <th scope="col">{t("project.phase")}</th>
                  <th scope="col">{t("project.reportPeriod")}</th>
                  <th scope="col">{t("project.due")}</th>
                  <th scope="col" className="num">
                    {t("fund.daysLate")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((r) => (
                  <tr key={`${r.projectCode}-${r.seq}-${r.periodStart}`}>
                    <td>
                      <Link to="/projects/$ref" params={{ ref: r.projectCode }}>
                        <Name text={r.projectTitle} />
                      </Link>
                    </td>
                    <td>{fmt.number(r.seq)}</td>
                    <td>
                      {fmt.date(r.periodStart)} – {fmt.date(r.periodEnd)}
                    </td>
                    <td>{fmt.date(r.dueDate)}</td>
                    <td className="num">{fmt.number(r.daysLate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </section>
  );
}

export function Exposure() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("fund.exposure")} roles={MONITORS}>
      <ExposureTables />
    </RoleGate>
  );
}

function ExposureTables() {
  const { t, lang, fmt } = useI18n();
  const exposure = useExposure();
  const countries = useCountries();
  return (
    <section>
      <PageTitle>{t("fund.exposure")}</PageTitle>
      <p className="muted">{t("fund.exposureIntro")}</p>
      <Downloads path="/api/v1/exposure" />
      <Async query={exposure}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty />
          ) : (
            <>
              {data.items.map((c) => (
                <section key={c.countryCode} aria-labelledby={`exp-${c.countryCode}`} className="panel">
                  <h2 id={`exp-${c.countryCode}`}>{pick(countries.data?.find((x) => x.code === c.countryCode)?.name, lang) || c.countryCode}</h2>
                  <table>
                    <caption className="sr-only">{t("fund.suspendedPhases")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("nav.projects")}</th>
                        <th scope="col">{t("project.phase")}</th>
                        <th scope="col">{t("fund.suspendReason")}</th>
                        <th scope="col">{t("fund.since")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.suspendedPhases.map((s) => (
                        <tr key={`${s.projectCode}-${s.seq}`}>
                          <td>
                            <Link to="/projects/$ref" params={{ ref: s.projectCode }}>
                              {s.projectCode}
                            </Link>
                          </td>
                          <td>{fmt.number(s.seq)}</td>
                          <td>{s.reason ? t(`suspendReason.${s.reason}`) : "—"}</td>
                          <td>{fmt.date(s.since)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <h3>{t("fund.exposedProjects")}</h3>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("nav.projects")}</th>
                        <th scope="col">{t("projects.status")}</th>
                        <th scope="col" className="num">
                          {t("projects.budget")}
                        </th>
                        <th scope="col" className="num">
                          {t("fund.spent")}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.exposedProjects.map((p) => (
                        <tr key={p.code}>
                          <td>
                            <Link to="/projects/$ref" params={{ ref: p.code }}>
                              {p.code}
                            </Link>
                          </td>
                          <td>{t(`status.${p.status}`)}</td>
                          <td className="num">{fmt.money(p.budget, p.currency)}</td>
                          <td className="num">{fmt.money(p.spent, p.currency)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              ))}
            </>
          )
        }
      </Async>
    </section>
  );
}

type GapBy = Schemas["FundingGap"]["by"];
const DIMENSIONS: GapBy[] = ["project", "phase", "mechanism", "priority_area", "country", "zone"];
const CURRENCIES = ["USD", "CNY", "THB", "LAK", "VND", "KHR", "MMK", "EUR", "JPY"];

export function FundingGap() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("fund.fundingGap")} roles={MONITORS}>
      <FundingGapTable />
    </RoleGate>
  );
}

function FundingGapTable() {
  const { t, fmt } = useI18n();
  const [by, setBy] = useState<GapBy>("project");
  const [currency, setCurrency] = useState("USD");
  const [mechanism, setMechanism] = useState<string>();
  const gap = useFundingGap({ by, currency, ...(mechanism ? { mechanism } : {}) });
  const me = useMe();
  return (
    <section>
      <PageTitle>{t("fund.fundingGap")}</PageTitle>
      <div className="filters">
        <div className="field">
          <label htmlFor="gap-by">{t("fund.dimension")}</label>
          <select id="gap-by" value={by} onChange={(e) => setBy(e.target.value as GapBy)}>
            {DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {t(`gapBy.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="gap-currency">{t("form.currency")}</label>
          <select id="gap-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <MechanismSelect value={mechanism} onChange={setMechanism} />
      </div>
      <Downloads path="/api/v1/funding-gap" query={{ by, currency, mechanism }} />
      <Async query={gap}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty />
          ) : (
            <div className="table-wrap">
              <table data-testid="funding-gap">
                <thead>
                  <tr>
                    <th scope="col">{t(`gapBy.${data.by}`)}</th>
                    <th scope="col" className="num">
                      {t("projects.budget")}
                    </th>
                    <th scope="col" className="num">
                      {t("fund.committed")}
                    </th>
                    <th scope="col" className="num">
                      {t("fund.disbursed")}
                    </th>
                    <th scope="col" className="num">
                      {t("fund.gap")}
                    </th>
                    <th scope="col" className="num">
                      {t("nav.projects")}
                    </th>
                    <th scope="col" className="num">
                      {t("fund.unconverted")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((r) => (
                    <tr key={r.key}>
                      <th scope="row">
                        {r.label ? <Name text={r.label} /> : null} <span className="code">{r.key}</span>
                      </th>
                      <td className="num">{fmt.money(r.budget, data.currency)}</td>
                      <td className="num">{fmt.money(r.committed, data.currency)}</td>
                      <td className="num">{fmt.money(r.disbursed, data.currency)}</td>
                      <td className="num">{fmt.money(r.gap, data.currency)}</td>
                      <td className="num">{fmt.number(r.projects)}</td>
                      <td className="num">{r.unconverted ? <span className="badge flag">{fmt.number(r.unconverted)}</span> : fmt.number(0)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
      {me.data?.role === "admin" || me.data?.role === "secretariat" ? (
        <ActionForm
          label={t("fund.addRate")}
          testId="rate-form"
          fields={[
            { name: "currency", label: t("form.currency"), required: true },
            { name: "date", label: t("fund.rateDate"), kind: "date", required: true },
            { name: "usdPerUnit", label: t("fund.usdPerUnit"), required: true },
            { name: "source", label: t("fund.rateSource") },
          ]}
          run={(v) =>
            unwrap(
              api.POST("/api/v1/exchange-rates", {
                body: { currency: (v.currency ?? "").trim().toUpperCase(), date: v.date ?? "", usdPerUnit: (v.usdPerUnit ?? "").trim(), ...(v.source?.trim() ? { source: v.source.trim() } : {}) },
              }),
            )
          }
          onDone={() => gap.refetch()}
        />
      ) : null}
    </section>
  );
}
