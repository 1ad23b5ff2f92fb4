import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useId, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { api, ApiError, unwrap, type ProjectCreate } from "../api/client";
import { useActors, useMe, useMechanism, useMechanisms } from "../api/queries";
import { Loading, PageTitle } from "../components/ui";
import { pick, useI18n, type Lang } from "../i18n";
import { fieldOf, validate, type Errors, type FieldName, type Values } from "../lib/project-form";

function serverErrors(err: unknown, t: (k: string) => string): Errors {
  if (!(err instanceof ApiError)) return { form: t("common.error") };
  const out: Errors = {};
  if (err.code === "already_exists") out.code = err.message;
  else if (err.code === "forbidden") out.lead = err.message;
  for (const d of err.details) {
    const f = fieldOf(d.path, d.code);
    out[f] = out[f] ? `${out[f]} ${d.message}` : d.message;
  }
  // The summary above the form carries the server's own words when no field took them all.
  if (!out.form && (Object.keys(out).length === 0 || err.code === "validation_failed")) out.form = err.message;
  return out;
}

function Field(props: { label: string; error?: string; hint?: string; children: (a: { id: string; describedBy?: string; invalid: boolean }) => ReactNode; required?: boolean }) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [props.error ? errId : null, props.hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  const { t } = useI18n();
  return (
    <div className={`field${props.error ? " has-error" : ""}`}>
      <label htmlFor={id}>
        {props.label}
        {props.required ? <span className="required"> ({t("form.required")})</span> : null}
      </label>
      {props.children({ id, describedBy, invalid: !!props.error })}
      {props.hint ? (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={errId} className="field-error" data-field-error>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function ProjectNew() {
  const { t, lang } = useI18n();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (!me.data || !["admin", "secretariat", "officer"].includes(me.data.role))
    return (
      <section>
        <PageTitle>{t("form.title")}</PageTitle>
        <p className="alert" role="alert">
          {t(me.data ? "form.notAllowed" : "form.signInFirst")}
        </p>
        {!me.data ? <Link to="/sign-in">{t("auth.signIn")}</Link> : null}
      </section>
    );
  return <ProjectForm defaultLead={me.data.role === "officer" ? me.data.orgCode : ""} lang={lang} />;
}

function ProjectForm({ defaultLead, lang }: { defaultLead: string; lang: Lang }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const mechanisms = useMechanisms();
  const actors = useActors({ limit: 500 });
  const [v, setV] = useState<Values>({
    code: "",
    mechanism: "LMC",
    pillar: "",
    priorityArea: "",
    titleEn: "",
    titleLocal: "",
    descriptionEn: "",
    sector: "",
    visibility: "internal",
    startDate: "",
    endDate: "",
    budget: "",
    currency: "USD",
    lead: defaultLead,
    partners: [""],
  });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<Errors>({});
  const mechanism = useMechanism(v.mechanism || undefined);
  const local = useMemo(() => validate(v), [v]);
  const actorList = useId();

  const set = <K extends keyof Values>(k: K, value: Values[K], field: string = k) => {
    setV((prev) => ({ ...prev, [k]: value }));
    setTouched((prev) => new Set(prev).add(field));
    // A server message stays until the user changes the field it concerns.
    setServer((prev) => {
      if (!(field in prev) && !prev.form) return prev;
      const next = { ...prev };
      delete next[field as FieldName];
      delete next.form;
      return next;
    });
  };
  const errorOf = (f: FieldName): string | undefined => {
    if (server[f]) return server[f];
    const key = local[f];
    return key && (submitted || touched.has(f)) ? t(key) : undefined;
  };

  const create = useMutation({
    mutationFn: (body: ProjectCreate) => unwrap(api.POST("/api/v1/projects", { body })),
    onSuccess: async (p) => {
      await qc.invalidateQueries({ queryKey: ["projects"] });
      await qc.invalidateQueries({ queryKey: ["portfolio"] });
      await navigate({ to: "/projects/$ref", params: { ref: p.code } });
    },
    onError: (err) => setServer(serverErrors(err, t)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServer({});
    if (Object.keys(local).length > 0) return;
    const title: ProjectCreate["title"] = { en: v.titleEn.trim() };
    if (lang !== "en" && v.titleLocal.trim()) title[lang] = v.titleLocal.trim();
    const partners = v.partners.map((p) => p.trim()).filter(Boolean);
    create.mutate({
      ...(v.code.trim() ? { code: v.code.trim() } : {}),
      mechanism: v.mechanism,
      ...(v.pillar ? { pillar: v.pillar } : {}),
      ...(v.priorityArea ? { priorityArea: v.priorityArea } : {}),
      title,
      ...(v.descriptionEn.trim() ? { description: { en: v.descriptionEn.trim() } } : {}),
      ...(v.sector.trim() ? { sector: v.sector.trim() } : {}),
      visibility: v.visibility,
      ...(v.startDate ? { startDate: v.startDate } : {}),
      ...(v.endDate ? { endDate: v.endDate } : {}),
      ...(v.budget.trim() ? { budget: v.budget.trim() } : {}),
      currency: v.currency,
      parties: [{ actor: v.lead.trim(), role: "lead" }, ...partners.map((actor) => ({ actor, role: "partner" as const }))],
    });
  };

  const errorCount = Object.keys(server).length + (submitted ? Object.keys(local).length : 0);
  return (
    <section>
      <PageTitle>{t("form.title")}</PageTitle>
      <p className="muted">{t("form.intro")}</p>
      <form onSubmit={submit} noValidate className="project-form" aria-label={t("form.title")}>
        {errorCount > 0 ? (
          <div className="alert" role="alert" data-testid="form-errors">
            {server.form ?? t("form.fixErrors")}
          </div>
        ) : null}
        <datalist id={actorList}>
          {actors.data?.items.map((a) => (
            <option key={a.code} value={a.code}>
              {pick(a.name, lang)}
            </option>
          ))}
        </datalist>
        <fieldset>
          <legend>{t("form.basics")}</legend>
          <Field label={t("form.titleEn")} error={errorOf("titleEn")} required>
            {(a) => <input id={a.id} name="titleEn" value={v.titleEn} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("titleEn", e.target.value)} />}
          </Field>
          {lang !== "en" ? (
            <Field label={t("form.titleLocal")} error={errorOf("titleLocal")}>
              {(a) => <input id={a.id} name="titleLocal" lang={lang} value={v.titleLocal} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("titleLocal", e.target.value)} />}
            </Field>
          ) : null}
          <Field label={t("form.code")} error={errorOf("code")} hint={t("form.codeHint")}>
            {(a) => <input id={a.id} name="code" value={v.code} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("code", e.target.value)} />}
          </Field>
          <Field label={t("form.description")} error={errorOf("descriptionEn")}>
            {(a) => <textarea id={a.id} name="descriptionEn" rows={3} value={v.descriptionEn} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("descriptionEn", e.target.value)} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t("form.framework")}</legend>
          <Field label={t("projects.mechanism")} error={errorOf("mechanism")} required>
            {(a) => (
              <select
                id={a.id}
                name="mechanism"
                value={v.mechanism}
                aria-invalid={a.invalid}
                aria-describedby={a.describedBy}
                onChange={(e) => {
                  set("mechanism", e.target.value);
                  setV((prev) => ({ ...prev, pillar: "", priorityArea: "" }));
                }}
              >
                <option value="">{t("form.choose")}</option>
                {mechanisms.data?.items.map((m) => (
                  <option key={m.code} value={m.code}>
                    {m.code} — {pick(m.name, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("projects.pillar")} error={errorOf("pillar")}>
            {(a) => (
              <select id={a.id} name="pillar" value={v.pillar} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("pillar", e.target.value)}>
                <option value="">{t("form.none")}</option>
                {mechanism.data?.pillars.map((p) => (
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
                {mechanism.data?.priorityAreas.map((p) => (
                  <option key={p.code} value={p.code}>
                    {pick(p.name, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("project.sector")} error={errorOf("sector")} hint={t("form.sectorHint")}>
            {(a) => <input id={a.id} name="sector" value={v.sector} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("sector", e.target.value)} />}
          </Field>
          <Field label={t("form.visibility")} error={errorOf("visibility")}>
            {(a) => (
              <select id={a.id} name="visibility" value={v.visibility} aria-describedby={a.describedBy} onChange={(e) => set("visibility", e.target.value as Values["visibility"])}>
                {(["internal", "public", "restricted"] as const).map((x) => (
                  <option key={x} value={x}>
                    {t(`visibility.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t("form.timeAndMoney")}</legend>
          <Field label={t("form.startDate")} error={errorOf("startDate")}>
            {(a) => <input id={a.id} name="startDate" type="date" value={v.startDate} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("startDate", e.target.value)} />}
          </Field>
          <Field label={t("form.endDate")} error={errorOf("endDate")}>
            {(a) => <input id={a.id} name="endDate" type="date" value={v.endDate} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("endDate", e.target.value)} />}
          </Field>
          <Field label={t("projects.budget")} error={errorOf("budget")} hint={t("form.budgetHint")}>
            {(a) => <input id={a.id} name="budget" inputMode="decimal" value={v.budget} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("budget", e.target.value)} />}
          </Field>
          <Field label={t("form.currency")} error={errorOf("currency")} required>
            {(a) => <input id={a.id} name="currency" value={v.currency} maxLength={3} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("currency", e.target.value.toUpperCase())} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t("project.parties")}</legend>
          <Field label={t("form.lead")} error={errorOf("lead")} hint={t("form.actorHint")} required>
            {(a) => <input id={a.id} name="lead" list={actorList} value={v.lead} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("lead", e.target.value)} />}
          </Field>
          {v.partners.map((p, i) => (
            <Field key={i} label={t("form.partner", { n: i + 1 })} error={errorOf(`partners.${i}`)}>
              {(a) => (
                <input
                  id={a.id}
                  name={`partner-${i}`}
                  list={actorList}
                  value={p}
                  aria-invalid={a.invalid}
                  aria-describedby={a.describedBy}
                  onChange={(e) => set("partners", v.partners.map((x, j) => (j === i ? e.target.value : x)), `partners.${i}`)}
                />
              )}
            </Field>
          ))}
          <button type="button" onClick={() => setV((prev) => ({ ...prev, partners: [...prev.partners, ""] }))}>
            {t("form.addPartner")}
          </button>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? t("form.saving") : t("form.submit")}
          </button>
          <Link to="/projects">{t("form.cancel")}</Link>
        </div>
      </form>
    </section>
  );
}
