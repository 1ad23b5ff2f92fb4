import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useId, type FormEvent } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { useActor, useMe } from "../../api/queries";
import { ActorDatalist, ActorRows, Field, FormErrorSummary } from "../../components/ui";
import { pick, useI18n, type Lang } from "../../i18n";
import { serverErrors, useLiveForm } from "../../lib/use-form";
import { FACTORS, PLACE, SECTOR, type Factor, type Posting, type PostingKind } from "./common";

type Values = {
  actor: string;
  kind: PostingKind;
  factor: Factor;
  titleEn: string;
  titleLocal: string;
  description: string;
  sector: string;
  places: string[];
  size: string;
  unit: string;
  validFrom: string;
  validTo: string;
};
type FieldName = "actor" | "kind" | "factor" | "titleEn" | "titleLocal" | "description" | "sector" | "size" | "unit" | "validFrom" | "validTo" | `places.${number}`;

const POSTERS = ["admin", "secretariat", "officer"];
const STAFF = ["admin", "secretariat"];

function validate(v: Values): Partial<Record<FieldName, string>> {
  const e: Partial<Record<FieldName, string>> = {};
  if (!v.titleEn.trim()) e.titleEn = "form.errors.required";
  if (v.sector.trim() && !SECTOR.test(v.sector.trim())) e.sector = "partners.errors.sector";
  v.places.forEach((p, i) => {
    if (p.trim() && !PLACE.test(p.trim().toLowerCase())) e[`places.${i}`] = "partners.errors.place";
  });
  if (v.size.trim() && !(Number(v.size) > 0)) e.size = "partners.errors.size";
  if (v.validFrom && v.validTo && v.validTo < v.validFrom) e.validTo = "form.errors.endBeforeStart";
  return e;
}

/** Where the server's error details point: `title.en` is the English title, `places.2` the third place. */
function fieldOf(path: string | undefined): FieldName | "form" {
  if (!path) return "form";
  if (path.startsWith("title")) return "titleEn";
  if (/^places\.\d+/.test(path)) return path.split(".").slice(0, 2).join(".") as FieldName;
  const head = path.split(".")[0]!;
  return (["actor", "kind", "factor", "description", "sector", "size", "unit", "validFrom", "validTo"] as const).find((f) => f === head) ?? "form";
}

/** The form to post an offer or a need: officers for their own organisation, staff for any. */
export function PostForm() {
  const { t } = useI18n();
  const me = useMe();
  if (!me.data || !POSTERS.includes(me.data.role))
    return (
      <section aria-labelledby="post-title">
        <h2 id="post-title">{t("partners.post.title")}</h2>
        <p className="muted">{t("partners.post.notAllowed")}</p>
      </section>
    );
  return (
    <section aria-labelledby="post-title">
      <h2 id="post-title">{t("partners.post.title")}</h2>
      <p className="muted">{t("partners.post.intro")}</p>
      <PostingForm staff={STAFF.includes(me.data.role)} org={me.data.orgCode ?? ""} />
    </section>
  );
}

const valuesOf = (p: Posting, lang: Lang): Values => ({
  actor: p.actorCode,
  kind: p.kind,
  factor: p.factor,
  titleEn: p.title.en,
  titleLocal: lang === "en" ? "" : (p.title[lang] ?? ""),
  description: p.description ?? "",
  sector: p.sector ?? "",
  places: p.places.length ? p.places : [""],
  size: p.size == null ? "" : String(p.size),
  unit: p.unit ?? "",
  validFrom: p.validFrom ?? "",
  validTo: p.validTo ?? "",
});

/**
 * Posting a new offer or need, or (with `existing`) editing one: the same fields, sent as a PATCH
 * with If-Match of the version read; kind and organisation stay as posted.
 */
export function PostingForm({ staff, org, existing, onDone }: { staff: boolean; org: string; existing?: Posting; onDone?: () => void }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const actorList = useId();
  const orgActor = useActor(org || "-");
  const { v, setV, set, errorOf, begin, setServer, server, errorCount } = useLiveForm<Values, FieldName>(
    () =>
      existing
        ? valuesOf(existing, lang)
        : { actor: staff ? "" : org, kind: "offer", factor: "capital", titleEn: "", titleLocal: "", description: "", sector: "", places: [""], size: "", unit: "USD", validFrom: "", validTo: "" },
    validate,
    t,
  );
  const create = useMutation({
    mutationFn: (body: Schemas["PostingCreate"]) => unwrap(api.POST("/api/v1/postings", { body })),
    onSuccess: async (p) => {
      await qc.invalidateQueries({ queryKey: ["postings"] });
      await navigate({ to: "/partners/$id", params: { id: p.id } });
    },
    onError: (err) => setServer(serverErrors(err, fieldOf, t)),
  });
  const update = useMutation({
    mutationFn: ({ p, body }: { p: Posting; body: Schemas["PostingUpdate"] }) =>
      unwrap(api.PATCH("/api/v1/postings/{id}", { params: { path: { id: p.id }, header: { "if-match": `"${p.version}"` } }, body })),
    onSuccess: async (next) => {
      qc.setQueryData(["posting", next.id], next);
      await qc.invalidateQueries({ queryKey: ["postings"] });
      onDone?.();
    },
    onError: (err) => setServer(serverErrors(err, fieldOf, t)),
  });
  const pending = create.isPending || update.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!begin()) return;
    // Editing keeps the title's other languages; a new posting carries English and the reader's own.
    const title: Schemas["PostingCreate"]["title"] = { ...existing?.title, en: v.titleEn.trim() };
    if (lang !== "en") title[lang] = v.titleLocal.trim() || v.titleEn.trim();
    const places = [...new Set(v.places.map((p) => p.trim().toLowerCase()).filter(Boolean))];
    if (existing) {
      update.mutate({
        p: existing,
        body: {
          factor: v.factor,
          title,
          description: v.description.trim() || null,
          sector: v.sector.trim() || null,
          places,
          size: v.size.trim() ? Number(v.size) : null,
          unit: v.unit.trim() || null,
          validFrom: v.validFrom || null,
          validTo: v.validTo || null,
        },
      });
      return;
    }
    create.mutate({
      ...(staff && v.actor.trim() ? { actor: v.actor.trim() } : {}),
      kind: v.kind,
      factor: v.factor,
      title,
      ...(v.description.trim() ? { description: v.description.trim() } : {}),
      ...(v.sector.trim() ? { sector: v.sector.trim() } : {}),
      places,
      ...(v.size.trim() ? { size: Number(v.size) } : {}),
      ...(v.unit.trim() ? { unit: v.unit.trim() } : {}),
      ...(v.validFrom ? { validFrom: v.validFrom } : {}),
      ...(v.validTo ? { validTo: v.validTo } : {}),
    });
  };
  const input = (name: Exclude<keyof Values, "places" | "kind" | "factor">, type = "text", extra: { inputMode?: "decimal"; list?: string; lang?: string } = {}) =>
    function Input(a: { id: string; describedBy?: string; invalid: boolean }) {
      return <input id={a.id} name={name} type={type} {...extra} value={v[name]} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set(name, e.target.value)} />;
    };

  return (
    <form onSubmit={submit} noValidate aria-label={t(existing ? "partners.edit.title" : "partners.post.title")} data-testid="posting-form">
      <FormErrorSummary count={errorCount} message={server.form} />
      <ActorDatalist id={actorList} />
      <fieldset>
        <legend>{t("partners.post.what")}</legend>
        <div className="form-grid">
          {existing ? null : staff ? (
            <Field label={t("partners.field.organisation")} error={errorOf("actor")} hint={t("partners.post.actorHint")}>
              {input("actor", "text", { list: actorList })}
            </Field>
          ) : (
            <p data-testid="posting-for">
              {t("partners.post.postingFor")} <strong>{orgActor.data ? `${pick(orgActor.data.name, lang)} (${org})` : org}</strong>
            </p>
          )}
          <Field label={t("partners.field.kind")} error={errorOf("kind")} required>
            {(a) => (
              <select id={a.id} name="kind" value={v.kind} disabled={!!existing} aria-describedby={a.describedBy} onChange={(e) => set("kind", e.target.value as PostingKind)}>
                <option value="offer">{t("partners.kind.offer")}</option>
                <option value="need">{t("partners.kind.need")}</option>
              </select>
            )}
          </Field>
          <Field label={t("partners.field.factor")} error={errorOf("factor")} required>
            {(a) => (
              <select
                id={a.id}
                name="factor"
                value={v.factor}
                aria-describedby={a.describedBy}
                onChange={(e) => {
                  const f = e.target.value as Factor;
                  set("factor", f);
                  // Capital is counted in US dollars; the other factors' units are the poster's to say.
                  setV((prev) => ({ ...prev, unit: f === "capital" ? prev.unit || "USD" : prev.unit === "USD" ? "" : prev.unit }));
                }}
              >
                {FACTORS.map((f) => (
                  <option key={f} value={f}>
                    {t(`factor.${f}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={t("partners.field.titleEn")} error={errorOf("titleEn")} required>
          {input("titleEn")}
        </Field>
        {lang !== "en" ? (
          <Field label={t("partners.field.titleLocal")} error={errorOf("titleLocal")}>
            {input("titleLocal", "text", { lang })}
          </Field>
        ) : null}
        <Field label={t("partners.field.description")} error={errorOf("description")}>
          {(a) => <textarea id={a.id} name="description" rows={3} value={v.description} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("description", e.target.value)} />}
        </Field>
        <Field label={t("partners.field.sector")} error={errorOf("sector")} hint={t("form.sectorHint")}>
          {input("sector")}
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t("partners.post.whereWhen")}</legend>
        <ActorRows
          values={v.places}
          name="place"
          listId={actorList}
          label={(n) => t("partners.post.placeN", { n })}
          hint={t("partners.post.placeHint")}
          addLabel={t("partners.post.addPlace")}
          errorOf={(i) => errorOf(`places.${i}`)}
          onChange={(values, i) => set("places", values, `places.${i}`)}
          onAdd={() => setV((prev) => ({ ...prev, places: [...prev.places, ""] }))}
        />
        <div className="form-grid">
          <Field label={t("partners.field.size")} error={errorOf("size")}>
            {input("size", "text", { inputMode: "decimal" })}
          </Field>
          <Field label={t("partners.field.unit")} error={errorOf("unit")} hint={t("partners.post.unitHint")}>
            {input("unit")}
          </Field>
          <Field label={t("partners.field.validFrom")} error={errorOf("validFrom")}>
            {input("validFrom", "date")}
          </Field>
          <Field label={t("partners.field.validTo")} error={errorOf("validTo")}>
            {input("validTo", "date")}
          </Field>
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t("form.saving") : t(existing ? "partners.edit.save" : "partners.post.submit")}
        </button>
        {onDone ? (
          <button type="button" onClick={onDone}>
            {t("form.cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
