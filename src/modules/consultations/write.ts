import { eq, sql } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, forbidden, ruleAt } from "../../core/errors.js";
import { cancelJob, scheduleJob } from "../../core/jobs/index.js";
import { authorize, hasRole, isStaff, isUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { consultationEntries, consultationParties, consultations, type ConsultationEntryKind } from "../../db/schema/consultations.js";
import { resolveActorRef, type ActorRef } from "../actors/resolve.js";
import { generateSecret } from "../auth/crypto.js";
import { getEvent } from "../events/read.js";
import { mechanismInput } from "../mechanisms/read.js";
import { findVisibleProject } from "../projects/read.js";
import { DUE_JOB, DUE_SOON_JOB } from "./jobs.js";
import { authorizeRead, capacitiesOf, findConsultation, getConsultation, partiesOf, proposerOf, type ConsultationRow, type Party } from "./read.js";
import {
  ZConsultationCheck,
  ZConsultationClose,
  ZConsultationEntryCreate,
  ZConsultationExtend,
  ZConsultationReceipt,
  ZConsultationResubmit,
  ZConsultationSubmit,
  type Consultation,
} from "./schemas.js";
import { addMonths, closeAction, consultationTransition, dueSoonAt, mayRecord, type Capacity, type ConsultationAction } from "./workflow.js";

const jobKey = (kind: string, id: string) => `${kind}:${id}`;

const today = (ctx: ServiceContext) => ctx.now().toISOString().slice(0, 10);
const userId = (ctx: ServiceContext) => (isUser(ctx.principal) ? ctx.principal.userId : null);

/** A country named in a request: only countries notify and are consulted under the procedure. */
async function resolveCountry(ctx: ServiceContext, ref: string, path: string): Promise<ActorRef> {
  const a = await resolveActorRef(ctx.db, ref, path);
  const [row] = await ctx.db.select({ level: actors.level }).from(actors).where(eq(actors.id, a.id));
  if (a.type !== "government" || row?.level !== "country") throw ruleAt("consultation_party_not_country", path, { ref });
  return a;
}

async function addEntry(ctx: ServiceContext, consultationId: string, e: { kind: ConsultationEntryKind; actorId?: string | null; eventId?: string | null; on?: string; body?: string | null }) {
  await ctx.db.insert(consultationEntries).values({
    consultationId,
    kind: e.kind,
    actorId: e.actorId ?? null,
    eventId: e.eventId ?? null,
    on: e.on ?? today(ctx),
    body: e.body ?? null,
    by: userId(ctx),
    at: ctx.now(),
  });
}

/** Arms (or moves) the consultation's two timers: a reminder before the end and the end itself. */
async function scheduleClock(ctx: ServiceContext, id: string, dueAt: Date) {
  await scheduleJob(ctx, { kind: DUE_SOON_JOB, key: jobKey(DUE_SOON_JOB, id), runAt: dueSoonAt(dueAt), payload: { consultationId: id } });
  await scheduleJob(ctx, { kind: DUE_JOB, key: jobKey(DUE_JOB, id), runAt: dueAt, payload: { consultationId: id } });
}

/** The proposing country (or staff) notifies a planned project to the affected countries. */
export async function submitConsultation(ctx: ServiceContext, raw: z.input<typeof ZConsultationSubmit>): Promise<Consultation> {
  const p = ctx.principal;
  authorize(p, isStaff(p) || hasRole(p, "officer"), "create", "consultation");
  const input = ZConsultationSubmit.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const mechanism = await mechanismInput(tx.db, input.mechanism);
    const proposer = await resolveCountry(tx, input.proposer, "proposer");
    if (!isStaff(p)) {
      const { as } = await capacitiesOf(tx, { actorId: proposer.id, countryCode: proposer.countryCode }, []);
      if (!as.includes("proposer")) throw forbidden("create", "consultation");
    }
    const partyIds: string[] = [];
    for (const [i, ref] of input.affectedParties.entries()) {
      const a = await resolveCountry(tx, ref, `affectedParties.${i}`);
      if (a.id === proposer.id) throw ruleAt("affected_party_is_proposer", `affectedParties.${i}`, { ref });
      if (partyIds.includes(a.id)) throw ruleAt("duplicate_party", `affectedParties.${i}`, { ref });
      partyIds.push(a.id);
    }
    const project = input.project
      ? (
          await findVisibleProject(tx, input.project).catch(() => {
            throw ruleAt("unknown_project", "project", { ref: input.project! });
          })
        ).row
      : null;
    const now = tx.now();
    const code = input.code ?? `PNC-${now.getUTCFullYear()}-${generateSecret().slice(0, 6).toUpperCase()}`;
    const [dup] = await tx.db.select({ id: consultations.id }).from(consultations).where(eq(consultations.code, code));
    if (dup) throw new AppError("already_exists", { params: { entity: "consultation", id: code } });
    const [row] = await tx.db
      .insert(consultations)
      .values({
        code,
        mechanismId: mechanism.id,
        projectId: project?.id ?? null,
        subject: input.subject,
        title: input.title,
        description: input.description ?? null,
        proposerActorId: proposer.id,
        status: "submitted",
        submittedAt: now,
        periodMonths: mechanism.consultationMonths,
        createdBy: userId(tx),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.db.insert(consultationParties).values(partyIds.map((actorId) => ({ consultationId: row!.id, actorId })));
    await addEntry(tx, row!.id, { kind: "submitted", actorId: proposer.id });
    await audit(tx, { entity: "consultation", entityId: row!.id, action: "submit", after: { ...row, affectedParties: input.affectedParties } });
    return getConsultation(tx, row!.id);
  });
}

type Step = {
  tx: ServiceContext;
  row: ConsultationRow;
  parties: Party[];
  proposer: Awaited<ReturnType<typeof proposerOf>>;
  as: Capacity[];
  ownParty: Party | null;
};

/**
 * One step of the procedure: locks the consultation, works out who the caller is to it, checks
 * the transition table, runs `fn` and writes the audit row, all in one transaction.
 */
async function step(ctx: ServiceContext, ref: string, action: ConsultationAction, fn: (s: Step) => Promise<Partial<typeof consultations.$inferInsert>>): Promise<Consultation> {
  authorizeRead(ctx);
  return withTransaction(ctx, async (tx) => {
    const row = await findConsultation(tx, ref, true);
    const parties = (await partiesOf(tx, [row.id])).get(row.id) ?? [];
    const proposer = await proposerOf(tx, row);
    const { as, ownParty } = await capacitiesOf(tx, proposer, parties);
    const t = consultationTransition(row.status, action, as);
    if (!t.ok && t.code === "forbidden") throw forbidden("update", "consultation");
    if (!t.ok) {
      throw new AppError("conflict", {
        params: { entity: "consultation" },
        details: [{ path: "status", code: "invalid_transition", message: "invalid_transition", from: row.status, action }],
      });
    }
    const changes = await fn({ tx, row, parties, proposer, as, ownParty });
    const [after] = await tx.db
      .update(consultations)
      .set({ status: t.to, ...changes, version: sql`${consultations.version} + 1`, updatedAt: tx.now() })
      .where(eq(consultations.id, row.id))
      .returning();
    await audit(tx, { entity: "consultation", entityId: row.id, action, before: row, after });
    return getConsultation(tx, row.id);
  });
}

/** The secretariat's completeness check: forward to the parties, or return for completion. */
export async function checkConsultation(ctx: ServiceContext, ref: string, raw: z.input<typeof ZConsultationCheck>): Promise<Consultation> {
  const input = ZConsultationCheck.parse(raw);
  return step(ctx, ref, input.complete ? "check_complete" : "check_incomplete", async ({ tx, row }) => {
    if (!input.complete) {
      await addEntry(tx, row.id, { kind: "completeness_check", body: input.reason });
      return {};
    }
    await addEntry(tx, row.id, { kind: "forwarded", body: input.reason ?? null });
    return { forwardedAt: tx.now() };
  });
}

/** The proposer completes a returned notification and submits it again. */
export async function resubmitConsultation(ctx: ServiceContext, ref: string, raw: z.input<typeof ZConsultationResubmit>): Promise<Consultation> {
  const input = ZConsultationResubmit.parse(raw);
  return step(ctx, ref, "resubmit", async ({ tx, row }) => {
    await addEntry(tx, row.id, { kind: "resubmitted", actorId: row.proposerActorId, body: input.note ?? null });
    return input.description ? { description: input.description } : {};
  });
}

/** Picks the party an entry is from: named (staff may name any; an officer only its own), or the officer's own. */
async function pickParty(s: Step, ref: string | undefined, path: string) {
  if (ref === undefined) return s.ownParty;
  const a = await resolveActorRef(s.tx.db, ref, path);
  const party = s.parties.find((p) => p.actorId === a.id);
  if (!party) throw ruleAt("not_affected_party", path, { ref });
  if (!s.as.includes("staff") && s.ownParty?.actorId !== party.actorId) throw forbidden("update", "consultation");
  return party;
}

/**
 * An affected party acknowledges receipt. The last receipt starts the clock: the period runs
 * from that moment for the mechanism's months, and the two timers are armed.
 */
export async function receiveConsultation(ctx: ServiceContext, ref: string, raw: z.input<typeof ZConsultationReceipt>): Promise<Consultation> {
  const input = ZConsultationReceipt.parse(raw);
  return step(ctx, ref, "receive", async (s) => {
    const party = await pickParty(s, input.party, "party");
    if (!party) throw ruleAt("party_required", "party");
    if (party.receivedAt) throw ruleAt("already_received", "party", { ref: party.code });
    const now = s.tx.now();
    await s.tx.db.update(consultationParties).set({ receivedAt: now }).where(sql`${consultationParties.consultationId} = ${s.row.id} and ${consultationParties.actorId} = ${party.actorId}`);
    await addEntry(s.tx, s.row.id, { kind: "received", actorId: party.actorId, on: input.on });
    const waiting = s.parties.filter((p) => !p.receivedAt && p.actorId !== party.actorId);
    if (waiting.length) return {};
    const dueAt = addMonths(now, s.row.periodMonths);
    await scheduleClock(s.tx, s.row.id, dueAt);
    return { status: "in_consultation", clockStartedAt: now, dueAt };
  });
}

/** A reply, technical review, meeting or note on the record while the parties consult. */
export async function recordConsultationEntry(ctx: ServiceContext, ref: string, raw: z.input<typeof ZConsultationEntryCreate>): Promise<Consultation> {
  const input = ZConsultationEntryCreate.parse(raw);
  return step(ctx, ref, "record", async (s) => {
    if (!mayRecord(input.kind, s.as)) throw forbidden("update", "consultation");
    const party = await pickParty(s, input.party, "party");
    // A reply is always some party's: staff entering one must say whose.
    if (input.kind === "reply" && !party) throw ruleAt("party_required", "party");
    const actorId = party?.actorId ?? (s.as.includes("proposer") && !s.as.includes("staff") ? s.row.proposerActorId : null);
    let eventId: string | null = null;
    if (input.event) {
      const event = await getEvent(s.tx, input.event).catch(() => {
        throw ruleAt("unknown_event", "event", { ref: input.event! });
      });
      eventId = event.id;
    }
    await addEntry(s.tx, s.row.id, { kind: input.kind, actorId, eventId, on: input.on, body: input.body });
    return {};
  });
}

/** Extends the period by the parties' joint decision: every one of them must have agreed. */
export async function extendConsultation(ctx: ServiceContext, ref: string, raw: z.input<typeof ZConsultationExtend>): Promise<Consultation> {
  const input = ZConsultationExtend.parse(raw);
  return step(ctx, ref, "extend", async ({ tx, row, parties, proposer }) => {
    const agreed = new Set<string>();
    for (const [i, code] of input.agreedBy.entries()) {
      const a = await resolveActorRef(tx.db, code, `agreedBy.${i}`);
      if (a.id !== proposer.actorId && !parties.some((p) => p.actorId === a.id)) throw ruleAt("not_a_party", `agreedBy.${i}`, { ref: code });
      agreed.add(a.id);
    }
    const missing = [proposer, ...parties].filter((p) => !agreed.has(p.actorId)).map((p) => p.code);
    if (missing.length) throw ruleAt("extension_needs_all_parties", "agreedBy", { missing: missing.join(", ") });
    const dueAt = addMonths(row.dueAt!, input.months);
    await scheduleClock(tx, row.id, dueAt);
    await addEntry(tx, row.id, { kind: "extension", on: input.on, body: `+${input.months} · ${input.decision}` });
    return { dueAt, extensions: row.extensions + 1 };
  });
}

/** Records the outcome and stops the timers. */
export async function closeConsultation(ctx: ServiceContext, ref: string, raw: z.input<typeof ZConsultationClose>): Promise<Consultation> {
  const input = ZConsultationClose.parse(raw);
  return step(ctx, ref, closeAction(input.outcome), async ({ tx, row }) => {
    await cancelJob(tx, jobKey(DUE_SOON_JOB, row.id));
    await cancelJob(tx, jobKey(DUE_JOB, row.id));
    await addEntry(tx, row.id, { kind: "outcome", body: input.note ? `${input.outcome} · ${input.note}` : input.outcome });
    return { outcome: input.outcome, conditions: input.conditions ?? null, closedAt: tx.now() };
  });
}
