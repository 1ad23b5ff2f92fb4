import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId, useState, type FormEvent } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { useCountries } from "../api/queries";
import { Async, Empty, ErrorBox, MechanismSelect, PageTitle, RoleGate } from "../components/ui";
import { pick, useI18n } from "../i18n";

type Alert = Schemas["Alert"];
type Subscription = Schemas["AlertSubscription"];
type AlertKind = Alert["kind"];
type Channel = Subscription["channel"];
type AlertFilters = { kind?: AlertKind; mechanism?: string; country?: string; mine?: boolean };

/** Who reads the secretariat's alerts; the API refuses everyone else. */
export const ALERT_ROLES = ["admin", "secretariat", "analyst"] as const;

const KINDS: readonly AlertKind[] = ["late_report", "phase_overdue", "phase_suspended", "suspension_exposure", "slow_disbursement", "funding_gap", "obligation_overdue", "consultation_due", "dispute_deadline"];
const SEVERITIES = ["high", "medium", "low"] as const;
const CHANNELS: readonly Channel[] = ["none", "file", "email"];
/** Existing badge colours: red, amber, blue. */
const SEVERITY_CLASS: Record<Alert["severity"], string> = { high: "badge late", medium: "badge status-suspended", low: "badge status-planned" };

const useAlerts = (filters: AlertFilters) => {
  const { lang } = useI18n();
  return useQuery({
    queryKey: ["alerts", filters, lang],
    queryFn: () =>
      unwrap(api.GET("/api/v1/alerts", { params: { query: { kind: filters.kind, mechanism: filters.mechanism, country: filters.country, mine: filters.mine ? "true" : undefined } } })),
  });
};

export function SeverityBadge({ severity }: { severity: Alert["severity"] }) {
  const { t } = useI18n();
  return <span className={SEVERITY_CLASS[severity]}>{t(`alerts.severity.${severity}`)}</span>;
}

/** The dashboard's panel: how many alerts of each severity, and the most severe few. */
export function AlertsPanel() {
  const { t, fmt } = useI18n();
  const alerts = useAlerts({});
  return (
    <section className="panel" aria-labelledby="alerts-panel-title" data-testid="alerts-panel">
      <h2 id="alerts-panel-title">{t("alerts.panelTitle")}</h2>
      <Async query={alerts}>
        {(list) =>
          list.items.length === 0 ? (
            <p className="muted">{t("alerts.noneNow")}</p>
          ) : (
            <>
              <ul className="kpis" aria-label={t("alerts.bySeverity")}>
                {SEVERITIES.map((s) => (
                  <li key={s}>
                    <Link to="/alerts">
                      <span className="kpi-label">{t(`alerts.severity.${s}`)}</span>
                      <span className="kpi-value" data-testid={`alerts-count-${s}`}>
                        {fmt.number(list.items.filter((a) => a.severity === s).length)}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
              <ul className="alert-list" aria-label={t("alerts.mostSevere")}>
                {list.items.slice(0, 5).map((a) => (
                  <li key={`${a.kind}:${a.code}`}>
                    <SeverityBadge severity={a.severity} /> <strong>{a.kindLabel}</strong> — <Link to={a.link}>{a.code}</Link>
                    <br />
                    <span>{a.reason}</span>
                  </li>
                ))}
              </ul>
              <p>
                <Link to="/alerts" data-testid="alerts-see-all">
                  {t("alerts.seeAll", { count: fmt.number(list.total) })}
                </Link>
              </p>
            </>
          )
        }
      </Async>
    </section>
  );
}

export function Alerts() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("alerts.title")} roles={ALERT_ROLES} notAllowed="alerts.notAllowed">
      <AlertsPage />
    </RoleGate>
  );
}

function AlertsPage() {
  const { t, lang, fmt } = useI18n();
  const [filters, setFilters] = useState<AlertFilters>({});
  const alerts = useAlerts(filters);
  const countries = useCountries();
  const kindId = useId();
  const countryId = useId();
  const set = (patch: AlertFilters) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <section>
      <PageTitle>{t("alerts.title")}</PageTitle>
      <div className="filters">
        <div className="field">
          <label htmlFor={kindId}>{t("alerts.kind")}</label>
          <select id={kindId} value={filters.kind ?? ""} onChange={(e) => set({ kind: (e.target.value || undefined) as AlertKind | undefined })}>
            <option value="">{t("common.all")}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`alerts.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <MechanismSelect value={filters.mechanism} onChange={(mechanism) => set({ mechanism })} />
        <div className="field">
          <label htmlFor={countryId}>{t("alerts.country")}</label>
          <select id={countryId} value={filters.country ?? ""} onChange={(e) => set({ country: e.target.value || undefined })}>
            <option value="">{t("common.all")}</option>
            {countries.data?.map((c) => (
              <option key={c.code} value={c.code}>
                {pick(c.name, lang)}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={!!filters.mine} onChange={(e) => set({ mine: e.target.checked || undefined })} /> {t("alerts.mineOnly")}
        </label>
      </div>
      <Async query={alerts}>
        {(list) => (
          <>
            <p role="status" data-testid="alerts-total">
              {t("alerts.total", { count: fmt.number(list.total), asOf: fmt.date(list.asOf) })}
            </p>
            {list.items.length === 0 ? (
              <Empty />
            ) : (
              <table data-testid="alerts-table">
                <caption>{t("alerts.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("alerts.severityCol")}</th>
                    <th scope="col">{t("alerts.kind")}</th>
                    <th scope="col">{t("alerts.record")}</th>
                    <th scope="col">{t("alerts.reason")}</th>
                    <th scope="col">{t("alerts.due")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((a) => (
                    <tr key={`${a.kind}:${a.code}`}>
                      <td>
                        <SeverityBadge severity={a.severity} />
                      </td>
                      <td>{a.kindLabel}</td>
                      <th scope="row">
                        <Link to={a.link}>{a.code}</Link>
                        {a.title ? <div className="muted">{pick(a.title, lang)}</div> : null}
                        {a.mechanismCode ? <div className="muted">{a.mechanismCode}</div> : null}
                      </th>
                      <td>{a.reason}</td>
                      <td>{a.dueAt ? fmt.date(a.dueAt) : a.since ? t("alerts.since", { date: fmt.date(a.since) }) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Async>
      <SubscriptionSection />
    </section>
  );
}

function SubscriptionSection() {
  const { t } = useI18n();
  const sub = useQuery({ queryKey: ["alerts-subscription"], queryFn: () => unwrap(api.GET("/api/v1/alerts/subscription")) });
  return (
    <section className="panel" aria-labelledby="alerts-subscription-title">
      <h2 id="alerts-subscription-title">{t("alerts.subscription.title")}</h2>
      <p className="muted">{t("alerts.subscription.intro")}</p>
      {/* Mounted once the saved choice has loaded, so the form starts from what the server holds. */}
      <Async query={sub}>{(s) => <SubscriptionForm saved={s} />}</Async>
    </section>
  );
}

function SubscriptionForm({ saved }: { saved: Subscription }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [kinds, setKinds] = useState<AlertKind[]>(saved.kinds);
  const [mechanism, setMechanism] = useState<string | undefined>(saved.mechanismCode ?? undefined);
  const [channel, setChannel] = useState<Channel>(saved.channel);
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT("/api/v1/alerts/subscription", { body: { kinds, mechanism: mechanism ?? null, channel } })),
    onSuccess: (s) => {
      setDone(true);
      qc.setQueryData(["alerts-subscription"], s);
      void qc.invalidateQueries({ queryKey: ["alerts"] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    save.mutate();
  };
  const toggle = (k: AlertKind, on: boolean) => setKinds((ks) => (on ? [...ks, k] : ks.filter((x) => x !== k)));
  return (
    <form onSubmit={submit} data-testid="alerts-subscription">
      <fieldset>
        <legend>{t("alerts.subscription.kinds")}</legend>
        {KINDS.map((k) => (
          <label key={k} className="check">
            <input type="checkbox" name="kinds" value={k} checked={kinds.includes(k)} onChange={(e) => toggle(k, e.target.checked)} /> {t(`alerts.kinds.${k}`)}
          </label>
        ))}
      </fieldset>
      <MechanismSelect value={mechanism} onChange={setMechanism} />
      <fieldset>
        <legend>{t("alerts.subscription.channel")}</legend>
        {CHANNELS.map((c) => (
          <label key={c} className="check">
            <input type="radio" name="channel" value={c} checked={channel === c} disabled={c === "email" && !saved.emailAvailable && saved.channel !== "email"} onChange={() => setChannel(c)} />{" "}
            {t(`alerts.channels.${c}`, { email: saved.email })}
          </label>
        ))}
        {!saved.emailAvailable ? <p className="hint">{t("alerts.subscription.noEmail")}</p> : null}
      </fieldset>
      {save.error ? <ErrorBox error={save.error} /> : null}
      <button type="submit" disabled={save.isPending}>
        {t("alerts.subscription.save")}
      </button>
      {done ? (
        <p role="status" data-testid="alerts-subscription-saved">
          {t("alerts.subscription.saved")}
        </p>
      ) : null}
    </form>
  );
}
