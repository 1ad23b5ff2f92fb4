import { count, eq } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, ruleAt } from "../../core/errors.js";
import { cancelJob, scheduleJob } from "../../core/jobs/index.js";
import { authorize, canWriteOwned, hasRole, isStaff, isUser } from "../../core/policy/index.js";
import { agreementParties, agreements } from "../../db/schema/fund.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { obligationFulfilments, obligations } from "../../db/schema/obligations.js";
import { projects } from "../../db/schema/projects.js";
import { resolveActorRef } from "../actors/resolve.js";
import { generateSecret } from "../auth/crypto.js";
import { updateVersioned } from "../shared/versioned.js";
import { mechanismInput } from "../mechanisms/read.js";
import { findVisibleAgreement, findVisibleObligation, getAgreement, getObligation, signatoryIds, today } from "./read.js";
import { fulfilmentProblem, overdueKey, planTimers, reminderKey } from "./rules.js";
import type { AgreementDetail, Obligation, ZAgreementNew, ZFulfilmentNew, ZObligationChange, ZObligationNew } from "./schemas.js";

/** Staff, or an officer of one of the organisations named (a signatory, an obligation's owner). */
const staffOrOfficerOf = (ctx: ServiceContext, orgIds: readonly string[]) => {
  const p = ctx.principal;
  return isStaff(p) || (isUser(p) && hasRole(p, "officer") && orgIds.includes(p.orgId));
};

/** Records a standalone agreement or MoU: staff, or an officer whose organisation signed it. */
export async function createAgreement(ctx: ServiceContext, input: z.infer<typeof ZAgreementNew>): Promise<AgreementDetail> {
  const p = ctx.principal;
  authorize(p, isStaff(p) || hasRole(p, "officer"), "create", "agreement");
  return withTransaction(ctx, async (tx) => {
    const signers: string[] = [];
    for (const [i, ref] of input.signatories.entries()) {
      const a = await resolveActorRef(tx.db, ref, `signatories.${i}`);
      if (signers.includes(a.id)) throw ruleAt("duplicate_party", `signatories.${i}`, { ref });
      signers.push(a.id);
    }
    authorize(p, staffOrOfficerOf(ctx, signers), "create", "agreement");
    const mechanism = input.mechanism
      ? await mechanismInput(tx.db, input.mechanism)
      : undefined;
    const code = input.code ?? `${input.kind === "mou" ? "MOU" : "AGR"}-${input.signedOn.slice(0, 4)}-${generateSecret().slice(0, 5).toUpperCase()}`;
    const [dup] = await tx.db.select({ id: agreements.id }).from(agreements).where(eq(agreements.code, code));
    if (dup) throw new AppError("already_exists", { params: { entity: "agreement", id: code } });
    const now = tx.now();
    const [row] = await tx.db
      .insert(agreements)
      .values({
        code,
        kind: input.kind,
        mechanismId: mechanism?.id ?? null,
        title: input.title,
        description: input.description ?? null,
        signedOn: input.signedOn,
        createdBy: isUser(p) ? p.userId : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.db.insert(agreementParties).values(signers.map((actorId) => ({ agreementId: row!.id, actorId })));
    await audit(tx, { entity: "agreement", entityId: row!.id, action: "create", after: { ...row, signatories: input.signatories } });
    return getAgreement(tx, row!.id);
  });
}

/** The reminder lead times of the agreement's mechanism (its own, or its project's); the default without one. */
async function reminderDaysOf(ctx: ServiceContext, agreement: typeof agreements.$inferSelect): Promise<number[]> {
  let mechanismId = agreement.mechanismId;
  if (!mechanismId && agreement.projectId) {
    const [p] = await ctx.db.select({ mechanismId: projects.mechanismId }).from(projects).where(eq(projects.id, agreement.projectId));
    mechanismId = p?.mechanismId ?? null;
  }
  if (!mechanismId) return [30, 7];
  const [m] = await ctx.db.select({ reminderDays: mechanisms.reminderDays }).from(mechanisms).where(eq(mechanisms.id, mechanismId));
  return m?.reminderDays ?? [30, 7];
}

/** Sets (or moves) an obligation's reminders and overdue notice to match its due date. */
async function armTimers(ctx: ServiceContext, agreement: typeof agreements.$inferSelect, o: { id: string; code: string; dueDate: string }) {
  const { schedule, cancel } = planTimers(o.id, o.dueDate, await reminderDaysOf(ctx, agreement), ctx.now());
  for (const key of cancel) await cancelJob(ctx, key);
  for (const t of schedule) await scheduleJob(ctx, { kind: t.kind, key: t.key, runAt: t.runAt, payload: { obligationId: o.id, dueDate: o.dueDate, ...(t.days ? { days: t.days } : {}) } });
}

async function disarmTimers(ctx: ServiceContext, agreement: typeof agreements.$inferSelect, obligationId: string) {
  for (const days of await reminderDaysOf(ctx, agreement)) await cancelJob(ctx, reminderKey(obligationId, days));
  await cancelJob(ctx, overdueKey(obligationId));
}

/** Adds an obligation owed by one signatory: staff, or an officer of a signatory. */
export async function addObligation(ctx: ServiceContext, agreementRef: string, input: z.infer<typeof ZObligationNew>): Promise<Obligation> {
  const p = ctx.principal;
  authorize(p, isStaff(p) || hasRole(p, "officer"), "update", "agreement");
  return withTransaction(ctx, async (tx) => {
    const agreement = await findVisibleAgreement(tx, agreementRef);
    const signers = await signatoryIds(tx, agreement.id);
    authorize(p, staffOrOfficerOf(ctx, signers), "update", "agreement");
    const owner = await resolveActorRef(tx.db, input.owner, "owner");
    if (!signers.includes(owner.id)) throw ruleAt("owner_not_signatory", "owner", { ref: input.owner });
    if (input.dueDate < agreement.signedOn) throw ruleAt("due_before_signing", "dueDate", { signedOn: agreement.signedOn });
    const [{ n } = { n: 0 }] = await tx.db.select({ n: count() }).from(obligations).where(eq(obligations.agreementId, agreement.id));
    const code = input.code ?? `${agreement.code}-O${n + 1}`;
    const [dup] = await tx.db.select({ id: obligations.id }).from(obligations).where(eq(obligations.code, code));
    if (dup) throw new AppError("already_exists", { params: { entity: "obligation", id: code } });
    const now = tx.now();
    const [row] = await tx.db
      .insert(obligations)
      .values({ code, agreementId: agreement.id, ownerActorId: owner.id, title: input.title, description: input.description ?? null, dueDate: input.dueDate, createdBy: isUser(p) ? p.userId : null, createdAt: now, updatedAt: now })
      .returning();
    await armTimers(tx, agreement, row!);
    await audit(tx, { entity: "obligation", entityId: row!.id, action: "create", after: row });
    return getObligation(tx, row!.id);
  });
}

/** Changes an obligation's title, description or due date (moving its timers): staff, or an officer of a signatory. */
export async function changeObligation(ctx: ServiceContext, ref: string, ifMatch: string | undefined, input: z.infer<typeof ZObligationChange>): Promise<Obligation> {
  const p = ctx.principal;
  authorize(p, isStaff(p) || hasRole(p, "officer"), "update", "obligation");
  return withTransaction(ctx, async (tx) => {
    const { row, agreement } = await findVisibleObligation(tx, ref);
    authorize(p, staffOrOfficerOf(ctx, await signatoryIds(tx, agreement.id)), "update", "obligation");
    if (input.dueDate && input.dueDate < agreement.signedOn) throw ruleAt("due_before_signing", "dueDate", { signedOn: agreement.signedOn });
    const after = await updateVersioned(tx.db, obligations, "obligation", row.id, ifMatch, input, tx.now());
    // A closed obligation keeps its timers cancelled; an open one follows its due date.
    if (input.dueDate && input.dueDate !== row.dueDate && row.status === null) await armTimers(tx, agreement, after);
    await audit(tx, { entity: "obligation", entityId: row.id, action: "update", before: row, after });
    return getObligation(tx, row.id);
  });
}

/**
 * Records how an obligation was met, with evidence: staff, or an officer of the owner. A later
 * record supersedes the status; every record stays in the history. The reminders stop.
 */
export async function recordFulfilment(ctx: ServiceContext, ref: string, input: z.infer<typeof ZFulfilmentNew>): Promise<Obligation> {
  const p = ctx.principal;
  authorize(p, isStaff(p) || hasRole(p, "officer"), "fulfil", "obligation");
  return withTransaction(ctx, async (tx) => {
    const { row, agreement } = await findVisibleObligation(tx, ref);
    authorize(p, canWriteOwned(p, row.ownerActorId), "fulfil", "obligation");
    const problem = fulfilmentProblem(input.status, input.fulfilledOn, row.dueDate, today(tx));
    if (problem) throw ruleAt(problem, problem === "fulfilment_in_future" ? "fulfilledOn" : "status", { dueDate: row.dueDate, fulfilledOn: input.fulfilledOn });
    const now = tx.now();
    const [record] = await tx.db
      .insert(obligationFulfilments)
      .values({ obligationId: row.id, status: input.status, fulfilledOn: input.fulfilledOn, evidence: input.evidence, evidenceUrl: input.evidenceUrl ?? null, recordedBy: isUser(p) ? p.userId : null, recordedAt: now })
      .returning();
    const [after] = await tx.db.update(obligations).set({ status: input.status, version: row.version + 1, updatedAt: now }).where(eq(obligations.id, row.id)).returning();
    await disarmTimers(tx, agreement, row.id);
    await audit(tx, { entity: "obligation", entityId: row.id, action: "fulfil", before: row, after: { ...after, fulfilment: record } });
    return getObligation(tx, row.id);
  });
}
