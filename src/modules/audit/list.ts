import { and, count, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { readAll, type ServiceContext } from "../../core/context.js";
import { authorize, policies } from "../../core/policy/index.js";
import { auditLog } from "../../db/schema/audit.js";
import { bulletins } from "../../db/schema/bulletins.js";
import { events } from "../../db/schema/events.js";
import { agreements } from "../../db/schema/fund.js";
import { obligations } from "../../db/schema/obligations.js";
import { phases, progressReports, projects, transactions } from "../../db/schema/projects.js";
import { bulletinVisibility } from "../bulletins/policy.js";
import { eventVisibility } from "../events/read.js";
import { agreementVisibility } from "../obligations/read.js";
import { projectVisibility } from "../projects/read.js";
import { pageOf, type Page } from "../shared/schemas.js";

export const ZAuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    userId: z.string().nullable(),
    orgId: z.string().nullable(),
    channel: z.string(),
    entity: z.string(),
    entityId: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
  })
  .openapi("AuditEntry");
export type AuditEntry = z.infer<typeof ZAuditEntry>;
export const ZAuditPage = pageOf(ZAuditEntry, "AuditPage");

export const ZAuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
  entity: z.string().max(64).optional(),
  entityId: z.string().max(200).optional(),
  userId: z.string().uuid().optional(),
  action: z.string().max(64).optional(),
  since: z.string().datetime({ offset: true }).optional(),
  until: z.string().datetime({ offset: true }).optional(),
});

/**
 * Rows about a bulletin stay with the organisations named on it: staff of any other
 * organisation (the secretariat's admins included) see neither the rows nor a count with them.
 */
const bulletinRows = (p: ServiceContext["principal"]): SQL | undefined =>
  p.kind === "system"
    ? undefined
    : sql`(${auditLog.entity} <> 'bulletin' or ${auditLog.entityId} in (select b.id::text from ${bulletins} b where ${bulletinVisibility(p, sql`b.id`, sql`b.sender_actor_id`)}))`;

/**
 * Rows about a restricted project, agreement or event (and a project's phases, transactions and
 * reports, an agreement's obligations) stay with the organisations named on the record, by the
 * same rule as the record's own read: the audit log must not tell another organisation's staff
 * what the record itself would not.
 */
function restrictedRecordRows(p: ServiceContext["principal"]): SQL | undefined {
  if (p.kind === "system") return undefined;
  const rule = (entities: string[], visibleIds: SQL) =>
    sql`(${auditLog.entity} not in (${sql.join(entities.map((e) => sql`${e}`), sql`, `)}) or ${auditLog.entityId} in (${visibleIds}))`;
  const project = projectVisibility(p) ?? sql`true`;
  const agreement = agreementVisibility(p) ?? sql`true`;
  return and(
    rule(["project"], sql`select ${projects.id}::text from ${projects} where ${project}`),
    rule(["phase"], sql`select ph.id::text from ${phases} ph join ${projects} on ${projects.id} = ph.project_id where ${project}`),
    rule(["transaction"], sql`select tr.id::text from ${transactions} tr join ${projects} on ${projects.id} = tr.project_id where ${project}`),
    rule(["progress_report"], sql`select pr.id::text from ${progressReports} pr join ${projects} on ${projects.id} = pr.project_id where ${project}`),
    rule(["agreement"], sql`select ${agreements.id}::text from ${agreements} where ${agreement}`),
    rule(["obligation"], sql`select ob.id::text from ${obligations} ob join ${agreements} on ${agreements.id} = ob.agreement_id where ${agreement}`),
    rule(["event"], sql`select ${events.id}::text from ${events} where ${eventVisibility(p) ?? sql`true`}`),
  );
}

/** The audit log, newest first. Staff only; there is deliberately no write path for it. */
export async function listAudit(ctx: ServiceContext, query: z.infer<typeof ZAuditQuery>): Promise<Page<AuditEntry>> {
  authorize(ctx.principal, policies.audit.read(ctx.principal), "read", "audit");
  const where: SQL[] = [];
  for (const rule of [bulletinRows(ctx.principal), restrictedRecordRows(ctx.principal)]) if (rule) where.push(rule);
  if (query.entity) where.push(eq(auditLog.entity, query.entity));
  if (query.entityId) where.push(eq(auditLog.entityId, query.entityId));
  if (query.userId) where.push(eq(auditLog.userId, query.userId));
  if (query.action) where.push(eq(auditLog.action, query.action));
  if (query.since) where.push(gte(auditLog.at, new Date(query.since)));
  if (query.until) where.push(lte(auditLog.at, new Date(query.until)));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [{ total } = { total: 0 }]] = await readAll(ctx, [
    () => ctx.db.select().from(auditLog).where(cond).orderBy(desc(auditLog.id)).limit(query.limit).offset(query.offset),
    () => ctx.db.select({ total: count() }).from(auditLog).where(cond),
  ]);
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total, limit: query.limit, offset: query.offset };
}
