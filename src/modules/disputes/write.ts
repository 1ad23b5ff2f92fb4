import { createHash } from "node:crypto";
import { and, count, eq, like, sql } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, forbidden, ruleAt } from "../../core/errors.js";
import { authorize, hasRole, isStaff, isUser } from "../../core/policy/index.js";
import { cancelJob, scheduleJob } from "../../core/jobs/index.js";
import { disputeEntries, disputeParties, disputes } from "../../db/schema/disputes.js";
import { type DisputeStage, mechanisms } from "../../db/schema/mechanisms.js";
import { users } from "../../db/schema/users.js";
import { ATTACHMENT_TYPES, cleanFilename, MAX_ATTACHMENT_BYTES, matchesType } from "../applications/attachments.js";
import { resolveActorRef, type ActorRef } from "../actors/resolve.js";
import { mechanismInput } from "../mechanisms/read.js";
import { findVisibleAgreement, findVisibleObligation } from "../obligations/read.js";
import { findVisibleProject } from "../projects/read.js";
import { findVisibleDispute, getDispute } from "./read.js";
import { ZDisputeClose, ZDisputeEntryCreate, ZDisputeEscalate, ZDisputeOpen, type Dispute, type DisputeEntry } from "./schemas.js";
import { addDays, closeBlocked, escalationBlocked, mediatorRequired, nextStage } from "./stages.js";
import { canNote, speaksForParty, type DisputeAudience } from "./visibility.js";

export const DISPUTE_DEADLINE_JOB = "dispute-deadline";
export const MAX_DISPUTE_DOCUMENTS = 50;
/** Documents of a case: the same types and size limit as application attachments. */
export const DISPUTE_DOCUMENT_TYPES = ATTACHMENT_TYPES;

/** One timer per case and stage, so an escalation leaves the old stage's timer harmless. */
export const deadlineKey = (id: string, stage: DisputeStage) => `dispute-deadline:${id}:${stage}`;

type Row = typeof disputes.$inferSelect;

const userId = (ctx: ServiceContext) => (isUser(ctx.principal) ? ctx.principal.userId : null);

function futureDeadline(ctx: ServiceContext, iso: string | undefined, fallback: Date): Date {
  if (!iso) return fallback;
  const at = new Date(iso);
  if (at.getTime() <= ctx.now().getTime()) throw ruleAt("deadline_not_future", "deadline");
  return at;
}

/**
 * The record a case is about, looked up as the caller sees it: a record the caller may not see
 * (a restricted project of other organisations) is as unknown as one that does not exist, so
 * opening a case cannot tell whether it exists nor tie a case to it.
 */
async function subjectId(ctx: ServiceContext, input: z.infer<typeof ZDisputeOpen>) {
  const asUnknown = (rule: string, path: string, ref: string) => (err: unknown) => {
    throw err instanceof AppError && err.code === "not_found" ? ruleAt(rule, path, { ref }) : err;
  };
  if (input.project) {
    const { row } = await findVisibleProject(ctx, input.project).catch(asUnknown("unknown_project", "project", input.project));
    return { projectId: row.id };
  }
  if (input.agreement) {
    const a = await findVisibleAgreement(ctx, input.agreement).catch(asUnknown("unknown_agreement", "agreement", input.agreement));
    return { agreementId: a.id };
  }
  if (input.obligation) {
    const { row } = await findVisibleObligation(ctx, input.obligation).catch(asUnknown("unknown_obligation", "obligation", input.obligation));
    return { obligationId: row.id };
  }
  return {};
}

/**
 * Opens a case at negotiation. Staff may open any case; an officer only one its own
 * organisation is a party to, since a case concerns its parties alone.
 */
export async function openDispute(ctx: ServiceContext, raw: z.input<typeof ZDisputeOpen>): Promise<Dispute> {
  const p = ctx.principal;
  authorize(p, isStaff(p) || hasRole(p, "officer"), "create", "dispute");
  const input = ZDisputeOpen.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const mechanism = await mechanismInput(tx.db, input.mechanism);
    const parties: ActorRef[] = [];
    for (const [i, ref] of input.parties.entries()) {
      const a = await resolveActorRef(tx.db, ref, `parties.${i}`);
      if (parties.some((x) => x.id === a.id)) throw ruleAt("duplicate_party", `parties.${i}`, { ref });
      parties.push(a);
    }
    if (!isStaff(p) && !(isUser(p) && parties.some((a) => a.id === p.orgId))) throw forbidden("create", "dispute");
    const subject = await subjectId(tx, input);
    const now = tx.now();
    const deadline = futureDeadline(tx, input.deadline, addDays(now, mechanism.disputeStageDays.negotiation));
    const year = now.getUTCFullYear();
    const [{ n } = { n: 0 }] = await tx.db.select({ n: count() }).from(disputes).where(like(disputes.code, `DSP-${year}-%`));
    const code = `DSP-${year}-${String(n + 1).padStart(4, "0")}`;
    const [row] = await tx.db
      .insert(disputes)
      .values({
        code,
        mechanismId: mechanism.id,
        ...subject,
        title: input.title,
        summary: input.summary,
        stage: "negotiation",
        stageStartedAt: now,
        stageDeadline: deadline,
        status: "open",
        openedAt: now,
        createdBy: userId(tx),
      })
      .returning();
    await tx.db.insert(disputeParties).values(parties.map((a) => ({ disputeId: row!.id, actorId: a.id })));
    await tx.db.insert(disputeEntries).values({ disputeId: row!.id, kind: "stage", stage: "negotiation", by: userId(tx), at: now });
    await scheduleJob(tx, { kind: DISPUTE_DEADLINE_JOB, key: deadlineKey(row!.id, "negotiation"), runAt: deadline, payload: { disputeId: row!.id, stage: "negotiation" } });
    await audit(tx, { entity: "dispute", entityId: row!.id, action: "create", after: { ...row, parties: parties.map((a) => a.code) } });
    return getDispute(tx, row!.id);
  });
}

/** A party's position or a mediator's note, in the stage the case is at. */
export async function addDisputeEntry(ctx: ServiceContext, ref: string, raw: z.input<typeof ZDisputeEntryCreate>): Promise<DisputeEntry> {
  const input = ZDisputeEntryCreate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const { row, audience } = await findVisibleDispute(tx, ref);
    const p = tx.principal;
    const allowed = input.kind === "position" ? speaksForParty(p, audience) : canNote(p, audience);
    authorize(p, allowed, input.kind === "position" ? "state_position" : "note", "dispute");
    if (row.status !== "open") throw ruleAt("dispute_closed", "dispute", { status: row.status });
    // A position speaks for the user's own organisation; a note for the mediator when a mediator's officer writes it.
    const actorId = isUser(p) && (audience.partyOrgIds.includes(p.orgId) || audience.mediatorOrgId === p.orgId) ? p.orgId : null;
    const [entry] = await tx.db.insert(disputeEntries).values({ disputeId: row.id, kind: input.kind, actorId, stage: row.stage, body: input.body, by: userId(tx), at: tx.now() }).returning();
    await audit(tx, { entity: "dispute_entry", entityId: entry!.id, action: "create", after: { dispute: row.code, kind: input.kind, stage: row.stage, body: input.body } });
    return (await getDispute(tx, row.id)).entries.find((e) => e.id === entry!.id)!;
  });
}

/** Files a document (PDF, PNG or JPEG, at most 10 MB) on an open case, for a party, the mediator or staff. */
export async function addDisputeDocument(ctx: ServiceContext, ref: string, file: { filename: string; contentType: string; data: Uint8Array }): Promise<DisputeEntry> {
  return withTransaction(ctx, async (tx) => {
    const { row, audience } = await findVisibleDispute(tx, ref);
    const p = tx.principal;
    authorize(p, speaksForParty(p, audience) || canNote(p, audience), "file_document", "dispute");
    if (row.status !== "open") throw ruleAt("dispute_closed", "dispute", { status: row.status });
    const filename = cleanFilename(file.filename);
    if (!filename) throw new AppError("validation_failed", { details: [{ path: "filename", code: "invalid_filename", message: "invalid_filename" }] });
    if (!DISPUTE_DOCUMENT_TYPES[file.contentType]) throw new AppError("unsupported_media_type");
    if (file.data.length === 0 || file.data.length > MAX_ATTACHMENT_BYTES) throw new AppError("payload_too_large");
    if (!matchesType(file.contentType, file.data)) throw ruleAt("attachment_type_mismatch", "body", { type: file.contentType });
    const [{ n } = { n: 0 }] = await tx.db.select({ n: count() }).from(disputeEntries).where(and(eq(disputeEntries.disputeId, row.id), eq(disputeEntries.kind, "document")));
    if (n >= MAX_DISPUTE_DOCUMENTS) throw ruleAt("too_many_attachments", "body", { max: MAX_DISPUTE_DOCUMENTS });
    const actorId = isUser(p) && (audience.partyOrgIds.includes(p.orgId) || audience.mediatorOrgId === p.orgId) ? p.orgId : null;
    const sha256 = createHash("sha256").update(file.data).digest("hex");
    const [entry] = await tx.db
      .insert(disputeEntries)
      .values({ disputeId: row.id, kind: "document", actorId, stage: row.stage, filename, contentType: file.contentType, size: file.data.length, sha256, data: Buffer.from(file.data), by: userId(tx), at: tx.now() })
      .returning({ id: disputeEntries.id });
    await audit(tx, { entity: "dispute_document", entityId: entry!.id, action: "create", after: { dispute: row.code, filename, contentType: file.contentType, size: file.data.length, sha256 } });
    return (await getDispute(tx, row.id)).entries.find((e) => e.id === entry!.id)!;
  });
}

/**
 * Moves an open case to its next stage: a new deadline (given, or the mechanism's days for the
 * stage), a mediator where the stage needs one, a stage entry, and the next stage's timer. The
 * deadline timer calls this too, acting as the system.
 */
export async function escalateCase(tx: ServiceContext, row: Row, audience: DisputeAudience, opts: { deadline?: string; mediator?: string; reason?: string }): Promise<DisputeStage> {
  const blocked = escalationBlocked(row.status, row.stage);
  if (blocked) throw ruleAt(blocked, "stage", { status: row.status });
  const to = nextStage(row.stage)!;
  let mediatorId = row.mediatorActorId;
  if (opts.mediator) {
    const m = await resolveActorRef(tx.db, opts.mediator, "mediator");
    if (audience.partyOrgIds.includes(m.id)) throw ruleAt("mediator_is_party", "mediator", { ref: opts.mediator });
    mediatorId = m.id;
  } else if (mediatorRequired(to)) throw ruleAt("mediator_required", "mediator");
  const [mech] = await tx.db.select({ days: mechanisms.disputeStageDays }).from(mechanisms).where(eq(mechanisms.id, row.mechanismId));
  const now = tx.now();
  const deadline = futureDeadline(tx, opts.deadline, addDays(now, mech!.days[to]));
  const [after] = await tx.db
    .update(disputes)
    .set({ stage: to, stageStartedAt: now, stageDeadline: deadline, mediatorActorId: mediatorId, escalations: sql`${disputes.escalations} + 1`, version: sql`${disputes.version} + 1`, updatedAt: now })
    // Only from the stage read: two escalations racing move the case once.
    .where(and(eq(disputes.id, row.id), eq(disputes.stage, row.stage), eq(disputes.status, "open")))
    .returning();
  if (!after) throw new AppError("conflict", { params: { entity: "dispute", id: row.code } });
  await tx.db.insert(disputeEntries).values({ disputeId: row.id, kind: "stage", stage: to, actorId: mediatorId, body: opts.reason, by: userId(tx), at: now });
  await cancelJob(tx, deadlineKey(row.id, row.stage));
  await scheduleJob(tx, { kind: DISPUTE_DEADLINE_JOB, key: deadlineKey(row.id, to), runAt: deadline, payload: { disputeId: row.id, stage: to } });
  await audit(tx, { entity: "dispute", entityId: row.id, action: "escalate", before: { stage: row.stage, stageDeadline: row.stageDeadline }, after: { stage: to, stageDeadline: deadline, mediatorActorId: mediatorId, reason: opts.reason ?? null } });
  return to;
}

/** A party or staff asks for the next stage. */
export async function escalateDispute(ctx: ServiceContext, ref: string, raw: z.input<typeof ZDisputeEscalate>): Promise<Dispute> {
  const input = ZDisputeEscalate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const { row, audience } = await findVisibleDispute(tx, ref);
    authorize(tx.principal, isStaff(tx.principal) || speaksForParty(tx.principal, audience), "escalate", "dispute");
    await escalateCase(tx, row, audience, input);
    return getDispute(tx, row.id);
  });
}

/**
 * Closes a case: settled or (at arbitration) by award, by staff; withdrawn by staff or by the
 * party that opened it. Its pending timer is cancelled.
 */
export async function closeDispute(ctx: ServiceContext, ref: string, raw: z.input<typeof ZDisputeClose>): Promise<Dispute> {
  const input = ZDisputeClose.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const { row, audience } = await findVisibleDispute(tx, ref);
    const p = tx.principal;
    let allowed = isStaff(p);
    if (!allowed && input.outcome === "withdrawn" && speaksForParty(p, audience) && row.createdBy && isUser(p)) {
      const [opener] = await tx.db.select({ orgId: users.orgId }).from(users).where(eq(users.id, row.createdBy));
      allowed = opener?.orgId === p.orgId;
    }
    authorize(p, allowed, input.outcome === "withdrawn" ? "withdraw" : "close", "dispute");
    const blocked = closeBlocked(row.status, row.stage, input.outcome);
    if (blocked) throw ruleAt(blocked, "outcome", { status: row.status });
    const now = tx.now();
    const [after] = await tx.db
      .update(disputes)
      .set({ status: input.outcome, outcome: input.text, closedAt: now, version: sql`${disputes.version} + 1`, updatedAt: now })
      .where(and(eq(disputes.id, row.id), eq(disputes.status, "open")))
      .returning();
    if (!after) throw new AppError("conflict", { params: { entity: "dispute", id: row.code } });
    await cancelJob(tx, deadlineKey(row.id, row.stage));
    await audit(tx, { entity: "dispute", entityId: row.id, action: "close", before: { status: row.status }, after: { status: input.outcome, outcome: input.text, closedAt: now } });
    return getDispute(tx, row.id);
  });
}
