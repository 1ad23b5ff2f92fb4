import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { LANG_NAMES, LANGS, isLang, useI18n, type Formatters, type Lang } from "../i18n";
import { serverErrors, type FormErrors } from "../lib/use-form";
import { Async, Field, FormErrorSummary } from "./ui";

type Comment = Schemas["Comment"];
type CommentStats = Schemas["CommentStats"];
/** The server's limit on a comment, in characters; the counter counts the same way after trimming. */
export const MAX_COMMENT_CHARS = 4000;

/** "answered within an hour", "in 5 hours", "in 3 days": the key and its number. */
export function responseTime(hours: number): { key: "feedback.withinHour" | "feedback.inHours" | "feedback.inDays"; n: number } {
  if (hours < 1) return { key: "feedback.withinHour", n: 1 };
  if (hours < 48) return { key: "feedback.inHours", n: Math.round(hours) };
  return { key: "feedback.inDays", n: Math.round(hours / 24) };
}

export function ResponseTime({ hours, fmt }: { hours: number; fmt: Formatters }) {
  const { t } = useI18n();
  const r = responseTime(hours);
  return <>{t(r.key, { n: fmt.number(r.n) })}</>;
}

/** A comment or an answer in the language it was written in, so the browser shapes and fonts it right. */
function LangTag({ lang }: { lang: string }) {
  return (
    <span className="badge" lang={lang} data-testid="comment-lang">
      {isLang(lang) ? LANG_NAMES[lang] : lang}
    </span>
  );
}

export function CommentItem({ c }: { c: Comment }) {
  const { t, fmt } = useI18n();
  return (
    <li className="card" data-testid="comment">
      <p className="meta">
        <strong>{c.authorName ?? t("feedback.anonymous")}</strong> · {fmt.date(c.createdAt)} · <LangTag lang={c.lang} />
      </p>
      <p lang={c.lang} className="comment-body" style={{ whiteSpace: "pre-wrap" }}>
        {c.body}
      </p>
      {c.answer ? (
        <div className="panel" data-testid="comment-answer">
          <p className="meta">
            <strong>{t("feedback.answerBy")}</strong>
            {c.responseHours !== null ? (
              <>
                {" "}
                · <span data-testid="response-time"><ResponseTime hours={c.responseHours} fmt={fmt} /></span>
              </>
            ) : null}
          </p>
          <p lang={c.answerLang ?? undefined} style={{ whiteSpace: "pre-wrap" }}>
            {c.answer}
          </p>
        </div>
      ) : null}
    </li>
  );
}

/** Public feedback on a public project or event: the published comments with answers, and the form. */
export function Comments({ subject, id }: { subject: "project" | "event"; id: string }) {
  const { t, fmt } = useI18n();
  const headingId = useId();
  const comments = useQuery({
    queryKey: ["comments", subject, id],
    queryFn: () => unwrap(api.GET("/api/v1/comments", { params: { query: { subject, ref: id, limit: 200 } } })),
  });
  const stats = useQuery({ queryKey: ["comment-stats"], queryFn: () => unwrap(api.GET("/api/v1/comments/stats")) });
  return (
    <section aria-labelledby={headingId} data-testid="comments">
      <h2 id={headingId}>{t("feedback.title")}</h2>
      {stats.data ? <StatsLine stats={stats.data} fmt={fmt} /> : null}
      <Async query={comments}>
        {(page) =>
          page.items.length ? (
            <ul className="cards" aria-label={t("feedback.title")}>
              {page.items.map((c) => (
                <CommentItem key={c.id} c={c} />
              ))}
            </ul>
          ) : (
            <p className="muted">{t("feedback.none")}</p>
          )
        }
      </Async>
      <CommentForm subject={subject} id={id} />
    </section>
  );
}

function StatsLine({ stats, fmt }: { stats: CommentStats; fmt: Formatters }) {
  const { t } = useI18n();
  if (stats.medianResponseHours === null) return null;
  const r = responseTime(stats.medianResponseHours);
  return (
    <p className="muted" data-testid="comment-stats">
      {t("feedback.medianLine", { time: t(r.key, { n: fmt.number(r.n) }), count: fmt.number(stats.answered) })}
    </p>
  );
}

type F = "lang" | "authorName" | "body";
const fieldOf = (path: string | undefined): F | "form" => (path === "lang" || path === "authorName" || path === "body" ? path : "form");

function CommentForm({ subject, id }: { subject: "project" | "event"; id: string }) {
  const { t, lang: uiLang, fmt } = useI18n();
  const qc = useQueryClient();
  const [lang, setLang] = useState<Lang>(uiLang);
  const [authorName, setAuthorName] = useState("");
  const [body, setBody] = useState("");
  const [errors, setErrors] = useState<FormErrors<F>>({});
  const [sent, setSent] = useState(false);
  const length = body.trim().length;
  const send = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/comments", { body: { subject, ref: id, lang, body, ...(authorName.trim() ? { authorName: authorName.trim() } : {}) } })),
    onSuccess: async () => {
      setBody("");
      setErrors({});
      setSent(true);
      await qc.invalidateQueries({ queryKey: ["comment-stats"] });
    },
    onError: (err) => setErrors(serverErrors<F>(err, fieldOf, t)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSent(false);
    const missing: FormErrors<F> = {};
    if (!length) missing.body = t("form.errors.required");
    else if (length > MAX_COMMENT_CHARS) missing.body = t("feedback.tooLong", { max: fmt.number(MAX_COMMENT_CHARS) });
    setErrors(missing);
    if (!Object.values(missing).filter(Boolean).length) send.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t("feedback.formTitle")} data-testid="comment-form" className="panel">
      <h3>{t("feedback.formTitle")}</h3>
      <p className="muted">{t("feedback.moderationNote")}</p>
      <FormErrorSummary count={Object.values(errors).filter(Boolean).length} message={errors.form} />
      <Field label={t("feedback.language")} error={errors.lang}>
        {(a) => (
          <select id={a.id} name="lang" value={lang} aria-describedby={a.describedBy} onChange={(e) => setLang(e.target.value as Lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("feedback.name")} hint={t("feedback.nameHint")} error={errors.authorName}>
        {(a) => <input id={a.id} name="authorName" maxLength={80} value={authorName} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => setAuthorName(e.target.value)} />}
      </Field>
      <Field label={t("feedback.comment")} error={errors.body} required hint={t("feedback.counter", { n: fmt.number(length), max: fmt.number(MAX_COMMENT_CHARS) })}>
        {(a) => (
          <textarea
            id={a.id}
            name="body"
            rows={4}
            lang={lang}
            value={body}
            aria-invalid={a.invalid}
            aria-describedby={a.describedBy}
            onChange={(e) => {
              setBody(e.target.value);
              setErrors((prev) => ({ ...prev, body: undefined, form: undefined }));
            }}
          />
        )}
      </Field>
      <button type="submit" className="primary" disabled={send.isPending}>
        {t("feedback.send")}
      </button>
      {sent ? (
        <p role="status" data-testid="comment-sent">
          {t("feedback.sent")}
        </p>
      ) : null}
    </form>
  );
}
