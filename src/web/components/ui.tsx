import { Link } from "@tanstack/react-router";
import { useId, type ReactNode } from "react";
import { ApiError } from "../api/client";
import { useActors, useMe, useMechanisms } from "../api/queries";
import { useI18n, pick, type Localized } from "../i18n";

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status" aria-live="polite">
      {t("common.loading")}
    </p>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useI18n();
  const message = error instanceof ApiError ? error.message : t("common.error");
  return (
    <div className="alert" role="alert">
      {message}
    </div>
  );
}

/** Renders loading and error states of a query, then its data. */
export function Async<T>({ query, children }: { query: { data?: T; error: unknown; isPending: boolean }; children: (data: T) => ReactNode }) {
  if (query.error) return <ErrorBox error={query.error} />;
  if (query.isPending || query.data === undefined) return <Loading />;
  return <>{children(query.data)}</>;
}

/** A labelled form field with its hint and its error, wired for assistive technology. */
export function Field(props: { label: string; error?: string; hint?: string; children: (a: { id: string; describedBy?: string; invalid: boolean }) => ReactNode; required?: boolean }) {
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

/** The alert above a form while any field is in error: the server's words, or a general prompt. */
export function FormErrorSummary({ count, message }: { count: number; message?: string }) {
  const { t } = useI18n();
  if (count === 0) return null;
  return (
    <div className="alert" role="alert" data-testid="form-errors">
      {message ?? t("form.fixErrors")}
    </div>
  );
}

export function Name({ text }: { text: Localized | null | undefined }) {
  const { lang } = useI18n();
  return <>{pick(text, lang)}</>;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

export function SampleNote({ show }: { show: boolean }) {
  const { t } = useI18n();
  if (!show) return null;
  return <span className="badge sample">{t("common.sample")}</span>;
}

export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{children}</h1>
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
}

export function Empty() {
  const { t } = useI18n();
  return <p className="muted">{t("common.none")}</p>;
}

export function ActorLink({ code, name }: { code: string; name: Localized }) {
  return (
    <Link to="/actors/$ref" params={{ ref: code }}>
      <Name text={name} />
    </Link>
  );
}

/** The mechanism filter every list page shares: "all" or one mechanism, by code. */
/** A choice of mechanism; `label` replaces the usual one, `required` drops the "all" choice. */
export function MechanismSelect({ value, onChange, label, required = false }: { value: string | undefined; onChange: (code: string | undefined) => void; label?: string; required?: boolean }) {
  const { t, lang } = useI18n();
  const mechanisms = useMechanisms();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label ?? t("projects.mechanism")}</label>
      <select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
        {required ? null : <option value="">{t("common.all")}</option>}
        {mechanisms.data?.items.map((m) => (
          <option key={m.code} value={m.code}>
            {m.code} — {pick(m.name, lang)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Suggestions of every organisation's code for the inputs that name one (`list={id}`). */
export function ActorDatalist({ id }: { id: string }) {
  const { lang } = useI18n();
  const actors = useActors({ limit: 500 });
  return (
    <datalist id={id}>
      {actors.data?.items.map((a) => (
        <option key={a.code} value={a.code}>
          {pick(a.name, lang)}
        </option>
      ))}
    </datalist>
  );
}

type PhaseRow = { seq: number; name: Localized; status?: string; startDate: string | null; endDate: string | null; budget: string | null; deliverables: string[] };

/** The phases of a project, or those an application proposes (which have no status yet). */
export function PhasesTable({ phases, currency }: { phases: PhaseRow[]; currency: string }) {
  const { t, lang, fmt } = useI18n();
  const withStatus = phases.some((ph) => ph.status !== undefined);
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t("project.phase")}</th>
          {withStatus ? <th scope="col">{t("projects.status")}</th> : null}
          <th scope="col">{t("project.period")}</th>
          <th scope="col" className="num">
            {t("projects.budget")}
          </th>
          <th scope="col">{t("project.deliverables")}</th>
        </tr>
      </thead>
      <tbody>
        {phases.map((ph) => (
          <tr key={ph.seq}>
            <td>{fmt.number(ph.seq)}</td>
            <td>{pick(ph.name, lang)}</td>
            {withStatus ? (
              <td>
                <span className={`badge status-${ph.status}`}>{t(`phaseStatus.${ph.status}`)}</span>
              </td>
            ) : null}
            <td>
              {fmt.date(ph.startDate)} – {fmt.date(ph.endDate)}
            </td>
            <td className="num">{fmt.money(ph.budget, currency)}</td>
            <td>{ph.deliverables.join("; ") || "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A growing list of organisation-code inputs (partners, co-applicants), each with its own
 * error, suggesting codes from `listId` (an ActorDatalist).
 */
export function ActorRows(props: {
  values: string[];
  name: string;
  listId: string;
  label: (n: number) => string;
  hint?: string;
  addLabel: string;
  errorOf: (index: number) => string | undefined;
  onChange: (values: string[], index: number) => void;
  onAdd: () => void;
}) {
  return (
    <>
      {props.values.map((value, i) => (
        <Field key={i} label={props.label(i + 1)} error={props.errorOf(i)} hint={i === 0 ? props.hint : undefined}>
          {(a) => (
            <input
              id={a.id}
              name={`${props.name}-${i}`}
              list={props.listId}
              value={value}
              aria-invalid={a.invalid}
              aria-describedby={a.describedBy}
              onChange={(e) => props.onChange(props.values.map((x, j) => (j === i ? e.target.value : x)), i)}
            />
          )}
        </Field>
      ))}
      <button type="button" onClick={props.onAdd}>
        {props.addLabel}
      </button>
    </>
  );
}

/**
 * A page for some roles only: while the account loads it waits, a visitor is asked to sign in, a
 * signed-in user of another role is told it is not theirs (the API refuses them as well).
 * Without `roles`, any signed-in user passes.
 */
export function RoleGate({ title, roles, children, notAllowed = "form.notAllowed", signInFirst = "form.signInFirst" }: { title: string; roles?: readonly string[]; children: ReactNode; notAllowed?: string; signInFirst?: string }) {
  const { t } = useI18n();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (!me.data || (roles && !roles.includes(me.data.role)))
    return (
      <section>
        <PageTitle>{title}</PageTitle>
        <p className="alert" role="alert">
          {t(me.data ? notAllowed : signInFirst)}
        </p>
      </section>
    );
  return <>{children}</>;
}
