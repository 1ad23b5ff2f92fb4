import type { ServiceContext } from "../../core/context.js";
import { inboxItems } from "../../db/schema/jobs.js";

/** Who an inbox item is for: every user of an organisation, one user, or the secretariat (staff). */
export type InboxTarget = { orgId: string } | { userId: string } | { role: "secretariat" };

export type InboxMessage = {
  /** A key under `server.inbox.` in locales/<lang>/server.json. */
  message: string;
  params?: Record<string, string | number>;
  entity: string;
  entityId: string;
  /** The web path the item opens, e.g. `/disputes/DSP-2026-0001`. */
  link?: string;
};

/** Puts a message in inboxes, in the caller's transaction (a timer's, so it is sent once). */
export async function notify(ctx: ServiceContext, targets: InboxTarget[], msg: InboxMessage): Promise<void> {
  if (!targets.length) return;
  await ctx.db.insert(inboxItems).values(
    targets.map((t) => ({
      orgId: "orgId" in t ? t.orgId : null,
      userId: "userId" in t ? t.userId : null,
      role: "role" in t ? t.role : null,
      message: msg.message,
      params: msg.params ?? {},
      entity: msg.entity,
      entityId: msg.entityId,
      link: msg.link ?? null,
      createdAt: ctx.now(),
    })),
  );
}
