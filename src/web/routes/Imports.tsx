import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { api, ApiError, toApiError, unwrap, type Schemas } from "../api/client";
import { useMechanisms } from "../api/queries";
import { Async, Empty, Field, FormErrorSummary, PageTitle, RoleGate } from "../components/ui";
import { currentLang, i18next, pick, useI18n, type Formatters } from "../i18n";
import { STAFF_ROLES } from "../lib/roles";

type ImportJob = Schemas["ImportJob"];
type ImportKind = ImportJob["kind"];
type ImportSummary = NonNullable<ImportJob["summary"]>;

const KINDS: ImportKind[] = ["iati", "gcdf", "tfdd", "tfdd-rbo", "tfdd-treaties", "csv-actors", "csv-projects"];
const needsMapping = (k: ImportKind) => k === "csv-actors" || k === "csv-projects";
const isTfdd = (k: ImportKind) => k.startsWith("tfdd");
/** XML declares its own encoding; the CSV kinds are read as told (TFDD publishes Latin-1). */
const hasEncoding = (k: ImportKind) => k !== "iati";
/** TFDD publishes Latin-1; a CSV mapping may name its own encoding, which an explicit choice here would override. */
const defaultEncoding = (k: ImportKind): Encoding | "" => (isTfdd(k) ? "latin1" : needsMapping(k) ? "" : "utf8");
const ACCEPT: Record<ImportKind, string> = {
  iati: ".xml,application/xml,text/xml",
  gcdf: ".csv,text/csv",
  tfdd: ".csv,text/csv",
  "tfdd-rbo": ".csv,text/csv",
  "tfdd-treaties": ".csv,text/csv",
  "csv-actors": ".csv,text/csv",
  "csv-projects": ".csv,text/csv",
};
/** The body types the import route takes; anything else (a spreadsheet's CSV type, say) goes as octet-stream. */
const BODY_TYPES = ["application/xml", "text/xml", "text/csv", "application/octet-stream"];
const ENCODINGS = [
  { value: "utf8", label: "UTF-8" },
  { value: "latin1", label: "Latin-1 (ISO-8859-1)" },
] as const;
type Encoding = (typeof ENCODINGS)[number]["value"];
const SKIPPED_SHOWN = 500;
const MB = 1024 * 1024;

type Upload = { loaded: number; total: number; startedAt: number; now: number };

/**
 * Sends the file as the request body with XMLHttpRequest, which (unlike fetch) reports upload
 * progress. The request is what the app's fetch client sends: same-origin cookies (the server's
 * CSRF check reads the browser's Origin header) and the reader's language for messages.
 */
function uploadImport(file: File, query: Record<string, string>, onProgress: (loaded: number, total: number) => void, onXhr: (xhr: XMLHttpRequest) => void, networkMessage: string): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    onXhr(xhr);
    xhr.open("POST", `/api/v1/imports?${new URLSearchParams(query).toString()}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Content-Type", BODY_TYPES.includes(file.type) ? file.type : "application/octet-stream");
    xhr.setRequestHeader("Accept-Language", currentLang());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 202 && body) resolve(body as ImportJob);
      else reject(toApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError(0, "network", networkMessage, []));
    xhr.onabort = () => reject(new ApiError(0, "aborted", networkMessage, []));
    xhr.send(file);
  });
}

const mb = (fmt: Formatters, bytes: number) => fmt.number(Math.round((bytes / MB) * 10) / 10);

/** Seconds as "about 40 s" or "about 3 min": the message key and its number. */
function eta(seconds: number): { key: "imports.etaSeconds" | "imports.etaMinutes"; n: number } | null {
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  return seconds < 90 ? { key: "imports.etaSeconds", n: Math.max(1, Math.round(seconds)) } : { key: "imports.etaMinutes", n: Math.round(seconds / 60) };
}

export function Imports() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("imports.title")} roles={STAFF_ROLES} notAllowed="imports.notAllowed" signInFirst="imports.signInFirst">
      <ImportPage />
    </RoleGate>
  );
}

function ImportPage() {
  const { t } = useI18n();
  const [jobId, setJobId] = useState<string>();
  return (
    <section>
      <PageTitle>{t("imports.title")}</PageTitle>
      <p className="muted description">{t("imports.intro")}</p>
      <ImportForm onStarted={setJobId} />
      {jobId ? <JobPanel key={jobId} id={jobId} /> : null}
      <RecentJobs onShow={setJobId} current={jobId} />
      <Credits />
    </section>
  );
}

type FormField = "kind" | "file" | "mapping" | "mechanism" | "encoding";
const fieldOfPath = (path: string | undefined): FormField | "form" => {
  const f = path?.split(".")[0];
  return f === "kind" || f === "mapping" || f === "mechanism" || f === "encoding" ? f : f === "body" || f === "filename" ? "file" : "form";
};

function ImportForm({ onStarted }: { onStarted: (id: string) => void }) {
  const { t, lang, fmt } = useI18n();
  const qc = useQueryClient();
  const mechanisms = useMechanisms();
  const ids = { kind: useId(), mechanism: useId(), encoding: useId(), upload: useId() };
  const [kind, setKind] = useState<ImportKind>("iati");
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState("");
  const [mechanism, setMechanism] = useState("");
  const [encoding, setEncoding] = useState<Encoding | "">(defaultEncoding("iati"));
  const [errors, setErrors] = useState<Partial<Record<FormField | "form", string>>>({});
  const [upload, setUpload] = useState<Upload | null>(null);
  const xhr = useRef<XMLHttpRequest | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const start = useMutation({
    mutationFn: (f: File) => {
      const started = performance.now();
      setUpload({ loaded: 0, total: f.size, startedAt: started, now: started });
      const query: Record<string, string> = { kind, filename: f.name };
      if (mechanism) query.mechanism = mechanism;
      if (hasEncoding(kind) && encoding) query.encoding = encoding;
      if (needsMapping(kind)) query.mapping = mapping.trim();
      return uploadImport(f, query, (loaded, total) => setUpload((u) => (u ? { ...u, loaded, total, now: performance.now() } : u)), (x) => (xhr.current = x), t("imports.errors.network"));
    },
    onSuccess: (job) => {
      qc.setQueryData(["import", job.id], job);
      void qc.invalidateQueries({ queryKey: ["imports"] });
      setFile(null);
      if (fileInput.current) fileInput.current.value = "";
      onStarted(job.id);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "aborted") return setErrors({ form: t("imports.uploadCancelled") });
      const out: Partial<Record<FormField | "form", string>> = {};
      if (err instanceof ApiError) {
        for (const d of err.details) {
          const f = fieldOfPath(d.path);
          out[f] = out[f] ? `${out[f]} ${d.message}` : d.message;
        }
        if (!out.form) out.form = err.code === "invalid_json" ? t("imports.errors.mappingJson") : err.message;
      } else out.form = t("common.error");
      setErrors(out);
    },
    onSettled: () => {
      xhr.current = null;
      setUpload(null);
    },
  });

  const chooseKind = (k: ImportKind) => {
    setKind(k);
    setEncoding(defaultEncoding(k));
    setErrors({});
  };

  const readMapping = async (f: File | undefined) => {
    if (!f) return;
    setMapping(await f.text());
    setErrors((e) => ({ ...e, mapping: undefined, form: undefined }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<FormField | "form", string>> = {};
    if (!file) found.file = t("form.errors.required");
    if (needsMapping(kind)) {
      if (!mapping.trim()) found.mapping = t("imports.errors.mappingRequired");
      else {
        try {
          const parsed: unknown = JSON.parse(mapping);
          if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) found.mapping = t("imports.errors.mappingJson");
        } catch {
          found.mapping = t("imports.errors.mappingJson");
        }
      }
    }
    setErrors(found);
    if (Object.keys(found).length === 0 && file) start.mutate(file);
  };

  const errorCount = Object.values(errors).filter(Boolean).length;
  const elapsed = upload ? (upload.now - upload.startedAt) / 1000 : 0;
  const speed = upload && elapsed > 0 ? upload.loaded / MB / elapsed : 0;
  return (
    <form className="panel project-form" onSubmit={submit} noValidate aria-label={t("imports.formLabel")} data-testid="import-form">
      <h2>{t("imports.newImport")}</h2>
      <FormErrorSummary count={errorCount} message={errors.form} />
      <div className="field">
        <label htmlFor={ids.kind}>{t("imports.kind")}</label>
        <select id={ids.kind} name="kind" value={kind} onChange={(e) => chooseKind(e.target.value as ImportKind)} disabled={start.isPending}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`imports.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <Field label={t("imports.file")} required error={errors.file} hint={t("imports.fileHint")}>
        {(a) => (
          <input
            ref={fileInput}
            id={a.id}
            name="file"
            type="file"
            accept={ACCEPT[kind]}
            aria-invalid={a.invalid}
            aria-describedby={a.describedBy}
            disabled={start.isPending}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setErrors((x) => ({ ...x, file: undefined, form: undefined }));
            }}
          />
        )}
      </Field>
      {needsMapping(kind) ? (
        <fieldset className="mapping">
          <legend>{t("imports.mapping")}</legend>
          <p className="hint">{t("imports.mappingHint")}</p>
          <Field label={t("imports.mappingFile")}>
            {(a) => <input id={a.id} name="mappingFile" type="file" accept=".json,application/json" disabled={start.isPending} onChange={(e) => void readMapping(e.target.files?.[0])} />}
          </Field>
          <Field label={t("imports.mappingText")} required error={errors.mapping}>
            {(a) => (
              <textarea
                id={a.id}
                name="mapping"
                rows={8}
                spellCheck={false}
                className="code"
                value={mapping}
                aria-invalid={a.invalid}
                aria-describedby={a.describedBy}
                disabled={start.isPending}
                onChange={(e) => {
                  setMapping(e.target.value);
                  setErrors((x) => ({ ...x, mapping: undefined, form: undefined }));
                }}
              />
            )}
          </Field>
        </fieldset>
      ) : null}
      <Field label={t("imports.mechanism")} error={errors.mechanism} hint={t("imports.mechanismHint")}>
        {(a) => (
          <select id={a.id} name="mechanism" value={mechanism} aria-invalid={a.invalid} aria-describedby={a.describedBy} disabled={start.isPending} onChange={(e) => setMechanism(e.target.value)}>
            <option value="">{t("imports.mechanismDefault")}</option>
            {mechanisms.data?.items.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} — {pick(m.name, lang)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {hasEncoding(kind) ? (
        <Field label={t("imports.encoding")} error={errors.encoding} hint={t("imports.encodingHint")}>
          {(a) => (
            <select id={a.id} name="encoding" value={encoding} aria-invalid={a.invalid} aria-describedby={a.describedBy} disabled={start.isPending} onChange={(e) => setEncoding(e.target.value as Encoding | "")}>
              {needsMapping(kind) ? <option value="">{t("imports.encodingMapping")}</option> : null}
              {ENCODINGS.map((x) => (
                <option key={x.value} value={x.value}>
                  {x.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {upload ? (
        <div className="import-progress" data-testid="upload-progress">
          <label htmlFor={ids.upload}>{t("imports.uploadLabel")}</label>
          <progress id={ids.upload} max={upload.total || 1} value={upload.loaded} />
          <p className="muted">
            {t("imports.uploadStatus", {
              percent: fmt.number(upload.total ? Math.floor((upload.loaded / upload.total) * 100) : 0),
              done: mb(fmt, upload.loaded),
              total: mb(fmt, upload.total),
              speed: fmt.number(Math.round(speed * 10) / 10),
            })}
          </p>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={start.isPending}>
          {start.isPending ? t("imports.uploading") : t("imports.start")}
        </button>
        {start.isPending ? (
          <button type="button" onClick={() => xhr.current?.abort()}>
            {t("imports.cancelUpload")}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The first observation of a running job, for its rate and time left. */
type Sample = { at: number; bytes: number; records: number };

function JobPanel({ id }: { id: string }) {
  const { t, fmt } = useI18n();
  const qc = useQueryClient();
  const job = useQuery({
    queryKey: ["import", id],
    queryFn: () => unwrap(api.GET("/api/v1/imports/{id}", { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === "running" ? 500 : false),
  });
  const first = useRef<Sample | null>(null);
  const [stopRequested, setStopRequested] = useState(false);
  const status = job.data?.status;
  const wasRunning = useRef(false);
  useEffect(() => {
    if (status === "running") wasRunning.current = true;
    else if (status && wasRunning.current) {
      // The job ended while we watched: the lists it changed are stale.
      wasRunning.current = false;
      void qc.invalidateQueries({ queryKey: ["imports"] });
      void qc.invalidateQueries({ queryKey: ["projects"] });
      void qc.invalidateQueries({ queryKey: ["actors"] });
      void qc.invalidateQueries({ queryKey: ["events"] });
    }
  }, [status, qc]);
  const stop = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/imports/{id}/cancel", { params: { path: { id } } })),
    onMutate: () => setStopRequested(true),
    // A job that ended meanwhile answers 409: either way the next poll shows where it stands.
    onSettled: () => job.refetch(),
  });
  const headingId = useId();
  const progressId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="import-job">
      <Async query={job}>
        {(j) => {
          const now = performance.now();
          if (j.status === "running" && !first.current) first.current = { at: now, bytes: j.bytesDone, records: j.records };
          const s = first.current;
          const seconds = s ? (now - s.at) / 1000 : 0;
          const recordRate = s && seconds > 0.4 ? (j.records - s.records) / seconds : null;
          const byteRate = s && seconds > 0.4 ? (j.bytesDone - s.bytes) / seconds : null;
          const left = byteRate && byteRate > 0 ? eta((j.bytesTotal - j.bytesDone) / byteRate) : null;
          return (
            <>
              <h2 id={headingId}>
                {t("imports.jobTitle", { file: j.filename })} <span className={`badge import-${j.status}`}>{t(`imports.status.${j.status}`)}</span>
              </h2>
              <p className="meta">
                {t(`imports.kinds.${j.kind}`)} · {started(fmt, j.createdAt)} · {t("imports.size", { n: mb(fmt, j.bytesTotal) })}
              </p>
              {j.status === "running" ? (
                <>
                  <div className="import-progress">
                    <label htmlFor={progressId}>{t("imports.progressLabel")}</label>
                    <progress id={progressId} max={j.bytesTotal || 1} value={j.bytesDone} />
                  </div>
                  <dl className="facts" data-testid="job-progress">
                    <div>
                      <dt>{t("imports.read")}</dt>
                      <dd>{t("imports.bytes", { done: mb(fmt, j.bytesDone), total: mb(fmt, j.bytesTotal), percent: fmt.number(j.bytesTotal ? Math.floor((j.bytesDone / j.bytesTotal) * 100) : 0) })}</dd>
                    </div>
                    <div>
                      <dt>{t("imports.records")}</dt>
                      <dd>{fmt.number(j.records)}</dd>
                    </div>
                    <div>
                      <dt>{t("imports.rate")}</dt>
                      <dd>{recordRate === null ? "—" : t("imports.rateValue", { n: fmt.number(Math.round(recordRate)) })}</dd>
                    </div>
                    <div>
                      <dt>{t("imports.eta")}</dt>
                      <dd>{left === null ? "—" : t(left.key, { n: fmt.number(left.n) })}</dd>
                    </div>
                  </dl>
                  <div className="form-actions">
                    <button type="button" onClick={() => stop.mutate()} disabled={stop.isPending || stopRequested} aria-describedby={`${headingId}-stop`}>
                      {stopRequested ? t("imports.stopping") : t("imports.stop")}
                    </button>
                  </div>
                  <p id={`${headingId}-stop`} className="hint">
                    {t("imports.stopHint")}
                  </p>
                </>
              ) : null}
              <div role="status" aria-live="polite">
                {j.status === "failed" ? (
                  <p className="alert" data-testid="import-failed">
                    {t("imports.failed", { error: j.error ? i18next.exists(`web:imports.jobErrors.${j.error}`) ? `${t(`imports.jobErrors.${j.error}`)} (${j.error})` : j.error : "—" })}
                  </p>
                ) : null}
                {j.status === "cancelled" && j.summary ? (
                  <p className="notice" data-testid="import-cancelled">
                    {t("imports.cancelled", { records: fmt.number(j.summary.records), created: fmt.number(j.summary.created), updated: fmt.number(j.summary.updated) })}
                  </p>
                ) : null}
                {j.status === "done" ? <p className="notice">{t("imports.finished")}</p> : null}
              </div>
              {j.summary && j.status !== "running" ? <SummaryView summary={j.summary} /> : null}
            </>
          );
        }}
      </Async>
    </section>
  );
}

function SummaryView({ summary }: { summary: ImportSummary }) {
  const { t, fmt } = useI18n();
  const facts: [string, string, string][] = [
    ["records", t("imports.summary.records"), fmt.number(summary.records)],
    ["created", t("imports.summary.created"), fmt.number(summary.created)],
    ["updated", t("imports.summary.updated"), fmt.number(summary.updated)],
    ["unchanged", t("imports.summary.unchanged"), fmt.number(summary.unchanged)],
    ["skipped", t("imports.summary.skipped"), fmt.number(summary.skipped.length)],
    ["transactions", t("imports.summary.transactions"), fmt.number(summary.transactions)],
    ["orgs-created", t("imports.summary.orgsCreated"), fmt.number(summary.organisations.created)],
    ["orgs-matched", t("imports.summary.orgsMatched"), fmt.number(summary.organisations.matched)],
    ["seconds", t("imports.summary.seconds"), t("imports.secondsValue", { n: fmt.number(Math.round(summary.seconds * 10) / 10) })],
  ];
  const shown = summary.skipped.slice(0, SKIPPED_SHOWN);
  return (
    <>
      <h3>{t("imports.summary.title")}</h3>
      <dl className="facts" data-testid="import-summary">
        {facts.map(([key, label, value]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-testid={`summary-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>{t("imports.skippedTitle")}</h3>
      {summary.skipped.length === 0 ? (
        <Empty />
      ) : (
        <div className="table-wrap">
          <table data-testid="import-skipped">
            {summary.skipped.length > shown.length ? <caption>{t("imports.skippedShown", { shown: fmt.number(shown.length), total: fmt.number(summary.skipped.length) })}</caption> : null}
            <thead>
              <tr>
                <th scope="col">{t("imports.col.file")}</th>
                <th scope="col" className="num">
                  {t("imports.col.line")}
                </th>
                <th scope="col">{t("imports.col.identifier")}</th>
                <th scope="col">{t("imports.col.message")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s, i) => (
                <tr key={i}>
                  <td>{s.file}</td>
                  <td className="num">{s.line === null ? "—" : fmt.number(s.line)}</td>
                  <td className="code">{s.id ?? "—"}</td>
                  <td>{s.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function RecentJobs({ onShow, current }: { onShow: (id: string) => void; current: string | undefined }) {
  const { t, fmt } = useI18n();
  const jobs = useQuery({
    queryKey: ["imports"],
    queryFn: () => unwrap(api.GET("/api/v1/imports")),
    refetchInterval: (q) => (q.state.data?.items.some((j) => j.status === "running") ? 2000 : false),
  });
  return (
    <section aria-labelledby="recent-imports">
      <h2 id="recent-imports">{t("imports.recent")}</h2>
      <Async query={jobs}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty />
          ) : (
            <div className="table-wrap">
              <table data-testid="import-jobs">
                <thead>
                  <tr>
                    <th scope="col">{t("imports.col.when")}</th>
                    <th scope="col">{t("imports.col.file")}</th>
                    <th scope="col">{t("imports.col.kind")}</th>
                    <th scope="col">{t("imports.col.status")}</th>
                    <th scope="col" className="num">
                      {t("imports.summary.records")}
                    </th>
                    <th scope="col" className="num">
                      {t("imports.summary.created")}
                    </th>
                    <th scope="col" className="num">
                      {t("imports.summary.updated")}
                    </th>
                    <th scope="col" className="num">
                      {t("imports.summary.unchanged")}
                    </th>
                    <th scope="col" className="num">
                      {t("imports.summary.skipped")}
                    </th>
                    <th scope="col" className="num">
                      {t("imports.col.time")}
                    </th>
                    <th scope="col">
                      <span className="sr-only">{t("imports.col.details")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((j) => (
                    <tr key={j.id} aria-current={j.id === current ? "true" : undefined}>
                      <td>
                        <time dateTime={j.createdAt}>{started(fmt, j.createdAt)}</time>
                      </td>
                      <td>{j.filename}</td>
                      <td>{t(`imports.kinds.${j.kind}`)}</td>
                      <td>
                        <span className={`badge import-${j.status}`}>{t(`imports.status.${j.status}`)}</span>
                      </td>
                      <td className="num">{fmt.number(j.summary?.records ?? j.records)}</td>
                      <td className="num">{j.summary ? fmt.number(j.summary.created) : "—"}</td>
                      <td className="num">{j.summary ? fmt.number(j.summary.updated) : "—"}</td>
                      <td className="num">{j.summary ? fmt.number(j.summary.unchanged) : "—"}</td>
                      <td className="num">{j.summary ? fmt.number(j.summary.skipped.length) : "—"}</td>
                      <td className="num">{j.summary ? t("imports.secondsValue", { n: fmt.number(Math.round(j.summary.seconds * 10) / 10) }) : "—"}</td>
                      <td>
                        <button type="button" onClick={() => onShow(j.id)} aria-label={t("imports.showJob", { file: j.filename })}>
                          {t("imports.show")}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
    </section>
  );
}

/** When a job started, in the reader's time zone: the date as the app writes dates, then the time. */
function started(fmt: Formatters, iso: string) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  const time = `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  return `${fmt.date(day)} ${time}`;
}

/** Where imported data comes from, credited as each source asks. */
function Credits() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="import-credits" className="credits">
      <h2 id="import-credits">{t("imports.credits.title")}</h2>
      <ul>
        <li>{t("imports.credits.iati")}</li>
        <li>{t("imports.credits.aiddata", { title: "AidData, Global Chinese Development Finance Dataset, Version 2.0", licence: "ODC-By 1.0" })}</li>
        <li>{t("imports.credits.tfdd", { title: "Transboundary Freshwater Dispute Database (TFDD)", holder: "Oregon State University" })}</li>
      </ul>
    </section>
  );
}
