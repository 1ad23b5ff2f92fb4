import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useId, useState, type FormEvent } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { useMe, useMechanisms } from "../api/queries";
import { ActionForm } from "../components/ActionForm";
import { ActorDatalist, ActorLink, Async, Empty, Field, FormErrorSummary, MechanismSelect, Name, PageTitle, RoleGate } from "../components/ui";
import { INTL_TAGS, pick, useI18n, type Lang } from "../i18n";
import { serverErrors, type FormErrors } from "../lib/use-form";
import { isStaff } from "../lib/roles";

type Dispute = Schemas["Dispute"];
type DisputeSummary = Schemas["DisputeSummary"];
type Stage = Dispute["stage"];
type Status = Dispute["status"];

const STAGES: Stage[] = ["negotiation", "joint_committee", "third_party", "arbitration"];
const STATUSES: Status[] = ["open", "settled", "withdrawn", "award"];
/** The same types the server accepts for a case's documents. */
const DOCUMENT_TYPES = ["application/pdf", "image/png", "image/jpeg"];
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** A deadline as date and time in the reader's language (deadlines can be hours apart). */
const dateTime = (iso: string, lang: Lang) => new Intl.DateTimeFormat(INTL_TAGS[lang], { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

/** Days left, overdue, or how long the case took, as one short phrase. */
function Countdown({ d }: { d: Pick<DisputeSummary, "status" | "daysLeft" | "daysToSettle" | "stageDeadline"> }) {
  const { t, fmt, lang } = useI18n();
  if (d.status !== "open") return <span data-testid="time-to-settle">{t("disputes.timeToSettle", { days: fmt.number(d.daysToSettle ?? 0) })}</span>;
  const left = d.daysLeft ?? 0;
  return (
    <span>
      <time dateTime={d.stageDeadline}>{dateTime(d.stageDeadline, lang)}</time>{" "}
      <span className={left < 0 || new Date(d.stageDeadline).getTime() <= Date.now() ? "badge status-overdue" : "badge"}>
        {new Date(d.stageDeadline).getTime() <= Date.now() ? t("disputes.overdue") : t("disputes.daysLeft", { n: fmt.number(left) })}
      </span>
    </span>
  );
}

export function Disputes() {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<Status | undefined>();
  const [stage, setStage] = useState<Stage | undefined>();
  const [mechanism, setMechanism] = useState<string | undefined>();
  const statusId = useId();
  const stageId = useId();
  const me = useMe();
  const list = useQuery({
    queryKey: ["disputes", { status, stage, mechanism }],
    queryFn: () => unwrap(api.GET("/api/v1/disputes", { params: { query: { limit: 200, status, stage, mechanism } } })),
    placeholderData: keepPreviousData,
    enabled: !!me.data,
  });
  const stats = useQuery({ queryKey: ["dispute-stats", mechanism], queryFn: () => unwrap(api.GET("/api/v1/disputes/stats", { params: { query: { mechanism } } })), enabled: !!me.data });
  const canOpen = me.data && (isStaff(me.data.role) || me.data.role === "officer");
  return (
    <RoleGate title={t("disputes.title")}>
      <PageTitle>{t("disputes.title")}</PageTitle>
      <p className="muted">{t("disputes.intro")}</p>
      {stats.data ? (
        <ul className="kpis" aria-label={t("disputes.stats")}>
          {STAGES.map((s) => (
            <li key={s}>
              <span className="kpi-label">{t(`disputes.stage.${s}`)}</span>
              <span className="kpi-value">{stats.data.byStage[s]}</span>
            </li>
          ))}
          <li>
            <span className="kpi-label">{t("disputes.medianToSettle")}</span>
            <span className="kpi-value">{stats.data.medianDaysToSettle === null ? "—" : t("disputes.days", { n: stats.data.medianDaysToSettle })}</span>
          </li>
        </ul>
      ) : null}
      <div className="filters">
        <div className="field">
          <label htmlFor={statusId}>{t("disputes.status")}</label>
          <select id={statusId} value={status ?? ""} onChange={(e) => setStatus(STATUSES.find((s) => s === e.target.value))}>
            <option value="">{t("common.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`disputes.statusName.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={stageId}>{t("disputes.stageLabel")}</label>
          <select id={stageId} value={stage ?? ""} onChange={(e) => setStage(STAGES.find((s) => s === e.target.value))}>
            <option value="">{t("common.all")}</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {t(`disputes.stage.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <MechanismSelect value={mechanism} onChange={setMechanism} />
      </div>
      <Async query={list}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty />
          ) : (
            <div className="table-wrap">
              <table data-testid="disputes-table">
                <caption>{t("disputes.caption", { n: page.total })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("disputes.case")}</th>
                    <th scope="col">{t("disputes.parties")}</th>
                    <th scope="col">{t("disputes.stageLabel")}</th>
                    <th scope="col">{t("disputes.status")}</th>
                    <th scope="col">{t("disputes.deadline")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <Link to="/disputes/$ref" params={{ ref: d.code }}>
                          {pick(d.title, lang)}
                        </Link>{" "}
                        <span className="code muted">{d.code}</span>
                      </td>
                      <td>{d.parties.map((p) => pick(p.name, lang)).join(" · ")}</td>
                      <td>{t(`disputes.stage.${d.stage}`)}</td>
                      <td>
                        <span className={`badge status-${d.status}`}>{t(`disputes.statusName.${d.status}`)}</span>
                      </td>
                      <td>
                        <Countdown d={d} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
      {canOpen ? <OpenForm /> : null}
    </RoleGate>
  );
}

type OpenFields = "mechanism" | "title" | "summary" | "parties" | "about" | "deadline";

/** Opens a case: the mechanism, the parties (codes), what it is about, and optionally its first deadline. */
function OpenForm() {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const mechanisms = useMechanisms();
  const [v, setV] = useState({ mechanism: "", title: "", summary: "", parties: "", aboutKind: "", about: "", deadline: "" });
  const [errors, setErrors] = useState<FormErrors<OpenFields>>({});
  const [opened, setOpened] = useState<string | null>(null);
  const set = (k: keyof typeof v) => (value: string) => {
    setV((p) => ({ ...p, [k]: value }));
    setErrors({});
  };
  const mutation = useMutation({
    mutationFn: () => {
      const parties = v.parties.split(/[,\s]+/).filter(Boolean);
      const about = v.aboutKind && v.about.trim() ? { [v.aboutKind]: v.about.trim() } : {};
      return unwrap(
        api.POST("/api/v1/disputes", {
          body: {
            mechanism: v.mechanism,
            title: { en: v.title.trim() },
            ...(v.summary.trim() ? { summary: v.summary.trim() } : {}),
            parties,
            ...about,
            ...(v.deadline ? { deadline: new Date(v.deadline).toISOString() } : {}),
          },
        }),
      );
    },
    onSuccess: async (d) => {
      setOpened(d.code);
      setV({ mechanism: v.mechanism, title: "", summary: "", parties: "", aboutKind: "", about: "", deadline: "" });
      await qc.invalidateQueries({ queryKey: ["disputes"] });
      await qc.invalidateQueries({ queryKey: ["dispute-stats"] });
    },
    onError: (err) =>
      setErrors(
        serverErrors<OpenFields>(
          err,
          (path) => {
            const head = (path ?? "").split(".")[0];
            if (head === "project" || head === "agreement" || head === "obligation") return "about";
            return (["mechanism", "title", "summary", "parties", "deadline"] as const).find((f) => f === head) ?? "form";
          },
          t,
        ),
      ),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: FormErrors<OpenFields> = {};
    if (!v.mechanism) missing.mechanism = t("form.errors.required");
    if (!v.title.trim()) missing.title = t("form.errors.required");
    if (v.parties.split(/[,\s]+/).filter(Boolean).length < 2) missing.parties = t("disputes.errors.twoParties");
    if (v.aboutKind && !v.about.trim()) missing.about = t("form.errors.required");
    setErrors(missing);
    setOpened(null);
    if (Object.keys(missing).length === 0) mutation.mutate();
  };
  const errorCount = Object.keys(errors).length;
  return (
    <section aria-labelledby="open-dispute" className="panel">
      <h2 id="open-dispute">{t("disputes.open")}</h2>
      <form onSubmit={submit} noValidate aria-label={t("disputes.open")} className="project-form" data-testid="open-dispute">
        <FormErrorSummary count={errorCount} message={errors.form} />
        {opened ? (
          <p className="notice" role="status">
            {t("disputes.opened")}{" "}
            <Link to="/disputes/$ref" params={{ ref: opened }}>
              {opened}
            </Link>
          </p>
        ) : null}
        <Field label={t("projects.mechanism")} error={errors.mechanism} required>
          {(a) => (
            <select id={a.id} name="mechanism" value={v.mechanism} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("mechanism")(e.target.value)}>
              <option value="">{t("disputes.choose")}</option>
              {mechanisms.data?.items.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.code} — {pick(m.name, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("disputes.titleField")} error={errors.title} required>
          {(a) => <input id={a.id} name="title" value={v.title} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("title")(e.target.value)} />}
        </Field>
        <Field label={t("disputes.summary")} error={errors.summary}>
          {(a) => <textarea id={a.id} name="summary" rows={3} value={v.summary} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("summary")(e.target.value)} />}
        </Field>
        <Field label={t("disputes.partiesField")} error={errors.parties} hint={t("disputes.partiesHint")} required>
          {(a) => <input id={a.id} name="parties" list="dispute-actors" value={v.parties} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("parties")(e.target.value)} />}
        </Field>
        <ActorDatalist id="dispute-actors" />
        <div className="row-fields">
          <Field label={t("disputes.aboutKind")}>
            {(a) => (
              <select id={a.id} name="aboutKind" value={v.aboutKind} onChange={(e) => set("aboutKind")(e.target.value)}>
                <option value="">{t("disputes.aboutNone")}</option>
                {(["project", "agreement", "obligation"] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`disputes.about.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("disputes.aboutCode")} error={errors.about}>
            {(a) => <input id={a.id} name="about" value={v.about} disabled={!v.aboutKind} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("about")(e.target.value)} />}
          </Field>
        </div>
        <Field label={t("disputes.deadlineField")} error={errors.deadline} hint={t("disputes.deadlineHint")}>
          {(a) => <input id={a.id} name="deadline" type="datetime-local" step={1} value={v.deadline} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("deadline")(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={mutation.isPending}>
            {t("disputes.open")}
          </button>
        </div>
      </form>
    </section>
  );
}

export function DisputePage() {
  const { ref } = useParams({ from: "/disputes/$ref" });
  const { t, lang, fmt } = useI18n();
  const qc = useQueryClient();
  const me = useMe();
  const query = useQuery({
    queryKey: ["dispute", ref],
    queryFn: () => unwrap(api.GET("/api/v1/disputes/{ref}", { params: { path: { ref } } })),
    enabled: !!me.data,
    // While a deadline is minutes away the page follows it, so an escalation by the timer shows without a reload.
    refetchInterval: (q) => {
      const d = q.state.data;
      return d && d.status === "open" && new Date(d.stageDeadline).getTime() - Date.now() < 5 * 60_000 ? 1000 : false;
    },
  });
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ["dispute", ref] });
    await qc.invalidateQueries({ queryKey: ["disputes"] });
    await qc.invalidateQueries({ queryKey: ["dispute-stats"] });
  };
  return (
    <RoleGate title={t("disputes.title")}>
      <Async query={query}>
        {(d) => {
          const current = STAGES.indexOf(d.stage);
          const positions = d.entries.filter((e) => e.kind === "position");
          const documents = d.entries.filter((e) => e.kind === "document");
          const notes = d.entries.filter((e) => e.kind === "note");
          return (
            <article data-testid="dispute">
              <PageTitle>
                <Name text={d.title} />
              </PageTitle>
              <p className="meta">
                <span className="code">{d.code}</span> · {d.mechanismCode} — <Name text={d.mechanismName} />
                {d.about ? ` · ${t(`disputes.about.${d.about.kind}`)} ${d.about.code}` : ""} ·{" "}
                <span className={`badge status-${d.status}`} data-testid="dispute-status">
                  {t(`disputes.statusName.${d.status}`)}
                </span>
              </p>
              {d.summary ? <p className="description">{d.summary}</p> : null}

              <section aria-labelledby="stages">
                <h2 id="stages">{t("disputes.stages")}</h2>
                <ol style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", listStyle: "none", padding: 0 }} data-testid="stage-track">
                  {STAGES.map((s, i) => (
                    <li
                      key={s}
                      aria-current={i === current ? "step" : undefined}
                      className={i === current ? "badge status-open" : "badge"}
                      style={{ padding: "0.3rem 0.7rem", fontWeight: i === current ? 700 : 400, border: i === current ? "2px solid currentColor" : "2px solid transparent" }}
                    >
                      {i < current ? "✓ " : ""}
                      {t(`disputes.stage.${s}`)}
                    </li>
                  ))}
                </ol>
                <p data-testid="dispute-deadline">
                  {d.status === "open" ? (
                    <>
                      {t("disputes.deadline")}: <Countdown d={d} />
                      {d.autoEscalate ? ` · ${t("disputes.autoEscalates")}` : ` · ${t("disputes.onRequest")}`}
                    </>
                  ) : (
                    <>
                      <Countdown d={d} />
                      {d.outcome ? ` — ${d.outcome}` : ""}
                    </>
                  )}
                </p>
                <p>
                  {t("disputes.parties")}:{" "}
                  {d.parties.map((p, i) => (
                    <span key={p.id}>
                      {i > 0 ? " · " : ""}
                      <ActorLink code={p.code} name={p.name} />
                    </span>
                  ))}
                  {d.mediator ? (
                    <>
                      {" "}
                      · {t("disputes.mediator")}: <ActorLink code={d.mediator.code} name={d.mediator.name} />
                    </>
                  ) : null}
                </p>
                <ol className="timeline" aria-label={t("disputes.history")}>
                  {d.history.map((h, i) => (
                    <li key={i}>
                      <time dateTime={h.at}>{dateTime(h.at, lang)}</time> {t(`disputes.stage.${h.stage}`)}
                      {h.mediator ? ` · ${pick(h.mediator.name, lang)}` : ""} · {h.by ?? t("disputes.byTimer")}
                      {h.note ? ` · ${h.note}` : ""}
                    </li>
                  ))}
                </ol>
              </section>

              <section aria-labelledby="positions">
                <h2 id="positions">{t("disputes.positions")}</h2>
                <div className="framework" data-testid="positions">
                  {d.parties.map((p) => {
                    const mine = positions.filter((e) => e.actor?.id === p.id);
                    return (
                      <div key={p.id} className="pillar" data-party={p.code}>
                        <h3>
                          <Name text={p.name} />
                        </h3>
                        {mine.length === 0 ? (
                          <p className="muted">{t("disputes.noPosition")}</p>
                        ) : (
                          <ul className="plain">
                            {mine.map((e) => (
                              <li key={e.id}>
                                <p className="description">{e.body}</p>
                                <p className="meta">
                                  {t(`disputes.stage.${e.stage}`)} · {dateTime(e.at, lang)}
                                  {e.by ? ` · ${e.by}` : ""}
                                </p>
                              </li>
                            ))}
                          </ul>
                        )}
                      </div>
                    );
                  })}
                </div>
              </section>

              <section aria-labelledby="documents">
                <h2 id="documents">{t("disputes.documents")}</h2>
                {documents.length === 0 ? (
                  <Empty />
                ) : (
                  <table>
                    <caption>{t("disputes.documentsCaption")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("disputes.file")}</th>
                        <th scope="col">{t("disputes.filedFor")}</th>
                        <th scope="col">{t("disputes.stageLabel")}</th>
                        <th scope="col" className="num">
                          {t("disputes.size")}
                        </th>
                        <th scope="col">{t("disputes.filedAt")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {documents.map((e) => (
                        <tr key={e.id}>
                          <td>
                            <a href={`/api/v1/disputes/${encodeURIComponent(d.code)}/documents/${e.id}`} download={e.filename ?? undefined}>
                              {e.filename}
                            </a>
                          </td>
                          <td>{e.actor ? pick(e.actor.name, lang) : t("disputes.secretariat")}</td>
                          <td>{t(`disputes.stage.${e.stage}`)}</td>
                          <td className="num">{fmt.number(Math.ceil((e.size ?? 0) / 1024))} KB</td>
                          <td>{dateTime(e.at, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>

              {notes.length > 0 ? (
                <section aria-labelledby="notes">
                  <h2 id="notes">{t("disputes.notes")}</h2>
                  <ul className="plain">
                    {notes.map((e) => (
                      <li key={e.id}>
                        <p className="description">{e.body}</p>
                        <p className="meta">
                          {e.actor ? pick(e.actor.name, lang) : t("disputes.secretariat")} · {dateTime(e.at, lang)}
                        </p>
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}

              {d.actions.length > 0 ? <DisputeActions d={d} refresh={refresh} /> : null}
            </article>
          );
        }}
      </Async>
    </RoleGate>
  );
}

/** The actions the server says the caller may take now. */
function DisputeActions({ d, refresh }: { d: Dispute; refresh: () => Promise<void> }) {
  const { t } = useI18n();
  const path = { params: { path: { ref: d.code } } };
  const has = (a: Dispute["actions"][number]) => d.actions.includes(a);
  const next = STAGES[STAGES.indexOf(d.stage) + 1];
  const needsMediator = next === "third_party" || next === "arbitration";
  const close = (outcome: "settled" | "withdrawn" | "award") => (v: Record<string, string>) => unwrap(api.POST("/api/v1/disputes/{ref}/close", { ...path, body: { outcome, text: v.text ?? "" } }));
  return (
    <section aria-labelledby="dispute-actions">
      <h2 id="dispute-actions">{t("disputes.actions")}</h2>
      <ActorDatalist id="mediator-actors" />
      <div className="actions-panel">
        {has("position") ? (
          <ActionForm
            label={t("disputes.statePosition")}
            testId="state-position"
            fields={[{ name: "body", label: t("disputes.position"), kind: "textarea", required: true }]}
            run={(v) => unwrap(api.POST("/api/v1/disputes/{ref}/entries", { ...path, body: { kind: "position", body: v.body ?? "" } }))}
            onDone={refresh}
            primary
          />
        ) : null}
        {has("note") ? (
          <ActionForm
            label={t("disputes.addNote")}
            testId="add-note"
            fields={[{ name: "body", label: t("disputes.note"), kind: "textarea", required: true }]}
            run={(v) => unwrap(api.POST("/api/v1/disputes/{ref}/entries", { ...path, body: { kind: "note", body: v.body ?? "" } }))}
            onDone={refresh}
          />
        ) : null}
        {has("document") ? <DocumentUpload code={d.code} onDone={refresh} /> : null}
        {has("escalate") && next ? (
          <ActionForm
            label={t("disputes.escalateTo", { stage: t(`disputes.stage.${next}`) })}
            testId="escalate"
            fields={[
              { name: "mediator", label: t("disputes.mediatorCode"), required: needsMediator },
              { name: "reason", label: t("disputes.reason"), kind: "textarea" },
            ]}
            run={(v) =>
              unwrap(
                api.POST("/api/v1/disputes/{ref}/escalate", {
                  ...path,
                  body: { ...(v.mediator?.trim() ? { mediator: v.mediator.trim() } : {}), ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) },
                }),
              )
            }
            onDone={refresh}
          />
        ) : null}
        {has("settle") ? <ActionForm label={t("disputes.settle")} testId="settle" fields={[{ name: "text", label: t("disputes.outcomeText"), kind: "textarea", required: true }]} run={close("settled")} onDone={refresh} /> : null}
        {has("award") ? <ActionForm label={t("disputes.award")} testId="award" fields={[{ name: "text", label: t("disputes.awardText"), kind: "textarea", required: true }]} run={close("award")} onDone={refresh} /> : null}
        {has("withdraw") ? <ActionForm label={t("disputes.withdraw")} testId="withdraw" fields={[{ name: "text", label: t("disputes.withdrawText"), kind: "textarea", required: true }]} run={close("withdrawn")} onDone={refresh} /> : null}
      </div>
    </section>
  );
}

/** Files a PDF, PNG or JPEG on the case; the type and size are checked here and again by the server. */
function DocumentUpload({ code, onDone }: { code: string; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [inputKey, setInputKey] = useState(0);
  const mutation = useMutation({
    mutationFn: (f: File) =>
      unwrap(
        api.POST("/api/v1/disputes/{ref}/documents", {
          params: { path: { ref: code }, query: { filename: f.name } },
          body: f as unknown as string,
          bodySerializer: (b: unknown) => b as BodyInit,
          headers: { "Content-Type": f.type },
        }),
      ),
    onSuccess: async () => {
      setFile(null);
      setInputKey((k) => k + 1);
      await onDone();
    },
    onError: (err) => setError(serverErrors<"file">(err, () => "file", t).file),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setError(t("form.errors.required"));
    if (!DOCUMENT_TYPES.includes(file.type)) return setError(t("disputes.errors.fileType"));
    if (file.size > MAX_DOCUMENT_BYTES) return setError(t("disputes.errors.fileSize"));
    setError(undefined);
    mutation.mutate(file);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t("disputes.fileDocument")} className="action-form" data-testid="file-document">
      <Field label={t("disputes.file")} error={error} hint={t("disputes.fileHint")} required>
        {(a) => (
          <input
            key={inputKey}
            id={a.id}
            name="file"
            type="file"
            accept={DOCUMENT_TYPES.join(",")}
            aria-invalid={a.invalid}
            aria-describedby={a.describedBy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setError(undefined);
            }}
          />
        )}
      </Field>
      <button type="submit" disabled={mutation.isPending}>
        {t("disputes.fileDocument")}
      </button>
    </form>
  );
}

