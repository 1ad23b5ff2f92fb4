import { createHmac } from "node:crypto";
import { and, asc, count, desc, eq, gt, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { PUBLIC, readAll, withTransaction, type Principal, type ServiceContext } from "../../core/context.js";
import { AppError, notFound, ruleViolated } from "../../core/errors.js";
import { authorize, isStaff, isUser } from "../../core/policy/index.js";
import type { Lang } from "../../db/schema/common.js";
import { events } from "../../db/schema/events.js";
import { comments, type CommentSubject } from "../../db/schema/feedback.js";
import { projects } from "../../db/schema/projects.js";
import { generateSecret } from "../auth/crypto.js";
import { eventVisibility, getEvent } from "../events/read.js";
import { findVisibleProject, projectVisibility } from "../projects/read.js";
import type { Page } from "../shared/schemas.js";
import { canAnswer, longestWindowSeconds, nextStatus, quantile, responseHours, retryAfterSeconds, sourceKey } from "./rules.js";
import { ZCommentAnswer, ZCommentCreate, ZCommentModerate, type Comment, type CommentStats, type ZCommentListQuery } from "./schemas.js";

/**
 * The key the client address is hashed with. Set CONCORD_SECRET so the limit holds across
 * restarts and server processes; without it each process draws its own, and addresses still
 * never reach the database in the clear.
 */
const SECRET = process.env.CONCORD_SECRET || generateSecret();
export const sourceHash = (address: string) => createHmac("sha256", SECRET).update(`comment-source:${sourceKey(address)}`).digest("hex");

/** The subject the caller may see, by the same rule as its own GET route: anything else is not found. */
async function findSubject(ctx: ServiceContext, subject: CommentSubject, ref: string): Promise<{ id: string }> {
  if (subject === "project") return { id: (await findVisibleProject(ctx, ref)).row.id };
  return { id: (await getEvent(ctx, ref)).id };
}

/**
 * Anyone writes a comment on a public, published project or a public event; it waits for
 * moderation. The subject is judged as the public sees it even for a signed-in writer, because
 * the comment is meant for the portal. `address` is the client address, kept only as a keyed hash.
 */
export async function createComment(ctx: ServiceContext, raw: z.input<typeof ZCommentCreate>, address: string): Promise<Comment> {
  const input = ZCommentCreate.parse(raw);
  const { id: subjectId } = await findSubject({ ...ctx, principal: PUBLIC }, input.subject, input.ref);
  const source = sourceHash(address);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    // One source's writes are serialised, so two at once cannot both slip under the limit.
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${source}))`);
    const since = new Date(now.getTime() - longestWindowSeconds() * 1000);
    const previous = await tx.db
      .select({ at: comments.createdAt })
      .from(comments)
      .where(and(eq(comments.sourceHash, source), gt(comments.createdAt, since)));
    const wait = retryAfterSeconds(previous.map((p) => p.at), now);
    if (wait > 0) throw new AppError("rate_limited", { retryAfter: wait });
    const [row] = await tx.db
      .insert(comments)
      .values({
        subject: input.subject,
        subjectId,
        lang: input.lang,
        body: input.body,
        authorName: input.authorName ?? null,
        authorEmail: input.authorEmail?.toLowerCase() ?? null,
        sourceHash: source,
        createdAt: now,
      })
      .returning();
    // The audit row holds what the portal may show: no address, no source hash.
    await audit(tx, { entity: "comment", entityId: row!.id, action: "create", after: publicShape(row!) });
    return toComment(row!, null, now, isStaff(ctx.principal));
  });
}

type Row = typeof comments.$inferSelect;
type SubjectInfo = { code: string | null; title: Record<string, string> | null } | null;

const publicShape = (r: Row) => ({
  id: r.id,
  subject: r.subject,
  subjectId: r.subjectId,
  lang: r.lang,
  body: r.body,
  authorName: r.authorName,
  status: r.status,
  rejectReason: r.rejectReason,
  answer: r.answer,
  answerLang: r.answerLang,
  answeredAt: r.answeredAt,
});

function toComment(r: Row, subject: SubjectInfo, now: Date, staff: boolean): Comment {
  const end = r.answeredAt ?? now;
  return {
    id: r.id,
    subject: r.subject,
    subjectId: r.subjectId,
    subjectCode: subject?.code ?? null,
    subjectTitle: subject?.title ?? null,
    lang: r.lang as Lang,
    body: r.body,
    authorName: r.authorName,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    ageHours: responseHours(r.createdAt, end),
    answer: r.answer,
    answerLang: (r.answerLang as Lang | null) ?? null,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    responseHours: r.answeredAt ? responseHours(r.createdAt, r.answeredAt) : null,
    rejectReason: staff ? r.rejectReason : null,
    moderatedAt: staff ? (r.moderatedAt?.toISOString() ?? null) : null,
  };
}

/**
 * Comments show only while their subject is visible to the caller: the same rule as the
 * subject's own read, so a project made internal takes its comments off the portal with it.
 */
const subjectVisible = (p: Principal): SQL =>
  sql`((${comments.subject} = 'project' and exists (select 1 from ${projects} where ${projects.id} = ${comments.subjectId} and ${projectVisibility(p) ?? sql`true`}))
    or (${comments.subject} = 'event' and exists (select 1 from ${events} where ${events.id} = ${comments.subjectId} and ${eventVisibility(p) ?? sql`true`})))`;

/** The public and non-staff users see published comments; staff see every status, to moderate. */
export function commentListCondition(p: Principal, query: Omit<z.infer<typeof ZCommentListQuery>, "limit" | "offset">, subjectId?: string): SQL | undefined {
  const where: (SQL | undefined)[] = [subjectVisible(p)];
  if (!isStaff(p)) where.push(eq(comments.status, "published"));
  else if (query.status) where.push(eq(comments.status, query.status));
  if (query.subject) where.push(eq(comments.subject, query.subject));
  if (subjectId) where.push(eq(comments.subjectId, subjectId));
  if (query.lang) where.push(eq(comments.lang, query.lang));
  if (query.unanswered !== undefined) where.push(query.unanswered ? isNull(comments.answeredAt) : isNotNull(comments.answeredAt));
  if (query.q) where.push(sql`${comments.body} ilike ${`%${query.q.replace(/[\\%_]/g, "\\$&")}%`}`);
  return and(...where);
}

/**
 * Staff get the moderation queue (oldest pending first); everyone else the published comments,
 * newest first. Asking for a status other than published needs a staff role.
 */
export async function listComments(ctx: ServiceContext, query: z.infer<typeof ZCommentListQuery>): Promise<Page<Comment>> {
  const p = ctx.principal;
  const staff = isStaff(p);
  if (query.status && query.status !== "published") authorize(p, staff, "moderate", "comment");
  if (query.ref && !query.subject) throw ruleViolated("comment_subject_required");
  const subjectId = query.ref && query.subject ? (await findSubject(ctx, query.subject, query.ref)).id : undefined;
  const cond = commentListCondition(p, query, subjectId);
  const order = staff
    ? [sql`case ${comments.status} when 'pending' then 0 when 'published' then 1 else 2 end`, asc(comments.createdAt), asc(comments.id)]
    : [desc(comments.createdAt), asc(comments.id)];
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () => ctx.db
      .select({ c: comments, projectCode: projects.code, projectTitle: projects.title, eventCode: events.code, eventTitle: events.title })
      .from(comments)
      .leftJoin(projects, and(eq(comments.subject, "project"), eq(projects.id, comments.subjectId)))
      .leftJoin(events, and(eq(comments.subject, "event"), eq(events.id, comments.subjectId)))
      .where(cond)
      .orderBy(...order)
      .limit(query.limit)
      .offset(query.offset),
    () => ctx.db.select({ total: count() }).from(comments).where(cond),
  ]);
  const now = ctx.now();
  return {
    items: rows.map((r) =>
      toComment(r.c, r.c.subject === "project" ? { code: r.projectCode, title: r.projectTitle } : { code: r.eventCode, title: r.eventTitle }, now, staff),
    ),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

async function loadForStaff(tx: ServiceContext, id: string): Promise<Row> {
  const [row] = await tx.db.select().from(comments).where(and(eq(comments.id, id), subjectVisible(tx.principal))).for("update");
  if (!row) throw notFound("comment", id);
  return row;
}

/** Staff publish or reject a comment; a rejection says why (kept for staff, never shown). */
export async function moderateComment(ctx: ServiceContext, id: string, raw: z.input<typeof ZCommentModerate>): Promise<Comment> {
  const p = ctx.principal;
  authorize(p, isStaff(p), "moderate", "comment");
  const input = ZCommentModerate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const before = await loadForStaff(tx, id);
    const status = nextStatus(before.status, input.decision);
    if (!status) throw ruleViolated("comment_already", { status: before.status });
    const [row] = await tx.db
      .update(comments)
      .set({
        status,
        rejectReason: status === "rejected" ? input.reason! : null,
        moderatedBy: isUser(p) ? p.userId : null,
        moderatedAt: tx.now(),
      })
      .where(eq(comments.id, id))
      .returning();
    await audit(tx, { entity: "comment", entityId: id, action: input.decision, before: publicShape(before), after: publicShape(row!) });
    return toComment(row!, null, tx.now(), true);
  });
}

/**
 * Staff answer a comment. Answering a pending comment publishes it in the same step: the
 * secretariat answers what it accepts. A rejected comment is not answered, and an answer is
 * given once, so the response time shown is the time to the first answer.
 */
export async function answerComment(ctx: ServiceContext, id: string, raw: z.input<typeof ZCommentAnswer>): Promise<Comment> {
  const p = ctx.principal;
  authorize(p, isStaff(p), "answer", "comment");
  const input = ZCommentAnswer.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const before = await loadForStaff(tx, id);
    const verdict = canAnswer(before);
    if (verdict !== "ok") throw ruleViolated(verdict);
    const now = tx.now();
    const userId = isUser(p) ? p.userId : null;
    const publishing = before.status === "pending";
    const [row] = await tx.db
      .update(comments)
      .set({
        status: "published",
        ...(publishing ? { moderatedBy: userId, moderatedAt: now } : {}),
        answer: input.answer,
        answerLang: input.lang,
        answeredBy: userId,
        answeredAt: now,
      })
      .where(eq(comments.id, id))
      .returning();
    await audit(tx, { entity: "comment", entityId: id, action: "answer", before: publicShape(before), after: publicShape(row!) });
    return toComment(row!, null, now, true);
  });
}

/**
 * Counts and response times anyone may see: how much waits for moderation, how much published
 * feedback has no answer yet, and how fast answers come (median and 90th percentile, in hours).
 */
export async function commentStats(ctx: ServiceContext): Promise<CommentStats> {
  const [[counts], answered] = await readAll(ctx, [
    () => ctx.db
      .select({
        pending: sql<number>`count(*) filter (where ${comments.status} = 'pending')::int`,
        publishedUnanswered: sql<number>`count(*) filter (where ${comments.status} = 'published' and ${comments.answeredAt} is null)::int`,
      })
      .from(comments),
    () => ctx.db
      .select({ createdAt: comments.createdAt, answeredAt: comments.answeredAt })
      .from(comments)
      .where(and(eq(comments.status, "published"), isNotNull(comments.answeredAt))),
  ]);
  const hours = answered.map((a) => responseHours(a.createdAt, a.answeredAt!));
  return {
    pending: Number(counts?.pending ?? 0),
    publishedUnanswered: Number(counts?.publishedUnanswered ?? 0),
    answered: hours.length,
    medianResponseHours: quantile(hours, 0.5),
    p90ResponseHours: quantile(hours, 0.9),
  };
}
