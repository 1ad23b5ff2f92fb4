import { eq } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type Principal, type ServiceContext } from "../../core/context.js";
import { ruleAt } from "../../core/errors.js";
import { authorize, hasRole, isStaff, requireUser } from "../../core/policy/index.js";
import type { Db } from "../../db/client.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { alertSubscriptions, type DigestChannel } from "../../db/schema/monitoring.js";
import { ALERT_KINDS, type AlertKind } from "../../lib/alerts/rules.js";
import { mechanismInput } from "../mechanisms/read.js";
import { digestConfig } from "./delivery.js";
import { ZAlertSubscriptionInput, type AlertSubscription } from "./schemas.js";

/** Who may read the secretariat's alerts, and so subscribe to them. */
export const canReadAlerts = (p: Principal) => isStaff(p) || hasRole(p, "analyst");

export type StoredSubscription = { kinds: AlertKind[]; mechanismId: string | null; mechanismCode: string | null; channel: DigestChannel; lastDigestOn: string | null };

const NONE: StoredSubscription = { kinds: [], mechanismId: null, mechanismCode: null, channel: "none", lastDigestOn: null };

/** A user's subscription, or receiving nothing when they never chose. Kinds no longer known are dropped. */
export async function readSubscription(db: Db, userId: string): Promise<StoredSubscription> {
  const [row] = await db
    .select({ kinds: alertSubscriptions.kinds, mechanismId: alertSubscriptions.mechanismId, mechanismCode: mechanisms.code, channel: alertSubscriptions.channel, lastDigestOn: alertSubscriptions.lastDigestOn })
    .from(alertSubscriptions)
    .leftJoin(mechanisms, eq(mechanisms.id, alertSubscriptions.mechanismId))
    .where(eq(alertSubscriptions.userId, userId));
  if (!row) return NONE;
  return { ...row, kinds: ALERT_KINDS.filter((k) => row.kinds.includes(k)) };
}

export async function getSubscription(ctx: ServiceContext): Promise<AlertSubscription> {
  authorize(ctx.principal, canReadAlerts(ctx.principal), "read", "alerts");
  const me = requireUser(ctx.principal);
  const { mechanismId: _, ...sub } = await readSubscription(ctx.db, me.userId);
  return { ...sub, email: me.email, emailAvailable: digestConfig().smtpUrl !== null };
}

/**
 * Replaces the caller's own subscription. The e-mail channel is refused (422
 * `digest_email_unavailable`) while this server has no SMTP server configured: accepting it
 * would promise mail that never leaves. A user always has an e-mail address (it is their login).
 */
export async function setSubscription(ctx: ServiceContext, raw: z.input<typeof ZAlertSubscriptionInput>): Promise<AlertSubscription> {
  authorize(ctx.principal, canReadAlerts(ctx.principal), "update", "alert_subscription");
  const me = requireUser(ctx.principal);
  const input = ZAlertSubscriptionInput.parse(raw);
  const mechanism = input.mechanism ? await mechanismInput(ctx.db, input.mechanism) : null;
  if (input.channel === "email" && !digestConfig().smtpUrl) throw ruleAt("digest_email_unavailable", "channel");
  await withTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.userId, me.userId));
    // Stored in the canonical order, so the same choice always reads back the same.
    const values = { kinds: ALERT_KINDS.filter((k) => input.kinds.includes(k)), mechanismId: mechanism?.id ?? null, channel: input.channel, updatedAt: ctx.now() };
    const [after] = await tx.db
      .insert(alertSubscriptions)
      .values({ userId: me.userId, ...values })
      .onConflictDoUpdate({ target: alertSubscriptions.userId, set: values })
      .returning();
    await audit(tx, { entity: "alert_subscription", entityId: me.userId, action: before ? "update" : "create", before, after });
  });
  return getSubscription(ctx);
}
