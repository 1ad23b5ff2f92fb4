import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { lazy, Suspense, useId, useState } from "react";
import { COOPERATION_MODES } from "../../lib/localgov/modes";
import { api, unwrap, type Schemas } from "../api/client";
import { useCountries } from "../api/queries";
import { Downloads } from "../components/Downloads";
import { ActorLink, Async, Empty, Loading, MechanismSelect, Name, PageTitle, StatusBadge } from "../components/ui";
import { pick, useI18n } from "../i18n";

// ECharts loads only when the comparison is opened.
const BarChart = lazy(() => import("../charts/Charts").then((m) => ({ default: m.BarChart })));

type Row = Schemas["ProvinceSummary"];
type Mode = Row["modes"][number]["mode"];
type SortKey = "name" | "projects" | "partners" | "events" | "budget" | "disbursed" | "rate" | "modes";
type Metric = "projects" | "partners" | "events" | "budget" | "disbursed" | "rate" | `mode:${Mode}`;

const SORTS: Record<SortKey, (r: Row) => number> = {
  name: () => 0,
  projects: (r) => r.projects,
  partners: (r) => r.partners,
  events: (r) => r.events,
  budget: (r) => Number(r.money.budget),
  disbursed: (r) => Number(r.money.disbursed),
  rate: (r) => r.obligations.rate ?? -1,
  modes: (r) => r.modes.length,
};
const FIGURES = ["projects", "partners", "events", "budget", "disbursed", "rate"] as const;
/** Every cooperation mode, so the chart can compare how much each province uses one. */
const MODES: readonly Mode[] = COOPERATION_MODES;
const modeOf = (m: Metric): Mode | null => (m.startsWith("mode:") ? (m.slice(5) as Mode) : null);

/** The seven provinces seed 001 compares, shown first when the list is not narrowed. */
const SEED_PROVINCES = ["cn-yunnan", "cn-guangxi", "cn-hainan", "cn-jiangsu", "cn-gansu", "cn-zhejiang", "cn-xinjiang"];

const useProvinces = (country: string | undefined, mechanism: string | undefined) => {
  const { lang } = useI18n();
  return useQuery({
    queryKey: ["provinces", country, mechanism, lang],
    queryFn: () => unwrap(api.GET("/api/v1/provinces", { params: { query: { country, mechanism } } })),
  });
};

function ModeList({ modes }: { modes: { mode: Mode; total: number }[] }) {
  const { t, fmt } = useI18n();
  if (!modes.length) return <span className="muted">{t("provinces.noModes")}</span>;
  return <>{modes.map((m) => `${t(`provinces.mode.${m.mode}`)} (${fmt.number(m.total)})`).join(" · ")}</>;
}

/** `/provinces`: every province or state side by side, sortable, with a chart of one figure. */
export function Provinces() {
  const { t, lang, fmt } = useI18n();
  const [country, setCountry] = useState<string | undefined>(undefined);
  const [mechanism, setMechanism] = useState<string | undefined>(undefined);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "projects", desc: true });
  const [metric, setMetric] = useState<Metric>("projects");
  const countries = useCountries();
  const provinces = useProvinces(country, mechanism);
  const countryId = useId();
  const metricId = useId();

  const sorted = (rows: Row[]) =>
    [...rows].sort((a, b) => {
      const seed = (r: Row) => (SEED_PROVINCES.includes(r.code) ? 0 : 1);
      const by = sort.key === "name" ? fmt.compare(pick(a.name, lang), pick(b.name, lang)) : SORTS[sort.key](a) - SORTS[sort.key](b);
      return (sort.desc ? -by : by) || seed(a) - seed(b) || a.code.localeCompare(b.code);
    });
  const modeTotal = (r: Row, mode: Mode) => r.modes.find((x) => x.mode === mode)?.total ?? 0;
  const value = (r: Row, m: Metric) => {
    const mode = modeOf(m);
    if (mode) return modeTotal(r, mode);
    return m === "budget" || m === "disbursed" ? Number(r.money[m]) : m === "rate" ? (r.obligations.rate ?? 0) * 100 : r[m as "projects" | "partners" | "events"];
  };
  const formatted = (r: Row, m: Metric) => {
    const mode = modeOf(m);
    if (mode) return fmt.number(modeTotal(r, mode));
    if (m === "budget" || m === "disbursed") return fmt.money(r.money[m], "USD");
    if (m === "rate") return r.obligations.rate === null ? "—" : `${fmt.number(Math.round(r.obligations.rate * 100))}%`;
    return fmt.number(r[m as "projects" | "partners" | "events"]);
  };
  const metricLabel = (m: Metric) => {
    const mode = modeOf(m);
    return mode ? t("provinces.modeMetric", { mode: t(`provinces.mode.${mode}`) }) : t(`provinces.col.${m}`);
  };

  const header = (key: SortKey, label: string, num = true) => {
    const active = sort.key === key;
    return (
      <th scope="col" className={num ? "num" : undefined} aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}>
        <button type="button" onClick={() => setSort({ key, desc: active ? !sort.desc : key !== "name" })} data-testid={`sort-${key}`}>
          {label}
          {active ? (sort.desc ? " ▼" : " ▲") : ""}
        </button>
      </th>
    );
  };

  return (
    <>
      <PageTitle>{t("provinces.title")}</PageTitle>
      <p className="muted">{t("provinces.intro")}</p>
      <div className="filters">
        <label htmlFor={countryId}>{t("provinces.country")}</label>
        <select id={countryId} value={country ?? ""} onChange={(e) => setCountry(e.target.value || undefined)} data-testid="province-country">
          <option value="">{t("provinces.allCountries")}</option>
          {(countries.data ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {pick(c.name, lang)}
            </option>
          ))}
        </select>
        <MechanismSelect value={mechanism} onChange={setMechanism} />
      </div>
      <Async query={provinces}>
        {(list) =>
          list.items.length === 0 ? (
            <Empty />
          ) : (
            <>
              <section className="panel" aria-labelledby="provinces-chart-title">
                <h2 id="provinces-chart-title">{t("provinces.chartTitle")}</h2>
                <div className="filters">
                  <label htmlFor={metricId}>{t("provinces.metric")}</label>
                  <select id={metricId} value={metric} onChange={(e) => setMetric(e.target.value as Metric)} data-testid="province-metric">
                    {[...FIGURES, ...MODES.map((m) => `mode:${m}` as const)].map((m) => (
                      <option key={m} value={m}>
                        {metricLabel(m)}
                      </option>
                    ))}
                  </select>
                </div>
                <Suspense fallback={<Loading />}>
                  <BarChart
                    label={`${t("provinces.chartTitle")}: ${metricLabel(metric)}`}
                    data={sorted(list.items)
                      .filter((r) => value(r, metric) > 0 || SEED_PROVINCES.includes(r.code))
                      .map((r) => ({ key: r.code, label: pick(r.name, lang), value: value(r, metric), formatted: formatted(r, metric) }))}
                    onSelect={() => undefined}
                  />
                </Suspense>
                <p className="muted">{t("provinces.chartAlt")}</p>
              </section>
              <Downloads path="/api/v1/provinces" query={{ country, mechanism }} />
              <div className="table-wrap">
                <table data-testid="provinces-table">
                  <caption>{t("provinces.tableCaption")}</caption>
                  <thead>
                    <tr>
                      {header("name", t("provinces.col.name"), false)}
                      {header("projects", t("provinces.col.projects"))}
                      {header("partners", t("provinces.col.partners"))}
                      {header("events", t("provinces.col.events"))}
                      {header("budget", t("provinces.col.budget"))}
                      {header("disbursed", t("provinces.col.disbursed"))}
                      {header("rate", t("provinces.col.rate"))}
                      {header("modes", t("provinces.col.modes"), false)}
                    </tr>
                  </thead>
                  <tbody>
                    {sorted(list.items).map((r) => (
                      <tr key={r.code} data-testid={`province-${r.code}`}>
                        <th scope="row">
                          <Link to="/provinces/$ref" params={{ ref: r.code }}>
                            <Name text={r.name} />
                          </Link>
                        </th>
                        <td className="num">{fmt.number(r.projects)}</td>
                        <td className="num">
                          {fmt.number(r.partners)}
                          <span className="muted"> · {t("provinces.countriesN", { n: fmt.number(r.partnerCountries) })}</span>
                        </td>
                        <td className="num">{fmt.number(r.events)}</td>
                        <td className="num">{fmt.money(r.money.budget, "USD")}</td>
                        <td className="num">{fmt.money(r.money.disbursed, "USD")}</td>
                        <td className="num">{formatted(r, "rate")}</td>
                        <td>
                          <ModeList modes={r.modes} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="muted">{t("provinces.rule")}</p>
            </>
          )
        }
      </Async>
    </>
  );
}

/** `/provinces/$ref`: one province or state and the records behind its figures. */
export function ProvincePage() {
  const { t, lang, fmt } = useI18n();
  const { ref } = useParams({ from: "/provinces/$ref" });
  const profile = useQuery({
    queryKey: ["province", ref, lang],
    queryFn: () => unwrap(api.GET("/api/v1/provinces/{ref}", { params: { path: { ref } } })),
  });
  return (
    <Async query={profile}>
      {(p) => {
        const r = p.province;
        return (
          <>
            <PageTitle>
              <Name text={r.name} />
            </PageTitle>
            <p>
              <Link to="/provinces">{t("provinces.back")}</Link> · <Link to="/actors/$ref" params={{ ref: r.code }}>{t("provinces.actorPage")}</Link>
            </p>
            <ul className="kpis" aria-label={t("provinces.figures")}>
              {(
                [
                  ["projects", fmt.number(r.projects)],
                  ["partners", fmt.number(r.partners)],
                  ["events", fmt.number(r.events)],
                  ["budget", fmt.money(r.money.budget, "USD")],
                  ["committed", fmt.money(r.money.committed, "USD")],
                  ["disbursed", fmt.money(r.money.disbursed, "USD")],
                  ["rate", r.obligations.rate === null ? "—" : `${fmt.number(Math.round(r.obligations.rate * 100))}%`],
                ] as const
              ).map(([k, v]) => (
                <li key={k}>
                  <span className="kpi-label">{t(`provinces.col.${k}`)}</span>
                  <span className="kpi-value" data-testid={`province-kpi-${k}`}>
                    {v}
                  </span>
                </li>
              ))}
            </ul>

            <section className="panel" aria-labelledby="province-modes">
              <h2 id="province-modes">{t("provinces.modesTitle")}</h2>
              {r.modes.length === 0 ? (
                <Empty />
              ) : (
                <table className="compact">
                  <caption className="sr-only">{t("provinces.modesTitle")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("provinces.col.mode")}</th>
                      <th scope="col" className="num">{t("provinces.col.projects")}</th>
                      <th scope="col" className="num">{t("provinces.col.events")}</th>
                      <th scope="col" className="num">{t("provinces.col.agreements")}</th>
                      <th scope="col">{t("provinces.col.source")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.modes.map((m) => (
                      <tr key={m.mode}>
                        <th scope="row">{t(`provinces.mode.${m.mode}`)}</th>
                        <td className="num">{fmt.number(m.projects)}</td>
                        <td className="num">{fmt.number(m.events)}</td>
                        <td className="num">{fmt.number(m.agreements)}</td>
                        <td>{m.source}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section className="panel" aria-labelledby="province-projects">
              <h2 id="province-projects">{t("provinces.projectsTitle")}</h2>
              {p.projects.length === 0 ? (
                <Empty />
              ) : (
                <div className="table-wrap">
                  <table data-testid="province-projects">
                    <caption className="sr-only">{t("provinces.projectsTitle")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("provinces.col.project")}</th>
                        <th scope="col">{t("provinces.col.status")}</th>
                        <th scope="col">{t("provinces.col.via")}</th>
                        <th scope="col" className="num">{t("provinces.col.budget")}</th>
                        <th scope="col" className="num">{t("provinces.col.disbursed")}</th>
                        <th scope="col">{t("provinces.col.modes")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.projects.map((x) => (
                        <tr key={x.code}>
                          <th scope="row">
                            <Link to="/projects/$ref" params={{ ref: x.code }}>
                              <Name text={x.title} />
                            </Link>{" "}
                            <span className="muted">{x.mechanismCode}</span>
                          </th>
                          <td>
                            <StatusBadge status={x.status} />
                          </td>
                          <td>{x.via.map((v) => `${v.code} (${t(`partyRole.${v.role}`)})`).join(", ")}</td>
                          <td className="num">{fmt.money(x.budget, "USD")}</td>
                          <td className="num">{fmt.money(x.disbursed, "USD")}</td>
                          <td>{x.modes.map((m) => t(`provinces.mode.${m}`)).join(", ")}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>

            <section className="panel" aria-labelledby="province-partners">
              <h2 id="province-partners">{t("provinces.partnersTitle")}</h2>
              {p.partners.length === 0 ? (
                <Empty />
              ) : (
                <>
                  <table className="compact">
                    <caption>{t("provinces.byCountryType")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("provinces.col.country")}</th>
                        <th scope="col">{t("provinces.col.type")}</th>
                        <th scope="col" className="num">{t("provinces.col.partners")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.partnersByCountryType.map((g) => (
                        <tr key={`${g.country}-${g.type}`}>
                          <th scope="row">{g.country ?? t("provinces.international")}</th>
                          <td>{t(`actorType.${g.type}`)}</td>
                          <td className="num">{fmt.number(g.partners)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <div className="table-wrap">
                    <table className="compact">
                      <caption>{t("provinces.partnerList")}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t("provinces.col.partner")}</th>
                          <th scope="col">{t("provinces.col.type")}</th>
                          <th scope="col">{t("provinces.col.country")}</th>
                          <th scope="col" className="num">{t("provinces.col.projects")}</th>
                          <th scope="col" className="num">{t("provinces.col.events")}</th>
                          <th scope="col" className="num">{t("provinces.col.agreements")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {p.partners.map((x) => (
                          <tr key={x.code}>
                            <th scope="row">
                              <ActorLink code={x.code} name={x.name} />
                            </th>
                            <td>{t(`actorType.${x.type}`)}</td>
                            <td>{x.country ?? "—"}</td>
                            <td className="num">{fmt.number(x.projects)}</td>
                            <td className="num">{fmt.number(x.events)}</td>
                            <td className="num">{fmt.number(x.agreements)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
            </section>

            <section className="panel" aria-labelledby="province-obligations">
              <h2 id="province-obligations">{t("provinces.obligationsTitle")}</h2>
              <p>
                {t("provinces.obligationsSummary", {
                  due: fmt.number(r.obligations.due),
                  fulfilled: fmt.number(r.obligations.fulfilled),
                  partly: fmt.number(r.obligations.partly + r.obligations.late),
                  overdue: fmt.number(r.obligations.openOverdue),
                })}
              </p>
              {p.agreements.length === 0 ? null : (
                <table className="compact">
                  <caption>{t("provinces.agreementsTitle")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("provinces.col.agreement")}</th>
                      <th scope="col">{t("provinces.col.signedOn")}</th>
                      <th scope="col">{t("provinces.col.via")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.agreements.map((a) => (
                      <tr key={a.code}>
                        <th scope="row">
                          <Name text={a.title} /> <span className="muted">{a.code}</span>
                        </th>
                        <td>{fmt.date(a.signedOn)}</td>
                        <td>{a.via.join(", ")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section className="panel" aria-labelledby="province-events">
              <h2 id="province-events">{t("provinces.eventsTitle")}</h2>
              {p.events.length === 0 ? (
                <Empty />
              ) : (
                <table className="compact">
                  <caption className="sr-only">{t("provinces.eventsTitle")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("provinces.col.date")}</th>
                      <th scope="col">{t("provinces.col.event")}</th>
                      <th scope="col">{t("provinces.col.kind")}</th>
                      <th scope="col">{t("provinces.col.modes")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.events.map((e) => (
                      <tr key={e.code}>
                        <td>{fmt.date(e.date, e.datePrecision)}</td>
                        <th scope="row">
                          <Link to="/events/$ref" params={{ ref: e.code }}>
                            <Name text={e.title} />
                          </Link>
                        </th>
                        <td>{t(`eventKind.${e.kind}`)}</td>
                        <td>{e.modes.map((m) => t(`provinces.mode.${m}`)).join(", ")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            {p.subordinates.length ? (
              <section className="panel" aria-labelledby="province-subs">
                <h2 id="province-subs">{t("provinces.subordinates")}</h2>
                <ul className="plain">
                  {p.subordinates.map((s) => (
                    <li key={s.code}>
                      <ActorLink code={s.code} name={s.name} /> {s.level ? <span className="muted">({t(`govLevel.${s.level}`)})</span> : null}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            <p className="muted">{t("provinces.rule")}</p>
          </>
        );
      }}
    </Async>
  );
}
