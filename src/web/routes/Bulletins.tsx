import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { useId, useState, type FormEvent } from "react";
import { api, ApiError, unwrap, type Schemas } from "../api/client";
import { useMe } from "../api/queries";
import { ActorDatalist, ActorLink, Async, Empty, ErrorBox, Field, FormErrorSummary, Loading, PageTitle } from "../components/ui";
import { useI18n } from "../i18n";
import { serverErrors, type FormErrors } from "../lib/use-form";
import { NotFound } from "./NotFound";

type Category = Schemas["BulletinCreate"]["category"];
const CATEGORIES: Category[] = ["cross_border_crime", "drug_trafficking", "human_trafficking", "fugitive", "public_health", "disaster", "other"];
const SENDER_ROLES = ["officer", "secretariat", "admin"];
const TITLE_MAX = 300;
const BODY_MAX = 20_000;

type Org = Schemas["BulletinSummary"]["sender"];
const Orgs = ({ orgs }: { orgs: Org[] }) => (
  <>
    {orgs.map((o, i) => (
      <span key={o.actorCode}>
        {i ? ", " : null}
        <ActorLink code={o.actorCode} name={o.actorName} />
      </span>
    ))}
  </>
);

/**
 * Bulletins the user's organisation sent or received. The server answers everyone else with an
 * empty list, so this page has nothing to hide: it shows what it is given.
 */
export function Bulletins() {
  const { t, fmt, lang } = useI18n();
  const me = useMe();
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  const [sending, setSending] = useState(false);
  const searchId = useId();
  const list = useQuery({
    queryKey: ["bulletins", q, me.data?.id ?? null],
    queryFn: () => unwrap(api.GET("/api/v1/bulletins", { params: { query: { limit: 100, ...(q ? { q } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const canSend = SENDER_ROLES.includes(me.data?.role ?? "");
  const csv = new URLSearchParams({ format: "csv", lang, ...(q ? { q } : {}) });
  return (
    <section>
      <PageTitle
        actions={
          canSend ? (
            <button type="button" className="primary" aria-expanded={sending} onClick={() => setSending((s) => !s)} data-testid="send-bulletin">
              {t("bulletins.send")}
            </button>
          ) : undefined
        }
      >
        {t("bulletins.title")}
      </PageTitle>
      <p className="meta">{t("bulletins.intro")}</p>
      {sending ? <SendForm onCancel={() => setSending(false)} /> : null}
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(typed.trim());
        }}
      >
        <div className="field">
          <label htmlFor={searchId}>{t("bulletins.search")}</label>
          <input id={searchId} type="search" value={typed} maxLength={200} onChange={(e) => setTyped(e.target.value)} />
        </div>
        <button type="submit">{t("bulletins.searchButton")}</button>
      </form>
      {me.data ? (
        <p>
          <a href={`/api/v1/bulletins?${csv}`} download>
            {t("bulletins.downloadCsv")}
          </a>
        </p>
      ) : null}
      <Async query={list}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty />
          ) : (
            <table data-testid="bulletins">
              <caption>{t("bulletins.caption", { total: page.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("bulletins.sentAt")}</th>
                  <th scope="col">{t("bulletins.subject")}</th>
                  <th scope="col">{t("bulletins.category")}</th>
                  <th scope="col">{t("bulletins.sender")}</th>
                  <th scope="col">{t("bulletins.recipients")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((b) => (
                  <tr key={b.id}>
                    <td>{fmt.date(b.createdAt)}</td>
                    <td>
                      <Link to="/bulletins/$ref" params={{ ref: b.code }} lang={b.lang}>
                        {b.title}
                      </Link>{" "}
                      <span className="code">{b.code}</span>
                    </td>
                    <td>{t(`bulletinCategory.${b.category}`)}</td>
                    <td>
                      <Orgs orgs={[b.sender]} />
                    </td>
                    <td>
                      <Orgs orgs={b.recipients} />
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

type Values = { category: Category; title: string; body: string; recipients: string };
type FieldName = keyof Values | "form";

function validate(v: Values): FormErrors<keyof Values> {
  const out: FormErrors<keyof Values> = {};
  if (!v.title.trim()) out.title = "bulletins.errors.title";
  else if (v.title.trim().length > TITLE_MAX) out.title = "bulletins.errors.titleLong";
  if (!v.body.trim()) out.body = "bulletins.errors.body";
  else if (v.body.trim().length > BODY_MAX) out.body = "bulletins.errors.bodyLong";
  if (!splitCodes(v.recipients).length) out.recipients = "bulletins.errors.recipients";
  return out;
}

const splitCodes = (s: string) => [...new Set(s.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean))];

function SendForm({ onCancel }: { onCancel: () => void }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const actorList = useId();
  const [v, setV] = useState<Values>({ category: "cross_border_crime", title: "", body: "", recipients: "" });
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FormErrors<keyof Values>>({});
  const local = validate(v);
  const errorOf = (f: FieldName) => server[f] ?? (submitted && f !== "form" && local[f] ? t(local[f]!) : undefined);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => {
    setV((p) => ({ ...p, [k]: value }));
    setServer({});
  };
  const send = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/bulletins", { body: { category: v.category, title: v.title.trim(), body: v.body.trim(), lang, recipients: splitCodes(v.recipients) } })),
    onSuccess: async (b) => {
      await qc.invalidateQueries({ queryKey: ["bulletins"] });
      await navigate({ to: "/bulletins/$ref", params: { ref: b.code } });
    },
    onError: (err) => setServer(serverErrors<keyof Values>(err, (path) => (path?.startsWith("recipients") ? "recipients" : path === "title" || path === "body" || path === "category" ? path : "form"), t)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(local).length === 0) send.mutate();
  };
  const errorCount = Object.keys(server).length + (submitted ? Object.keys(local).length : 0);
  return (
    <form onSubmit={submit} noValidate aria-label={t("bulletins.send")} data-testid="bulletin-form">
      <FormErrorSummary count={errorCount} message={server.form} />
      <ActorDatalist id={actorList} />
      <Field label={t("bulletins.category")} error={errorOf("category")} required>
        {(a) => (
          <select id={a.id} aria-describedby={a.describedBy} value={v.category} onChange={(e) => set("category", e.target.value as Category)}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`bulletinCategory.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("bulletins.recipients")} error={errorOf("recipients")} hint={t("bulletins.recipientsHint")} required>
        {(a) => <input id={a.id} aria-describedby={a.describedBy} aria-invalid={a.invalid} list={actorList} value={v.recipients} onChange={(e) => set("recipients", e.target.value)} autoComplete="off" />}
      </Field>
      <Field label={t("bulletins.subject")} error={errorOf("title")} required>
        {(a) => <input id={a.id} aria-describedby={a.describedBy} aria-invalid={a.invalid} value={v.title} maxLength={TITLE_MAX} onChange={(e) => set("title", e.target.value)} />}
      </Field>
      <Field label={t("bulletins.body")} error={errorOf("body")} hint={t("bulletins.bodyHint")} required>
        {(a) => <textarea id={a.id} aria-describedby={a.describedBy} aria-invalid={a.invalid} rows={8} value={v.body} maxLength={BODY_MAX} onChange={(e) => set("body", e.target.value)} />}
      </Field>
      <p>
        <button type="submit" className="primary" disabled={send.isPending}>
          {t("bulletins.sendButton")}
        </button>{" "}
        <button type="button" onClick={onCancel}>
          {t("bulletins.cancel")}
        </button>
      </p>
    </form>
  );
}

/** One bulletin: its text, who it names, and who has read it. Anyone not named gets the not-found page. */
export function BulletinPage() {
  const { ref } = useParams({ from: "/bulletins/$ref" });
  const { t, fmt } = useI18n();
  const me = useMe();
  const bulletin = useQuery({
    queryKey: ["bulletin", ref, me.data?.id ?? null],
    queryFn: () => unwrap(api.GET("/api/v1/bulletins/{ref}", { params: { path: { ref } } })),
    enabled: !me.isPending,
  });
  const reads = useQuery({
    queryKey: ["bulletin-reads", ref, me.data?.id ?? null],
    queryFn: () => unwrap(api.GET("/api/v1/bulletins/{ref}/reads", { params: { path: { ref } } })),
    // Asked after the bulletin itself, so the log includes this very read.
    enabled: bulletin.isSuccess,
  });
  if (bulletin.error instanceof ApiError && bulletin.error.status === 404) return <NotFound />;
  if (bulletin.error) return <ErrorBox error={bulletin.error} />;
  if (!bulletin.data) return <Loading />;
  const b = bulletin.data;
  return (
    <article>
      <PageTitle>
        <span lang={b.lang}>{b.title}</span>
      </PageTitle>
      <p className="meta">
        <span className="code">{b.code}</span> · {t(`bulletinCategory.${b.category}`)} · {fmt.date(b.createdAt)}
      </p>
      <p className="alert" role="note">
        {t("bulletins.restrictedNote")}
      </p>
      <dl className="facts">
        <div>
          <dt>{t("bulletins.sender")}</dt>
          <dd>
            <Orgs orgs={[b.sender]} />
          </dd>
        </div>
        <div>
          <dt>{t("bulletins.recipients")}</dt>
          <dd>
            <Orgs orgs={b.recipients} />
          </dd>
        </div>
      </dl>
      <section aria-labelledby="bulletin-text">
        <h2 id="bulletin-text">{t("bulletins.body")}</h2>
        <div lang={b.lang} style={{ whiteSpace: "pre-wrap" }} data-testid="bulletin-body">
          {b.body}
        </div>
      </section>
      <section aria-labelledby="bulletin-reads">
        <h2 id="bulletin-reads">{t("bulletins.readLog")}</h2>
        <Async query={reads}>
          {(log) =>
            log.items.length === 0 ? (
              <Empty />
            ) : (
              <table data-testid="bulletin-reads">
                <caption>{t("bulletins.readLogCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("bulletins.readAt")}</th>
                    <th scope="col">{t("bulletins.reader")}</th>
                    <th scope="col">{t("bulletins.readerOrg")}</th>
                    <th scope="col">{t("bulletins.readAction")}</th>
                  </tr>
                </thead>
                <tbody>
                  {log.items.map((r, i) => (
                    <tr key={`${r.at}-${i}`}>
                      <td>
                        <time dateTime={r.at}>
                          {fmt.date(r.at)} {r.at.slice(11, 16)} UTC
                        </time>
                      </td>
                      <td>{r.userName ?? "—"}</td>
                      <td>{r.orgCode ?? "—"}</td>
                      <td>{t(`bulletinRead.${r.action}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Async>
      </section>
      <p>
        <Link to="/bulletins">{t("bulletins.back")}</Link>
      </p>
    </article>
  );
}
