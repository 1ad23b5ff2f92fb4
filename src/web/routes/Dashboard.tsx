import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { lazy, Suspense } from "react";
import type { PortfolioBucket } from "../api/client";
import { useCountries, useMe, usePortfolio } from "../api/queries";
import { SourceCredit } from "../components/SourceCredit";
import { Async, Empty, MechanismSelect, Loading, PageTitle } from "../components/ui";
import { INTL_TAGS, pick, useI18n, type Localized } from "../i18n";
import type { ProjectSearch } from "../lib/search";
import { ALERT_ROLES, AlertsPanel } from "./Alerts";

// ECharts and the map boundaries load only when the dashboard is opened.
const BarChart = lazy(() => import("../charts/Charts").then((m) => ({ default: m.BarChart })));
const MekongMap = lazy(() => import("../charts/Charts").then((m) => ({ default: m.MekongMap })));

type Dimension = { id: "byMechanism" | "byPillar" | "byArea" | "byCountry" | "byLocalGov" | "byStatus" | "byYear"; title: string; filter: (key: string) => Partial<ProjectSearch> };

export function Dashboard() {
  const { t, lang, fmt } = useI18n();
  const { mechanism } = useSearch({ from: "/dashboard" });
  const navigate = useNavigate();
  const portfolio = usePortfolio(mechanism);
  const countries = useCountries();
  const me = useMe();
  const seesAlerts = !!me.data && (ALERT_ROLES as readonly string[]).includes(me.data.role);
  const base: Partial<ProjectSearch> = mechanism ? { mechanism } : {};

  const dimensions: Dimension[] = [
    { id: "byPillar", title: t("dashboard.byPillar"), filter: (k) => ({ pillar: k }) },
    { id: "byArea", title: t("dashboard.byArea"), filter: (k) => ({ area: k }) },
    { id: "byCountry", title: t("dashboard.byCountry"), filter: (k) => ({ country: k }) },
    { id: "byLocalGov", title: t("dashboard.byLocalGov"), filter: (k) => ({ actor: k }) },
    { id: "byStatus", title: t("dashboard.byStatus"), filter: (k) => ({ status: k as ProjectSearch["status"] }) },
    { id: "byYear", title: t("dashboard.byYear"), filter: (k) => ({ year: Number(k) }) },
    { id: "byMechanism", title: t("dashboard.byMechanism"), filter: (k) => ({ mechanism: k }) },
  ];
  // Recipient countries outside Concord's own country list (imported projects) are named by Intl.
  const regionNames = new Intl.DisplayNames([INTL_TAGS[lang], "en"], { type: "region", fallback: "code" });
  const countryName = (code: string) => {
    try {
      return regionNames.of(code) ?? code;
    } catch {
      return code;
    }
  };
  const labelOf = (d: Dimension["id"], b: Pick<PortfolioBucket, "key"> & { name: Localized | null }) => {
    if (b.key === null) return t("dashboard.unassigned");
    if (d === "byStatus") return t(`status.${b.key}`);
    if (d === "byYear") return fmt.year(Number(b.key));
    if (d === "byCountry") return pick(countries.data?.find((c) => c.code === b.key)?.name ?? b.name, lang) || countryName(b.key);
    return pick(b.name, lang) || b.key;
  };
  const open = (search: Partial<ProjectSearch>) => void navigate({ to: "/projects", search: { ...base, ...search } });

  return (
    <>
      <PageTitle>{t("dashboard.title")}</PageTitle>
      <div className="filters">
        <MechanismSelect value={mechanism} onChange={(code) => void navigate({ to: "/dashboard", search: { mechanism: code } })} />
      </div>
      {seesAlerts ? <AlertsPanel /> : null}
      <Async query={portfolio}>
        {(p) => (
          <>
            <ul className="kpis" aria-label={t("dashboard.totals")}>
              <li>
                <Link to="/projects" search={base}>
                  <span className="kpi-label">{t("dashboard.projects")}</span>
                  <span className="kpi-value" data-testid="kpi-projects">
                    {fmt.number(p.totals.projects)}
                  </span>
                </Link>
              </li>
              {(["budget", "committed", "disbursed"] as const).map((k) => (
                <li key={k}>
                  <Link to="/projects" search={{ ...base, sort: "-budget" }}>
                    <span className="kpi-label">{t(`dashboard.${k}`)}</span>
                    <span className="kpi-value">{fmt.money(p.totals[k], p.currency)}</span>
                  </Link>
                </li>
              ))}
            </ul>
            {p.otherCurrencyProjects > 0 ? <p className="muted">{t("dashboard.otherCurrency", { n: fmt.number(p.otherCurrencyProjects), currency: p.currency })}</p> : null}
            <p className="muted">{t("dashboard.clickHint")}</p>
            {p.sources.map((s) => (
              <SourceCredit key={s.source} source={s.source} count={s.projects} />
            ))}

            <section className="panel" aria-labelledby="map-title">
              <h2 id="map-title">{t("dashboard.map")}</h2>
              <Suspense fallback={<Loading />}>
                <MekongMap
                  label={t("dashboard.mapLabel")}
                  data={p.byCountry.filter((b) => b.key).map((b) => ({ key: b.key!, label: labelOf("byCountry", b), value: b.projects, formatted: fmt.number(b.projects) }))}
                  onSelect={(k) => open({ country: k })}
                />
              </Suspense>
            </section>

            <div className="grid-2">
              {dimensions.map((d) => {
                const buckets = p[d.id];
                return (
                  <section key={d.id} className="panel" aria-labelledby={`${d.id}-title`} data-testid={`panel-${d.id}`}>
                    <h2 id={`${d.id}-title`}>{d.title}</h2>
                    {buckets.length === 0 ? (
                      <Empty />
                    ) : (
                      <>
                        <Suspense fallback={<Loading />}>
                          <BarChart
                            label={d.title}
                            data={buckets.map((b) => ({ key: b.key ?? "", label: labelOf(d.id, b), value: b.projects, formatted: fmt.number(b.projects) }))}
                            onSelect={(k) => k && open(d.filter(k))}
                          />
                        </Suspense>
                        <table className="compact">
                          <caption className="sr-only">{d.title}</caption>
                          <thead>
                            <tr>
                              <th scope="col">{t("dashboard.group")}</th>
                              <th scope="col" className="num">
                                {t("dashboard.projects")}
                              </th>
                              <th scope="col" className="num">
                                {t("dashboard.budget")}
                              </th>
                              <th scope="col" className="num">
                                {t("dashboard.disbursed")}
                              </th>
                            </tr>
                          </thead>
                          <tbody>
                            {buckets.map((b) => (
                              <tr key={b.key ?? "none"}>
                                <th scope="row">{labelOf(d.id, b)}</th>
                                <td className="num">
                                  {b.key !== null ? (
                                    <Link to="/projects" search={{ ...base, ...d.filter(b.key) }}>
                                      {fmt.number(b.projects)}
                                    </Link>
                                  ) : (
                                    fmt.number(b.projects)
                                  )}
                                </td>
                                <td className="num">{fmt.money(b.budget, p.currency)}</td>
                                <td className="num">{fmt.money(b.disbursed, p.currency)}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </>
                    )}
                  </section>
                );
              })}
            </div>
          </>
        )}
      </Async>
    </>
  );
}
