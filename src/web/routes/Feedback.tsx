import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { ActionForm } from "../components/ActionForm";
import { ResponseTime } from "../components/Comments";
import { Async, Empty, Field, Name, PageTitle, RoleGate } from "../components/ui";
import { LANG_NAMES, LANGS, isLang, useI18n, type Formatters, type Localized } from "../i18n";
import { STAFF_ROLES } from "../lib/roles";

type Comment = Schemas["Comment"];
type Status = "pending" | "published" | "rejected";

/** The secretariat's moderation queue: what waits (oldest first), publish or reject, and answer. */
export function FeedbackQueue() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("feedback.queueTitle")} roles={STAFF_ROLES}>
      <Queue />
    </RoleGate>
  );
}

function Queue() {
  const { t, fmt } = useI18n();
  const ids = { status: useId(), unanswered: useId() };
  const [status, setStatus] = useState<Status | "">("pending");
  const [unanswered, setUnanswered] = useState(false);
  const qc = useQueryClient();
  const query = { limit: 200, ...(status ? { status } : {}), ...(unanswered ? { unanswered: "true" as const } : {}) };
  const list = useQuery({ queryKey: ["comments", "queue", query], queryFn: () => unwrap(api.GET("/api/v1/comments", { params: { query } })) });
  const stats = useQuery({ queryKey: ["comment-stats"], queryFn: () => unwrap(api.GET("/api/v1/comments/stats")) });
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ["comments"] });
    await qc.invalidateQueries({ queryKey: ["comment-stats"] });
  };
  return (
    <section>
      <PageTitle>{t("feedback.queueTitle")}</PageTitle>
      <p className="muted description">{t("feedback.queueIntro")}</p>
      <Async query={stats}>
        {(s) => (
          <dl className="facts" data-testid="feedback-stats" aria-label={t("feedback.statsTitle")}>
            <div>
              <dt>{t("feedback.statPending")}</dt>
              <dd>{fmt.number(s.pending)}</dd>
            </div>
            <div>
              <dt>{t("feedback.statUnanswered")}</dt>
              <dd>{fmt.number(s.publishedUnanswered)}</dd>
            </div>
            <div>
              <dt>{t("feedback.statMedian")}</dt>
              <dd>{s.medianResponseHours === null ? "—" : <ResponseTime hours={s.medianResponseHours} fmt={fmt} />}</dd>
            </div>
            <div>
              <dt>{t("feedback.statP90")}</dt>
              <dd>{s.p90ResponseHours === null ? "—" : <ResponseTime hours={s.p90ResponseHours} fmt={fmt} />}</dd>
            </div>
          </dl>
        )}
      </Async>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t("feedback.filters")}>
        <Field label={t("feedback.statusFilter")}>
          {(a) => (
            <select id={a.id} name="status" value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
              <option value="">{t("feedback.allStatuses")}</option>
              {(["pending", "published", "rejected"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`feedback.status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="check" htmlFor={ids.unanswered}>
          <input id={ids.unanswered} type="checkbox" checked={unanswered} onChange={(e) => setUnanswered(e.target.checked)} /> {t("feedback.onlyUnanswered")}
        </label>
      </form>
      <Async query={list}>
        {(page) =>
          page.items.length ? (
            <ul className="cards" aria-label={t("feedback.queueTitle")}>
              {page.items.map((c) => (
                <QueueItem key={c.id} c={c} fmt={fmt} refresh={refresh} />
              ))}
            </ul>
          ) : (
            <Empty />
          )
        }
      </Async>
    </section>
  );
}

function SubjectLink({ c }: { c: Comment }) {
  const { t } = useI18n();
  const ref = c.subjectCode ?? c.subjectId;
  const title = c.subjectTitle ? <Name text={c.subjectTitle as Localized} /> : ref;
  return (
    <>
      {t(`feedback.subject.${c.subject}`)}:{" "}
      {c.subject === "project" ? (
        <Link to="/projects/$ref" params={{ ref }}>
          {title}
        </Link>
      ) : (
        <Link to="/events/$ref" params={{ ref }}>
          {title}
        </Link>
      )}
    </>
  );
}

function QueueItem({ c, fmt, refresh }: { c: Comment; fmt: Formatters; refresh: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const headingId = useId();
  const langOptions = LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }));
  // The answer defaults to the comment's language: the writer reads the answer in it.
  const answerLangs = [...langOptions.filter((o) => o.value === c.lang), ...langOptions.filter((o) => o.value !== c.lang)];
  return (
    <li className="card" data-testid="queue-item" aria-labelledby={headingId}>
      <h2 className="card-title" id={headingId}>
        <SubjectLink c={c} />
      </h2>
      <p className="meta">
        <span className={`badge comment-${c.status}`}>{t(`feedback.status.${c.status}`)}</span> · {c.authorName ?? t("feedback.anonymous")} · {fmt.date(c.createdAt)} ·{" "}
        <span data-testid="comment-age">
          <Age hours={c.ageHours} />
        </span> ·{" "}
        <span className="badge" lang={c.lang}>
          {isLang(c.lang) ? LANG_NAMES[c.lang] : c.lang}
        </span>
      </p>
      <p lang={c.lang} style={{ whiteSpace: "pre-wrap" }}>
        {c.body}
      </p>
      {c.rejectReason ? (
        <p className="muted">
          {t("feedback.rejectedBecause")}: {c.rejectReason}
        </p>
      ) : null}
      {c.answer ? (
        <div className="panel">
          <p className="meta">
            <strong>{t("feedback.answerBy")}</strong>
            {c.responseHours !== null ? (
              <>
                {" "}
                · <ResponseTime hours={c.responseHours} fmt={fmt} />
              </>
            ) : null}
          </p>
          <p lang={c.answerLang ?? undefined} style={{ whiteSpace: "pre-wrap" }}>
            {c.answer}
          </p>
        </div>
      ) : null}
      <div className="actions">
        {c.status !== "published" ? (
          <ActionForm label={t("feedback.publish")} primary testId="publish-form" run={() => unwrap(api.POST("/api/v1/comments/{id}/moderate", { params: { path: { id: c.id } }, body: { decision: "publish" } }))} onDone={refresh} />
        ) : null}
        {c.status !== "rejected" ? (
          <ActionForm
            label={t("feedback.reject")}
            testId="reject-form"
            fields={[{ name: "reason", label: t("feedback.reason"), kind: "textarea", required: true }]}
            run={(v) => unwrap(api.POST("/api/v1/comments/{id}/moderate", { params: { path: { id: c.id } }, body: { decision: "reject", reason: v.reason ?? "" } }))}
            onDone={refresh}
          />
        ) : null}
        {c.status !== "rejected" && !c.answer ? (
          <ActionForm
            label={c.status === "pending" ? t("feedback.publishAndAnswer") : t("feedback.answer")}
            testId="answer-form"
            fields={[
              { name: "answer", label: t("feedback.answerText"), kind: "textarea", required: true },
              { name: "lang", label: t("feedback.answerLang"), kind: "select", options: answerLangs },
            ]}
            run={(v) => unwrap(api.POST("/api/v1/comments/{id}/answer", { params: { path: { id: c.id } }, body: { answer: v.answer ?? "", lang: isLang(v.lang) ? v.lang : lang } }))}
            onDone={refresh}
          />
        ) : null}
      </div>
    </li>
  );
}

/** How long a comment has waited (or waited until its answer). */
function Age({ hours }: { hours: number }) {
  const { t, fmt } = useI18n();
  const time = hours < 1 ? t("feedback.lessThanHour") : hours < 48 ? t("feedback.hours", { n: fmt.number(Math.round(hours)) }) : t("feedback.days", { n: fmt.number(Math.round(hours / 24)) });
  return <>{t("feedback.age", { time })}</>;
}
