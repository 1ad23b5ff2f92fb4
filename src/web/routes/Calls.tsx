import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { useCall, useCalls, useCountries, useMe, useMechanism, useMechanisms } from "../api/queries";
import { Async, Empty, Field, FormErrorSummary, Name, PageTitle, RoleGate } from "../components/ui";
import { Downloads } from "../components/Downloads";
import { pick, useI18n } from "../i18n";
import { isStaff, STAFF_ROLES } from "../lib/roles";
import { callFieldOf, validateCall, type CallField, type CallValues, type RubricRow } from "../lib/fund-forms";
import { serverErrors, useLiveForm } from "../lib/use-form";

type CallState = Schemas["Call"]["state"];
const STATES: CallState[] = ["open", "upcoming", "closed"];

export function CallStateBadge({ state }: { state: CallState }) {
  const { t } = useI18n();
  return <span className={`badge call-${state}`}>{t(`callState.${state}`)}</span>;
}

export function Calls() {
  const { t, fmt } = useI18n();
  const me = useMe();
  const [state, setState] = useState<CallState | "">("");
  const calls = useCalls(state ? { state } : {});
  return (
    <section>
      <PageTitle
        actions={
          isStaff(me.data?.role) ? (
            <Link to="/calls/new" className="button primary">
              {t("fund.openCall")}
            </Link>
          ) : null
        }
      >
        {t("fund.calls")}
      </PageTitle>
      <div className="filters">
        <div className="field">
          <label htmlFor="call-state">{t("fund.state")}</label>
          <select id="call-state" value={state} onChange={(e) => setState(e.target.value as CallState | "")}>
            <option value="">{t("common.all")}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`callState.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Downloads path="/api/v1/calls" query={{ state }} />
      <Async query={calls}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty />
          ) : (
            <table data-testid="calls">
              <thead>
                <tr>
                  <th scope="col">{t("fund.call")}</th>
                  <th scope="col">{t("fund.fund")}</th>
                  <th scope="col">{t("fund.state")}</th>
                  <th scope="col">{t("fund.window")}</th>
                  <th scope="col" className="num">
                    {t("fund.ceiling")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.code}>
                    <td>
                      <Link to="/calls/$ref" params={{ ref: c.code }}>
                        <Name text={c.title} />
                      </Link>{" "}
                      <span className="code">{c.code}</span>
                    </td>
                    <td>
                      <Name text={c.fund} />
                    </td>
                    <td>
                      <CallStateBadge state={c.state} />
                    </td>
                    <td>
                      {fmt.date(c.opensAt)} – {fmt.date(c.closesAt)}
                    </td>
                    <td className="num">{fmt.money(c.ceiling, c.currency)}</td>
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

export function CallPage() {
  const { ref } = useParams({ from: "/calls/$ref" });
  const { t, lang, fmt } = useI18n();
  const me = useMe();
  const call = useCall(ref);
  const mechanism = useMechanism(call.data?.mechanismCode);
  const countries = useCountries();
  const nameOf = <T extends { code: string; name: Schemas["LocalizedText"] }>(list: T[] | undefined, code: string) => pick(list?.find((x) => x.code === code)?.name, lang) || code;
  return (
    <Async query={call}>
      {(c) => (
        <article>
          <PageTitle
            actions={
              c.state === "open" && me.data?.role === "officer" ? (
                <Link to="/applications/new" search={{ call: c.code }} className="button primary">
                  {t("fund.apply")}
                </Link>
              ) : null
            }
          >
            <Name text={c.title} />
          </PageTitle>
          <p className="meta">
            <span className="code">{c.code}</span> <CallStateBadge state={c.state} /> <Name text={c.fund} />
          </p>
          {c.description ? <p className="description">{pick(c.description, lang)}</p> : null}
          <dl className="facts">
            <div>
              <dt>{t("projects.mechanism")}</dt>
              <dd>
                <Link to="/mechanisms/$ref" params={{ ref: c.mechanismCode }}>
                  {mechanism.data ? pick(mechanism.data.name, lang) : c.mechanismCode}
                </Link>
              </dd>
            </div>
            <div>
              <dt>{t("fund.opensAt")}</dt>
              <dd>{fmt.date(c.opensAt)}</dd>
            </div>
            <div>
              <dt>{t("fund.closesAt")}</dt>
              <dd>{fmt.date(c.closesAt)}</dd>
            </div>
            <div>
              <dt>{t("fund.ceiling")}</dt>
              <dd>{fmt.money(c.ceiling, c.currency)}</dd>
            </div>
            <div>
              <dt>{t("fund.reviewersPerApplication")}</dt>
              <dd>{fmt.number(c.reviewersPerApplication)}</dd>
            </div>
            <div>
              <dt>{t("fund.moderationSpread")}</dt>
              <dd>{fmt.number(c.moderationSpread)}</dd>
            </div>
            <div>
              <dt>{t("fund.reportIntervalMonths")}</dt>
              <dd>{fmt.number(c.reportIntervalMonths)}</dd>
            </div>
            <div>
              <dt>{t("fund.requireCrossBorder")}</dt>
              <dd>{t(c.requireCrossBorder ? "fund.yes" : "fund.no")}</dd>
            </div>
          </dl>
          <section aria-labelledby="eligibility">
            <h2 id="eligibility">{t("fund.eligibility")}</h2>
            <dl className="facts">
              <div>
                <dt>{t("fund.eligiblePillars")}</dt>
                <dd>{c.eligiblePillars.map((p) => nameOf(mechanism.data?.pillars, p)).join("; ") || t("common.all")}</dd>
              </div>
              <div>
                <dt>{t("fund.eligibleAreas")}</dt>
                <dd>{c.eligibleAreas.map((p) => nameOf(mechanism.data?.priorityAreas, p)).join("; ") || t("common.all")}</dd>
              </div>
              <div>
                <dt>{t("fund.eligibleCountries")}</dt>
                <dd>{c.eligibleCountries.map((p) => nameOf(countries.data, p)).join("; ") || t("common.all")}</dd>
              </div>
            </dl>
          </section>
          <section aria-labelledby="rubric">
            <h2 id="rubric">{t("fund.rubric")}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("fund.criterion")}</th>
                  <th scope="col" className="num">
                    {t("fund.weight")}
                  </th>
                  <th scope="col">{t("fund.range")}</th>
                </tr>
              </thead>
              <tbody>
                {c.rubric.map((r) => (
                  <tr key={r.code}>
                    <td>
                      <Name text={r.name} /> <span className="code">{r.code}</span>
                    </td>
                    <td className="num">{fmt.number(r.weight)}</td>
                    <td>
                      {fmt.number(r.min)} – {fmt.number(r.max)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {me.data ? (
            <p>
              <Link to="/applications" search={{ call: c.code }}>
                {t("fund.applicationsToCall")}
              </Link>
            </p>
          ) : null}
        </article>
      )}
    </Async>
  );
}

/** A local datetime-local value as an ISO instant. */
const toIso = (local: string) => new Date(local).toISOString();
const localNow = (days = 0) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const emptyRow = (): RubricRow => ({ code: "", name: "", weight: "1", min: "0", max: "10" });

export function CallNew() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("fund.openCall")} roles={STAFF_ROLES}>
      <CallForm />
    </RoleGate>
  );
}

function CallForm() {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const mechanisms = useMechanisms();
  const countries = useCountries();
  const f = useLiveForm<CallValues, CallField>(
    () => ({
      code: "",
      mechanism: "LMC",
      fund: "",
      title: "",
      opensAt: localNow(),
      closesAt: localNow(60),
      eligiblePillars: [],
      eligibleAreas: [],
      eligibleCountries: [],
      ceiling: "",
      currency: "USD",
      rubric: [emptyRow()],
      reviewersPerApplication: "2",
      moderationSpread: "20",
      requireCrossBorder: true,
      reportIntervalMonths: "3",
    }),
    validateCall,
    t,
  );
  const { v, set, errorOf } = f;
  const mechanism = useMechanism(v.mechanism || undefined);
  const create = useMutation({
    mutationFn: (body: Schemas["CallCreate"]) => unwrap(api.POST("/api/v1/calls", { body })),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: ["calls"] });
      await navigate({ to: "/calls/$ref", params: { ref: c.code } });
    },
    onError: (err) => f.setServer(serverErrors(err, callFieldOf, t)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!f.begin()) return;
    create.mutate({
      code: v.code.trim(),
      mechanism: v.mechanism,
      fund: { en: v.fund.trim() },
      title: { en: v.title.trim() },
      opensAt: toIso(v.opensAt),
      closesAt: toIso(v.closesAt),
      eligiblePillars: v.eligiblePillars,
      eligibleAreas: v.eligibleAreas,
      eligibleCountries: v.eligibleCountries,
      ceiling: v.ceiling.trim(),
      currency: v.currency,
      rubric: v.rubric.map((r) => ({ code: r.code.trim(), name: { en: r.name.trim() }, weight: Number(r.weight), min: Number(r.min), max: Number(r.max) })),
      reviewersPerApplication: Number(v.reviewersPerApplication),
      moderationSpread: Number(v.moderationSpread),
      requireCrossBorder: v.requireCrossBorder,
      reportIntervalMonths: Number(v.reportIntervalMonths),
    });
  };
  const toggle = (k: "eligiblePillars" | "eligibleAreas" | "eligibleCountries", code: string, on: boolean) => set(k, on ? [...v[k], code] : v[k].filter((x) => x !== code));
  const setRow = (i: number, col: keyof RubricRow, value: string) => set("rubric", v.rubric.map((r, j) => (j === i ? { ...r, [col]: value } : r)), `rubric.${i}.${col}`);
  const checkboxes = (k: "eligiblePillars" | "eligibleAreas" | "eligibleCountries", items: { code: string; name: Schemas["LocalizedText"] }[] | undefined) => (
    <fieldset className="checks">
      <legend>{t(`fund.${k}`)}</legend>
      <p className="hint">{t("fund.noneMeansAll")}</p>
      {items?.map((x) => (
        <label key={x.code} className="check">
          <input type="checkbox" name={`${k}-${x.code}`} checked={v[k].includes(x.code)} onChange={(e) => toggle(k, x.code, e.target.checked)} /> {pick(x.name, lang)}
        </label>
      ))}
      {errorOf(k) ? <p className="field-error">{errorOf(k)}</p> : null}
    </fieldset>
  );
  const text = (k: "code" | "fund" | "title" | "ceiling" | "currency" | "reviewersPerApplication" | "moderationSpread" | "reportIntervalMonths", label: string, opts: { required?: boolean; hint?: string; numeric?: boolean } = {}) => (
    <Field label={label} error={errorOf(k)} required={opts.required} hint={opts.hint}>
      {(a) => (
        <input
          id={a.id}
          name={k}
          inputMode={opts.numeric ? "decimal" : undefined}
          value={v[k]}
          aria-invalid={a.invalid}
          aria-describedby={a.describedBy}
          onChange={(e) => set(k, k === "currency" ? e.target.value.toUpperCase() : e.target.value)}
        />
      )}
    </Field>
  );
  return (
    <section>
      <PageTitle>{t("fund.openCall")}</PageTitle>
      <form onSubmit={submit} noValidate className="project-form" aria-label={t("fund.openCall")}>
        <FormErrorSummary count={f.errorCount} message={f.server.form} />
        <fieldset>
          <legend>{t("fund.callBasics")}</legend>
          {text("code", t("fund.callCode"), { required: true, hint: t("fund.codeRule") })}
          {text("title", t("fund.titleEn"), { required: true })}
          {text("fund", t("fund.fundEn"), { required: true })}
          <Field label={t("projects.mechanism")} error={errorOf("mechanism")} required>
            {(a) => (
              <select id={a.id} name="mechanism" value={v.mechanism} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("mechanism", e.target.value)}>
                <option value="">{t("form.choose")}</option>
                {mechanisms.data?.items.map((m) => (
                  <option key={m.code} value={m.code}>
                    {m.code} — {pick(m.name, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("fund.opensAt")} error={errorOf("opensAt")} required>
            {(a) => <input id={a.id} name="opensAt" type="datetime-local" value={v.opensAt} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("opensAt", e.target.value)} />}
          </Field>
          <Field label={t("fund.closesAt")} error={errorOf("closesAt")} required>
            {(a) => <input id={a.id} name="closesAt" type="datetime-local" value={v.closesAt} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => set("closesAt", e.target.value)} />}
          </Field>
          {text("ceiling", t("fund.ceiling"), { required: true, numeric: true, hint: t("form.budgetHint") })}
          {text("currency", t("form.currency"), { required: true })}
        </fieldset>
        {checkboxes("eligiblePillars", mechanism.data?.pillars)}
        {checkboxes("eligibleAreas", mechanism.data?.priorityAreas)}
        {checkboxes("eligibleCountries", countries.data)}
        <fieldset>
          <legend>{t("fund.rubric")}</legend>
          {errorOf("rubric") ? <p className="field-error">{errorOf("rubric")}</p> : null}
          {v.rubric.map((r, i) => (
            <div key={i} className="row-fields" data-testid="rubric-row">
              {(["code", "name", "weight", "min", "max"] as const).map((col) => (
                <Field key={col} label={t(`fund.rubricCol.${col}`, { n: i + 1 })} error={errorOf(`rubric.${i}.${col}`)} required>
                  {(a) => (
                    <input
                      id={a.id}
                      name={`rubric-${i}-${col}`}
                      inputMode={col === "code" || col === "name" ? undefined : "decimal"}
                      value={r[col]}
                      aria-invalid={a.invalid}
                      aria-describedby={a.describedBy}
                      onChange={(e) => setRow(i, col, e.target.value)}
                    />
                  )}
                </Field>
              ))}
              <button type="button" onClick={() => set("rubric", v.rubric.filter((_, j) => j !== i), "rubric")} disabled={v.rubric.length === 1}>
                {t("fund.removeRow", { n: i + 1 })}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set("rubric", [...v.rubric, emptyRow()], "rubric")}>
            {t("fund.addCriterion")}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t("fund.review")}</legend>
          {text("reviewersPerApplication", t("fund.reviewersPerApplication"), { required: true, numeric: true })}
          {text("moderationSpread", t("fund.moderationSpread"), { required: true, numeric: true, hint: t("fund.moderationSpreadHint") })}
          {text("reportIntervalMonths", t("fund.reportIntervalMonths"), { required: true, numeric: true })}
          <label className="check">
            <input type="checkbox" name="requireCrossBorder" checked={v.requireCrossBorder} onChange={(e) => set("requireCrossBorder", e.target.checked)} /> {t("fund.requireCrossBorder")}
          </label>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? t("form.saving") : t("fund.openCall")}
          </button>
          <Link to="/calls">{t("form.cancel")}</Link>
        </div>
      </form>
    </section>
  );
}
