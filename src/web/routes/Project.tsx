import { Link, useParams } from "@tanstack/react-router";
import { useMechanism, useProject } from "../api/queries";
import { ActorLink, Async, Empty, Name, PageTitle, SampleNote, StatusBadge } from "../components/ui";
import { pick, useI18n } from "../i18n";

export function ProjectPage() {
  const { ref } = useParams({ from: "/projects/$ref" });
  const { t, lang, fmt } = useI18n();
  const project = useProject(ref);
  const mechanism = useMechanism(project.data?.mechanismCode);
  return (
    <Async query={project}>
      {(p) => {
        const pillar = mechanism.data?.pillars.find((x) => x.code === p.pillarCode);
        const area = mechanism.data?.priorityAreas.find((x) => x.code === p.priorityAreaCode);
        const phaseName = (id: string | null) => {
          const ph = p.phases.find((x) => x.id === id);
          return ph ? `${ph.seq}. ${pick(ph.name, lang)}` : "—";
        };
        const partyName = (id: string | null) => {
          const party = p.parties.find((x) => x.actorId === id);
          return party ? pick(party.actorName, lang) : "—";
        };
        return (
          <article>
            <PageTitle>
              <Name text={p.title} />
            </PageTitle>
            <p className="meta">
              <span className="code">{p.code}</span> <StatusBadge status={p.status} /> <SampleNote show={p.isSample} />{" "}
              <span className="badge">{t(`visibility.${p.visibility}`)}</span>
            </p>
            {p.description ? <p className="description">{pick(p.description, lang)}</p> : null}
            <dl className="facts">
              <div>
                <dt>{t("projects.mechanism")}</dt>
                <dd>
                  <Link to="/mechanisms/$ref" params={{ ref: p.mechanismCode }}>
                    {mechanism.data ? pick(mechanism.data.name, lang) : p.mechanismCode}
                  </Link>
                </dd>
              </div>
              <div>
                <dt>{t("projects.pillar")}</dt>
                <dd>{pillar ? pick(pillar.name, lang) : (p.pillarCode ?? "—")}</dd>
              </div>
              <div>
                <dt>{t("projects.area")}</dt>
                <dd>{area ? pick(area.name, lang) : (p.priorityAreaCode ?? "—")}</dd>
              </div>
              <div>
                <dt>{t("project.period")}</dt>
                <dd>
                  {fmt.date(p.startDate)} – {fmt.date(p.endDate)}
                </dd>
              </div>
              <div>
                <dt>{t("projects.budget")}</dt>
                <dd>{fmt.money(p.budget, p.currency)}</dd>
              </div>
              <div>
                <dt>{t("project.sector")}</dt>
                <dd>{p.sector ?? "—"}</dd>
              </div>
              {p.totals.map((x) => (
                <div key={`${x.type}-${x.currency}`}>
                  <dt>{t(`transaction.${x.type}`)}</dt>
                  <dd>{fmt.money(x.value, x.currency)}</dd>
                </div>
              ))}
            </dl>

            <section aria-labelledby="parties">
              <h2 id="parties">{t("project.parties")}</h2>
              {p.parties.length === 0 ? (
                <Empty />
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("project.party")}</th>
                      <th scope="col">{t("project.role")}</th>
                      <th scope="col">{t("actors.type")}</th>
                      <th scope="col">{t("projects.country")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.parties.map((x) => (
                      <tr key={`${x.actorId}-${x.role}`}>
                        <td>
                          <ActorLink code={x.actorCode} name={x.actorName} />
                        </td>
                        <td>{t(`partyRole.${x.role}`)}</td>
                        <td>{t(`actorType.${x.actorType}`)}</td>
                        <td>{x.countryCode ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section aria-labelledby="phases">
              <h2 id="phases">{t("project.phases")}</h2>
              {p.phases.length === 0 ? (
                <Empty />
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t("project.phase")}</th>
                      <th scope="col">{t("projects.status")}</th>
                      <th scope="col">{t("project.period")}</th>
                      <th scope="col" className="num">
                        {t("projects.budget")}
                      </th>
                      <th scope="col">{t("project.deliverables")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.phases.map((ph) => (
                      <tr key={ph.id}>
                        <td>{fmt.number(ph.seq)}</td>
                        <td>{pick(ph.name, lang)}</td>
                        <td>
                          <span className={`badge status-${ph.status}`}>{t(`phaseStatus.${ph.status}`)}</span>
                        </td>
                        <td>
                          {fmt.date(ph.startDate)} – {fmt.date(ph.endDate)}
                        </td>
                        <td className="num">{fmt.money(ph.budget, p.currency)}</td>
                        <td>{ph.deliverables.join("; ") || "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section aria-labelledby="transactions">
              <h2 id="transactions">{t("project.transactions")}</h2>
              {p.transactions.length === 0 ? (
                <Empty />
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("project.date")}</th>
                      <th scope="col">{t("project.type")}</th>
                      <th scope="col">{t("project.phase")}</th>
                      <th scope="col">{t("project.provider")}</th>
                      <th scope="col">{t("project.receiver")}</th>
                      <th scope="col" className="num">
                        {t("project.value")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.transactions.map((x) => (
                      <tr key={x.id}>
                        <td>{fmt.date(x.valueDate)}</td>
                        <td>{t(`transaction.${x.type}`)}</td>
                        <td>{phaseName(x.phaseId)}</td>
                        <td>{partyName(x.providerActorId)}</td>
                        <td>{partyName(x.receiverActorId)}</td>
                        <td className="num">{fmt.money(x.value, x.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section aria-labelledby="reports">
              <h2 id="reports">{t("project.reports")}</h2>
              {p.reports.length === 0 ? (
                <Empty />
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("project.phase")}</th>
                      <th scope="col">{t("project.reportPeriod")}</th>
                      <th scope="col">{t("project.due")}</th>
                      <th scope="col">{t("project.submitted")}</th>
                      <th scope="col">{t("projects.status")}</th>
                      <th scope="col">{t("project.narrative")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.reports.map((r) => (
                      <tr key={r.id}>
                        <td>{phaseName(r.phaseId)}</td>
                        <td>
                          {fmt.date(r.periodStart)} – {fmt.date(r.periodEnd)}
                        </td>
                        <td>{fmt.date(r.dueDate)}</td>
                        <td>
                          {fmt.date(r.submittedAt.slice(0, 10))} {r.late ? <span className="badge late">{t("project.late")}</span> : null}
                        </td>
                        <td>{t(`reportStatus.${r.status}`)}</td>
                        <td>{r.narrative}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            {p.source ? (
              <p className="muted">
                {t("common.source")}: {p.source}
              </p>
            ) : null}
          </article>
        );
      }}
    </Async>
  );
}
