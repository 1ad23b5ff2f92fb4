import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { lazy, Suspense, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { useMe } from "../api/queries";
import { ActionForm } from "../components/ActionForm";
import { ActorDatalist, ActorLink, Async, Empty, MechanismSelect, Name, PageTitle } from "../components/ui";
import { pick, useI18n } from "../i18n";
import { isStaff } from "../lib/roles";

const RateLines = lazy(() => import("../charts/RateLines").then((m) => ({ default: m.RateLines })));

type Obligation = Schemas["Obligation"];
type Rate = Schemas["FulfilmentRate"];
const FULFILMENT: Obligation["fulfilments"][number]["status"][] = ["fulfilled", "partly", "late", "not_fulfilled"];
const localized = (en: string) => (en.trim() ? { en: en.trim() } : undefined);

/** The latest assessment's status, "overdue" while open past its due date, or "open". */
export function ObligationBadge({ o }: { o: Pick<Obligation, "status" | "overdue"> }) {
  const { t } = useI18n();
  const key = o.status ?? (o.overdue ? "overdue" : "open");
  return <span className={`badge obligation-${key}${o.overdue ? " late" : ""}`}>{t(`agreements.state.${key}`)}</span>;
}

export function Agreements() {
  const { t, fmt } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const [mechanism, setMechanism] = useState<string | undefined>();
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ["agreements", mechanism, q],
    queryFn: () => unwrap(api.GET("/api/v1/agreements", { params: { query: { limit: 200, mechanism, q: q || undefined } } })),
  });
  const canCreate = isStaff(me.data?.role) || me.data?.role === "officer";
  return (
    <section>
      <PageTitle
        actions={
          canCreate ? (
            <button type="button" className="primary" aria-expanded={creating} onClick={() => setCreating((x) => !x)}>
              {t("agreements.new")}
            </button>
          ) : null
        }
      >
        {t("agreements.title")}
      </PageTitle>
      {creating ? (
        <section aria-labelledby="new-agreement">
          <h2 id="new-agreement">{t("agreements.new")}</h2>
          <ActorDatalist id="agreement-actors" />
          <ActionForm
            label={t("agreements.create")}
            primary
            testId="new-agreement"
            fields={[
              { name: "kind", label: t("agreements.kind"), kind: "select", options: (["mou", "agreement"] as const).map((k) => ({ value: k, label: t(`agreements.kinds.${k}`) })) },
              { name: "title", label: t("agreements.titleField"), required: true },
              { name: "signedOn", label: t("agreements.signedOn"), kind: "date", required: true },
              { name: "signatories", label: t("agreements.signatoriesField"), required: true },
              { name: "mechanism", label: t("agreements.mechanismField") },
              { name: "description", label: t("agreements.description"), kind: "textarea" },
            ]}
            run={(v) =>
              unwrap(
                api.POST("/api/v1/agreements", {
                  body: {
                    kind: v.kind as "mou" | "agreement",
                    title: { en: v.title!.trim() },
                    signedOn: v.signedOn!,
                    signatories: v.signatories!.split(/[\s,;]+/).filter(Boolean),
                    mechanism: v.mechanism?.trim() || undefined,
                    description: localized(v.description ?? ""),
                  },
                }),
              )
            }
            onDone={async () => {
              setCreating(false);
              await qc.invalidateQueries({ queryKey: ["agreements"] });
            }}
          />
          <p className="hint">{t("agreements.signatoriesHint")}</p>
        </section>
      ) : null}
      <div className="filters">
        <MechanismSelect value={mechanism} onChange={setMechanism} />
        <div className="field">
          <label htmlFor="agreement-q">{t("agreements.search")}</label>
          <input id="agreement-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
      </div>
      <Async query={list}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty />
          ) : (
            <table data-testid="agreements">
              <caption>{t("agreements.caption", { count: page.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("agreements.agreement")}</th>
                  <th scope="col">{t("agreements.kind")}</th>
                  <th scope="col">{t("projects.mechanism")}</th>
                  <th scope="col">{t("agreements.signedOn")}</th>
                  <th scope="col">{t("agreements.signatories")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((a) => (
                  <tr key={a.code}>
                    <td>
                      <Link to="/agreements/$ref" params={{ ref: a.code }}>
                        <Name text={a.title} />
                      </Link>{" "}
                      <span className="code">{a.code}</span>
                    </td>
                    <td>{t(`agreements.kinds.${a.kind}`)}</td>
                    <td>{a.mechanismCode ?? (a.projectCode ? <Link to="/projects/$ref" params={{ ref: a.projectCode }}>{a.projectCode}</Link> : "—")}</td>
                    <td>{fmt.date(a.signedOn)}</td>
                    <td>
                      {a.signatories.map((s, i) => (
                        <span key={s.actorCode}>
                          {i ? ", " : ""}
                          <ActorLink code={s.actorCode} name={s.actorName} />
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
      <RateSection mechanism={mechanism} />
    </section>
  );
}

/** The performance and commitment record: each owner's fulfilment per year of due date. */
function RateSection({ mechanism }: { mechanism?: string }) {
  const { t, lang, fmt } = useI18n();
  const rates = useQuery({
    queryKey: ["obligation-rates", mechanism],
    queryFn: () => unwrap(api.GET("/api/v1/obligations/rates", { params: { query: { mechanism } } })),
  });
  return (
    <section aria-labelledby="rates">
      <h2 id="rates">{t("agreements.rates")}</h2>
      <p className="hint">{t("agreements.weights")}</p>
      <Async query={rates}>
        {({ items }) => {
          if (items.length === 0) return <Empty />;
          const byActor = new Map<string, { name: string; points: Rate[] }>();
          for (const r of items) byActor.set(r.actorCode, { name: pick(r.actorName, lang), points: [...(byActor.get(r.actorCode)?.points ?? []), r] });
          return (
            <>
              <Suspense fallback={null}>
                <RateLines label={t("agreements.rateChart")} series={[...byActor.values()].map((a) => ({ name: a.name, points: a.points }))} />
              </Suspense>
              <table data-testid="rates">
                <caption>{t("agreements.ratesCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("agreements.owner")}</th>
                    <th scope="col" className="num">{t("agreements.year")}</th>
                    <th scope="col" className="num">{t("agreements.due")}</th>
                    <th scope="col" className="num">{t("agreements.state.fulfilled")}</th>
                    <th scope="col" className="num">{t("agreements.state.partly")}</th>
                    <th scope="col" className="num">{t("agreements.state.late")}</th>
                    <th scope="col" className="num">{t("agreements.state.not_fulfilled")}</th>
                    <th scope="col" className="num">{t("agreements.state.overdue")}</th>
                    <th scope="col" className="num">{t("agreements.rate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={`${r.actorCode}-${r.year}`}>
                      <th scope="row">
                        <ActorLink code={r.actorCode} name={r.actorName} />
                      </th>
                      <td className="num">{fmt.year(r.year)}</td>
                      <td className="num">{fmt.number(r.due)}</td>
                      <td className="num">{fmt.number(r.fulfilled)}</td>
                      <td className="num">{fmt.number(r.partly)}</td>
                      <td className="num">{fmt.number(r.late)}</td>
                      <td className="num">{fmt.number(r.notFulfilled)}</td>
                      <td className="num">{fmt.number(r.openOverdue)}</td>
                      <td className="num">{r.rate === null ? "—" : `${fmt.number(Math.round(r.rate * 100))}%`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Async>
    </section>
  );
}

export function AgreementPage() {
  const { ref } = useParams({ from: "/agreements/$ref" });
  const { t, lang, fmt } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const agreement = useQuery({ queryKey: ["agreement", ref], queryFn: () => unwrap(api.GET("/api/v1/agreements/{ref}", { params: { path: { ref } } })) });
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ["agreement", ref] }), qc.invalidateQueries({ queryKey: ["obligation-rates"] })]);
  return (
    <Async query={agreement}>
      {(a) => {
        const role = me.data?.role;
        const staff = isStaff(role);
        const signer = role === "officer" && a.signatories.some((s) => s.actorCode === me.data?.orgCode);
        const canFulfil = (o: { ownerCode: string }) => staff || (role === "officer" && o.ownerCode === me.data?.orgCode);
        return (
          <article>
            <PageTitle>
              <Name text={a.title} />
            </PageTitle>
            <p className="meta">
              <span className="code">{a.code}</span> <span className="badge">{t(`agreements.kinds.${a.kind}`)}</span>
            </p>
            {a.description ? <p className="description">{pick(a.description, lang)}</p> : null}
            <dl className="facts">
              <div>
                <dt>{t("agreements.signedOn")}</dt>
                <dd>{fmt.date(a.signedOn)}</dd>
              </div>
              {a.mechanismCode ? (
                <div>
                  <dt>{t("projects.mechanism")}</dt>
                  <dd>
                    <Link to="/mechanisms/$ref" params={{ ref: a.mechanismCode }}>
                      {a.mechanismCode}
                    </Link>
                  </dd>
                </div>
              ) : null}
              {a.projectCode ? (
                <div>
                  <dt>{t("agreements.project")}</dt>
                  <dd>
                    <Link to="/projects/$ref" params={{ ref: a.projectCode }}>
                      {a.projectCode}
                    </Link>
                  </dd>
                </div>
              ) : null}
            </dl>
            <section aria-labelledby="signatories">
              <h2 id="signatories">{t("agreements.signatories")}</h2>
              <ul data-testid="signatories">
                {a.signatories.map((s) => (
                  <li key={s.actorCode}>
                    <ActorLink code={s.actorCode} name={s.actorName} /> <span className="code">{s.actorCode}</span>
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="obligations">
              <h2 id="obligations">{t("agreements.obligations")}</h2>
              {a.obligations.length === 0 ? (
                <Empty />
              ) : (
                <table data-testid="obligations">
                  <caption>{t("agreements.obligationsCaption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("agreements.obligation")}</th>
                      <th scope="col">{t("agreements.owner")}</th>
                      <th scope="col">{t("agreements.dueDate")}</th>
                      <th scope="col">{t("agreements.status")}</th>
                      <th scope="col">{t("agreements.evidence")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.obligations.map((o) => {
                      const latest = o.fulfilments[o.fulfilments.length - 1];
                      return (
                        <tr key={o.code} data-testid={`obligation-${o.code}`}>
                          <td>
                            <Name text={o.title} /> <span className="code">{o.code}</span>
                          </td>
                          <td>
                            <ActorLink code={o.ownerCode} name={o.ownerName} />
                          </td>
                          <td>
                            {fmt.date(o.dueDate)}
                            {o.overdue ? <span className="badge late"> {t("agreements.overdueMarker")}</span> : null}
                          </td>
                          <td>
                            <ObligationBadge o={o} />
                            {latest ? <span className="muted"> {fmt.date(latest.fulfilledOn)}</span> : null}
                          </td>
                          <td>
                            {latest ? (
                              <>
                                {latest.evidenceUrl ? (
                                  <a href={latest.evidenceUrl} rel="noopener noreferrer">
                                    {latest.evidence}
                                  </a>
                                ) : (
                                  latest.evidence
                                )}
                                {o.fulfilments.length > 1 ? (
                                  <details>
                                    <summary>{t("agreements.history", { count: o.fulfilments.length })}</summary>
                                    <ol>
                                      {o.fulfilments.map((f, i) => (
                                        <li key={i}>
                                          {fmt.date(f.fulfilledOn)} — {t(`agreements.state.${f.status}`)}: {f.evidence}
                                        </li>
                                      ))}
                                    </ol>
                                  </details>
                                ) : null}
                              </>
                            ) : (
                              "—"
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
              {a.obligations.filter(canFulfil).map((o) => (
                <details key={o.code} className="action">
                  <summary>
                    {t("agreements.recordFulfilment")}: {o.code} <Name text={o.title} />
                  </summary>
                  <ActionForm
                    label={t("agreements.recordFulfilment")}
                    testId={`fulfil-${o.code}`}
                    fields={[
                      { name: "status", label: t("agreements.status"), kind: "select", options: FULFILMENT.map((s) => ({ value: s, label: t(`agreements.state.${s}`) })) },
                      { name: "fulfilledOn", label: t("agreements.fulfilledOn"), kind: "date", required: true },
                      { name: "evidence", label: t("agreements.evidence"), kind: "textarea", required: true },
                      { name: "evidenceUrl", label: t("agreements.evidenceUrl") },
                    ]}
                    run={(v) =>
                      unwrap(
                        api.POST("/api/v1/obligations/{ref}/fulfilment", {
                          params: { path: { ref: o.code } },
                          body: { status: v.status as Obligation["fulfilments"][number]["status"], fulfilledOn: v.fulfilledOn!, evidence: v.evidence!, evidenceUrl: v.evidenceUrl?.trim() || undefined },
                        }),
                      )
                    }
                    onDone={refresh}
                  />
                </details>
              ))}
            </section>
            {staff || signer ? (
              <section aria-labelledby="add-obligation">
                <h2 id="add-obligation">{t("agreements.addObligation")}</h2>
                <ActionForm
                  label={t("agreements.addObligation")}
                  testId="add-obligation"
                  fields={[
                    { name: "owner", label: t("agreements.owner"), kind: "select", options: a.signatories.map((s) => ({ value: s.actorCode, label: pick(s.actorName, lang) })) },
                    { name: "title", label: t("agreements.obligationTitle"), required: true },
                    { name: "dueDate", label: t("agreements.dueDate"), kind: "date", required: true },
                    { name: "description", label: t("agreements.description"), kind: "textarea" },
                  ]}
                  run={(v) =>
                    unwrap(
                      api.POST("/api/v1/agreements/{ref}/obligations", {
                        params: { path: { ref: a.code } },
                        body: { owner: v.owner!, title: { en: v.title!.trim() }, dueDate: v.dueDate!, description: localized(v.description ?? "") },
                      }),
                    )
                  }
                  onDone={refresh}
                />
              </section>
            ) : null}
          </article>
        );
      }}
    </Async>
  );
}
