import { and, count, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { readAll, withTransaction, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { isStaff, requireUser, type SignedIn } from "../../core/policy/index.js";
import { inboxItems } from "../../db/schema/jobs.js";
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
 * the secretariat. Read state is kept on the item, so an organisation's item read by one of its
 * users is read for all of them (one desk handles it).
 */
function addressedTo(ctx: ServiceContext, u: SignedIn): SQL {
  const targets = [eq(inboxItems.userId, u.userId), eq(inboxItems.orgId, u.orgId)];
  if (isStaff(ctx.principal)) targets.push(eq(inboxItems.role, "secretariat"));
  return or(...targets)!;
}

export async function listInbox(ctx: ServiceContext, query: z.infer<typeof ZInboxQuery>): Promise<InboxPage> {
  const u = requireUser(ctx.principal);
  const mine = addressedTo(ctx, u);
  const cond = query.unread === "true" ? and(mine, isNull(inboxItems.readAt)) : query.unread === "false" ? and(mine, sql`${inboxItems.readAt} is not null`) : mine;
  const [rows, [{ total } = { total: 0 }], [{ unread } = { unread: 0 }]] = await readAll(ctx, [
    () => ctx.db.select().from(inboxItems).where(cond).orderBy(desc(inboxItems.createdAt), desc(inboxItems.id)).limit(query.limit).offset(query.offset),
    () => ctx.db.select({ total: count() }).from(inboxItems).where(cond),
    () => ctx.db.select({ unread: count() }).from(inboxItems).where(and(mine, isNull(inboxItems.readAt))),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      message: r.message,
      params: r.params,
      text: t(ctx.lang, `server.inbox.${r.message}`, r.params),
      entity: r.entity,
      entityId: r.entityId,
      link: r.link,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    })),
    total,
    limit: query.limit,
    offset: query.offset,
    unread,
  };
}

/** Marks one item read; an item not addressed to the caller is not found. */
export async function markRead(ctx: ServiceContext, id: string): Promise<{ id: string; readAt: string }> {
  const u = requireUser(ctx.principal);
  if (!isUuid(id)) throw notFound("inbox_item", id);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db.select().from(inboxItems).where(and(eq(inboxItems.id, id), addressedTo(tx, u)));
    if (!row) throw notFound("inbox_item", id);
    const readAt = row.readAt ?? tx.now();
    if (!row.readAt) await tx.db.update(inboxItems).set({ readAt }).where(eq(inboxItems.id, id));
    return { id, readAt: readAt.toISOString() };
  });
}

/** Marks every unread item of the caller's inbox read; returns how many. */
export async function markAllRead(ctx: ServiceContext): Promise<{ marked: number }> {
  const u = requireUser(ctx.principal);
  const rows = await ctx.db.update(inboxItems).set({ readAt: ctx.now() }).where(and(addressedTo(ctx, u), isNull(inboxItems.readAt))).returning({ id: inboxItems.id });
  return { marked: rows.length };
}
