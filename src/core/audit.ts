import { auditLog } from "../db/schema/audit.js";
import type { ServiceContext } from "./context.js";

export type AuditEntry = {
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
};

/** Appends one audit row in the caller's transaction. Secrets never reach it: callers pass public shapes. */
export async function audit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  const p = ctx.principal;
  await ctx.db.insert(auditLog).values({
    at: ctx.now(),
    userId: p.kind === "user" ? p.userId : null,
    orgId: p.kind === "user" ? p.orgId : null,
    channel: ctx.channel,
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    before: entry.before === undefined ? null : toJson(entry.before),
    after: entry.after === undefined ? null : toJson(entry.after),
    requestId: ctx.requestId ?? null,
  });
}

/** Dates become ISO strings so before/after compare as plain JSON. */
function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
