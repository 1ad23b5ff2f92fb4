import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { readAll, withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, notFound, ruleAt } from "../../core/errors.js";
import { authorize, requireUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { auditLog } from "../../db/schema/audit.js";
import { bulletinRecipients, bulletins } from "../../db/schema/bulletins.js";
import { users } from "../../db/schema/users.js";
import { resolveActorRef, type ActorRef } from "../actors/resolve.js";
import { generateSecret } from "../auth/crypto.js";
import { ilikeAny, isUuid } from "../shared/refs.js";
import { parseSort, type Page } from "../shared/schemas.js";
import { bulletinVisibility, canAddRecipients, canSeeBulletin, canSendBulletin } from "./policy.js";
import { ZBulletinCreate, ZBulletinRecipientsAdd, type Bulletin, type BulletinSummary, type ZBulletinListQuery, type ZBulletinRead } from "./schemas.js";

type Row = typeof bulletins.$inferSelect;
type Org = BulletinSummary["sender"];
/** What a read discloses, and so the audit action it leaves. */
export type ReadAction = "read" | "list" | "export";

/**
 * Audit rows of bulletins name ids, the category and organisation codes only: the audit log is
 * read by staff of other organisations, so a title or text there would leak the exchange.
 */
const auditShape = (b: { code: string; category: string; sender: Org; recipients: Org[] }) => ({
  code: b.code,
  category: b.category,
  sender: b.sender.actorCode,
  recipients: b.recipients.map((r) => r.actorCode),
});

export async function sendBulletin(ctx: ServiceContext, raw: z.input<typeof ZBulletinCreate>): Promise<Bulletin> {
  const p = ctx.principal;
  authorize(p, canSendBulletin(p), "create", "bulletin");
  const user = requireUser(p);
  const input = ZBulletinCreate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const recipients = await resolveRecipients(tx, input.recipients, user.orgId);
    const code = `BUL-${tx.now().toISOString().slice(0, 4)}-${generateSecret().slice(0, 8).toUpperCase()}`;
    const [row] = await tx.db
      .insert(bulletins)
      .values({ code, category: input.category, title: input.title, body: input.body, lang: input.lang, senderActorId: user.orgId, createdBy: user.userId, createdAt: tx.now(), updatedAt: tx.now() })
      .returning();
    // The sender is named too, so "named on it" is one table.
    await tx.db.insert(bulletinRecipients).values([user.orgId, ...recipients.map((r) => r.id)].map((actorId) => ({ bulletinId: row!.id, actorId, addedAt: tx.now() })));
    const out = await load(tx, row!);
    await audit(tx, { entity: "bulletin", entityId: row!.id, action: "create", after: auditShape(out) });
    return out;
  });
}

/** Resolves recipient refs: each known, none twice, never the sender itself. */
async function resolveRecipients(ctx: ServiceContext, refs: string[], senderOrgId: string): Promise<ActorRef[]> {
  const out = new Map<string, ActorRef>();
  for (const [i, ref] of refs.entries()) {
    const a = await resolveActorRef(ctx.db, ref, `recipients.${i}`);
    if (a.id === senderOrgId) throw ruleAt("bulletin_recipient_is_sender", `recipients.${i}`, { ref });
    out.set(a.id, a);
  }
  return [...out.values()];
}

/** One bulletin, by code or id; 404 to everyone not named on it, so its existence does not leak. Audited. */
export async function getBulletin(ctx: ServiceContext, ref: string): Promise<Bulletin> {
  return withTransaction(ctx, async (tx) => {
    const b = await findVisible(tx, ref);
    await audit(tx, { entity: "bulletin", entityId: b.id, action: "read", after: auditShape(b) });
    return b;
  });
}

async function findVisible(ctx: ServiceContext, ref: string): Promise<Bulletin> {
  // The visibility condition is in the query itself: a row the caller may not see is never read.
  const [row] = await ctx.db
    .select()
    .from(bulletins)
    .where(and(isUuid(ref) ? eq(bulletins.id, ref) : eq(bulletins.code, ref), bulletinVisibility(ctx.principal)));
  if (!row) throw notFound("bulletin", ref);
  const b = await load(ctx, row);
  // The pure rule must agree with the SQL one; if they ever differ, refuse.
  if (!canSeeBulletin(ctx.principal, { senderOrgId: row.senderActorId, recipientOrgIds: b.recipients.map((r) => r.actorId) })) throw notFound("bulletin", ref);
  return b;
}

async function load(ctx: ServiceContext, row: Row): Promise<Bulletin> {
  const orgs = await orgsOf(ctx, [row.id]);
  return toBulletin(row, orgs.get(row.id) ?? []);
}

/** The organisations named on each bulletin, sender included, by bulletin id. */
async function orgsOf(ctx: ServiceContext, ids: string[]) {
  const out = new Map<string, Org[]>();
  if (!ids.length) return out;
  const rows = await ctx.db
    .select({ bulletinId: bulletinRecipients.bulletinId, actorId: actors.id, actorCode: actors.code, actorName: actors.name })
    .from(bulletinRecipients)
    .innerJoin(actors, eq(actors.id, bulletinRecipients.actorId))
    .where(inArray(bulletinRecipients.bulletinId, ids))
    .orderBy(asc(bulletinRecipients.addedAt), asc(actors.code));
  for (const { bulletinId, ...o } of rows) out.set(bulletinId, [...(out.get(bulletinId) ?? []), o as Org]);
  return out;
}

const toBulletin = (b: Row, named: Org[]): Bulletin => {
  const sender = named.find((o) => o.actorId === b.senderActorId);
  if (!sender) throw new Error(`bulletin ${b.code} does not name its sender`);
  return {
    id: b.id,
    code: b.code,
    category: b.category,
    title: b.title,
    body: b.body,
    lang: b.lang,
    sender,
    recipients: named.filter((o) => o.actorId !== b.senderActorId),
    createdAt: b.createdAt.toISOString(),
    version: b.version,
  };
};

/**
 * Bulletins the caller's organisation is named on, newest first. Everyone else gets an empty
 * page with a total of 0. Each bulletin returned leaves an audit row (`list`, or `export` for CSV).
 */
export async function listBulletins(ctx: ServiceContext, query: z.infer<typeof ZBulletinListQuery>, action: Exclude<ReadAction, "read"> = "list"): Promise<Page<BulletinSummary>> {
  return withTransaction(ctx, async (tx) => {
    const where: (SQL | undefined)[] = [bulletinVisibility(tx.principal)];
    if (query.category) where.push(eq(bulletins.category, query.category));
    if (query.q) where.push(or(ilikeAny(bulletins.title, query.q), ilikeAny(bulletins.body, query.q)));
    const cond = and(...where);
    const { field, desc: d } = parseSort(query.sort, ["createdAt", "code"]);
    const col = field === "code" ? bulletins.code : bulletins.createdAt;
    // Newest first unless asked otherwise.
    const descending = query.sort ? d : true;
    const [rows, [{ total } = { total: 0 }]] = await readAll(tx, [
      () => tx.db.select().from(bulletins).where(cond).orderBy(descending ? desc(col) : asc(col), asc(bulletins.code)).limit(query.limit).offset(query.offset),
      () => tx.db.select({ total: count() }).from(bulletins).where(cond),
    ]);
    const orgs = await orgsOf(tx, rows.map((r) => r.id));
    const items = rows.map((r) => {
      const { body: _body, version: _version, ...summary } = toBulletin(r, orgs.get(r.id) ?? []);
      return summary;
    });
    for (const b of items) await audit(tx, { entity: "bulletin", entityId: b.id, action, after: auditShape(b) });
    return { items, total, limit: query.limit, offset: query.offset };
  });
}

/** Names more organisations on a bulletin: the sending organisation only. */
export async function addBulletinRecipients(ctx: ServiceContext, ref: string, raw: z.input<typeof ZBulletinRecipientsAdd>): Promise<Bulletin> {
  const input = ZBulletinRecipientsAdd.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const before = await findVisible(tx, ref);
    const p = tx.principal;
    authorize(p, canAddRecipients(p, { senderOrgId: before.sender.actorId, recipientOrgIds: before.recipients.map((r) => r.actorId) }), "update", "bulletin");
    const recipients = await resolveRecipients(tx, input.recipients, before.sender.actorId);
    const known = new Set(before.recipients.map((r) => r.actorId));
    const fresh = recipients.filter((r) => !known.has(r.id));
    if (!fresh.length) return before;
    await tx.db.insert(bulletinRecipients).values(fresh.map((r) => ({ bulletinId: before.id, actorId: r.id, addedAt: tx.now() })));
    const [row] = await tx.db
      .update(bulletins)
      .set({ version: sql`${bulletins.version} + 1`, updatedAt: tx.now() })
      .where(eq(bulletins.id, before.id))
      .returning();
    if (!row) throw new AppError("conflict");
    const after = await load(tx, row);
    await audit(tx, { entity: "bulletin", entityId: before.id, action: "add_recipients", before: auditShape(before), after: auditShape(after) });
    return after;
  });
}

/** Who has read a bulletin, and when: for the organisations named on it only (404 otherwise). */
export async function bulletinReads(ctx: ServiceContext, ref: string): Promise<{ items: z.infer<typeof ZBulletinRead>[] }> {
  const b = await findVisible(ctx, ref);
  const rows = await ctx.db
    .select({ at: auditLog.at, action: auditLog.action, userId: auditLog.userId, userName: users.name, orgCode: actors.code, channel: auditLog.channel })
    .from(auditLog)
    .leftJoin(users, sql`${users.id} = ${auditLog.userId}`)
    .leftJoin(actors, sql`${actors.id} = ${auditLog.orgId}`)
    .where(and(eq(auditLog.entity, "bulletin"), eq(auditLog.entityId, b.id), inArray(auditLog.action, ["read", "list", "export"])))
    .orderBy(desc(auditLog.id))
    .limit(1000);
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString(), action: r.action as ReadAction })) };
}
