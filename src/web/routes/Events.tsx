import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useId, useState, type FormEvent } from "react";
import { api, unwrap, type Event } from "../api/client";
import { useActors, useEvents, useMe } from "../api/queries";
import { ActionForm } from "../components/ActionForm";
import { Comments } from "../components/Comments";
import { ActorDatalist, ActorLink, Async, Empty, Field, FormErrorSummary, MechanismSelect, Name, PageTitle, SampleNote } from "../components/ui";
import { MEETING_KINDS, meetingTrack } from "../../lib/diplomacy/meetings";
import { TRACKS, type Track, type TrackReading } from "../../lib/diplomacy/track";
import { isStaff } from "../lib/roles";
import { serverErrors, type FormErrors } from "../lib/use-form";
import { Downloads } from "../components/Downloads";
import { BarBadge, BarLegend, BasinSelect, WaterIntensity } from "../components/WaterBar";
import { pick, useI18n } from "../i18n";

const KINDS = [
  ...MEETING_KINDS,
  "declaration",
  "plan",
  "agreement",
  "establishment",
  "initiative",
  "water_event",
  "other",
] as const satisfies readonly Event["kind"][];
const isKind = (k: string | undefined): k is Event["kind"] => !!k && (KINDS as readonly string[]).includes(k);

export function Events() {
  const { t, lang, fmt } = useI18n();
  const { mechanism, basin, kind: rawKind, track: rawTrack } = useSearch({ from: "/events" });
  const kind = isKind(rawKind) ? rawKind : undefined;
  const navigate = useNavigate({ from: "/events" });
  const set = (patch: { mechanism?: string; basin?: string; kind?: string; track?: string }) => void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  const track = (TRACKS as readonly string[]).includes(rawTrack ?? "") ? (rawTrack as Track) : undefined;
  const events = useEvents({ mechanism, sort: "-date", ...(basin ? { basin } : {}), ...(kind ? { kind } : {}), ...(track ? { track } : {}) });
  const kindId = useId();
  const trackId = useId();
  const me = useMe();
  const canRecord = isStaff(me.data?.role) || me.data?.role === "officer";
  const [recording, setRecording] = useState(false);
  return (
    <>
      <PageTitle
        actions={
          canRecord ? (
            <button type="button" aria-expanded={recording} onClick={() => setRecording((r) => !r)} data-testid="record-meeting">
              {t("meeting.record")}
            </button>
          ) : undefined
        }
      >
        {t("events.title")}
      </PageTitle>
      {recording ? <MeetingForm onCancel={() => setRecording(false)} /> : null}
      <div className="filters">
        <MechanismSelect value={mechanism} onChange={(code) => set({ mechanism: code })} />
        <div className="field">
          <label htmlFor={kindId}>{t("events.kind")}</label>
          <select id={kindId} value={kind ?? ""} onChange={(e) => set({ kind: e.target.value || undefined })} data-testid="kind-select">
            <option value="">{t("common.all")}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`eventKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={trackId}>{t("meeting.track")}</label>
          <select id={trackId} value={track ?? ""} onChange={(e) => set({ track: e.target.value || undefined })} data-testid="track-select">
            <option value="">{t("common.all")}</option>
            {TRACKS.map((x) => (
              <option key={x} value={x}>
                {t("meeting.trackValue", { track: x })}
              </option>
            ))}
          </select>
        </div>
        <BasinSelect value={basin} onChange={(code) => set({ basin: code })} only={(b) => b.events > 0} />
      </div>
      <Downloads path="/api/v1/events" query={{ mechanism, sort: "-date", basin, kind, track }} />
      <Async query={events}>
        {(page) => {
          const water = page.items.some((e) => e.kind === "water_event");
          return page.items.length === 0 ? (
            <Empty />
          ) : (
            <>
              {water ? <WaterIntensity basin={basin} mechanism={mechanism} /> : null}
              <table>
                <caption className="sr-only">{t("events.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("project.date")}</th>
                    <th scope="col">{t("events.event")}</th>
                    <th scope="col">{t("events.kind")}</th>
                    <th scope="col">{t("meeting.track")}</th>
                    {water ? <th scope="col">{t("events.bar")}</th> : null}
                    <th scope="col">{t("projects.mechanism")}</th>
                    <th scope="col">{water ? t("events.basin") : t("events.place")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((e) => (
                    <tr key={e.id} data-kind={e.kind} data-code={e.code}>
                      <td>
                        <time dateTime={e.date}>{fmt.date(e.date, e.datePrecision)}</time>
                      </td>
                      <td>
                        <Link to="/events/$ref" params={{ ref: e.code }}>
                          <Name text={e.title} />
                        </Link>{" "}
                        <SampleNote show={e.isSample} />
                        {e.kind === "water_event" && (e.countryCodes.length || e.issueTypes.length) ? (
                          <div className="muted">
                            {e.countryCodes.join(" · ")}
                            {e.countryCodes.length && e.issueTypes.length ? " — " : ""}
                            {e.issueTypes.map((i) => t(`waterIssue.${i}`, { defaultValue: i })).join(", ")}
                          </div>
                        ) : null}
                      </td>
                      <td>{t(`eventKind.${e.kind}`)}</td>
                      <td data-testid="track">{e.track ? <TrackBadge track={e.track} overridden={e.trackOverridden} /> : "—"}</td>
                      {water ? <td>{e.kind === "water_event" ? <BarBadge value={e.barScale} /> : "—"}</td> : null}
                      <td>{e.mechanismCode ?? "—"}</td>
                      <td>{water ? (e.basinCode ?? (e.place ? pick(e.place, lang) : "—")) : e.place ? pick(e.place, lang) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {water ? <BarLegend /> : null}
              {page.total > page.items.length ? <p className="muted">{t("water.count", { n: `${fmt.number(page.items.length)} / ${fmt.number(page.total)}` })}</p> : null}
            </>
          );
        }}
      </Async>
    </>
  );
}

/** "Track II", with a mark where the secretariat overrode the derived track. */
function TrackBadge({ track, overridden }: { track: string; overridden?: boolean }) {
  const { t } = useI18n();
  return (
    <span className={`badge track-${track}`} title={overridden ? t("meeting.overriddenShort") : undefined}>
      {t("meeting.trackValue", { track })}
      {overridden ? "*" : null}
    </span>
  );
}

/** Why the derivation reads the track it does: "3 state bodies, 2 non-state", local governments, public opening. */
function TrackBasis({ basis }: { basis: Pick<TrackReading["basis"], "state" | "nonState" | "local" | "openToPublic"> }) {
  const { t } = useI18n();
  const parts = [t("meeting.basis", { state: basis.state, nonState: basis.nonState })];
  if (basis.local) parts.push(t("meeting.basisLocal", { local: basis.local }));
  if (basis.openToPublic) parts.push(t("meeting.basisPublic"));
  return <>{parts.join("; ")}</>;
}

type Row = { actor: string; representatives: string };
type MeetingField = "kind" | "date" | "title" | "place" | "participants" | "outcomes";

const fieldOfPath = (path: string | undefined): MeetingField | "form" => {
  const head = path?.split(".")[0];
  return head === "kind" || head === "date" || head === "title" || head === "place" || head === "participants" || head === "outcomes" ? head : "form";
};

/**
 * Recording a meeting: who took part and who represented them, with the track the record will
 * get shown as participants are added (the same derivation the server stores).
 */
function MeetingForm({ onCancel }: { onCancel: () => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [kind, setKind] = useState<(typeof MEETING_KINDS)[number]>("local_consultation");
  const [date, setDate] = useState("");
  const [title, setTitle] = useState("");
  const [place, setPlace] = useState("");
  const [rows, setRows] = useState<Row[]>([{ actor: "", representatives: "" }]);
  const [openToPublic, setOpenToPublic] = useState(false);
  const [outcomes, setOutcomes] = useState("");
  const actors = useActors({});
  const listed = new Map((actors.data?.items ?? []).map((a) => [a.code, a]));
  // The suggestion list holds the first 500 organisations; where there are more, a code typed
  // that is not among them is looked up alone.
  const complete = !!actors.data && actors.data.total <= actors.data.items.length;
  const typed = [...new Set(rows.map((r) => r.actor.trim()).filter(Boolean))];
  const others = useQueries({
    queries: typed
      .filter((code) => actors.data && !complete && !listed.has(code))
      .map((code) => ({ queryKey: ["actor", code], queryFn: () => unwrap(api.GET("/api/v1/actors/{ref}", { params: { path: { ref: code } } })), retry: false, staleTime: 300_000 })),
  });
  const byCode = new Map([...listed, ...others.flatMap((q) => (q.data ? [[q.data.code, q.data] as const] : []))]);
  const [errors, setErrors] = useState<FormErrors<MeetingField>>({});
  const listId = useId();
  const rowId = useId();

  const known = rows.map((r) => byCode.get(r.actor.trim())).filter((a) => a !== undefined);
  const reading = meetingTrack({ kind, participants: known.map((a) => ({ type: a.type, level: a.level })), openToPublic });
  const unknown = complete ? typed.filter((code) => !byCode.has(code)) : others.flatMap((q, i) => (q.isError ? [typed.filter((code) => !listed.has(code))[i]!] : []));

  const mutation = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/events", {
          body: {
            kind,
            date,
            datePrecision: "day",
            visibility: "public",
            title: { en: title.trim() },
            ...(place.trim() ? { place: { en: place.trim() } } : {}),
            participants: rows
              .filter((r) => r.actor.trim())
              .map((r) => {
                const representatives = r.representatives
                  .split(";")
                  .map((x) => x.trim())
                  .filter(Boolean);
                return { actor: r.actor.trim(), ...(representatives.length ? { representatives } : {}) };
              }),
            openToPublic,
            outcomes: outcomes
              .split("\n")
              .map((x) => x.trim())
              .filter(Boolean)
              .map((text) => ({ text: { en: text } })),
          },
        }),
      ),
    onSuccess: async (e) => {
      await qc.invalidateQueries({ queryKey: ["events"] });
      await navigate({ to: "/events/$ref", params: { ref: e.code } });
    },
    onError: (err) => setErrors(serverErrors<MeetingField>(err, fieldOfPath, t)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: FormErrors<MeetingField> = {};
    if (!date) missing.date = t("form.errors.required");
    if (!title.trim()) missing.title = t("form.errors.required");
    setErrors(missing);
    if (Object.keys(missing).length === 0) mutation.mutate();
  };
  const setRow = (i: number, patch: Partial<Row>) => setRows((prev) => prev.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const count = Object.keys(errors).length;

  return (
    <section aria-labelledby="record-meeting" className="panel project-form" data-testid="meeting-form">
      <h2 id="record-meeting">{t("meeting.record")}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="record-meeting">
        <FormErrorSummary count={count} message={errors.form} />
        <Field label={t("events.kind")} error={errors.kind} required>
          {(a) => (
            <select id={a.id} aria-describedby={a.describedBy} value={kind} onChange={(e) => setKind(e.target.value as (typeof MEETING_KINDS)[number])} name="kind">
              {MEETING_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`eventKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("project.date")} error={errors.date} required>
          {(a) => <input id={a.id} name="date" type="date" value={date} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => setDate(e.target.value)} />}
        </Field>
        <Field label={t("meeting.title")} error={errors.title} required>
          {(a) => <input id={a.id} name="title" value={title} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label={t("events.place")} error={errors.place}>
          {(a) => <input id={a.id} name="place" value={place} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => setPlace(e.target.value)} />}
        </Field>
        <fieldset>
          <legend>{t("meeting.participants")}</legend>
          <ActorDatalist id={listId} />
          {rows.map((r, i) => (
            <div className="row-fields" key={i} data-testid={`participant-${i}`}>
              <div className="field">
                <label htmlFor={`${rowId}-a${i}`}>{t("meeting.participantN", { n: i + 1 })}</label>
                <input id={`${rowId}-a${i}`} name={`participant-${i}`} list={listId} value={r.actor} onChange={(e) => setRow(i, { actor: e.target.value })} />
                <span className="muted">
                  {byCode.get(r.actor.trim()) ? `${pick(byCode.get(r.actor.trim())!.name, lang)} · ${t(`actorType.${byCode.get(r.actor.trim())!.type}`)}` : "\u00a0"}
                </span>
              </div>
              <div className="field">
                <label htmlFor={`${rowId}-r${i}`}>{t("meeting.representativesN", { n: i + 1 })}</label>
                <input id={`${rowId}-r${i}`} name={`representatives-${i}`} value={r.representatives} onChange={(e) => setRow(i, { representatives: e.target.value })} />
                <span className="muted">{"\u00a0"}</span>
              </div>
              {rows.length > 1 ? (
                <div className="field">
                  <button type="button" onClick={() => setRows((prev) => prev.filter((_, j) => j !== i))}>
                    {t("meeting.removeParticipant", { n: i + 1 })}
                  </button>
                  <span className="muted">{"\u00a0"}</span>
                </div>
              ) : null}
            </div>
          ))}
          <p className="hint">{t("meeting.representativesHint")}</p>
          {errors.participants ? (
            <p className="field-error" data-field-error>
              {errors.participants}
            </p>
          ) : null}
          <button type="button" onClick={() => setRows((prev) => [...prev, { actor: "", representatives: "" }])} data-testid="add-participant">
            {t("meeting.addParticipant")}
          </button>
        </fieldset>
        <div className="field">
          <label className="check">
            <input type="checkbox" name="openToPublic" checked={openToPublic} onChange={(e) => setOpenToPublic(e.target.checked)} /> {t("meeting.openToPublic")}
          </label>
        </div>
        <Field label={t("meeting.outcomes")} error={errors.outcomes} hint={t("meeting.outcomesHint")}>
          {(a) => <textarea id={a.id} name="outcomes" rows={3} value={outcomes} aria-describedby={a.describedBy} onChange={(e) => setOutcomes(e.target.value)} />}
        </Field>
        <p aria-live="polite" data-testid="derived-track">
          {reading?.track ? (
            <>
              {t("meeting.derivedLive", { track: reading.track })} — <TrackBasis basis={reading.basis} />
            </>
          ) : (
            t("meeting.noTrackYet")
          )}
        </p>
        {unknown.length ? <p className="field-error">{t("meeting.unknownActors", { codes: unknown.join(", ") })}</p> : null}
        <p className="hint">{t("meeting.trackHint")}</p>
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {t("meeting.save")}
        </button>{" "}
        <button type="button" onClick={onCancel}>
          {t("meeting.cancel")}
        </button>
      </form>
    </section>
  );
}

/** One meeting: who took part, what it produced, and its diplomatic track with the reading behind it. */
export function EventPage() {
  const { t, lang, fmt } = useI18n();
  const { ref } = useParams({ from: "/events/$ref" });
  const qc = useQueryClient();
  const me = useMe();
  const staff = isStaff(me.data?.role);
  const owner = me.data?.role === "officer" && !!me.data.orgCode;
  const event = useQuery({ queryKey: ["event", ref], queryFn: () => unwrap(api.GET("/api/v1/events/{ref}", { params: { path: { ref } } })) });
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ["event", ref] });
    await qc.invalidateQueries({ queryKey: ["events"] });
  };
  return (
    <Async query={event}>
      {(e) => (
        <>
          <PageTitle>
            <Name text={e.title} /> <SampleNote show={e.isSample} />
          </PageTitle>
          <dl className="facts">
            <dt>{t("events.kind")}</dt>
            <dd data-testid="event-kind">{t(`eventKind.${e.kind}`)}</dd>
            <dt>{t("project.date")}</dt>
            <dd>
              <time dateTime={e.date}>{fmt.date(e.date, e.datePrecision)}</time>
              {e.endDate ? (
                <>
                  {" – "}
                  <time dateTime={e.endDate}>{fmt.date(e.endDate)}</time>
                </>
              ) : null}
            </dd>
            <dt>{t("events.place")}</dt>
            <dd>{e.place ? pick(e.place, lang) : "—"}</dd>
            <dt>{t("projects.mechanism")}</dt>
            <dd>{e.mechanismCode ? <Link to="/mechanisms/$ref" params={{ ref: e.mechanismCode }}>{e.mechanismCode}</Link> : "—"}</dd>
            {e.openToPublic ? (
              <>
                <dt>{t("meeting.openToPublic")}</dt>
                <dd>{t("meeting.yes")}</dd>
              </>
            ) : null}
            {e.source ? (
              <>
                <dt>{t("common.source")}</dt>
                <dd>{e.source}</dd>
              </>
            ) : null}
          </dl>
          {e.description ? <p>{pick(e.description, lang)}</p> : null}
          {staff || (owner && me.data?.orgCode === e.ownerOrgCode) ? (
            <details className="actions-panel">
              <summary>{t("meeting.edit")}</summary>
              <ActionForm
                key={e.version}
                label={t("meeting.edit")}
                testId="edit-meeting"
                initial={{ title: e.title.en, date: e.date, place: e.place?.en ?? "", openToPublic: e.openToPublic ? "yes" : "no" }}
                fields={[
                  { name: "title", label: t("meeting.title"), required: true },
                  { name: "date", label: t("project.date"), kind: "date", required: true },
                  { name: "place", label: t("events.place") },
                  { name: "openToPublic", label: t("meeting.openToPublic"), kind: "select", options: [{ value: "no", label: t("meeting.no") }, { value: "yes", label: t("meeting.yes") }] },
                ]}
                run={(v) =>
                  unwrap(
                    api.PATCH("/api/v1/events/{ref}", {
                      params: { path: { ref: e.code }, header: { "if-match": `"${e.version}"` } },
                      // English is what the form edits; the other languages' names are kept as they are. The
                      // generated type of a nullable reference (place) admits no value, hence the cast.
                      body: { title: { ...e.title, en: v.title!.trim() }, date: v.date!, ...(v.place!.trim() ? { place: { ...e.place, en: v.place!.trim() } as never } : {}), openToPublic: v.openToPublic === "yes" },
                    }),
                  )
                }
                onDone={refresh}
              />
            </details>
          ) : null}

          {e.trackBasis ? (
            <section aria-labelledby="track" data-testid="track-section">
              <h2 id="track">{t("meeting.track")}</h2>
              <p data-testid="event-track">{e.track ? <TrackBadge track={e.track} overridden={e.trackOverridden} /> : t("meeting.noTrackYet")}</p>
              <p data-testid="track-basis">
                {t("meeting.derived", { track: e.derivedTrack ?? "—" })} — <TrackBasis basis={e.trackBasis} />
              </p>
              {e.trackOverridden ? (
                <p data-testid="track-override">
                  {t("meeting.overridden", { track: e.track ?? "—" })} <q>{e.trackReason}</q>
                </p>
              ) : null}
              {staff ? (
                <div className="actions-panel">
                  <ActionForm
                    label={t("meeting.override")}
                    testId="override-track"
                    fields={[
                      { name: "track", label: t("meeting.track"), kind: "select", options: TRACKS.map((x) => ({ value: x, label: t("meeting.trackValue", { track: x }) })), required: true },
                      { name: "reason", label: t("meeting.reason"), kind: "textarea", required: true },
                    ]}
                    run={(v) => unwrap(api.PUT("/api/v1/events/{ref}/track", { params: { path: { ref: e.code } }, body: { track: v.track as Track, reason: v.reason } }))}
                    onDone={refresh}
                  />
                  {e.trackOverridden ? (
                    <ActionForm label={t("meeting.clearOverride")} testId="clear-track" run={() => unwrap(api.PUT("/api/v1/events/{ref}/track", { params: { path: { ref: e.code } }, body: { track: null } }))} onDone={refresh} />
                  ) : null}
                </div>
              ) : null}
            </section>
          ) : null}

          <section aria-labelledby="participants">
            <h2 id="participants">{t("meeting.participants")}</h2>
            {e.participants.length ? (
              <table data-testid="participants">
                <caption className="sr-only">{t("meeting.participants")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("meeting.organisation")}</th>
                    <th scope="col">{t("meeting.actorType")}</th>
                    <th scope="col">{t("meeting.role")}</th>
                    <th scope="col">{t("meeting.representatives")}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.participants.map((p) => (
                    <tr key={p.actorId} data-actor={p.actorCode}>
                      <td>
                        <ActorLink code={p.actorCode} name={p.actorName} />
                      </td>
                      <td>
                        {t(`actorType.${p.actorType}`)}
                        {p.actorLevel ? ` · ${t(`govLevel.${p.actorLevel}`)}` : ""}
                      </td>
                      <td>{t(`meeting.roles.${p.role}`, { defaultValue: p.role })}</td>
                      <td>{p.representatives.join("; ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty />
            )}
          </section>

          <section aria-labelledby="outcomes">
            <h2 id="outcomes">{t("meeting.outcomes")}</h2>
            {e.outcomes.length ? (
              <ol data-testid="outcomes">
                {e.outcomes.map((o, i) => (
                  <li key={i}>
                    {pick(o.text, lang)}
                    {o.agreementCode ? <span className="muted"> ({o.agreementCode})</span> : null}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">{t("meeting.noOutcomes")}</p>
            )}
            {staff || (owner && me.data?.orgCode === e.ownerOrgCode) ? (
              <ActionForm
                label={t("meeting.addOutcome")}
                testId="add-outcome"
                fields={[{ name: "text", label: t("meeting.outcome"), kind: "textarea", required: true }]}
                run={(v) => unwrap(api.POST("/api/v1/events/{ref}/outcomes", { params: { path: { ref: e.code } }, body: { text: { en: v.text!.trim() } } }))}
                onDone={refresh}
              />
            ) : null}
          </section>

          {e.visibility === "public" ? <Comments subject="event" id={e.id} /> : null}
        </>
      )}
    </Async>
  );
}
