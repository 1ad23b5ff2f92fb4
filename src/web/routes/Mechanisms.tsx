import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { api, unwrap, type Mechanism } from "../api/client";
import { useEvents, useMe, useMechanism, useMechanisms } from "../api/queries";
import { ActorLink, Async, Empty, Field, FormErrorSummary, Name, PageTitle, SampleNote } from "../components/ui";
import { isStaff } from "../lib/roles";
import { serverErrors, type FormErrors } from "../lib/use-form";
import { Downloads } from "../components/Downloads";
import { BarBadge, BarLegend, WaterIntensity } from "../components/WaterBar";
import { isLang, LANG_NAMES, LANGS, pick, useI18n, type Lang } from "../i18n";

export function Mechanisms() {
  const { t, lang, fmt } = useI18n();
  const mechanisms = useMechanisms();
  return (
    <>
      <PageTitle>{t("mechanisms.title")}</PageTitle>
      <Downloads path="/api/v1/mechanisms" />
      <Async query={mechanisms}>
        {(page) => (
          <ul className="cards grid-cards">
            {[...page.items]
              .sort((a, b) => fmt.compare(pick(a.name, lang), pick(b.name, lang)))
              .map((m) => (
                <li key={m.id} className="card">
                  <h2 className="card-title">
                    <Link to="/mechanisms/$ref" params={{ ref: m.code }}>
                      <Name text={m.name} />
                    </Link>
                  </h2>
                  <div className="meta">
                    {m.code} · {t("mechanisms.founded")}: {fmt.date(m.foundedOn, m.foundedPrecision)} · {t("mechanisms.memberCount", { n: fmt.number(m.members.length) })}
                  </div>
                  {m.description ? <p>{pick(m.description, lang)}</p> : null}
                </li>
              ))}
          </ul>
        )}
      </Async>
    </>
  );
}

export function MechanismPage() {
  const { ref } = useParams({ from: "/mechanisms/$ref" });
  const { t, lang, fmt } = useI18n();
  const mechanism = useMechanism(ref);
  const events = useEvents({ mechanism: ref, sort: "date" });
  return (
    <Async query={mechanism}>
      {(m) => {
        const members = [...m.members].sort((a, b) => (a.since ?? "").localeCompare(b.since ?? "") || fmt.compare(pick(a.actorName, lang), pick(b.actorName, lang)));
        return (
          <article>
            <PageTitle
              actions={
                <Link to="/projects" search={{ mechanism: m.code }} className="button">
                  {t("mechanisms.projects")}
                </Link>
              }
            >
              <Name text={m.name} />
            </PageTitle>
            <p className="meta">
              <span className="code">{m.code}</span> · {t("mechanisms.founded")}: {fmt.date(m.foundedOn, m.foundedPrecision)} <SampleNote show={m.isSample} />
            </p>
            {m.description ? <p className="description">{pick(m.description, lang)}</p> : null}
            <AnnualReportLink mechanism={m.code} />

            <section aria-labelledby="framework">
              <h2 id="framework">{t("mechanisms.framework")}</h2>
              {m.pillars.length === 0 && m.priorityAreas.length === 0 ? (
                <Empty />
              ) : (
                <div className="framework">
                  {m.pillars.map((p) => {
                    const areas = m.priorityAreas.filter((a) => a.pillarId === p.id);
                    return (
                      <div key={p.id} className="pillar">
                        <h3>
                          <Link to="/projects" search={{ mechanism: m.code, pillar: p.code }}>
                            {pick(p.name, lang)}
                          </Link>
                        </h3>
                        {areas.length > 0 ? (
                          <ul>
                            {areas.map((a) => (
                              <li key={a.id}>
                                <Link to="/projects" search={{ mechanism: m.code, area: a.code }}>
                                  {pick(a.name, lang)}
                                </Link>
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </div>
                    );
                  })}
                  {m.priorityAreas.some((a) => !a.pillarId) ? (
                    <div className="pillar">
                      <h3>{t("mechanisms.priorityAreas")}</h3>
                      <ul>
                        {m.priorityAreas
                          .filter((a) => !a.pillarId)
                          .map((a) => (
                            <li key={a.id}>
                              <Link to="/projects" search={{ mechanism: m.code, area: a.code }}>
                                {pick(a.name, lang)}
                              </Link>
                            </li>
                          ))}
                      </ul>
                    </div>
                  ) : null}
                </div>
              )}
            </section>

            <section aria-labelledby="organs">
              <h2 id="organs">{t("mechanisms.organs")}</h2>
              {m.organs.length === 0 ? (
                <Empty />
              ) : (
                <ul className="plain">
                  {m.organs.map((o) => (
                    <li key={o.id}>
                      <strong>{pick(o.name, lang)}</strong> <span className="muted">({t(`organKind.${o.kind}`)})</span>
                      {o.description ? <div>{pick(o.description, lang)}</div> : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <MechanismSettings m={m} />

            <section aria-labelledby="members">
              <h2 id="members">{t("mechanisms.members")}</h2>
              {members.length === 0 ? (
                <Empty />
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("mechanisms.member")}</th>
                      <th scope="col">{t("project.role")}</th>
                      <th scope="col">{t("mechanisms.since")}</th>
                      <th scope="col">{t("mechanisms.until")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {members.map((x) => (
                      <tr key={x.id}>
                        <td>
                          <ActorLink code={x.actorCode} name={x.actorName} />
                        </td>
                        <td>{t(`memberRole.${x.role}`)}</td>
                        <td>{fmt.date(x.since)}</td>
                        <td>{x.until ? fmt.date(x.until) : t("mechanisms.present")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section aria-labelledby="timeline">
              <h2 id="timeline">{t("mechanisms.timeline")}</h2>
              <Async query={events}>
                {(page) => {
                  // Water events (TFDD) sit on the same timeline, each with its BAR intensity.
                  const water = page.items.some((e) => e.kind === "water_event");
                  return page.items.length === 0 ? (
                    <Empty />
                  ) : (
                    <>
                      {water ? <WaterIntensity mechanism={m.code} level={3} /> : null}
                      <ol className="timeline">
                        {page.items.map((e) => (
                          <li key={e.id} data-kind={e.kind}>
                            <time dateTime={e.date}>{fmt.date(e.date, e.datePrecision)}</time>
                            <div>
                              {e.kind === "water_event" ? (
                                <>
                                  <BarBadge value={e.barScale} />{" "}
                                </>
                              ) : null}
                              <strong>
                                <Name text={e.title} />
                              </strong>{" "}
                              <span className="muted">
                                {t(`eventKind.${e.kind}`)}
                                {e.basinCode ? ` · ${e.basinCode}` : ""}
                                {e.place ? ` · ${pick(e.place, lang)}` : ""}
                              </span>
                            </div>
                          </li>
                        ))}
                      </ol>
                      {water ? <BarLegend level={3} /> : null}
                    </>
                  );
                }}
              </Async>
            </section>
          </article>
        );
      }}
    </Async>
  );
}

/** A link to the mechanism's annual progress report: a file the server prints, opened in a new tab. */
function AnnualReportLink({ mechanism }: { mechanism: string }) {
  const { t, lang, fmt } = useI18n();
  const thisYear = new Date().getUTCFullYear();
  const [year, setYear] = useState(thisYear);
  const [reportLang, setReportLang] = useState<Lang>(lang);
  const [format, setFormat] = useState<"html" | "pdf">("pdf");
  const href = `/api/v1/mechanisms/${encodeURIComponent(mechanism)}/annual-report?${new URLSearchParams({ year: String(year), lang: reportLang, format })}`;
  return (
    <section aria-labelledby="annual-report" className="panel">
      <h2 id="annual-report">{t("fund.annualReport")}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="ar-year">{t("fund.year")}</label>
          <select id="ar-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {Array.from({ length: thisYear - 2011 }, (_, i) => thisYear - i).map((y) => (
              <option key={y} value={y}>
                {fmt.year(y)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ar-lang">{t("lang.label")}</label>
          <select id="ar-lang" value={reportLang} onChange={(e) => isLang(e.target.value) && setReportLang(e.target.value)}>
            {LANGS.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ar-format">{t("fund.format")}</label>
          <select id="ar-format" value={format} onChange={(e) => setFormat(e.target.value === "html" ? "html" : "pdf")}>
            <option value="pdf">{t("fund.formatPdf")}</option>
            <option value="html">{t("fund.formatHtml")}</option>
          </select>
        </div>
        <a className="button primary" href={href} target="_blank" rel="noopener" data-testid="annual-report-link">
          {t("fund.openReport")}
        </a>
      </div>
    </section>
  );
}

const DISPUTE_STAGES = ["negotiation", "joint_committee", "third_party", "arbitration"] as const;
type SettingsField = "consultationMonths" | (typeof DISPUTE_STAGES)[number] | "reminderDays";

/** The mechanism's procedural settings: every signed-in user reads them, staff change them. */
function MechanismSettings({ m }: { m: Mechanism }) {
  const { t, fmt } = useI18n();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  if (!me.data) return null;
  return (
    <section aria-labelledby="mechanism-settings" className="panel" data-testid="mechanism-settings">
      <h2 id="mechanism-settings">{t("mechanisms.settings.title")}</h2>
      <dl className="facts">
        <div>
          <dt>{t("mechanisms.settings.consultationMonths")}</dt>
          <dd>{t("mechanisms.settings.months", { n: fmt.number(m.consultationMonths) })}</dd>
        </div>
        {DISPUTE_STAGES.map((s) => (
          <div key={s}>
            <dt>{t("mechanisms.settings.stageDays", { stage: t(`disputes.stage.${s}`) })}</dt>
            <dd>{t("disputes.days", { n: fmt.number(m.disputeStageDays[s]) })}</dd>
          </div>
        ))}
        <div>
          <dt>{t("mechanisms.settings.autoEscalate")}</dt>
          <dd data-testid="auto-escalate">{t(m.disputeAutoEscalate ? "mechanisms.settings.autoYes" : "mechanisms.settings.autoNo")}</dd>
        </div>
        <div>
          <dt>{t("mechanisms.settings.reminderDays")}</dt>
          <dd>{m.reminderDays.length ? m.reminderDays.map((d) => fmt.number(d)).join(", ") : "—"}</dd>
        </div>
      </dl>
      {isStaff(me.data.role) ? (
        editing ? (
          <SettingsForm m={m} onDone={() => setEditing(false)} />
        ) : (
          <button type="button" onClick={() => setEditing(true)}>
            {t("mechanisms.settings.edit")}
          </button>
        )
      ) : null}
    </section>
  );
}

function SettingsForm({ m, onDone }: { m: Mechanism; onDone: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [v, setV] = useState({
    consultationMonths: String(m.consultationMonths),
    ...Object.fromEntries(DISPUTE_STAGES.map((s) => [s, String(m.disputeStageDays[s])])),
    autoEscalate: m.disputeAutoEscalate,
    reminderDays: m.reminderDays.join(", "),
  } as Record<SettingsField, string> & { autoEscalate: boolean });
  const [errors, setErrors] = useState<FormErrors<SettingsField>>({});
  const whole = (s: string, min: number, max: number) => /^\d+$/.test(s.trim()) && Number(s) >= min && Number(s) <= max;
  const mutation = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/mechanisms/{ref}/settings", {
          params: { path: { ref: m.code } },
          body: {
            consultationMonths: Number(v.consultationMonths),
            disputeStageDays: { negotiation: Number(v.negotiation), joint_committee: Number(v.joint_committee), third_party: Number(v.third_party), arbitration: Number(v.arbitration) },
            disputeAutoEscalate: v.autoEscalate,
            reminderDays: v.reminderDays.split(/[,\s]+/).filter(Boolean).map(Number),
          },
        }),
      ),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["mechanism", m.code] });
      onDone();
    },
    onError: (err) =>
      setErrors(
        serverErrors<SettingsField>(
          err,
          (path) => {
            const [head, sub] = (path ?? "").split(".");
            if (head === "disputeStageDays") return DISPUTE_STAGES.find((s) => s === sub) ?? "negotiation";
            return head === "consultationMonths" || head === "reminderDays" ? head : "form";
          },
          t,
        ),
      ),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: FormErrors<SettingsField> = {};
    if (!whole(v.consultationMonths, 1, 60)) bad.consultationMonths = t("mechanisms.settings.errors.months");
    for (const s of DISPUTE_STAGES) if (!whole(v[s], 1, 3650)) bad[s] = t("mechanisms.settings.errors.days");
    const reminders = v.reminderDays.split(/[,\s]+/).filter(Boolean);
    if (reminders.some((r) => !whole(r, 0, 365)) || new Set(reminders.map(Number)).size !== reminders.length) bad.reminderDays = t("mechanisms.settings.errors.reminders");
    setErrors(bad);
    if (Object.keys(bad).length === 0) mutation.mutate();
  };
  const text = (name: SettingsField, label: string, hint?: string) => (
    <Field label={label} error={errors[name]} hint={hint} required={name !== "reminderDays"}>
      {(a) => (
        <input
          id={a.id}
          name={name}
          inputMode={name === "reminderDays" ? "text" : "numeric"}
          value={v[name]}
          aria-invalid={a.invalid}
          aria-describedby={a.describedBy}
          onChange={(e) => {
            setV((p) => ({ ...p, [name]: e.target.value }));
            setErrors({});
          }}
        />
      )}
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate aria-label={t("mechanisms.settings.title")} className="action-form" data-testid="settings-form">
      <FormErrorSummary count={Object.keys(errors).length} message={errors.form} />
      {text("consultationMonths", t("mechanisms.settings.consultationMonths"), t("mechanisms.settings.months", { n: "1–60" }))}
      <div className="row-fields">{DISPUTE_STAGES.map((s) => <div key={s}>{text(s, t("mechanisms.settings.stageDays", { stage: t(`disputes.stage.${s}`) }))}</div>)}</div>
      <div className="field">
        <label className="check">
          <input type="checkbox" name="autoEscalate" checked={v.autoEscalate} onChange={(e) => setV((p) => ({ ...p, autoEscalate: e.target.checked }))} /> {t("mechanisms.settings.autoEscalate")}
        </label>
      </div>
      {text("reminderDays", t("mechanisms.settings.reminderDays"), t("mechanisms.settings.reminderHint"))}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {t("mechanisms.settings.save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("mechanisms.settings.cancel")}
        </button>
      </div>
    </form>
  );
}
