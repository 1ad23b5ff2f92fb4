import { and, eq, max, sql } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, notFound, ruleAt } from "../../core/errors.js";
import { authorize, canWriteOwned, hasRole, isStaff, isUser } from "../../core/policy/index.js";
import { pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import { phases, progressReports, projectParties, projects, transactions } from "../../db/schema/projects.js";
import { resolveActorRef } from "../actors/resolve.js";
import { mechanismInput, frameworkCodeId } from "../mechanisms/read.js";
import { generateSecret } from "../auth/crypto.js";
import { updateVersioned } from "../shared/versioned.js";
import { findVisibleProject, getProject } from "./read.js";
import { ZPhaseCreate, ZPhaseUpdate, ZProjectCreate, ZProjectUpdate, ZReportCreate, ZTransactionCreate, type Project } from "./schemas.js";


export async function createProject(ctx: ServiceContext, raw: z.input<typeof ZProjectCreate>): Promise<Project> {
  const p = ctx.principal;
  authorize(p, isStaff(p) || hasRole(p, "officer"), "create", "project");
  const input = ZProjectCreate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const mechanism = await mechanismInput(tx.db, input.mechanism);
    const pillarId = input.pillar ? await frameworkCodeId(tx.db, pillars, mechanism.id, input.pillar, "pillar") : undefined;
    const areaId = input.priorityArea ? await frameworkCodeId(tx.db, priorityAreas, mechanism.id, input.priorityArea, "priorityArea") : undefined;
    const parties = [];
    for (const [i, x] of input.parties.entries()) parties.push({ ...(await resolveActorRef(tx.db, x.actor, `parties.${i}.actor`)), role: x.role });
    const lead = parties.find((x) => x.role === "lead")!;
    // An officer proposes for its own organisation only: it must be the lead.
    authorize(p, canWriteOwned(p, lead.id), "create", "project");
    const code = input.code ?? `${mechanism.code}-${ctx.now().getUTCFullYear()}-${generateSecret().slice(0, 6).toUpperCase()}`;
    const [dup] = await tx.db.select({ id: projects.id }).from(projects).where(eq(projects.code, code));
    if (dup) throw new AppError("already_exists", { params: { entity: "project", id: code } });
    const [row] = await tx.db
      .insert(projects)
      .values({
        code,
        mechanismId: mechanism.id,
        pillarId,
        priorityAreaId: areaId,
        title: input.title,
        description: input.description,
        sector: input.sector,
        visibility: input.visibility,
        startDate: input.startDate,
        endDate: input.endDate,
        budget: input.budget,
        currency: input.currency,
        ownerOrgId: lead.id,
        createdBy: isUser(p) ? p.userId : null,
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .returning();
    const unique = new Map(parties.map((x) => [`${x.id}:${x.role}`, x]));
    await tx.db.insert(projectParties).values([...unique.values()].map((x) => ({ projectId: row!.id, actorId: x.id, role: x.role })));
    await audit(tx, { entity: "project", entityId: row!.id, action: "create", after: { ...row, parties: input.parties } });
    return getProject(tx, row!.id);
  });
}

/** Serialises writes that read-then-write a project's children (sequence numbers, money totals). */
const lockProject = (ctx: ServiceContext, id: string) => ctx.db.execute(sql`select 1 from ${projects} where ${projects.id} = ${id} for update`);

/** A partial update must leave start and end in order, counting the dates it does not change. */
function assertDatesInOrder(before: { startDate: string | null; endDate: string | null }, patch: { startDate?: string | null; endDate?: string | null }) {
  const start = patch.startDate === undefined ? before.startDate : patch.startDate;
  const end = patch.endDate === undefined ? before.endDate : patch.endDate;
  if (start && end && start > end) throw ruleAt("end_before_start", "endDate");
}

/** Loads a project for writing: invisible is 404, visible but not writable is 403. */
async function writableProject(ctx: ServiceContext, ref: string, action: string) {
  const found = await findVisibleProject(ctx, ref);
  authorize(ctx.principal, canWriteOwned(ctx.principal, found.row.ownerOrgId), action, "project");
  return found;
}

export async function updateProject(ctx: ServiceContext, ref: string, ifMatch: string | undefined, raw: z.input<typeof ZProjectUpdate>): Promise<Project> {
  const input = ZProjectUpdate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const { row: before } = await writableProject(tx, ref, "update");
    // Status changes are the secretariat's decision; the project-cycle workflow refines this.
    if (input.status !== undefined && input.status !== before.status) authorize(ctx.principal, isStaff(ctx.principal), "change_status", "project");
    assertDatesInOrder(before, input);
    const after = await updateVersioned(tx.db, projects, "project", before.id, ifMatch, input, ctx.now());
    await audit(tx, { entity: "project", entityId: before.id, action: "update", before, after });
    return getProject(tx, before.id);
  });
}

export async function addPhase(ctx: ServiceContext, ref: string, raw: z.input<typeof ZPhaseCreate>): Promise<Project> {
  const input = ZPhaseCreate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const { row: project } = await writableProject(tx, ref, "update");
    // Two phases added at once must get distinct sequence numbers.
    await lockProject(tx, project.id);
    const [{ last } = { last: 0 }] = await tx.db.select({ last: max(phases.seq) }).from(phases).where(eq(phases.projectId, project.id));
    const [row] = await tx.db
      .insert(phases)
      .values({ projectId: project.id, seq: (last ?? 0) + 1, ...input })
      .returning();
    await audit(tx, { entity: "phase", entityId: row!.id, action: "create", after: row });
    return getProject(tx, project.id);
  });
}

export async function updatePhase(ctx: ServiceContext, ref: string, seq: number, ifMatch: string | undefined, raw: z.input<typeof ZPhaseUpdate>): Promise<Project> {
  const input = ZPhaseUpdate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const { row: project } = await writableProject(tx, ref, "update");
    const [before] = await tx.db.select().from(phases).where(and(eq(phases.projectId, project.id), eq(phases.seq, seq)));
    if (!before) throw notFound("phase", `${project.code}/${seq}`);
    assertDatesInOrder(before, input);
    const after = await updateVersioned(tx.db, phases, "phase", before.id, ifMatch, input, ctx.now());
    await audit(tx, { entity: "phase", entityId: before.id, action: "update", before, after });
    return getProject(tx, project.id);
  });
}

/**
 * Records a transaction. A disbursement may not take the project's disbursed total beyond what
 * has been committed in that currency; the project row is locked so concurrent disbursements
 * are checked one after the other.
 */
export async function addTransaction(ctx: ServiceContext, ref: string, raw: z.input<typeof ZTransactionCreate>): Promise<Project> {
  const input = ZTransactionCreate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const { row: project } = await writableProject(tx, ref, "update");
    await lockProject(tx, project.id);
    const currency = input.currency ?? project.currency;
    let phaseId: string | undefined;
    if (input.phase !== undefined) {
      const [ph] = await tx.db.select({ id: phases.id }).from(phases).where(and(eq(phases.projectId, project.id), eq(phases.seq, input.phase)));
      if (!ph) throw ruleAt("unknown_phase", "phase", { ref: input.phase });
      phaseId = ph.id;
    }
    if (input.type === "disbursement") {
      const [sums] = await tx.db
        .select({
          committed: sql<string>`coalesce(sum(${transactions.value}) filter (where ${transactions.type} = 'outgoing_commitment'), 0)::numeric(20,2)::text`,
          disbursed: sql<string>`coalesce(sum(${transactions.value}) filter (where ${transactions.type} = 'disbursement'), 0)::numeric(20,2)::text`,
          exceeds: sql<boolean>`coalesce(sum(${transactions.value}) filter (where ${transactions.type} = 'disbursement'), 0) + ${input.value}::numeric > coalesce(sum(${transactions.value}) filter (where ${transactions.type} = 'outgoing_commitment'), 0)`,
        })
        .from(transactions)
        .where(and(eq(transactions.projectId, project.id), eq(transactions.currency, currency)));
      if (sums?.exceeds) throw ruleAt("disbursement_exceeds_commitment", "value", { committed: sums.committed, disbursed: sums.disbursed, currency });
    }
    const provider = input.provider ? await resolveActorRef(tx.db, input.provider, "provider") : undefined;
    const receiver = input.receiver ? await resolveActorRef(tx.db, input.receiver, "receiver") : undefined;
    const p = ctx.principal;
    const [row] = await tx.db
      .insert(transactions)
      .values({
        projectId: project.id,
        phaseId,
        type: input.type,
        instrument: input.instrument,
        value: input.value,
        currency,
        valueDate: input.valueDate,
        providerActorId: provider?.id,
        receiverActorId: receiver?.id,
        description: input.description,
        createdBy: isUser(p) ? p.userId : null,
        createdAt: ctx.now(),
      })
      .returning();
    await audit(tx, { entity: "transaction", entityId: row!.id, action: "create", after: row });
    return getProject(tx, project.id);
  });
}

/** Any party to a project reports progress on it; staff may file on a party's behalf. */
export async function addReport(ctx: ServiceContext, ref: string, raw: z.input<typeof ZReportCreate>): Promise<Project> {
  const input = ZReportCreate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const { row: project, partyOrgIds } = await findVisibleProject(tx, ref);
    const p = ctx.principal;
    authorize(p, isStaff(p) || (hasRole(p, "officer") && isUser(p) && (partyOrgIds.includes(p.orgId) || project.ownerOrgId === p.orgId)), "report", "project");
    const [ph] = await tx.db.select({ id: phases.id }).from(phases).where(and(eq(phases.projectId, project.id), eq(phases.seq, input.phase)));
    if (!ph) throw ruleAt("unknown_phase", "phase", { ref: input.phase });
    const [row] = await tx.db
      .insert(progressReports)
      .values({
        projectId: project.id,
        phaseId: ph.id,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        dueDate: input.dueDate,
        narrative: input.narrative,
        spending: input.spending,
        indicators: input.indicators,
        submittedAt: ctx.now(),
        submittedBy: isUser(p) ? p.userId : null,
      })
      .returning();
    await audit(tx, { entity: "progress_report", entityId: row!.id, action: "create", after: row });
    return getProject(tx, project.id);
  });
}
