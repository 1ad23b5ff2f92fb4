import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { useState, type ReactElement } from "react";
import { api, unwrap, type Me, type Schemas } from "../api/client";
import { useMe, useMechanisms } from "../api/queries";
import { ActionForm, type ActionField } from "../components/ActionForm";
import { ActorLink, Async, Empty, Name, PageTitle, RoleGate } from "../components/ui";
import { pick, useI18n } from "../i18n";
import { isStaff } from "../lib/roles";

type Consultation = Schemas["Consultation"];
type Summary = Schemas["ConsultationSummary"];
type Status = Summary["status"];
type Outcome = NonNullable<Summary["outcome"]>;

const STATUSES: Status[] = ["in_consultation", "forwarded", "submitted", "returned", "closed"];
const SUBJECTS: Schemas["ConsultationSubmit"]["subject"][] = ["dam", "water_transfer", "border_industrial_zone", "other"];
const OUTCOMES: Outcome[] = ["agreed_with_conditions", "agreed", "no_consensus", "withdrawn"];
const RECORD_KINDS: Schemas["ConsultationEntryCreate"]["kind"][] = ["reply", "technical_review", "meeting", "note"];
/** The countries of the Lancang-Mekong basin: those that notify and are consulted. */
const BASIN_COUNTRIES = ["cn", "la", "kh", "mm", "th", "vn"];

/** Whether an organisation speaks for a country: the country itself, or a body coded under it (th-bangkok). */
const speaksFor = (me: Me | null | undefined, country: string) => !!me && me.role === "officer" && (me.orgCode === country || me.orgCode.startsWith(`${country}-`));

function ConsultationStatus({ status }: { status: Status }) {
  const { t } = useI18n();
  return <span className={`badge consultation-${status}`}>{t(`consultations.status.${status}`)}</span>;
}

/** The period as a bar: days elapsed of the whole, and the days left in words. */
function ClockBar({ clock }: { clock: NonNullable<Summary["clock"]> }) {
  const { t, fmt } = useI18n();
  const label = clock.overdue ? t("consultations.overdue") : t("consultations.daysLeft", { n: fmt.number(clock.remainingDays) });
  return (
    <div className="consultation-clock">
      <progress value={Math.min(clock.elapsedDays, clock.totalDays)} max={Math.max(clock.totalDays, 1)} aria-label={t("consultations.elapsedOf", { elapsed: fmt.number(clock.elapsedDays), total: fmt.number(clock.totalDays) })} />
      <span>{label}</span>
    </div>
  );
}

function NextStep({ next }: { next: Summary["next"] }) {
  const { t, fmt } = useI18n();
  if (next.kind === "none") return null;
  const who = next.waitingFor.map((w) => (w === "secretariat" ? t("consultations.secretariat") : w.toUpperCase())).join(", ");
  return (
    <span data-testid="next-step">
      {t(`consultations.next.${next.kind}`, { who, at: fmt.date(next.at) })}
    </span>
  );
}

export function Consultations() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("nav.consultations")} signInFirst="consultations.signIn">
      <ConsultationList />
    </RoleGate>
  );
}

function ConsultationList() {
  const { t, fmt } = useI18n();
  const me = useMe();
  const [status, setStatus] = useState<Status | "">("");
  const [notifying, setNotifying] = useState(false);
  const list = useQuery({
    queryKey: ["consultations", status],
    queryFn: () => unwrap(api.GET("/api/v1/consultations", { params: { query: { status: status || undefined, limit: 200 } } })),
  });
  const mayNotify = isStaff(me.data?.role) || me.data?.role === "officer";
  return (
    <section>
      <PageTitle
        actions={
          mayNotify ? (
            <button type="button" className="primary" aria-expanded={notifying} onClick={() => setNotifying((v) => !v)}>
              {t("consultations.notify")}
            </button>
          ) : null
        }
      >
        {t("nav.consultations")}
      </PageTitle>
      <p className="muted">{t("consultations.intro")}</p>
      {notifying && me.data ? <NotifyForm me={me.data} /> : null}
      <div className="filters">
        <div className="field">
          <label htmlFor="consultation-status">{t("consultations.statusFilter")}</label>
          <select id="consultation-status" value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
            <option value="">{t("common.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`consultations.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Async query={list}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty />
          ) : (
            <table data-testid="consultations">
              <caption>{t("consultations.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("consultations.title")}</th>
                  <th scope="col">{t("consultations.statusFilter")}</th>
                  <th scope="col">{t("consultations.parties")}</th>
                  <th scope="col">{t("consultations.clock")}</th>
                  <th scope="col">{t("consultations.nextStep")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.code}>
                    <td>
                      <Link to="/consultations/$ref" params={{ ref: c.code }}>
                        <Name text={c.title} />
                      </Link>{" "}
                      <span className="code">{c.code}</span>
                    </td>
                    <td>
                      <ConsultationStatus status={c.status} />
                      {c.outcome ? <> {t(`consultations.outcome.${c.outcome}`)}</> : null}
                    </td>
                    <td>
                      {c.proposer.code.toUpperCase()} → {c.parties.map((p) => p.code.toUpperCase()).join(", ")}
                    </td>
                    <td>{c.clock ? c.status === "closed" ? fmt.date(c.closedAt) : <ClockBar clock={c.clock} /> : "—"}</td>
                    <td>
                      <NextStep next={c.next} />
                    </td>
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

/** "Notify a project": the proposing country's officer (or staff) opens a consultation. */
function NotifyForm({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const mechanisms = useMechanisms();
  const ownCountry = BASIN_COUNTRIES.find((c) => speaksFor(me, c));
  let created: string | undefined;
  const fields: ActionField[] = [
    { name: "mechanism", label: t("projects.mechanism"), kind: "select", required: true, options: ["MRC", "LMC"].concat((mechanisms.data?.items ?? []).map((m) => m.code).filter((c) => c !== "MRC" && c !== "LMC")).map((c) => ({ value: c, label: pick(mechanisms.data?.items.find((m) => m.code === c)?.name, lang) || c })) },
    { name: "subject", label: t("consultations.subject"), kind: "select", required: true, options: SUBJECTS.map((s) => ({ value: s, label: t(`consultations.subjects.${s}`) })) },
    { name: "title", label: t("consultations.titleEn"), required: true },
    { name: "description", label: t("consultations.descriptionEn"), kind: "textarea" },
    { name: "project", label: t("consultations.project") },
    ...(ownCountry ? [] : [{ name: "proposer", label: t("consultations.proposer"), kind: "select" as const, required: true, options: BASIN_COUNTRIES.map((c) => ({ value: c, label: t(`consultations.country.${c}`) })) }]),
    { name: "affectedParties", label: t("consultations.affected"), kind: "checks", required: true, options: BASIN_COUNTRIES.filter((c) => c !== ownCountry).map((c) => ({ value: c, label: t(`consultations.country.${c}`) })) },
  ];
  return (
    <section aria-labelledby="notify-heading" className="panel">
      <h2 id="notify-heading">{t("consultations.notify")}</h2>
      <ActionForm
        label={t("consultations.submit")}
        primary
        testId="notify-form"
        fields={fields}
        run={async (v) => {
          const c = await unwrap(
            api.POST("/api/v1/consultations", {
              body: {
                mechanism: v.mechanism!,
                subject: v.subject as Schemas["ConsultationSubmit"]["subject"],
                title: { en: v.title! },
                description: v.description ? { en: v.description } : undefined,
                project: v.project || undefined,
                proposer: ownCountry ?? v.proposer!,
                affectedParties: (v.affectedParties ?? "").split(",").filter(Boolean),
              },
            }),
          );
          created = c.code;
        }}
        onDone={async () => {
          await qc.invalidateQueries({ queryKey: ["consultations"] });
          if (created) await navigate({ to: "/consultations/$ref", params: { ref: created } });
        }}
      />
    </section>
  );
}

export function ConsultationPage() {
  const { ref } = useParams({ from: "/consultations/$ref" });
  const { t } = useI18n();
  const query = useQuery({ queryKey: ["consultation", ref], queryFn: () => unwrap(api.GET("/api/v1/consultations/{ref}", { params: { path: { ref } } })) });
  return (
    <RoleGate title={t("nav.consultations")} signInFirst="consultations.signIn">
      <Async query={query}>{(c) => <ConsultationView c={c} />}</Async>
    </RoleGate>
  );
}

function ConsultationView({ c }: { c: Consultation }) {
  const { t, lang, fmt } = useI18n();
  return (
    <article>
      <PageTitle>
        <Name text={c.title} />
      </PageTitle>
      <p className="meta">
        <span className="code">{c.code}</span> <ConsultationStatus status={c.status} /> {c.outcome ? <strong data-testid="outcome">{t(`consultations.outcome.${c.outcome}`)}</strong> : null}
      </p>
      {c.description ? <p className="description">{pick(c.description, lang)}</p> : null}
      <dl className="facts">
        <div>
          <dt>{t("projects.mechanism")}</dt>
          <dd>
            <Link to="/mechanisms/$ref" params={{ ref: c.mechanismCode }}>
              {c.mechanismCode}
            </Link>
          </dd>
        </div>
        <div>
          <dt>{t("consultations.subject")}</dt>
          <dd>{t(`consultations.subjects.${c.subject}`)}</dd>
        </div>
        <div>
          <dt>{t("consultations.proposer")}</dt>
          <dd>
            <ActorLink code={c.proposer.code} name={c.proposer.name} />
          </dd>
        </div>
        {c.projectCode ? (
          <div>
            <dt>{t("consultations.project")}</dt>
            <dd>
              <Link to="/projects/$ref" params={{ ref: c.projectCode }}>
                {c.projectCode}
              </Link>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("consultations.submittedAt")}</dt>
          <dd>{fmt.date(c.submittedAt)}</dd>
        </div>
        <div>
          <dt>{t("consultations.forwardedAt")}</dt>
          <dd>{fmt.date(c.forwardedAt)}</dd>
        </div>
        {c.next.kind === "none" ? (
          <div>
            <dt>{t("consultations.closedAt")}</dt>
            <dd>{fmt.date(c.closedAt)}</dd>
          </div>
        ) : (
          <div>
            <dt>{t("consultations.nextStep")}</dt>
            <dd>
              <NextStep next={c.next} />
            </dd>
          </div>
        )}
      </dl>

      <section aria-labelledby="clock-heading" className="panel" data-testid="clock-panel">
        <h2 id="clock-heading">{t("consultations.clock")}</h2>
        {c.clock ? (
          <>
            {c.closedAt ? <p>{t("consultations.stopped", { date: fmt.date(c.closedAt) })}</p> : <ClockBar clock={c.clock} />}
            <dl className="facts">
              <div>
                <dt>{t("consultations.clockStarted")}</dt>
                <dd>{fmt.date(c.clock.startedAt)}</dd>
              </div>
              <div>
                <dt>{t("consultations.dueAt")}</dt>
                <dd data-testid="due-at">{fmt.date(c.clock.dueAt)}</dd>
              </div>
              <div>
                <dt>{t("consultations.elapsed")}</dt>
                <dd>{t("consultations.elapsedOf", { elapsed: fmt.number(c.clock.elapsedDays), total: fmt.number(c.clock.totalDays) })}</dd>
              </div>
              <div>
                <dt>{t("consultations.period")}</dt>
                <dd>{fmt.number(c.periodMonths)}</dd>
              </div>
              <div>
                <dt>{t("consultations.extensions")}</dt>
                <dd data-testid="extensions">{fmt.number(c.clock.extensions)}</dd>
              </div>
            </dl>
          </>
        ) : (
          <p className="muted">{t("consultations.clockNotStarted", { n: fmt.number(c.periodMonths) })}</p>
        )}
      </section>

      <table data-testid="parties">
        <caption>{t("consultations.receipts")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("consultations.party")}</th>
            <th scope="col">{t("consultations.receivedAt")}</th>
          </tr>
        </thead>
        <tbody>
          {c.parties.map((p) => (
            <tr key={p.code}>
              <td>
                <ActorLink code={p.code} name={p.name} />
              </td>
              <td>{p.receivedAt ? fmt.date(p.receivedAt) : t("consultations.notReceived")}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {c.conditions ? (
        <section aria-labelledby="conditions-heading">
          <h2 id="conditions-heading">{t("consultations.conditions")}</h2>
          <p data-testid="conditions">{pick(c.conditions, lang)}</p>
        </section>
      ) : null}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t("consultations.timeline")}</h2>
        {c.entries.length === 0 ? (
          <Empty />
        ) : (
          <ol className="timeline" data-testid="timeline">
            {c.entries.map((e) => (
              <li key={e.id} data-kind={e.kind}>
                <time dateTime={e.on}>{fmt.date(e.on)}</time> <strong>{t(`consultations.entry.${e.kind}`)}</strong>
                {e.actor ? <> · {pick(e.actor.name, lang)}</> : null}
                {e.eventCode ? (
                  <>
                    {" "}
                    ·{" "}
                    <Link to="/events/$ref" params={{ ref: e.eventCode }}>
                      {e.eventCode}
                    </Link>
                  </>
                ) : null}
                {e.body ? (
                  <p>
                    <EntryText kind={e.kind} body={e.body} />
                  </p>
                ) : null}
                {e.byName ? <p className="muted">{t("consultations.by", { name: e.byName })}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
      <Actions c={c} />
    </article>
  );
}

/**
 * An entry's body as the server writes it: an outcome's starts with the outcome code and an
 * extension's with "+months"; those leading tokens are shown in words.
 */
function EntryText({ kind, body }: { kind: Consultation["entries"][number]["kind"]; body: string }) {
  const { t } = useI18n();
  const [head = "", ...rest] = body.split(" · ");
  if (kind === "outcome" && OUTCOMES.includes(head as Outcome)) return [t(`consultations.outcome.${head}`), ...rest].join(" · ");
  const months = kind === "extension" ? /^\+(\d+)$/.exec(head) : null;
  if (months) return [t("consultations.extendedBy", { n: months[1]! }), ...rest].join(" · ");
  return <>{body}</>;
}

/** The steps the signed-in user may take now, after src/modules/consultations/workflow.ts. */
function Actions({ c }: { c: Consultation }) {
  const { t } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const staff = isStaff(me.data?.role);
  const proposer = speaksFor(me.data, c.proposer.code);
  const ownParty = c.parties.find((p) => speaksFor(me.data, p.code));
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ["consultation", c.code] });
    await qc.invalidateQueries({ queryKey: ["consultations"] });
  };
  const post = <P extends "check" | "resubmit" | "receipt" | "entries" | "extend" | "close">(step: P, body: object) =>
    unwrap(api.POST(`/api/v1/consultations/{ref}/${step}` as "/api/v1/consultations/{ref}/check", { params: { path: { ref: c.code } }, body: body as Schemas["ConsultationCheck"] }));
  const partyOptions = (list: { code: string; name: Schemas["LocalizedText"] }[]) => list.map((p) => ({ value: p.code, label: p.code.toUpperCase() }));
  const forms: ReactElement[] = [];

  if (c.status === "submitted" && staff) {
    forms.push(<ActionForm key="forward" label={t("consultations.actions.forward")} primary testId="forward" run={() => post("check", { complete: true })} onDone={refresh} />);
    forms.push(
      <ActionForm key="return" label={t("consultations.actions.return")} testId="return" fields={[{ name: "reason", label: t("consultations.reason"), kind: "textarea", required: true }]} run={(v) => post("check", { complete: false, reason: v.reason })} onDone={refresh} />,
    );
  }
  if (c.status === "returned" && (staff || proposer)) {
    forms.push(<ActionForm key="resubmit" label={t("consultations.actions.resubmit")} testId="resubmit" fields={[{ name: "note", label: t("consultations.note"), kind: "textarea" }]} run={(v) => post("resubmit", { note: v.note || undefined })} onDone={refresh} />);
  }
  if (c.status === "forwarded") {
    const waiting = c.parties.filter((p) => !p.receivedAt);
    if (ownParty && !ownParty.receivedAt) forms.push(<ActionForm key="receive-own" label={t("consultations.actions.receiveOwn")} primary testId="receive" run={() => post("receipt", {})} onDone={refresh} />);
    else if (staff && waiting.length)
      forms.push(
        <ActionForm
          // Remounted as parties acknowledge, so the choice never holds a party that has already received it.
          key={`receive-${waiting.map((p) => p.code).join(",")}`}
          label={t("consultations.actions.receive")}
          primary
          testId="receive"
          fields={[{ name: "party", label: t("consultations.party"), kind: "select", required: true, options: partyOptions(waiting) }]}
          run={(v) => post("receipt", { party: v.party })}
          onDone={refresh}
        />,
      );
  }
  if (c.status === "in_consultation" && (staff || proposer || ownParty)) {
    const kinds = RECORD_KINDS.filter((k) => staff || (k === "reply" ? !!ownParty : k === "technical_review" ? !!ownParty : true));
    forms.push(
      <ActionForm
        key="record"
        label={t("consultations.actions.record")}
        testId="record"
        fields={[
          { name: "kind", label: t("consultations.kind"), kind: "select", required: true, options: kinds.map((k) => ({ value: k, label: t(`consultations.entry.${k}`) })) },
          { name: "body", label: t("consultations.body"), kind: "textarea", required: true },
          ...(staff ? [{ name: "party", label: t("consultations.onBehalfOf"), kind: "select" as const, options: [{ value: "", label: "—" }, ...partyOptions(c.parties)] }] : []),
          { name: "event", label: t("consultations.event") },
        ]}
        run={(v) => post("entries", { kind: v.kind, body: v.body, party: v.party || undefined, event: v.event || undefined })}
        onDone={refresh}
      />,
    );
  }
  if (c.status === "in_consultation" && staff) {
    const all = [c.proposer, ...c.parties];
    forms.push(
      <ActionForm
        key="extend"
        label={t("consultations.actions.extend")}
        testId="extend"
        fields={[
          { name: "months", label: t("consultations.extendMonths"), kind: "number", min: 1, max: 36, required: true },
          { name: "decision", label: t("consultations.decision"), kind: "textarea", required: true },
          { name: "agreedBy", label: t("consultations.agreedBy"), kind: "checks", required: true, options: partyOptions(all) },
        ]}
        run={(v) => post("extend", { months: Number(v.months), decision: v.decision, agreedBy: (v.agreedBy ?? "").split(",").filter(Boolean) })}
        onDone={refresh}
      />,
    );
  }
  if (c.status !== "closed" && (staff || proposer)) {
    const outcomes = staff ? (c.status === "in_consultation" ? OUTCOMES : (["withdrawn"] as Outcome[])) : (["withdrawn"] as Outcome[]);
    forms.push(
      <ActionForm
        // The outcomes on offer change with the status; a fresh form starts on the first of them.
        key={`close-${c.status}`}
        label={t("consultations.actions.close")}
        testId="close"
        fields={[
          { name: "outcome", label: t("consultations.outcomeLabel"), kind: "select", required: true, options: outcomes.map((o) => ({ value: o, label: t(`consultations.outcome.${o}`) })) },
          { name: "conditions", label: t("consultations.conditions"), kind: "textarea" },
          { name: "note", label: t("consultations.note"), kind: "textarea" },
        ]}
        run={(v) => post("close", { outcome: v.outcome, conditions: v.conditions ? { en: v.conditions } : undefined, note: v.note || undefined })}
        onDone={refresh}
      />,
    );
  }
  if (!forms.length) return null;
  return (
    <section aria-labelledby="actions-heading" className="panel">
      <h2 id="actions-heading">{t("consultations.actionsHeading")}</h2>
      {forms}
    </section>
  );
}
