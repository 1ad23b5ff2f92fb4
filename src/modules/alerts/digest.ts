import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { scheduleJob, type JobHandlers } from "../../core/jobs/index.js";
import { jobs } from "../../db/schema/jobs.js";
import { alertSubscriptions, type DigestChannel } from "../../db/schema/monitoring.js";
import { users } from "../../db/schema/users.js";
import { localizedCell } from "../../lib/csv.js";
import { isLang, t, type Lang } from "../../lib/i18n/index.js";
import { listAlerts } from "./compute.js";
import { digestConfig, digestFileName, smtpMailer, writeDigestFile, type Digest, type DigestConfig, type Mailer } from "./delivery.js";
import type { Alert, AlertList } from "./schemas.js";

export const ALERTS_DIGEST_JOB = "alerts.digest";

export type DigestOptions = {
  /** The day the digest is for (YYYY-MM-DD, UTC); today by default. Alerts are always those of now. */
  date?: string;
  /** Compute and render, but write, send and mark nothing. */
  dryRun?: boolean;
  config?: DigestConfig;
};

export type DigestOutcome = {
  email: string;
  channel: DigestChannel;
  /** sent: delivered; empty: no alert today, nothing sent; skipped: may no longer read alerts; failed: delivery failed, retried on the next run. */
  status: "sent" | "empty" | "skipped" | "failed" | "dry_run";
  alerts: number;
  path?: string;
  error?: string;
  digest?: Digest;
};

export type DigestRun = { date: string; dryRun: boolean; outcomes: DigestOutcome[] };

const today = (ctx: ServiceContext) => ctx.now().toISOString().slice(0, 10);

/**
 * Sends each subscriber the day's digest of the alerts they chose, computed as that user (their
 * role and organisation decide which records they may see), in their language. Each user is
 * first marked done for the day with a conditional update, so two runners never both send one
 * user's digest (the second waits on the row, then finds it marked) and a re-run the same day
 * sends nothing; a failed delivery is not marked and so is retried by the next run. A user with
 * no alert that day is marked and sent nothing.
 */
export async function runDigests(ctx: ServiceContext, opts: DigestOptions = {}): Promise<DigestRun> {
  const date = opts.date ?? today(ctx);
  const config = opts.config ?? digestConfig();
  const dryRun = opts.dryRun ?? false;
  const subscribers = await ctx.db
    .select({ userId: users.id, email: users.email, name: users.name, role: users.role, orgId: users.orgId, locale: users.locale, channel: alertSubscriptions.channel })
    .from(alertSubscriptions)
    .innerJoin(users, eq(users.id, alertSubscriptions.userId))
    .where(and(inArray(alertSubscriptions.channel, ["file", "email"]), sql`cardinality(${alertSubscriptions.kinds}) > 0`, isNull(users.disabledAt), notYet(date)))
    .orderBy(users.email);
  const mailer = dryRun ? null : smtpMailer(config);
  const outcomes: DigestOutcome[] = [];
  try {
    for (const s of subscribers) {
      const base = { email: s.email, channel: s.channel, alerts: 0 };
      if (s.channel === "email" && !mailer && !dryRun) {
        outcomes.push({ ...base, status: "failed", error: "no SMTP server configured (CONCORD_SMTP_URL)" });
        continue;
      }
      const lang: Lang = isLang(s.locale) ? s.locale : "en";
      const principal = { kind: "user" as const, userId: s.userId, orgId: s.orgId, role: s.role, email: s.email, name: s.name };
      // One transaction (a savepoint inside the job's) per user: a delivery that fails rolls back
      // that user's mark alone, and a runner that dies mid-send leaves the digest due.
      const outcome = await withTransaction(ctx, async (tx): Promise<DigestOutcome | null> => {
        if (!dryRun && !(await claim(tx, s.userId, date))) return null; // Another runner has it.
        let list: AlertList;
        try {
          list = await listAlerts({ ...tx, lang, principal }, { mine: true });
        } catch (err) {
          // A user whose role no longer reads alerts keeps the mark: there is nothing to send them.
          if (err instanceof AppError && err.code === "forbidden") return { ...base, status: "skipped" };
          throw err;
        }
        if (!list.items.length) return { ...base, status: "empty" };
        const digest = renderDigest(lang, s.email, s.name, date, list.items, config.publicUrl);
        const sent = { ...base, alerts: list.total };
        if (dryRun) return { ...sent, status: "dry_run", digest };
        if (s.channel === "file") return { ...sent, status: "sent", path: await writeDigestFile(config, date, digestFileName(s.email, s.userId), digest) };
        await (mailer as Mailer).send(digest);
        return { ...sent, status: "sent" };
      }).catch((err: unknown): DigestOutcome => {
        const error = err instanceof Error ? err.message : String(err);
        ctx.log?.warn({ user: s.email, channel: s.channel, err: error }, "alert digest not delivered");
        return { ...base, status: "failed", error };
      });
      if (outcome) outcomes.push(outcome);
    }
  } finally {
    mailer?.close();
  }
  return { date, dryRun, outcomes };
}

const notYet = (date: string) => or(isNull(alertSubscriptions.lastDigestOn), lt(alertSubscriptions.lastDigestOn, date));

/** Marks the user's digest for `date` as taken; false when another run already did. */
async function claim(ctx: ServiceContext, userId: string, date: string): Promise<boolean> {
  const rows = await ctx.db
    .update(alertSubscriptions)
    .set({ lastDigestOn: date })
    .where(and(eq(alertSubscriptions.userId, userId), notYet(date)))
    .returning({ userId: alertSubscriptions.userId });
  return rows.length > 0;
}

/** The digest as plain text in the reader's language: most severe first, each with its reason and link. */
export function renderDigest(lang: Lang, to: string, name: string, date: string, items: Alert[], publicUrl: string | null): Digest {
  const d = (key: string, params?: Record<string, string | number>) => t(lang, `server.alerts.digest.${key}`, params);
  const lines = [d("greeting", { name }), "", d("intro", { date, count: items.length }), ""];
  items.forEach((a, i) => {
    const title = localizedCell(a.title, lang);
    lines.push(`${i + 1}. [${t(lang, `server.alerts.severity.${a.severity}`)}] ${a.kindLabel} — ${a.code}${title && title !== a.code ? ` · ${title}` : ""}${a.mechanismCode ? ` (${a.mechanismCode})` : ""}`);
    lines.push(`   ${a.reason}`);
    if (a.dueAt) lines.push(`   ${d("due", { date: a.dueAt.slice(0, 10) })}`);
    else if (a.since) lines.push(`   ${d("since", { date: a.since.slice(0, 10) })}`);
    lines.push(`   ${publicUrl ?? ""}${a.link}`, "");
  });
  lines.push("—", d("footer"));
  return { to, subject: d("subject", { date, count: items.length }), text: `${lines.join("\n")}\n` };
}

const DAY = 86_400_000;
const jobKey = (date: string) => `${ALERTS_DIGEST_JOB}:${date}`;
const at = (date: string, hour: number) => new Date(Date.parse(`${date}T00:00:00Z`) + hour * 3_600_000);
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

/**
 * One job per day (its key names the day), so the run that schedules tomorrow's never re-arms
 * itself, and the worker's "done" on today's row leaves tomorrow's pending.
 */
export const alertJobs: JobHandlers = {
  [ALERTS_DIGEST_JOB]: async (ctx, job) => {
    const date = typeof job.payload.date === "string" ? job.payload.date : today(ctx);
    const config = digestConfig();
    const run = await runDigests(ctx, { date, config });
    const count = (s: DigestOutcome["status"]) => run.outcomes.filter((o) => o.status === s).length;
    ctx.log?.info({ date, sent: count("sent"), empty: count("empty"), failed: count("failed") }, "alert digests");
    const next = nextDay(date);
    await scheduleJob(ctx, { kind: ALERTS_DIGEST_JOB, key: jobKey(next), runAt: at(next, config.hour), payload: { date: next } });
  },
};

/**
 * Called when a worker starts: makes sure a daily digest is pending. Today's runs at once when
 * its hour has passed and it never ran (a worker that was down at that hour catches up; the
 * per-user mark keeps it from sending twice); otherwise tomorrow's waits.
 */
export async function ensureDigestScheduled(ctx: ServiceContext, config: DigestConfig = digestConfig()): Promise<void> {
  const [pending] = await ctx.db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, ALERTS_DIGEST_JOB), eq(jobs.status, "pending"))).limit(1);
  if (pending) return;
  const date = today(ctx);
  const [ran] = await ctx.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.key, jobKey(date)));
  const day = ran ? nextDay(date) : date;
  await scheduleJob(ctx, { kind: ALERTS_DIGEST_JOB, key: jobKey(day), runAt: at(day, config.hour), payload: { date: day } });
}
