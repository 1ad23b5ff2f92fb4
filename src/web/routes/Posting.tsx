import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { api, ApiError, unwrap, type Schemas } from "../api/client";
import { useCalls, useMe } from "../api/queries";
import { ActorLink, Async, ErrorBox, PageTitle, RoleGate } from "../components/ui";
import { pick, useI18n } from "../i18n";
import { KindBadge, percent, PostingStatusBadge, SizeText, WindowText, type Posting } from "./partners/common";
import { PostingForm } from "./partners/PostForm";

type Match = Schemas["Match"];
type Reason = Schemas["MatchReason"];

/** One offer or need: its details, closing it for its owner, and for a need its ranked matches. */
export function PostingPage() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("partners.title")}>
      <PostingView />
    </RoleGate>
  );
}

function PostingView() {
  const { id } = useParams({ from: "/partners/$id" });
  const posting = useQuery({ queryKey: ["posting", id], queryFn: () => unwrap(api.GET("/api/v1/postings/{id}", { params: { path: { id } } })) });
  return <Async query={posting}>{(p) => <Details p={p} />}</Async>;
}

function Details({ p }: { p: Posting }) {
  const { t, fmt, lang } = useI18n();
  const qc = useQueryClient();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const close = useMutation({
    mutationFn: () => unwrap(api.PATCH("/api/v1/postings/{id}", { params: { path: { id: p.id }, header: { "if-match": `"${p.version}"` } }, body: { status: "closed" } })),
    onSuccess: async (next) => {
      qc.setQueryData(["posting", p.id], next);
      await qc.invalidateQueries({ queryKey: ["postings"] });
    },
  });
  return (
    <section>
      <p>
        <Link to="/partners">{t("partners.back")}</Link>
      </p>
      <PageTitle
        actions={
          p.canEdit && p.status === "open" ? (
            <>
              <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
                {t("partners.edit.button")}
              </button>
              <button type="button" onClick={() => close.mutate()} disabled={close.isPending}>
                {t("partners.posting.close")}
              </button>
            </>
          ) : null
        }
      >
        {pick(p.title, lang)}
      </PageTitle>
      {close.error ? <ErrorBox error={close.error} /> : null}
      {editing && me.data ? (
        <section aria-labelledby="edit-title">
          <h2 id="edit-title">{t("partners.edit.title")}</h2>
          <PostingForm staff={["admin", "secretariat"].includes(me.data.role)} org={me.data.orgCode} existing={p} onDone={() => setEditing(false)} />
        </section>
      ) : null}
      <dl className="facts" data-testid="posting-details">
        <Fact label={t("partners.field.kind")}>
          <KindBadge kind={p.kind} />
        </Fact>
        <Fact label={t("partners.field.factor")}>{t(`factor.${p.factor}`)}</Fact>
        <Fact label={t("partners.field.organisation")}>
          <ActorLink code={p.actorCode} name={p.actorName} /> ({t(`actorType.${p.actorType}`)}
          {p.actorCountry ? ` · ${p.actorCountry.toUpperCase()}` : ""})
        </Fact>
        <Fact label={t("partners.field.places")}>{p.places.join(", ") || "—"}</Fact>
        <Fact label={t("partners.field.sector")}>{p.sector ?? "—"}</Fact>
        <Fact label={t("partners.field.size")}>
          <SizeText size={p.size} unit={p.unit} />
        </Fact>
        <Fact label={t("partners.field.window")}>
          <WindowText from={p.validFrom} to={p.validTo} />
        </Fact>
        <Fact label={t("partners.field.status")} testId="posting-status">
          <PostingStatusBadge status={p.status} />
        </Fact>
        <Fact label={t("partners.posting.posted")}>{fmt.date(p.createdAt)}</Fact>
      </dl>
      {p.description ? <p className="description">{p.description}</p> : null}
      {p.kind === "need" ? <Matches need={p} /> : <NeedsMet offer={p} />}
    </section>
  );
}

function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function Matches({ need }: { need: Posting }) {
  const { t, fmt } = useI18n();
  const matches = useQuery({
    queryKey: ["matches", need.id, need.version],
    queryFn: () => unwrap(api.GET("/api/v1/postings/{id}/matches", { params: { path: { id: need.id }, query: { limit: 20 } } })),
  });
  const [drafting, setDrafting] = useState<string | null>(null);
  return (
    <section aria-labelledby="matches-title">
      <h2 id="matches-title">{t("partners.matches.title")}</h2>
      <p className="muted">{t("partners.matches.how")}</p>
      <Async query={matches}>
        {(m) =>
          m.items.length === 0 ? (
            <p className="muted" data-testid="no-matches">
              {t("partners.matches.none")}
            </p>
          ) : (
            <>
              {need.canEdit ? null : <p className="muted">{t("partners.draft.ownerOnly")}</p>}
              <ol className="matches" data-testid="matches">
                {m.items.map((x, i) => (
                  <li key={x.offer.id} data-testid="match" data-offer={x.offer.id}>
                    <MatchCard other={x.offer} score={x.score} reasons={x.reasons} />
                    {need.canEdit && need.status === "open" ? (
                      drafting === x.offer.id ? (
                        <DraftForm need={need} match={x} onCancel={() => setDrafting(null)} />
                      ) : (
                        <button type="button" onClick={() => setDrafting(x.offer.id)} aria-label={t("partners.draft.buttonFor", { n: fmt.number(i + 1) })}>
                          {t("partners.draft.button")}
                        </button>
                      )
                    ) : null}
                  </li>
                ))}
              </ol>
            </>
          )
        }
      </Async>
    </section>
  );
}

/** The needs an offer could meet, scored as each need's own matches score it. */
function NeedsMet({ offer }: { offer: Posting }) {
  const { t } = useI18n();
  const needs = useQuery({
    queryKey: ["needs-met", offer.id, offer.version],
    queryFn: () => unwrap(api.GET("/api/v1/postings/{id}/needs", { params: { path: { id: offer.id }, query: { limit: 20 } } })),
  });
  return (
    <section aria-labelledby="needs-title">
      <h2 id="needs-title">{t("partners.needsMet.title")}</h2>
      <p className="muted">{t("partners.needsMet.how")}</p>
      <Async query={needs}>
        {(m) =>
          m.items.length === 0 ? (
            <p className="muted" data-testid="no-needs">
              {t("partners.needsMet.none")}
            </p>
          ) : (
            <ol className="matches" data-testid="needs-met">
              {m.items.map((x) => (
                <li key={x.need.id} data-testid="need-match" data-need={x.need.id}>
                  <MatchCard other={x.need} score={x.score} reasons={x.reasons} />
                </li>
              ))}
            </ol>
          )
        }
      </Async>
    </section>
  );
}

/** One ranked partner posting (an offer for a need, or a need for an offer) with the reasons for its score. */
function MatchCard({ other: o, score, reasons }: { other: Posting; score: number; reasons: Reason[] }) {
  const { t, fmt, lang } = useI18n();
  const match = { score, reasons };
  return (
    <article className="match-card">
      <h3>
        <Link to="/partners/$id" params={{ id: o.id }}>
          {pick(o.title, lang)}
        </Link>{" "}
        — <ActorLink code={o.actorCode} name={o.actorName} />
      </h3>
      <p>
        <span>{t("partners.matches.score")}</span>{" "}
        <meter min={0} max={1} low={0.4} high={0.7} optimum={1} value={match.score} aria-label={t("partners.matches.scoreOf", { score: percent(fmt, match.score) })} />{" "}
        <strong data-testid="match-score">{percent(fmt, match.score)}</strong> · <SizeText size={o.size} unit={o.unit} /> · <WindowText from={o.validFrom} to={o.validTo} />
      </p>
      <table className="reasons" data-testid="match-reasons">
        <caption>{t("partners.matches.reasonsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("partners.matches.reason")}</th>
            <th scope="col" className="num">
              {t("partners.matches.partScore")}
            </th>
            <th scope="col" className="num">
              {t("partners.matches.weight")}
            </th>
            <th scope="col">{t("partners.matches.detail")}</th>
          </tr>
        </thead>
        <tbody>
          {match.reasons.map((r) => (
            <tr key={r.kind} data-reason={r.kind}>
              <th scope="row">{t(`partners.reason.${r.kind}`)}</th>
              <td className="num">{percent(fmt, r.score)}</td>
              <td className="num">{percent(fmt, r.weight)}</td>
              <td>
                <ReasonDetail r={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

/** A reason's detail in words: the complementing organisation's type is translated, codes are shown as codes. */
function ReasonDetail({ r }: { r: Reason }) {
  const { t } = useI18n();
  if (!r.detail) return <>—</>;
  if (r.kind === "complement") return <>{t(`actorType.${r.detail}`, { defaultValue: r.detail })}</>;
  return <>{r.detail}</>;
}

/** Turns the need and a matched offer into a draft application to an open call. */
function DraftForm({ need, match, onCancel }: { need: Posting; match: Match; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const calls = useCalls({ state: "open" });
  const ids = { call: useId(), amount: useId(), callErr: useId(), amountErr: useId() };
  const usd = need.factor === "capital" && need.size != null && (need.unit ?? "USD").toUpperCase() === "USD";
  const [call, setCall] = useState("");
  const [amount, setAmount] = useState(usd ? String(need.size) : "");
  const draft = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/postings/{id}/application", { params: { path: { id: need.id } }, body: { offer: match.offer.id, call, ...(amount.trim() ? { requested: amount.trim() } : {}) } })),
    onSuccess: async (a) => navigate({ to: "/applications/$ref", params: { ref: a.code } }),
  });
  const detailOf = (field: string) => (draft.error instanceof ApiError ? draft.error.details.filter((d) => d.path === field).map((d) => d.message).join(" ") : "") || undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (call) draft.mutate();
  };
  const callError = detailOf("call");
  const amountError = detailOf("requested");
  return (
    <form onSubmit={submit} noValidate className="draft-form" aria-label={t("partners.draft.title")} data-testid="draft-form">
      <h4>{t("partners.draft.title")}</h4>
      <p className="muted">{t("partners.draft.intro", { org: pick(match.offer.actorName, lang) })}</p>
      {draft.error && !callError && !amountError ? <ErrorBox error={draft.error} /> : null}
      <Async query={calls}>
        {(c) =>
          c.items.length === 0 ? (
            <p className="muted" data-testid="no-open-calls">
              {t("partners.draft.noCalls")}
            </p>
          ) : (
            <div className="form-grid">
              <div className={`field${callError ? " has-error" : ""}`}>
                <label htmlFor={ids.call}>{t("partners.draft.call")}</label>
                <select id={ids.call} name="call" value={call} aria-invalid={!!callError} aria-describedby={callError ? ids.callErr : undefined} onChange={(e) => setCall(e.target.value)}>
                  <option value="">{t("form.choose")}</option>
                  {c.items.map((x) => (
                    <option key={x.code} value={x.code}>
                      {x.code} — {pick(x.title, lang)}
                    </option>
                  ))}
                </select>
                {callError ? (
                  <p id={ids.callErr} className="field-error" data-field-error>
                    {callError}
                  </p>
                ) : null}
              </div>
              <div className={`field${amountError ? " has-error" : ""}`}>
                <label htmlFor={ids.amount}>{t("partners.draft.amount")}</label>
                <input
                  id={ids.amount}
                  name="requested"
                  inputMode="decimal"
                  value={amount}
                  aria-invalid={!!amountError}
                  aria-describedby={amountError ? ids.amountErr : undefined}
                  onChange={(e) => setAmount(e.target.value)}
                />
                {amountError ? (
                  <p id={ids.amountErr} className="field-error" data-field-error>
                    {amountError}
                  </p>
                ) : null}
              </div>
            </div>
          )
        }
      </Async>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!call || draft.isPending}>
          {draft.isPending ? t("form.saving") : t("partners.draft.submit")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}
