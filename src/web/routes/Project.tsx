import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { api, unwrap, type Me, type Project, type Schemas } from "../api/client";
import { useMe, useMechanism, usePhaseHistory, useProject } from "../api/queries";
import { ActionForm } from "../components/ActionForm";
import { Comments } from "../components/Comments";
import { IatiDetail } from "../components/IatiDetail";
import { ProjectOverlap } from "../components/ProjectOverlap";
import { isCredited, SourceCredit } from "../components/SourceCredit";
import { ActorLink, Async, Empty, Name, PageTitle, PhasesTable, SampleNote, StatusBadge } from "../components/ui";
import { pick, useI18n } from "../i18n";
import { isStaff } from "../lib/roles";
import { gcdfFacts } from "../lib/gcdf";

type PhaseAction = Schemas["PhaseTransition"]["action"];
const SUSPEND_REASONS: NonNullable<Schemas["PhaseTransition"]["reason"]>[] = ["change_of_government", "conflict", "disaster", "funding", "other"];
/** Which transitions a phase in a status offers, and who may take them (src/modules/phases/workflow.ts). */
const PHASE_ACTIONS: Record<Project["phases"][number]["status"], PhaseAction[]> = {
  planned: ["start", "cancel"],
  active: ["complete", "suspend", "cancel"],
  suspended: ["resume", "cancel"],
  completed: [],
  cancelled: [],
};
const OWNER_ACTIONS: PhaseAction[] = ["start", "complete"];
const isOwner = (me: Me | null | undefined, p: Project) => me?.role === "officer" && me.orgId === p.ownerOrgId;
/** An officer of any organisation on the project: parties report on their part of the work. */
const isParty = (me: Me | null | undefined, p: Project) => me?.role === "officer" && p.parties.some((x) => x.actorCode === me.orgCode);

function PhaseHistory({ project, seq }: { project: string; seq: number }) {
  const { t, fmt } = useI18n();
  const history = usePhaseHistory(project, seq, true);
  return (
    <Async query={history}>
      {(h) =>
        h.items.length === 0 ? (
          <Empty />
        ) : (
          <ol className="timeline" data-testid={`phase-history-${seq}`}>
            {h.items.map((e, i) => (
              <li key={i}>
                <time dateTime={e.at}>{fmt.date(e.at)}</time>
                {t(`phaseAction.${e.action}`)}: {t(`phaseStatus.${e.fromStatus}`)} → {t(`phaseStatus.${e.toStatus}`)}
                {e.reason ? ` · ${t(`suspendReason.${e.reason}`)}` : ""}
                {e.countryCode ? ` · ${e.countryCode}` : ""}
                {e.note ? ` · ${e.note}` : ""}
              </li>
            ))}
          </ol>
        )
      }
    </Async>
  );
}

/** Each phase's transitions for the roles allowed, and its history on demand. */
function PhaseControls({ project, phase, refresh }: { project: Project; phase: Project["phases"][number]; refresh: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const [showHistory, setShowHistory] = useState(false);
  const staff = isStaff(me.data?.role);
  const actions = PHASE_ACTIONS[phase.status].filter((a) => staff || (isOwner(me.data, project) && OWNER_ACTIONS.includes(a)));
  const countries = [...new Set(project.parties.map((x) => x.countryCode).filter((c): c is string => !!c))].sort();
  const run = (action: PhaseAction) => (v: Record<string, string>) =>
    unwrap(
      api.POST("/api/v1/projects/{ref}/phases/{seq}/transitions", {
        params: { path: { ref: project.code, seq: phase.seq } },
        body: {
          action,
          ...(action === "suspend" ? { reason: v.reason as (typeof SUSPEND_REASONS)[number], country: v.country } : {}),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        },
      }),
    );
  return (
    <div className="panel" data-testid={`phase-${phase.seq}`}>
      <h3>
        {t("fund.phaseN", { n: phase.seq })}: {pick(phase.name, lang)} <span className={`badge status-${phase.status}`}>{t(`phaseStatus.${phase.status}`)}</span>
      </h3>
      {me.data && actions.length > 0 ? (
        <div className="actions-panel">
          {actions.map((a) => (
            <ActionForm
              key={a}
              label={t(`phaseAction.${a}`)}
              testId={`phase-${phase.seq}-${a}`}
              fields={
                a === "suspend"
                  ? [
                      { name: "reason", label: t("fund.suspendReason"), kind: "select", options: SUSPEND_REASONS.map((r) => ({ value: r, label: t(`suspendReason.${r}`) })), required: true },
                      { name: "country", label: t("projects.country"), kind: "select", options: countries.map((c) => ({ value: c, label: c })), required: true },
                      { name: "note", label: t("fund.note") },
                    ]
                  : a === "start" || a === "complete"
                    ? []
                    : [{ name: "note", label: t("fund.note") }]
              }
              run={run(a)}
              onDone={refresh}
            />
          ))}
        </div>
      ) : null}
      {me.data ? (
        <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory((x) => !x)}>
          {t("fund.history")}
        </button>
      ) : null}
      {showHistory ? <PhaseHistory project={project.code} seq={phase.seq} /> : null}
    </div>
  );
}

/** What AidData's record says beyond the project's own fields: flow type and class, commitment year, linked records. */
function GcdfRecord({ detail }: { detail: Record<string, unknown> | null }) {
  const { t, fmt } = useI18n();
  const g = gcdfFacts(detail);
  if (!g) return null;
  const yesNo = (v: boolean | null) => (v === null ? "—" : t(v ? "gcdf.yes" : "gcdf.no"));
  return (
    <section aria-labelledby="gcdf-record" data-testid="gcdf-record">
      <h2 id="gcdf-record">{t("gcdf.heading")}</h2>
      <dl className="facts">
        <div>
          <dt>{t("gcdf.aiddataId")}</dt>
          <dd>{g.aiddataId ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("gcdf.flowType")}</dt>
          <dd>{g.flowType ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("gcdf.flowClass")}</dt>
          <dd>{g.flowClass ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("gcdf.commitmentYear")}</dt>
          <dd>{g.commitmentYear === null ? "—" : fmt.year(g.commitmentYear)}</dd>
        </div>
        <div>
          <dt>{t("gcdf.amount")}</dt>
          <dd>{fmt.money(g.amount, "USD")}</dd>
        </div>
        <div>
          <dt>{t("gcdf.sector")}</dt>
          <dd>{g.sectorName ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("gcdf.recipient")}</dt>
          <dd>{g.recipientName ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("gcdf.financeType")}</dt>
          <dd>{g.financeType ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("gcdf.recommended")}</dt>
          <dd>{yesNo(g.recommendedForAggregates)}</dd>
        </div>
        <div>
          <dt>{t("gcdf.umbrella")}</dt>
          <dd>{yesNo(g.umbrella)}</dd>
        </div>
        <div>
          <dt>{t("gcdf.linked")}</dt>
          <dd data-testid="gcdf-linked">
            {g.linkedIds.length === 0
              ? "—"
              : g.linkedIds.map((id, i) => (
                  <span key={id}>
                    {i > 0 ? ", " : ""}
                    <Link to="/projects/$ref" params={{ ref: `GCDF-${id}` }}>
                      #{id}
                    </Link>
                  </span>
                ))}
          </dd>
        </div>
        {g.geojsonUrl ? (
          <div>
            <dt>{t("gcdf.location")}</dt>
            <dd>
              <a href={g.geojsonUrl} target="_blank" rel="noopener noreferrer">
                {t("gcdf.geojson")}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

export function ProjectPage() {
  const { ref } = useParams({ from: "/projects/$ref" });
  const { t, lang, fmt } = useI18n();
  const project = useProject(ref);
  const me = useMe();
  const qc = useQueryClient();
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ["project", ref] });
    await qc.invalidateQueries({ queryKey: ["phase-history", ref] });
    await qc.invalidateQueries({ queryKey: ["projects"] });
  };
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
            <SourceCredit source={p.externalSource} />
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

            {p.externalSource === "gcdf" ? <GcdfRecord detail={p.externalDetail} /> : null}

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

            <ProjectOverlap code={p.code} />

            <section aria-labelledby="phases">
              <h2 id="phases">{t("project.phases")}</h2>
              {p.phases.length === 0 ? <Empty /> : <PhasesTable phases={p.phases} currency={p.currency} />}
            </section>

            {me.data && p.phases.length > 0 ? (
              <section aria-labelledby="phase-controls">
                <h2 id="phase-controls">{t("fund.phaseControls")}</h2>
                {p.phases.map((ph) => (
                  <PhaseControls key={ph.id} project={p} phase={ph} refresh={refresh} />
                ))}
              </section>
            ) : null}

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

            <IatiDetail iati={p.iati} />

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
                      <th scope="col">{t("fund.reviewComment")}</th>
                      {isStaff(me.data?.role) ? <th scope="col">{t("fund.actions")}</th> : null}
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
                        <td>
                          {r.narrative}
                          {r.indicators.length ? (
                            <ul className="indicators">
                              {r.indicators.map((x) => (
                                <li key={x.name}>
                                  {x.name}: {x.value === null ? "—" : fmt.number(x.value)} / {x.target === null ? "—" : fmt.number(x.target)}
                                </li>
                              ))}
                            </ul>
                          ) : null}
                        </td>
                        <td>{r.reviewComment ?? ""}</td>
                        {isStaff(me.data?.role) ? (
                          <td>
                            {r.status === "submitted" ? (
                              <div className="actions-panel">
                                <ActionForm
                                  label={t("fund.accept")}
                                  run={() => unwrap(api.POST("/api/v1/projects/{ref}/reports/{id}/review", { params: { path: { ref: p.code, id: r.id } }, body: { decision: "accept" } }))}
                                  onDone={refresh}
                                />
                                <ActionForm
                                  label={t("fund.returnReport")}
                                  fields={[{ name: "comment", label: t("fund.comment"), kind: "textarea", required: true }]}
                                  run={(v) => unwrap(api.POST("/api/v1/projects/{ref}/reports/{id}/review", { params: { path: { ref: p.code, id: r.id } }, body: { decision: "return", comment: v.comment } }))}
                                  onDone={refresh}
                                />
                              </div>
                            ) : null}
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {isStaff(me.data?.role) || isParty(me.data, p) ? (
                <ActionForm
                  label={t("fund.submitReport")}
                  testId="report-form"
                  fields={[
                    { name: "phase", label: t("project.phase"), kind: "select", required: true, options: p.phases.map((ph) => ({ value: String(ph.seq), label: `${ph.seq}. ${pick(ph.name, lang)}` })) },
                    { name: "periodStart", label: t("fund.periodStart"), kind: "date", required: true },
                    { name: "periodEnd", label: t("fund.periodEnd"), kind: "date", required: true },
                    { name: "dueDate", label: t("project.due"), kind: "date", required: true },
                    { name: "narrative", label: t("project.narrative"), kind: "textarea", required: true },
                    { name: "spending", label: t("fund.spending") },
                    { name: "indicator", label: t("fund.indicator") },
                    { name: "target", label: t("fund.indicatorTarget"), kind: "number" },
                    { name: "value", label: t("fund.indicatorValue"), kind: "number" },
                  ]}
                  run={(v) =>
                    unwrap(
                      api.POST("/api/v1/projects/{ref}/reports", {
                        params: { path: { ref: p.code } },
                        body: {
                          phase: Number(v.phase),
                          periodStart: v.periodStart ?? "",
                          periodEnd: v.periodEnd ?? "",
                          dueDate: v.dueDate ?? "",
                          narrative: v.narrative ?? "",
                          ...(v.spending?.trim() ? { spending: v.spending.trim() } : {}),
                          indicators: v.indicator?.trim()
                            ? [{ name: v.indicator.trim(), target: v.target?.trim() ? Number(v.target) : null, value: v.value?.trim() ? Number(v.value) : null }]
                            : [],
                        },
                      }),
                    )
                  }
                  onDone={refresh}
                />
              ) : null}
            </section>
            <section aria-labelledby="agreements">
              <h2 id="agreements">{t("fund.agreements")}</h2>
              {p.agreements.length === 0 ? (
                <Empty />
              ) : (
                <table data-testid="agreements">
                  <thead>
                    <tr>
                      <th scope="col">{t("fund.agreement")}</th>
                      <th scope="col">{t("fund.signedOn")}</th>
                      <th scope="col">{t("fund.signatories")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.agreements.map((a) => (
                      <tr key={a.code}>
                        <td>
                          <Name text={a.title} /> <span className="code">{a.code}</span>
                        </td>
                        <td>{fmt.date(a.signedOn)}</td>
                        <td>
                          {a.signatories.map((s, i) => (
                            <span key={s.actorCode}>
                              {i > 0 ? "; " : ""}
                              <ActorLink code={s.actorCode} name={s.actorName} />
                            </span>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {isStaff(me.data?.role) || isOwner(me.data, p) ? (
                <ActionForm
                  label={t("fund.addAgreement")}
                  testId="agreement-form"
                  fields={[
                    { name: "title", label: t("fund.titleEn"), required: true },
                    { name: "code", label: t("fund.agreementCode") },
                    { name: "signedOn", label: t("fund.signedOn"), kind: "date", required: true },
                    { name: "signatories", label: t("fund.signatories"), kind: "checks", options: p.parties.map((x) => ({ value: x.actorCode, label: pick(x.actorName, lang) })), required: true },
                  ]}
                  run={(v) =>
                    unwrap(
                      api.POST("/api/v1/projects/{ref}/agreements", {
                        params: { path: { ref: p.code } },
                        body: { ...(v.code?.trim() ? { code: v.code.trim() } : {}), title: { en: (v.title ?? "").trim() }, signedOn: v.signedOn ?? "", signatories: (v.signatories ?? "").split(",").filter(Boolean) },
                      }),
                    )
                  }
                  onDone={refresh}
                />
              ) : null}
            </section>

            {p.termination ? (
              <section aria-labelledby="termination" className="panel" data-testid="termination">
                <h2 id="termination">{t("fund.terminated")}</h2>
                <p>
                  {fmt.date(p.termination.at)} — {p.termination.reason}
                </p>
                <p>
                  <strong>{t("fund.sunkCost")}:</strong> {p.termination.sunkCost.length === 0 ? fmt.money("0", p.currency) : p.termination.sunkCost.map((c) => fmt.money(c.value, c.currency)).join("; ")}
                </p>
              </section>
            ) : isStaff(me.data?.role) && !["terminated", "completed", "cancelled"].includes(p.status) ? (
              <section aria-labelledby="terminate">
                <h2 id="terminate">{t("fund.terminate")}</h2>
                <ActionForm
                  label={t("fund.terminate")}
                  testId="terminate-form"
                  fields={[{ name: "reason", label: t("fund.reason"), kind: "textarea", required: true }]}
                  run={(v) => unwrap(api.POST("/api/v1/projects/{ref}/terminate", { params: { path: { ref: p.code } }, body: { reason: v.reason ?? "" } }))}
                  onDone={refresh}
                />
              </section>
            ) : null}
            {/* The public may comment on what the portal shows: public projects once approved. */}
            {p.visibility === "public" && p.status !== "proposed" && p.status !== "cancelled" ? <Comments subject="project" id={p.id} /> : null}
            {p.source && !isCredited(p.externalSource) ? (
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
