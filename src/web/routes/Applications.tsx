import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { api, ApiError, unwrap, type Me, type Schemas } from "../api/client";
import { useApplication, useApplications, useCall, useMe, useMechanism } from "../api/queries";
import { DuplicatePanel, draftOf } from "../components/DuplicatePanel";
import { ActionForm } from "../components/ActionForm";
import { ActorDatalist, ActorLink, ActorRows, Async, Empty, ErrorBox, Field, FormErrorSummary, Loading, Name, PageTitle, PhasesTable } from "../components/ui";
import { Downloads } from "../components/Downloads";
import { pick, useI18n } from "../i18n";
import { isStaff } from "../lib/roles";
import { applicationFieldOf, applicationFields, applicationValues, dropNulls, emptyPhase, validateApplication, type ApplicationField, type ApplicationValues, type PhaseRow } from "../lib/fund-forms";
import { serverErrors, useLiveForm } from "../lib/use-form";

type AppStatus = Schemas["Application"]["status"];
const STATUSES: AppStatus[] = ["draft", "submitted", "screened", "in_review", "approved", "rejected", "returned", "withdrawn"];
type Application = Schemas["Application"];
/** The signed-in officer of the application's lead organisation. */
const isApplicant = (me: Me | null | undefined, a: Application) => me?.role === "officer" && a.parties.some((p) => p.role === "lead" && p.actorCode === me.orgCode);
/** A draft, or an application returned for changes: the applicant may still change it. */
const isEditable = (a: Application) => a.status === "draft" || a.status === "returned";
const mayRevise = (me: Me | null | undefined, a: Application) => isEditable(a) && (isApplicant(me, a) || isStaff(me?.role));

/** Why the secretariat returned, rejected or approved it; prominent while it awaits the applicant's changes. */
function DecisionReason({ a }: { a: Application }) {
  const { t } = useI18n();
  if (!a.decisionReason) return null;
  if (a.status === "returned")
    return (
      <div className="portal-note" role="note" data-testid="return-reason">
        <strong>{t("fund.returnedBecause")}</strong> {a.decisionReason}
      </div>
    );
  return (
    <p>
      <strong>{t("fund.decisionReason")}:</strong> {a.decisionReason}
    </p>
  );
}

export function AppStatusBadge({ status }: { status: AppStatus }) {
  const { t } = useI18n();
  return <span className={`badge app-${status}`}>{t(`applicationStatus.${status}`)}</span>;
}

export function Applications() {
  const { t, fmt } = useI18n();
  const search = useSearch({ from: "/applications" });
  const navigate = useNavigate({ from: "/applications" });
  const me = useMe();
  const apps = useApplications({ ...(search.call ? { call: search.call } : {}), ...(search.status ? { status: search.status as AppStatus } : {}) }, !!me.data);
  if (me.isPending) return <Loading />;
  if (!me.data)
    return (
      <section>
        <PageTitle>{t("fund.applications")}</PageTitle>
        <p className="alert" role="alert">
          {t("form.signInFirst")}
        </p>
        <Link to="/sign-in">{t("auth.signIn")}</Link>
      </section>
    );
  return (
    <section>
      <PageTitle>{t("fund.applications")}</PageTitle>
      <div className="filters">
        <div className="field">
          <label htmlFor="app-call">{t("fund.call")}</label>
          <input id="app-call" value={search.call ?? ""} onChange={(e) => void navigate({ search: (s) => ({ ...s, call: e.target.value || undefined }) })} />
        </div>
        <div className="field">
          <label htmlFor="app-status">{t("projects.status")}</label>
          <select id="app-status" value={search.status ?? ""} onChange={(e) => void navigate({ search: (s) => ({ ...s, status: e.target.value || undefined }) })}>
            <option value="">{t("common.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`applicationStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Downloads path="/api/v1/applications" query={{ call: search.call, status: search.status }} />
      <Async query={apps}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty />
          ) : (
            <table data-testid="applications">
              <thead>
                <tr>
                  <th scope="col">{t("fund.application")}</th>
                  <th scope="col">{t("fund.call")}</th>
                  <th scope="col">{t("projects.status")}</th>
                  <th scope="col" className="num">
                    {t("fund.requested")}
                  </th>
                  <th scope="col">{t("project.submitted")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((a) => (
                  <tr key={a.code}>
                    <td>
                      <Link to="/applications/$ref" params={{ ref: a.code }}>
                        <Name text={a.title} />
                      </Link>{" "}
                      <span className="code">{a.code}</span>
                    </td>
                    <td>
                      <Link to="/calls/$ref" params={{ ref: a.callCode }}>
                        {a.callCode}
                      </Link>
                    </td>
                    <td>
                      <AppStatusBadge status={a.status} />
                    </td>
                    <td className="num">{fmt.money(a.requested, a.currency)}</td>
                    <td>{fmt.date(a.submittedAt)}</td>
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

export function ApplicationNew() {
  const { t } = useI18n();
  const { call } = useSearch({ from: "/applications/new" });
  const me = useMe();
  const c = useCall(call);
  if (me.isPending) return <Loading />;
  if (me.data?.role !== "officer")
    return (
      <section>
        <PageTitle>{t("fund.apply")}</PageTitle>
        <p className="alert" role="alert">
          {t(me.data ? "form.notAllowed" : "form.signInFirst")}
        </p>
      </section>
    );
  if (!call)
    return (
      <section>
        <PageTitle>{t("fund.apply")}</PageTitle>
        <p>
          <Link to="/calls">{t("fund.chooseCall")}</Link>
        </p>
      </section>
    );
  return (
    <Async query={c}>
      {(data) => (
        <ApplicationForm
          call={data}
          title={t("fund.apply")}
          submitLabel={t("fund.saveDraft")}
          initial={() => ({ code: "", title: "", summary: "", lead: me.data!.orgCode, coApplicants: [""], pillar: data.eligiblePillars[0] ?? "", priorityArea: data.eligibleAreas[0] ?? "", requested: "", startDate: "", endDate: "", phases: [emptyPhase()] })}
          save={(v) => unwrap(api.POST("/api/v1/applications", { body: { call: data.code, ...(v.code.trim() ? { code: v.code.trim() } : {}), lead: v.lead, ...dropNulls(applicationFields(v)) } }))}
          cancel={
            <Link to="/calls/$ref" params={{ ref: data.code }}>
              {t("form.cancel")}
            </Link>
          }
        />
      )}
    </Async>
  );
}

/** Revising a draft or returned application: the apply form, filled in, saved with If-Match of the version read. */
export function ApplicationRevise() {
  const { ref } = useParams({ from: "/applications/$ref/revise" });
  const { t } = useI18n();
  const qc = useQueryClient();
  const me = useMe();
  const app = useApplication(ref);
  const call = useCall(app.data?.callCode);
  const back = (
    <Link to="/applications/$ref" params={{ ref }}>
      {t("form.cancel")}
    </Link>
  );
  if (me.isPending) return <Loading />;
  return (
    <Async query={app}>
      {(a) =>
        !mayRevise(me.data, a) ? (
          <section>
            <PageTitle>{t("fund.revise")}</PageTitle>
            <p className="alert" role="alert">
              {t(me.data ? "fund.notRevisable" : "form.signInFirst")}
            </p>
            {back}
          </section>
        ) : (
          <Async query={call}>
            {(c) => (
              <ApplicationForm
                // A reload after a conflict brings a new version: the form starts again from it.
                key={a.version}
                call={c}
                title={t("fund.revise")}
                submitLabel={t("fund.saveChanges")}
                initial={() => applicationValues(a)}
                save={(v) =>
                  unwrap(
                    api.PATCH("/api/v1/applications/{ref}", {
                      params: { path: { ref }, header: { "if-match": `"${a.version}"` } },
                      // Translations of the title stay; the form edits the English one.
                      body: { ...applicationFields(v), title: { ...a.title, en: v.title.trim() } },
                    }),
                  )
                }
                reload={() => qc.refetchQueries({ queryKey: ["application", ref] })}
                cancel={back}
              >
                <DecisionReason a={a} />
              </ApplicationForm>
            )}
          </Async>
        )
      }
    </Async>
  );
}

/**
 * The application form, for applying (initial values empty) and for revising (the application's
 * values): save sends them; on success the application's page opens, on refusal the server's
 * messages show at their fields and everything typed stays. A 412 means someone else changed the
 * application meanwhile: reload (when given) fetches it again.
 */
function ApplicationForm(props: {
  call: Schemas["Call"];
  title: string;
  submitLabel: string;
  initial: () => ApplicationValues;
  save: (v: ApplicationValues) => Promise<Application>;
  reload?: () => Promise<unknown>;
  cancel: ReactNode;
  children?: ReactNode;
}) {
  const { call, title, reload } = props;
  const { t, lang, fmt } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const mechanism = useMechanism(call.mechanismCode);
  const actorList = useId();
  const [stale, setStale] = useState(false);
  const f = useLiveForm<ApplicationValues, ApplicationField>(props.initial, validateApplication, t);
  const { v, set, errorOf } = f;
  // Only a revision can meet a conflict, so reload is what tells it from a new application (whose code is still to choose).
  const revising = !!reload;
  const save = useMutation({
    mutationFn: props.save,
    onSuccess: async (a) => {
      qc.setQueryData(["application", a.code], a);
      await qc.invalidateQueries({ queryKey: ["applications"] });
      await navigate({ to: "/applications/$ref", params: { ref: a.code } });
    },
    onError: (err) => (reload && err instanceof ApiError && err.status === 412 ? setStale(true) : f.setServer(serverErrors(err, applicationFieldOf, t))),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!f.begin()) return;
    save.mutate(v);
  };
  const setPhase = (i: number, col: keyof PhaseRow, value: string) => set("phases", v.phases.map((p, j) => (j === i ? { ...p, [col]: value } : p)), `phases.${i}.${col}`);
  const pillars = mechanism.data?.pillars.filter((p) => call.eligiblePillars.length === 0 || call.eligiblePillars.includes(p.code));
  const areas = mechanism.data?.priorityAreas.filter((p) => call.eligibleAreas.length === 0 || call.eligibleAreas.includes(p.code));
  return (
    <section>
      <PageTitle>{title}</PageTitle>
      <p className="muted">
        <Link to="/calls/$ref" params={{ ref: call.code }}>
          <Name text={call.title} />
        </Link>{" "}
        — {t("fund.ceiling")}: {fmt.money(call.ceiling, call.currency)}
      </p>
      {props.children}
      {stale && reload ? (
        <div className="alert" role="alert" data-testid="stale">
          <p>{t("fund.changedMeanwhile")}</p>
          <button type="button" onClick={() => void reload()}>
            {t("fund.reload")}
          </button>
        </div>
      ) : null}
      <form onSubmit={submit} noValidate className="project-form" aria-label={title}>
        <FormErrorSummary count={f.errorCount} message={f.server.form} />
        <ActorDatalist id={actorList} />
        <fieldset>
          <legend>{t("fund.applicationBasics")}</legend>
          <Field label={t("fund.titleEn")} error={errorOf("title")} required>
            {(a) => <input id={a.id} name="title" value={v.title} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("title", e.target.value)} />}
          </Field>
          {revising ? null : (
            <Field label={t("fund.applicationCode")} error={errorOf("code")} hint={t("form.codeHint")}>
              {(a) => <input id={a.id} name="code" value={v.code} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("code", e.target.value)} />}
            </Field>
          )}
          <Field label={t("fund.summary")} error={errorOf("summary")}>
            {(a) => <textarea id={a.id} name="summary" rows={3} value={v.summary} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("summary", e.target.value)} />}
          </Field>
          <Field label={t("projects.pillar")} error={errorOf("pillar")}>
            {(a) => (
              <select id={a.id} name="pillar" value={v.pillar} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("pillar", e.target.value)}>
                <option value="">{t("form.none")}</option>
                {pillars?.map((p) => (
                  <option key={p.code} value={p.code}>
                    {pick(p.name, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("projects.area")} error={errorOf("priorityArea")}>
            {(a) => (
              <select id={a.id} name="priorityArea" value={v.priorityArea} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("priorityArea", e.target.value)}>
                <option value="">{t("form.none")}</option>
                {areas?.map((p) => (
                  <option key={p.code} value={p.code}>
                    {pick(p.name, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t("project.parties")}</legend>
          <Field label={t("form.lead")} error={errorOf("lead")} hint={t("fund.leadHint")} required>
            {(a) => <input id={a.id} name="lead" value={v.lead} readOnly aria-invalid={a.invalid} aria-describedby={a.describedBy} />}
          </Field>
          <ActorRows
            values={v.coApplicants}
            name="coApplicant"
            listId={actorList}
            label={(n) => t("fund.coApplicant", { n })}
            hint={t("form.actorHint")}
            addLabel={t("fund.addCoApplicant")}
            errorOf={(i) => errorOf(`coApplicants.${i}`)}
            onChange={(values, i) => set("coApplicants", values, `coApplicants.${i}`)}
            onAdd={() => f.setV((prev) => ({ ...prev, coApplicants: [...prev.coApplicants, ""] }))}
          />
        </fieldset>
        <fieldset>
          <legend>{t("form.timeAndMoney")}</legend>
          <Field label={t("fund.requested")} error={errorOf("requested")} hint={t("form.budgetHint")} required>
            {(a) => <input id={a.id} name="requested" inputMode="decimal" value={v.requested} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("requested", e.target.value)} />}
          </Field>
          <Field label={t("form.startDate")} error={errorOf("startDate")}>
            {(a) => <input id={a.id} name="startDate" type="date" value={v.startDate} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("startDate", e.target.value)} />}
          </Field>
          <Field label={t("form.endDate")} error={errorOf("endDate")}>
            {(a) => <input id={a.id} name="endDate" type="date" value={v.endDate} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("endDate", e.target.value)} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t("project.phases")}</legend>
          {errorOf("phases") ? <p className="field-error">{errorOf("phases")}</p> : null}
          {v.phases.map((p, i) => (
            <div key={i} className="row-fields" data-testid="phase-row">
              {(["name", "startDate", "endDate", "budget", "deliverables"] as const).map((col) => (
                <Field key={col} label={t(`fund.phaseCol.${col}`, { n: i + 1 })} error={errorOf(`phases.${i}.${col}`)} required={col !== "deliverables"} hint={col === "deliverables" ? t("fund.deliverablesHint") : undefined}>
                  {(a) => (
                    <input
                      id={a.id}
                      name={`phase-${i}-${col}`}
                      type={col === "startDate" || col === "endDate" ? "date" : "text"}
                      inputMode={col === "budget" ? "decimal" : undefined}
                      value={p[col]}
                      aria-invalid={a.invalid}
                      aria-describedby={a.describedBy}
                      onChange={(e) => setPhase(i, col, e.target.value)}
                    />
                  )}
                </Field>
              ))}
              <button type="button" onClick={() => set("phases", v.phases.filter((_, j) => j !== i), "phases")} disabled={v.phases.length === 1}>
                {t("fund.removeRow", { n: i + 1 })}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set("phases", [...v.phases, emptyPhase()], "phases")}>
            {t("fund.addPhase")}
          </button>
        </fieldset>
        <DuplicatePanel
          draft={draftOf({ titles: { en: v.title }, description: { en: v.summary }, startDate: v.startDate, endDate: v.endDate, parties: [v.lead, ...v.coApplicants], mechanism: call.mechanismCode })}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? t("form.saving") : props.submitLabel}
          </button>
          {props.cancel}
        </div>
      </form>
    </section>
  );
}

const MAX_UPLOAD = 10 * 1024 * 1024;
const UPLOAD_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;

function UploadForm({ code, onDone }: { code: string; onDone: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string>();
  const upload = useMutation({
    mutationFn: (f: File) =>
      unwrap(
        api.POST("/api/v1/applications/{ref}/attachments", {
          params: { path: { ref: code }, query: { filename: f.name } },
          body: f as unknown as string,
          bodySerializer: (b: unknown) => b as BodyInit,
          headers: { "Content-Type": f.type },
        }),
      ),
    onSuccess: async () => {
      setFile(null);
      setError(undefined);
      await onDone();
    },
    onError: (err) => setError(serverErrors<"file">(err, () => "form", t).form),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setError(t("form.errors.required"));
    if (!(UPLOAD_TYPES as readonly string[]).includes(file.type)) return setError(t("fund.errors.fileType"));
    if (file.size > MAX_UPLOAD) return setError(t("fund.errors.fileSize"));
    upload.mutate(file);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t("fund.upload")}>
      <Field label={t("fund.file")} error={error} hint={t("fund.fileHint")}>
        {(a) => <input id={a.id} name="file" type="file" accept={UPLOAD_TYPES.join(",")} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => (setFile(e.target.files?.[0] ?? null), setError(undefined))} />}
      </Field>
      <button type="submit" disabled={upload.isPending}>
        {t("fund.upload")}
      </button>
    </form>
  );
}

export function ApplicationPage() {
  const { ref } = useParams({ from: "/applications/$ref" });
  const { t, lang, fmt } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const app = useApplication(ref);
  const call = useCall(app.data?.callCode);
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ["application", ref] });
    await qc.invalidateQueries({ queryKey: ["applications"] });
  };
  const act = (body: Schemas["ApplicationAction"]) => unwrap(api.POST("/api/v1/applications/{ref}/actions", { params: { path: { ref } }, body }));
  return (
    <Async query={app}>
      {(a) => {
        const role = me.data?.role;
        const staff = isStaff(role);
        const applicant = isApplicant(me.data, a);
        const myReview = role === "reviewer" ? a.reviews.find((r) => !r.submitted) : undefined;
        const rubric = call.data?.rubric ?? [];
        return (
          <article>
            <PageTitle
              actions={
                mayRevise(me.data, a) ? (
                  <Link to="/applications/$ref/revise" params={{ ref: a.code }} className="button primary">
                    {t("fund.revise")}
                  </Link>
                ) : null
              }
            >
              <Name text={a.title} />
            </PageTitle>
            <p className="meta">
              <span className="code">{a.code}</span> <AppStatusBadge status={a.status} />{" "}
              <Link to="/calls/$ref" params={{ ref: a.callCode }}>
                {call.data ? pick(call.data.title, lang) : a.callCode}
              </Link>
            </p>
            {a.projectCode ? (
              <p className="portal-note" role="note">
                {t("fund.approvedAs")}{" "}
                <Link to="/projects/$ref" params={{ ref: a.projectCode }} data-testid="project-link">
                  {a.projectCode}
                </Link>
              </p>
            ) : null}
            <DecisionReason a={a} />
            {a.summary ? <p className="description">{a.summary}</p> : null}
            <dl className="facts">
              <div>
                <dt>{t("fund.requested")}</dt>
                <dd>{fmt.money(a.requested, a.currency)}</dd>
              </div>
              <div>
                <dt>{t("project.period")}</dt>
                <dd>
                  {fmt.date(a.startDate)} – {fmt.date(a.endDate)}
                </dd>
              </div>
              <div>
                <dt>{t("project.submitted")}</dt>
                <dd>{fmt.date(a.submittedAt)}</dd>
              </div>
              <div>
                <dt>{t("fund.decidedAt")}</dt>
                <dd>{fmt.date(a.decidedAt)}</dd>
              </div>
            </dl>

            <section aria-labelledby="app-parties">
              <h2 id="app-parties">{t("project.parties")}</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("project.party")}</th>
                    <th scope="col">{t("project.role")}</th>
                    <th scope="col">{t("projects.country")}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.parties.map((p) => (
                    <tr key={p.actorCode}>
                      <td>
                        <ActorLink code={p.actorCode} name={p.actorName} />
                      </td>
                      <td>{t(`applicationRole.${p.role}`)}</td>
                      <td>{p.countryCode ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>

            <section aria-labelledby="app-phases">
              <h2 id="app-phases">{t("project.phases")}</h2>
              <PhasesTable phases={a.phases.map((ph, i) => ({ ...ph, seq: i + 1 }))} currency={a.currency} />
            </section>

            <section aria-labelledby="app-screening">
              <h2 id="app-screening">{t("fund.screening")}</h2>
              {!a.screening ? (
                <Empty />
              ) : (
                <ul className="plain" data-testid="screening">
                  {a.screening.map((c) => (
                    <li key={c.rule}>
                      <span className={`badge ${c.passed ? "check-pass" : "check-fail"}`}>
                        <span aria-hidden="true">{c.passed ? "✓" : "✗"}</span> {t(c.passed ? "fund.passed" : "fund.failed")}
                      </span>{" "}
                      {t(`screeningRule.${c.rule}`, { defaultValue: c.rule })}
                      {c.detail ? <span className="muted"> — {c.detail}</span> : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section aria-labelledby="app-attachments">
              <h2 id="app-attachments">{t("fund.attachments")}</h2>
              {a.attachments.length === 0 ? (
                <Empty />
              ) : (
                <ul className="plain" data-testid="attachments">
                  {a.attachments.map((x) => (
                    <li key={x.id}>
                      <a href={`/api/v1/applications/${encodeURIComponent(a.code)}/attachments/${x.id}`} download={x.filename}>
                        {x.filename}
                      </a>{" "}
                      <span className="muted">
                        ({fmt.number(Math.ceil(x.size / 1024))} KB, {fmt.date(x.uploadedAt)})
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {applicant && isEditable(a) ? <UploadForm code={a.code} onDone={refresh} /> : null}
            </section>

            {a.reviews.length > 0 || a.scoring ? (
              <section aria-labelledby="app-reviews">
                <h2 id="app-reviews">{t("fund.reviews")}</h2>
                <table data-testid="reviews">
                  <thead>
                    <tr>
                      <th scope="col">{t("fund.reviewer")}</th>
                      {rubric.map((r) => (
                        <th scope="col" key={r.code} className="num">
                          {pick(r.name, lang)}
                        </th>
                      ))}
                      <th scope="col" className="num">
                        {t("fund.weightedTotal")}
                      </th>
                      <th scope="col">{t("fund.comment")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.reviews.map((r) => (
                      <tr key={r.reviewerId}>
                        <td>{r.reviewerName}</td>
                        {rubric.map((c) => {
                          const s = r.scores?.find((x) => x.criterion === c.code);
                          return (
                            <td key={c.code} className="num">
                              {s ? fmt.number(s.score) : "—"}
                            </td>
                          );
                        })}
                        <td className="num">{r.total == null ? t("fund.pending") : fmt.number(r.total)}</td>
                        <td>{r.comment ?? ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {a.scoring ? (
                  <dl className="facts" data-testid="scoring">
                    <div>
                      <dt>{t("fund.mean")}</dt>
                      <dd>{a.scoring.mean == null ? "—" : fmt.number(a.scoring.mean)}</dd>
                    </div>
                    <div>
                      <dt>{t("fund.spread")}</dt>
                      <dd>{a.scoring.spread == null ? "—" : fmt.number(a.scoring.spread)}</dd>
                    </div>
                    <div>
                      <dt>{t("fund.moderation")}</dt>
                      <dd>{a.scoring.needsModeration ? <span className="badge flag" data-testid="needs-moderation">{t("fund.needsModeration")}</span> : t("fund.no")}</dd>
                    </div>
                  </dl>
                ) : null}
              </section>
            ) : null}

            {myReview && call.data ? (
              <section aria-labelledby="app-score">
                <h2 id="app-score">{t("fund.scoreIt")}</h2>
                <ActionForm
                  label={t("fund.submitReview")}
                  primary
                  testId="review-form"
                  fields={[
                    ...rubric.map((r, i) => ({ name: `scores.${i}.score`, label: t("fund.scoreLabel", { name: pick(r.name, lang), min: fmt.number(r.min), max: fmt.number(r.max), weight: fmt.number(r.weight) }),
                      kind: "number" as const,
                      min: r.min,
                      max: r.max,
                      required: true,
                    })),
                    { name: "comment", label: t("fund.comment"), kind: "textarea" as const, required: true },
                  ]}
                  run={(vals) =>
                    unwrap(
                      api.POST("/api/v1/applications/{ref}/review", {
                        params: { path: { ref } },
                        body: { scores: rubric.map((r, i) => ({ criterion: r.code, score: Number(vals[`scores.${i}.score`]) })), comment: vals.comment ?? "" },
                      }),
                    )
                  }
                  onDone={refresh}
                />
              </section>
            ) : null}

            {applicant || staff ? (
              <section aria-labelledby="app-actions">
                <h2 id="app-actions">{t("fund.actions")}</h2>
                <div className="actions-panel">
                  {applicant && isEditable(a) ? <ActionForm label={t("fund.action.submit")} primary run={() => act({ action: "submit" })} onDone={refresh} /> : null}
                  {applicant && ["draft", "submitted", "returned"].includes(a.status) ? <ActionForm label={t("fund.action.withdraw")} run={() => act({ action: "withdraw" })} onDone={refresh} /> : null}
                  {staff && a.status === "submitted" ? <ActionForm label={t("fund.action.screen")} primary run={() => act({ action: "screen" })} onDone={refresh} /> : null}
                  {staff && a.status === "screened" && call.data ? (
                    <ActionForm
                      label={t("fund.assignReviewers")}
                      primary
                      testId="assign-form"
                      fields={Array.from({ length: call.data.reviewersPerApplication }, (_, i) => ({ name: `reviewers.${i}`, label: t("fund.reviewerEmail", { n: i + 1 }), required: true }))}
                      run={(vals) =>
                        unwrap(
                          api.POST("/api/v1/applications/{ref}/reviewers", {
                            params: { path: { ref } },
                            body: { reviewers: Array.from({ length: call.data!.reviewersPerApplication }, (_, i) => (vals[`reviewers.${i}`] ?? "").trim()) },
                          }),
                        )
                      }
                      onDone={refresh}
                    />
                  ) : null}
                  {staff && a.status === "in_review" ? (
                    <ActionForm
                      label={t("fund.action.approve")}
                      primary
                      testId="approve-form"
                      fields={a.scoring?.needsModeration ? [{ name: "moderationNote", label: t("fund.moderationNote"), kind: "textarea", required: true }] : []}
                      run={(vals) => act({ action: "approve", ...(vals.moderationNote ? { moderationNote: vals.moderationNote } : {}) })}
                      onDone={refresh}
                    />
                  ) : null}
                  {staff && ["submitted", "screened", "in_review"].includes(a.status) ? (
                    <ActionForm label={t("fund.action.return")} fields={[{ name: "reason", label: t("fund.reason"), kind: "textarea", required: true }]} run={(vals) => act({ action: "return", reason: vals.reason })} onDone={refresh} />
                  ) : null}
                  {staff && ["screened", "in_review"].includes(a.status) ? (
                    <ActionForm label={t("fund.action.reject")} fields={[{ name: "reason", label: t("fund.reason"), kind: "textarea", required: true }]} run={(vals) => act({ action: "reject", reason: vals.reason })} onDone={refresh} />
                  ) : null}
                </div>
              </section>
            ) : null}
            {call.error ? <ErrorBox error={call.error} /> : null}
          </article>
        );
      }}
    </Async>
  );
}
