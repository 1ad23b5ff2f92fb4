import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useId, type FormEvent } from "react";
import { api, ApiError, unwrap, type ProjectCreate } from "../api/client";
import { useMe, useMechanism, useMechanisms } from "../api/queries";
import { DuplicatePanel, draftOf } from "../components/DuplicatePanel";
import { ActorDatalist, ActorRows, Field, FormErrorSummary, Loading, PageTitle } from "../components/ui";
import { pick, useI18n, type Lang } from "../i18n";
import { fieldOf, validate, type FieldName, type Values } from "../lib/project-form";
import { serverErrors, useLiveForm } from "../lib/use-form";

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
  const { v, setV, set, errorOf, begin, setServer, server, errorCount } = useLiveForm<Values, Exclude<FieldName, "form">>(
    () => ({
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
    }),
    validate,
    t,
  );
  const mechanism = useMechanism(v.mechanism || undefined);
  const actorList = useId();

  const create = useMutation({
    mutationFn: (body: ProjectCreate) => unwrap(api.POST("/api/v1/projects", { body })),
    onSuccess: async (p) => {
      await qc.invalidateQueries({ queryKey: ["projects"] });
      await qc.invalidateQueries({ queryKey: ["portfolio"] });
      await navigate({ to: "/projects/$ref", params: { ref: p.code } });
    },
    onError: (err) =>
      setServer(
        serverErrors(err, fieldOf, t, err instanceof ApiError && err.code === "already_exists" ? { code: err.message } : err instanceof ApiError && err.code === "forbidden" ? { lead: err.message } : {}),
      ),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!begin()) return;
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

  return (
    <section>
      <PageTitle>{t("form.title")}</PageTitle>
      <p className="muted">{t("form.intro")}</p>
      <form onSubmit={submit} noValidate className="project-form" aria-label={t("form.title")}>
        <FormErrorSummary count={errorCount} message={server.form} />
        <ActorDatalist id={actorList} />
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
          <ActorRows
            values={v.partners}
            name="partner"
            listId={actorList}
            label={(n) => t("form.partner", { n })}
            addLabel={t("form.addPartner")}
            errorOf={(i) => errorOf(`partners.${i}`)}
            onChange={(values, i) => set("partners", values, `partners.${i}`)}
            onAdd={() => setV((prev) => ({ ...prev, partners: [...prev.partners, ""] }))}
          />
        </fieldset>
        <DuplicatePanel
          draft={draftOf({
            titles: { en: v.titleEn, ...(lang !== "en" ? { [lang]: v.titleLocal } : {}) },
            description: { en: v.descriptionEn },
            sector: v.sector,
            startDate: v.startDate,
            endDate: v.endDate,
            parties: [v.lead, ...v.partners],
            mechanism: v.mechanism,
          })}
        />
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
