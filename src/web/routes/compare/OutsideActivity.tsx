import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId, useState } from "react";
import { api, unwrap } from "../../api/client";
import { Downloads } from "../../components/Downloads";
import { Async, MechanismSelect } from "../../components/ui";
import { pick, useI18n } from "../../i18n";

/** Where outside actors are active in a mechanism's priority areas (the LMC's unless changed): a table per area. */
export function OutsideActivitySection() {
  const { t, lang, fmt } = useI18n();
  const [mechanism, setMechanism] = useState("LMC");
  const id = useId();
  const activity = useQuery({
    queryKey: ["compare", "outside-activity", mechanism],
    queryFn: () => unwrap(api.GET("/api/v1/compare/outside-activity", { params: { query: { mechanism } } })),
    placeholderData: (previous) => previous,
  });
  const years = (from: number | null, to: number | null) => (from === null && to === null ? "—" : `${from ?? "…"}–${to ?? "…"}`);
  return (
    <section aria-labelledby="outside-heading" data-testid="outside-activity">
      <h2 id="outside-heading">{t("compare.outside.heading")}</h2>
      <p className="muted">{t("compare.outside.intro")}</p>
      <MechanismSelect value={mechanism} onChange={(code) => code && setMechanism(code)} label={t("compare.outside.mechanism")} required />
      <Downloads path="/api/v1/compare/outside-activity" query={{ mechanism }} />
      <Async query={activity}>
        {(data) =>
          data.areas.length === 0 ? (
            <p>{t("compare.outside.noAreas")}</p>
          ) : (
            <>
              {data.areas.map((a) => (
                <section key={a.priorityArea} aria-labelledby={`${id}-${a.priorityArea}`} className="panel" data-testid={`outside-${a.priorityArea}`}>
                  <h3 id={`${id}-${a.priorityArea}`}>{pick(a.name, lang) || a.priorityArea}</h3>
                  <p className="muted">
                    {a.ownProjects === 0
                      ? t("compare.outside.noFootprint")
                      : t("compare.outside.footprint", { count: a.ownProjects, countries: a.countries.join(", ") || "—", sectors: a.sectors.join(", ") || "—" })}
                  </p>
                  {a.outside.length === 0 ? (
                    a.ownProjects === 0 ? null : <p>{t("compare.outside.none")}</p>
                  ) : (
                    <table>
                      <caption className="sr-only">{t("compare.outside.caption", { area: pick(a.name, lang) || a.priorityArea })}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t("compare.outside.actor")}</th>
                          <th scope="col">{t("compare.outside.via")}</th>
                          <th scope="col">{t("compare.outside.projects")}</th>
                          <th scope="col">{t("compare.outside.countries")}</th>
                          <th scope="col">{t("compare.outside.sectors")}</th>
                          <th scope="col" className="num">
                            {t("compare.outside.amount")}
                          </th>
                          <th scope="col">{t("compare.outside.years")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {a.outside.map((o) => (
                          <tr key={o.actor ?? "-"}>
                            <th scope="row">
                              {o.actor ? (
                                <Link to="/actors/$ref" params={{ ref: o.actor }}>
                                  {pick(o.actorName, lang) || o.actor}
                                </Link>
                              ) : (
                                t("compare.outside.unnamed")
                              )}
                            </th>
                            <td>{o.via.map((v) => (v === v.toLowerCase() ? v.toUpperCase() : v)).join(", ")}</td>
                            <td>
                              {o.projects.slice(0, 5).map((p, i) => (
                                <span key={p}>
                                  {i ? ", " : ""}
                                  <Link to="/projects/$ref" params={{ ref: p }}>
                                    {p}
                                  </Link>
                                </span>
                              ))}
                              {o.projects.length > 5 ? ` ${t("compare.outside.more", { count: o.projects.length - 5 })}` : ""}
                            </td>
                            <td>{o.countries.join(", ")}</td>
                            <td>{o.sectors.join(", ")}</td>
                            <td className="num">{o.amount ? fmt.money(String(o.amount), data.currency) : "—"}</td>
                            <td>{years(o.from, o.to)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </section>
              ))}
            </>
          )
        }
      </Async>
    </section>
  );
}
