import { and, count, desc, eq, isNotNull, isNull, or, type SQL } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { readAll, withTransaction, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { isStaff, requireUser, type SignedIn } from "../../core/policy/index.js";
import { inboxItems, inboxReads } from "../../db/schema/jobs.js";
import { t } from "../../lib/i18n/index.js";
import { isUuid } from "../shared/refs.js";
import { ZListQuery } from "../shared/schemas.js";

export const ZInboxItem = z
  .object({
    id: z.string().uuid(),
    message: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    /** The message in the reader's language. */
    text: z.string(),
    entity: z.string(),
    entityId: z.string().uuid(),
    link: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi("InboxItem");

export const ZInboxQuery = ZListQuery.omit({ q: true }).extend({ unread: z.enum(["true", "false"]).optional() });
export const ZInboxPage = z
  .object({ items: z.array(ZInboxItem), total: z.number().int(), limit: z.number().int(), offset: z.number().int(), unread: z.number().int() })
  .openapi("InboxPage");

export type InboxItem = z.infer<typeof ZInboxItem>;
export type InboxPage = z.infer<typeof ZInboxPage>;

/**
 * What a user's inbox holds: items addressed to them, to their organisation, and, for staff, to
 * the secretariat. Read state is each user's own (inbox_reads).
 */
function addressedTo(ctx: ServiceContext, u: SignedIn): SQL {
  const targets = [eq(inboxItems.userId, u.userId), eq(inboxItems.orgId, u.orgId)];
  if (isStaff(ctx.principal)) targets.push(eq(inboxItems.role, "secretariat"));
  return or(...targets)!;
}

/** The caller's read time of each item, joined beside it; null where they have not read it. */
const readBy = (userId: string) => and(eq(inboxReads.itemId, inboxItems.id), eq(inboxReads.userId, userId));

export async function listInbox(ctx: ServiceContext, query: z.infer<typeof ZInboxQuery>): Promise<InboxPage> {
  const u = requireUser(ctx.principal);
  const mine = addressedTo(ctx, u);
  const cond = query.unread === "true" ? and(mine, isNull(inboxReads.readAt)) : query.unread === "false" ? and(mine, isNotNull(inboxReads.readAt)) : mine;
  const [rows, [{ total } = { total: 0 }], [{ unread } = { unread: 0 }]] = await readAll(ctx, [
    () =>
      ctx.db
        .select({ item: inboxItems, readAt: inboxReads.readAt })
        .from(inboxItems)
        .leftJoin(inboxReads, readBy(u.userId))
        .where(cond)
        .orderBy(desc(inboxItems.createdAt), desc(inboxItems.id))
        .limit(query.limit)
        .offset(query.offset),
    () => ctx.db.select({ total: count() }).from(inboxItems).leftJoin(inboxReads, readBy(u.userId)).where(cond),
    () => ctx.db.select({ unread: count() }).from(inboxItems).leftJoin(inboxReads, readBy(u.userId)).where(and(mine, isNull(inboxReads.readAt))),
  ]);
  return {
    items: rows.map(({ item: r, readAt }) => ({
      id: r.id,
      message: r.message,
      params: r.params,
      text: t(ctx.lang, `server.inbox.${r.message}`, r.params),
      entity: r.entity,
      entityId: r.entityId,
      link: r.link,
      createdAt: r.createdAt.toISOString(),
      readAt: readAt?.toISOString() ?? null,
    })),
    total,
    limit: query.limit,
    offset: query.offset,
    unread,
  };
}

/** Marks one item read for the caller; an item not addressed to the caller is not found. */
export async function markRead(ctx: ServiceContext, id: string): Promise<{ id: string; readAt: string }> {
  const u = requireUser(ctx.principal);
  if (!isUuid(id)) throw notFound("inbox_item", id);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db.select({ id: inboxItems.id, readAt: inboxReads.readAt }).from(inboxItems).leftJoin(inboxReads, readBy(u.userId)).where(and(eq(inboxItems.id, id), addressedTo(tx, u)));
    if (!row) throw notFound("inbox_item", id);
    const readAt = row.readAt ?? tx.now();
    if (!row.readAt) await tx.db.insert(inboxReads).values({ itemId: id, userId: u.userId, readAt }).onConflictDoNothing();
    return { id, readAt: readAt.toISOString() };
  });
}

/** Marks every unread item of the caller's inbox read for the caller; returns how many. */
export async function markAllRead(ctx: ServiceContext): Promise<{ marked: number }> {
  const u = requireUser(ctx.principal);
  return withTransaction(ctx, async (tx) => {
    const unread = await tx.db.select({ id: inboxItems.id }).from(inboxItems).leftJoin(inboxReads, readBy(u.userId)).where(and(addressedTo(tx, u), isNull(inboxReads.readAt)));
    if (unread.length) await tx.db.insert(inboxReads).values(unread.map((r) => ({ itemId: r.id, userId: u.userId, readAt: tx.now() }))).onConflictDoNothing();
    return { marked: unread.length };
  });
}
