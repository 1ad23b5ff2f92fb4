import { Link, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { useEvents, useMechanism, useMechanisms } from "../api/queries";
import { ActorLink, Async, Empty, Name, PageTitle, SampleNote } from "../components/ui";
import { Downloads } from "../components/Downloads";
import { BarBadge, BarLegend, WaterIntensity } from "../components/WaterBar";
import { isLang, LANG_NAMES, LANGS, pick, useI18n, type Lang } from "../i18n";

export function Mechanisms() {
  const { t, lang, fmt } = useI18n();
  const mechanisms = useMechanisms();
  return (
    <>
      <PageTitle>{t("mechanisms.title")}</PageTitle>
      <Downloads path="/api/v1/mechanisms" />
      <Async query={mechanisms}>
        {(page) => (
          <ul className="cards grid-cards">
            {[...page.items]
              .sort((a, b) => fmt.compare(pick(a.name, lang), pick(b.name, lang)))
              .map((m) => (
                <li key={m.id} className="card">
                  <h2 className="card-title">
                    <Link to="/mechanisms/$ref" params={{ ref: m.code }}>
                      <Name text={m.name} />
                    </Link>
                  </h2>
                  <div className="meta">
                    {m.code} · {t("mechanisms.founded")}: {fmt.date(m.foundedOn, m.foundedPrecision)} · {t("mechanisms.memberCount", { n: fmt.number(m.members.length) })}
                  </div>
                  {m.description ? <p>{pick(m.description, lang)}</p> : null}
                </li>
              ))}
          </ul>
        )}
      </Async>
    </>
  );
}

export function MechanismPage() {
  const { ref } = useParams({ from: "/mechanisms/$ref" });
  const { t, lang, fmt } = useI18n();
  const mechanism = useMechanism(ref);
  const events = useEvents({ mechanism: ref, sort: "date" });
  return (
    <Async query={mechanism}>
      {(m) => {
        const members = [...m.members].sort((a, b) => (a.since ?? "").localeCompare(b.since ?? "") || fmt.compare(pick(a.actorName, lang), pick(b.actorName, lang)));
        return (
          <article>
            <PageTitle
              actions={
                <Link to="/projects" search={{ mechanism: m.code }} className="button">
                  {t("mechanisms.projects")}
                </Link>
              }
            >
              <Name text={m.name} />
            </PageTitle>
            <p className="meta">
              <span className="code">{m.code}</span> · {t("mechanisms.founded")}: {fmt.date(m.foundedOn, m.foundedPrecision)} <SampleNote show={m.isSample} />
            </p>
            {m.description ? <p className="description">{pick(m.description, lang)}</p> : null}
            <AnnualReportLink mechanism={m.code} />

            <section aria-labelledby="framework">
              <h2 id="framework">{t("mechanisms.framework")}</h2>
              {m.pillars.length === 0 && m.priorityAreas.length === 0 ? (
                <Empty />
              ) : (
                <div className="framework">
                  {m.pillars.map((p) => {
                    const areas = m.priorityAreas.filter((a) => a.pillarId === p.id);
                    return (
                      <div key={p.id} className="pillar">
                        <h3>
                          <Link to="/projects" search={{ mechanism: m.code, pillar: p.code }}>
                            {pick(p.name, lang)}
                          </Link>
                        </h3>
                        {areas.length > 0 ? (
                          <ul>
                            {areas.map((a) => (
                              <li key={a.id}>
                                <Link to="/projects" search={{ mechanism: m.code, area: a.code }}>
                                  {pick(a.name, lang)}
                                </Link>
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </div>
                    );
                  })}
                  {m.priorityAreas.some((a) => !a.pillarId) ? (
                    <div className="pillar">
                      <h3>{t("mechanisms.priorityAreas")}</h3>
                      <ul>
                        {m.priorityAreas
                          .filter((a) => !a.pillarId)
                          .map((a) => (
                            <li key={a.id}>
                              <Link to="/projects" search={{ mechanism: m.code, area: a.code }}>
                                {pick(a.name, lang)}
                              </Link>
                            </li>
                          ))}
                      </ul>
                    </div>
                  ) : null}
                </div>
              )}
            </section>

            <section aria-labelledby="organs">
              <h2 id="organs">{t("mechanisms.organs")}</h2>
              {m.organs.length === 0 ? (
                <Empty />
              ) : (
                <ul className="plain">
                  {m.organs.map((o) => (
                    <li key={o.id}>
                      <strong>{pick(o.name, lang)}</strong> <span className="muted">({t(`organKind.${o.kind}`)})</span>
                      {o.description ? <div>{pick(o.description, lang)}</div> : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section aria-labelledby="members">
              <h2 id="members">{t("mechanisms.members")}</h2>
              {members.length === 0 ? (
                <Empty />
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("mechanisms.member")}</th>
                      <th scope="col">{t("project.role")}</th>
                      <th scope="col">{t("mechanisms.since")}</th>
                      <th scope="col">{t("mechanisms.until")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {members.map((x) => (
                      <tr key={x.id}>
                        <td>
                          <ActorLink code={x.actorCode} name={x.actorName} />
                        </td>
                        <td>{t(`memberRole.${x.role}`)}</td>
                        <td>{fmt.date(x.since)}</td>
                        <td>{x.until ? fmt.date(x.until) : t("mechanisms.present")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section aria-labelledby="timeline">
              <h2 id="timeline">{t("mechanisms.timeline")}</h2>
              <Async query={events}>
                {(page) => {
                  // Water events (TFDD) sit on the same timeline, each with its BAR intensity.
                  const water = page.items.some((e) => e.kind === "water_event");
                  return page.items.length === 0 ? (
                    <Empty />
                  ) : (
                    <>
                      {water ? <WaterIntensity mechanism={m.code} level={3} /> : null}
                      <ol className="timeline">
                        {page.items.map((e) => (
                          <li key={e.id} data-kind={e.kind}>
                            <time dateTime={e.date}>{fmt.date(e.date, e.datePrecision)}</time>
                            <div>
                              {e.kind === "water_event" ? (
                                <>
                                  <BarBadge value={e.barScale} />{" "}
                                </>
                              ) : null}
                              <strong>
                                <Name text={e.title} />
                              </strong>{" "}
                              <span className="muted">
                                {t(`eventKind.${e.kind}`)}
                                {e.basinCode ? ` · ${e.basinCode}` : ""}
                                {e.place ? ` · ${pick(e.place, lang)}` : ""}
                              </span>
                            </div>
                          </li>
                        ))}
                      </ol>
                      {water ? <BarLegend level={3} /> : null}
                    </>
                  );
                }}
              </Async>
            </section>
          </article>
        );
      }}
    </Async>
  );
}

/** A link to the mechanism's annual progress report: a file the server prints, opened in a new tab. */
function AnnualReportLink({ mechanism }: { mechanism: string }) {
  const { t, lang, fmt } = useI18n();
  const thisYear = new Date().getUTCFullYear();
  const [year, setYear] = useState(thisYear);
  const [reportLang, setReportLang] = useState<Lang>(lang);
  const [format, setFormat] = useState<"html" | "pdf">("pdf");
  const href = `/api/v1/mechanisms/${encodeURIComponent(mechanism)}/annual-report?${new URLSearchParams({ year: String(year), lang: reportLang, format })}`;
  return (
    <section aria-labelledby="annual-report" className="panel">
      <h2 id="annual-report">{t("fund.annualReport")}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="ar-year">{t("fund.year")}</label>
          <select id="ar-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {Array.from({ length: thisYear - 2011 }, (_, i) => thisYear - i).map((y) => (
              <option key={y} value={y}>
                {fmt.year(y)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ar-lang">{t("lang.label")}</label>
          <select id="ar-lang" value={reportLang} onChange={(e) => isLang(e.target.value) && setReportLang(e.target.value)}>
            {LANGS.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ar-format">{t("fund.format")}</label>
          <select id="ar-format" value={format} onChange={(e) => setFormat(e.target.value === "html" ? "html" : "pdf")}>
            <option value="pdf">{t("fund.formatPdf")}</option>
            <option value="html">{t("fund.formatHtml")}</option>
          </select>
        </div>
        <a className="button primary" href={href} target="_blank" rel="noopener" data-testid="annual-report-link">
          {t("fund.openReport")}
        </a>
      </div>
    </section>
  );
}
