import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, ruleAt } from "../../core/errors.js";
import { authorize, canWriteOwned, hasRole, isStaff, requireUser } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { applicationParties, applications, calls, reviews } from "../../db/schema/fund.js";
import { memberships, mechanisms, pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import { phases, projectParties, projects } from "../../db/schema/projects.js";
import { users } from "../../db/schema/users.js";
import { resolveActorRef, type ActorRef } from "../actors/resolve.js";
import { findCall } from "../calls/calls.js";
import { frameworkCodeId } from "../mechanisms/read.js";
import { generateSecret } from "../auth/crypto.js";
import { isUuid } from "../shared/refs.js";
import { applicationPartyFacts, findVisibleApplication, getApplication } from "./read.js";
import { callState, reviewSummary, scoreProblems, screenApplication, weightedTotal } from "./rules.js";
import type { Application, ZApplicationAction, ZApplicationCreate, ZApplicationUpdate, ZAssignReviewers, ZReviewSubmit } from "./schemas.js";
import { applicationTransition, EDITABLE_STATES, type ApplicationAction, type ApplicationState } from "./workflow.js";
import { updateVersioned } from "../shared/versioned.js";


/** Drafts an application to a call: an officer for its own organisation, or staff on behalf of one. */
export async function createApplication(ctx: ServiceContext, input: z.infer<typeof ZApplicationCreate>): Promise<Application> {
  const p = ctx.principal;
  authorize(p, isStaff(p) || hasRole(p, "officer"), "create", "application");
  return withTransaction(ctx, async (tx) => {
    const { call } = await findCall(tx, input.call).catch(() => {
      throw ruleAt("unknown_call", "call", { ref: input.call });
    });
    const lead = await resolveActorRef(tx.db, input.lead, "lead");
    authorize(p, canWriteOwned(p, lead.id), "create", "application");
    const co: ActorRef[] = [];
    for (const [i, ref] of input.coApplicants.entries()) {
      const a = await resolveActorRef(tx.db, ref, `coApplicants.${i}`);
      if (a.id === lead.id || co.some((x) => x.id === a.id)) throw ruleAt("duplicate_party", `coApplicants.${i}`, { ref });
      co.push(a);
    }
    const pillarId = input.pillar ? await frameworkCodeId(tx.db, pillars, call.mechanismId, input.pillar, "pillar") : null;
    const areaId = input.priorityArea ? await frameworkCodeId(tx.db, priorityAreas, call.mechanismId, input.priorityArea, "priorityArea") : null;
    const code = input.code ?? `${call.code}-${generateSecret().slice(0, 6).toUpperCase()}`;
    const [dup] = await tx.db.select({ id: applications.id }).from(applications).where(eq(applications.code, code));
    if (dup) throw new AppError("already_exists", { params: { entity: "application", id: code } });
    const now = ctx.now();
    const [row] = await tx.db
      .insert(applications)
      .values({
        code,
        callId: call.id,
        title: input.title,
        summary: input.summary ?? null,
        leadOrgId: lead.id,
        pillarId,
        priorityAreaId: areaId,
        requested: input.requested,
        startDate: input.startDate ?? null,
        endDate: input.endDate ?? null,
        phases: input.phases,
        status: "draft",
        createdBy: p.kind === "user" ? p.userId : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.db.insert(applicationParties).values([{ applicationId: row!.id, actorId: lead.id, role: "lead" as const }, ...co.map((a) => ({ applicationId: row!.id, actorId: a.id, role: "co_applicant" as const }))]);
    await audit(tx, { entity: "application", entityId: row!.id, action: "create", after: { ...row, coApplicants: input.coApplicants } });
    return getApplication(tx, row!.id);
  });
}

/**
 * Revises a draft or returned application (the applicant's officer, or staff), with If-Match so
 * that two people editing at once cannot overwrite each other.
 */
export async function updateApplication(ctx: ServiceContext, ref: string, ifMatch: string | undefined, input: z.infer<typeof ZApplicationUpdate>): Promise<Application> {
  return withTransaction(ctx, async (tx) => {
    const { app: before, call } = await findVisibleApplication(tx, ref);
    authorize(ctx.principal, canWriteOwned(ctx.principal, before.leadOrgId), "update", "application");
    if (!EDITABLE_STATES.includes(before.status as ApplicationState)) throw ruleAt("application_not_editable", "application", { status: before.status });
    const values: Partial<typeof applications.$inferInsert> = {};
    if (input.title !== undefined) values.title = input.title;
    if (input.summary !== undefined) values.summary = input.summary;
    if (input.requested !== undefined) values.requested = input.requested;
    if (input.startDate !== undefined) values.startDate = input.startDate;
    if (input.endDate !== undefined) values.endDate = input.endDate;
    if (input.phases !== undefined) values.phases = input.phases;
    if (input.pillar !== undefined) values.pillarId = input.pillar === null ? null : await frameworkCodeId(tx.db, pillars, call.mechanismId, input.pillar, "pillar");
    if (input.priorityArea !== undefined) values.priorityAreaId = input.priorityArea === null ? null : await frameworkCodeId(tx.db, priorityAreas, call.mechanismId, input.priorityArea, "priorityArea");
    const start = values.startDate === undefined ? before.startDate : values.startDate;
    const end = values.endDate === undefined ? before.endDate : values.endDate;
    if (start && end && start > end) throw ruleAt("end_before_start", "endDate");
    const after = await updateVersioned(tx.db, applications, "application", before.id, ifMatch, values, tx.now());
    if (input.coApplicants !== undefined) {
      const co: ActorRef[] = [];
      for (const [i, code] of input.coApplicants.entries()) {
        const a = await resolveActorRef(tx.db, code, `coApplicants.${i}`);
        if (a.id === before.leadOrgId || co.some((x) => x.id === a.id)) throw ruleAt("duplicate_party", `coApplicants.${i}`, { ref: code });
        co.push(a);
      }
      await tx.db.delete(applicationParties).where(and(eq(applicationParties.applicationId, before.id), eq(applicationParties.role, "co_applicant")));
      await tx.db.insert(applicationParties).values(co.map((a) => ({ applicationId: before.id, actorId: a.id, role: "co_applicant" as const })));
    }
    await audit(tx, { entity: "application", entityId: before.id, action: "update", before, after: { ...after, coApplicants: input.coApplicants } });
    return getApplication(tx, before.id);
  });
}

/** Checks the workflow table for the caller's role; an applicant acts only for its own organisation. */
function step(ctx: ServiceContext, state: ApplicationState, action: ApplicationAction, leadOrgId: string): ApplicationState {
  const user = requireUser(ctx.principal);
  const t = applicationTransition(state, action, user.role);
  if (!t.ok && t.code === "forbidden") throw new AppError("forbidden", { params: { action, entity: "application" } });
  if (user.role === "officer" && user.orgId !== leadOrgId) throw new AppError("forbidden", { params: { action, entity: "application" } });
  if (!t.ok) throw new AppError("conflict", { params: { entity: "application" }, details: [{ path: "action", code: "invalid_transition", message: "invalid_transition", from: state, action }] });
  return t.to;
}

/** Locks the application row: of two people acting at once, the second sees the first one's result. */
async function lockedApplication(tx: ServiceContext, ref: string) {
  const found = await findVisibleApplication(tx, ref);
  const [app] = await tx.db.select().from(applications).where(eq(applications.id, found.app.id)).for("update");
  return { app: app!, call: found.call };
}

async function setStatus(tx: ServiceContext, before: typeof applications.$inferSelect, action: string, values: Partial<typeof applications.$inferInsert>) {
  const now = tx.now();
  const [after] = await tx.db
    .update(applications)
    .set({ ...values, version: sql`${applications.version} + 1`, updatedAt: now })
    .where(eq(applications.id, before.id))
    .returning();
  await audit(tx, { entity: "application", entityId: before.id, action, before, after });
  return after!;
}

/** Submit, withdraw, screen, approve, reject or return an application. */
export async function actOnApplication(ctx: ServiceContext, ref: string, input: z.infer<typeof ZApplicationAction>): Promise<Application> {
  return withTransaction(ctx, async (tx) => {
    const { app, call } = await lockedApplication(tx, ref);
    const state = app.status as ApplicationState;
    const now = tx.now();
    switch (input.action) {
      case "submit": {
        const to = step(tx, state, "submit", app.leadOrgId);
        const where = callState(call, now);
        if (where !== "open") throw ruleAt(where === "closed" ? "call_closed" : "call_not_open", "call", { at: (where === "closed" ? call.closesAt : call.opensAt).toISOString() });
        await setStatus(tx, app, "submit", { status: to, submittedAt: now, decisionReason: null });
        break;
      }
      case "withdraw":
        await setStatus(tx, app, "withdraw", { status: step(tx, state, "withdraw", app.leadOrgId) });
        break;
      case "screen": {
        step(tx, state, "screen_pass", app.leadOrgId);
        const parties = await applicationPartyFacts(tx, app.id);
        const members = await tx.db
          .selectDistinct({ c: actors.countryCode })
          .from(memberships)
          .innerJoin(actors, eq(actors.id, memberships.actorId))
          .where(and(eq(memberships.mechanismId, call.mechanismId), inArray(memberships.role, ["lead", "member"]), isNotNull(actors.countryCode)));
        const [codes] = await tx.db
          .select({ pillar: pillars.code, area: priorityAreas.code })
          .from(applications)
          .leftJoin(pillars, eq(pillars.id, applications.pillarId))
          .leftJoin(priorityAreas, eq(priorityAreas.id, applications.priorityAreaId))
          .where(eq(applications.id, app.id));
        const checks = screenApplication(call, {
          leadCountry: parties.find((x) => x.role === "lead")?.countryCode ?? null,
          coApplicantCountries: parties.filter((x) => x.role === "co_applicant").map((x) => x.countryCode),
          memberCountries: members.map((m) => m.c!),
          pillar: codes?.pillar ?? null,
          priorityArea: codes?.area ?? null,
          requested: app.requested,
          phases: app.phases,
        });
        const failed = checks.filter((c) => !c.passed);
        const to = applicationTransition(state, failed.length ? "screen_fail" : "screen_pass", requireUser(tx.principal).role);
        if (!to.ok) throw new AppError("conflict", { params: { entity: "application" } });
        await setStatus(tx, app, "screen", {
          status: to.to,
          screening: checks,
          decisionReason: failed.length ? `Not eligible: ${failed.map((c) => c.rule).join(", ")}` : null,
          decidedAt: failed.length ? now : null,
        });
        break;
      }
      case "reject":
      case "return":
        await setStatus(tx, app, input.action, { status: step(tx, state, input.action, app.leadOrgId), decisionReason: input.reason!, decidedAt: input.action === "reject" ? now : null });
        break;
      case "approve": {
        const to = step(tx, state, "approve", app.leadOrgId);
        const rows = await tx.db.select().from(reviews).where(eq(reviews.applicationId, app.id));
        if (rows.some((r) => r.submittedAt === null)) throw ruleAt("reviews_pending", "action", { pending: rows.filter((r) => r.submittedAt === null).length });
        const summary = reviewSummary(rows.map((r) => weightedTotal(call.rubric, r.scores ?? [])), Number(call.moderationSpread));
        if (summary.needsModeration && !input.moderationNote) throw ruleAt("moderation_required", "moderationNote", { spread: summary.spread ?? 0 });
        const projectId = await createProjectFromApplication(tx, app, call);
        await setStatus(tx, app, "approve", { status: to, decidedAt: now, projectId, decisionReason: input.moderationNote ?? null });
        break;
      }
    }
    return getApplication(tx, app.id);
  });
}

/**
 * Approval turns the application into a project: its parties (lead, co-applicants as partners,
 * the mechanism's secretariat as funder), the approved budget and the proposed phases.
 */
async function createProjectFromApplication(tx: ServiceContext, app: typeof applications.$inferSelect, call: typeof calls.$inferSelect): Promise<string> {
  const { mechanismId } = call;
  const [dup] = await tx.db.select({ id: projects.id }).from(projects).where(eq(projects.code, app.code));
  if (dup) throw new AppError("already_exists", { params: { entity: "project", id: app.code } });
  const [mechanism] = await tx.db.select({ secretariat: mechanisms.secretariatActorId }).from(mechanisms).where(eq(mechanisms.id, mechanismId));
  const now = tx.now();
  const [project] = await tx.db
    .insert(projects)
    .values({
      code: app.code,
      mechanismId,
      pillarId: app.pillarId,
      priorityAreaId: app.priorityAreaId,
      title: app.title,
      description: app.summary ? { en: app.summary } : null,
      status: "approved",
      visibility: "public",
      startDate: app.startDate,
      endDate: app.endDate,
      budget: app.requested,
      ownerOrgId: app.leadOrgId,
      reportIntervalMonths: call.reportIntervalMonths,
      source: `application ${app.code}`,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const parties = await tx.db.select().from(applicationParties).where(eq(applicationParties.applicationId, app.id));
  const rows: (typeof projectParties.$inferInsert)[] = parties.map((x) => ({ projectId: project!.id, actorId: x.actorId, role: x.role === "lead" ? "lead" : "partner" }));
  if (mechanism?.secretariat && !parties.some((x) => x.actorId === mechanism.secretariat)) rows.push({ projectId: project!.id, actorId: mechanism.secretariat, role: "funder" });
  await tx.db.insert(projectParties).values(rows);
  if (app.phases.length) {
    await tx.db.insert(phases).values(app.phases.map((ph, i) => ({ projectId: project!.id, seq: i + 1, name: ph.name, startDate: ph.startDate, endDate: ph.endDate, budget: ph.budget, deliverables: ph.deliverables })));
  }
  await audit(tx, { entity: "project", entityId: project!.id, action: "create", after: { ...project, fromApplication: app.code } });
  return project!.id;
}

/**
 * Assigns the call's number of reviewers. A reviewer never reviews an application of their own
 * organisation or of a country that takes part in it (conflict of interest).
 */
export async function assignReviewers(ctx: ServiceContext, ref: string, input: z.infer<typeof ZAssignReviewers>): Promise<Application> {
  return withTransaction(ctx, async (tx) => {
    const { app, call } = await lockedApplication(tx, ref);
    const to = step(tx, app.status as ApplicationState, "assign_reviewers", app.leadOrgId);
    if (input.reviewers.length !== call.reviewersPerApplication) throw ruleAt("reviewer_count", "reviewers", { expected: call.reviewersPerApplication });
    const parties = await applicationPartyFacts(tx, app.id);
    const partyOrgs = new Set(parties.map((x) => x.actorId));
    const partyCountries = new Set(parties.map((x) => x.countryCode).filter((c): c is string => c !== null));
    const chosen: string[] = [];
    for (const [i, ref2] of input.reviewers.entries()) {
      const path = `reviewers.${i}`;
      const [u] = await tx.db
        .select({ id: users.id, role: users.role, orgId: users.orgId, country: actors.countryCode, disabled: users.disabledAt })
        .from(users)
        .innerJoin(actors, eq(actors.id, users.orgId))
        .where(isUuid(ref2) ? eq(users.id, ref2) : eq(sql`lower(${users.email})`, ref2.toLowerCase()));
      if (!u || u.disabled) throw ruleAt("unknown_reviewer", path, { ref: ref2 });
      if (u.role !== "reviewer") throw ruleAt("not_a_reviewer", path, { ref: ref2 });
      if (chosen.includes(u.id)) throw ruleAt("duplicate_reviewer", path, { ref: ref2 });
      if (partyOrgs.has(u.orgId) || (u.country && partyCountries.has(u.country))) throw ruleAt("conflict_of_interest", path, { ref: ref2 });
      chosen.push(u.id);
    }
    const reviewer = requireUser(tx.principal);
    await tx.db.insert(reviews).values(chosen.map((id) => ({ applicationId: app.id, reviewerId: id, assignedBy: reviewer.userId, assignedAt: tx.now() })));
    await setStatus(tx, app, "assign_reviewers", { status: to });
    await audit(tx, { entity: "application", entityId: app.id, action: "reviewers", after: { reviewers: chosen } });
    return getApplication(tx, app.id);
  });
}

/** A reviewer's scores, once, for an application assigned to them and still in review. */
export async function submitReview(ctx: ServiceContext, ref: string, input: z.infer<typeof ZReviewSubmit>): Promise<Application> {
  const user = requireUser(ctx.principal);
  authorize(ctx.principal, hasRole(ctx.principal, "reviewer"), "review", "application");
  return withTransaction(ctx, async (tx) => {
    const { app, call } = await lockedApplication(tx, ref);
    const [mine] = await tx.db.select().from(reviews).where(and(eq(reviews.applicationId, app.id), eq(reviews.reviewerId, user.userId))).for("update");
    if (!mine) throw new AppError("forbidden", { params: { action: "review", entity: "application" } });
    if (app.status !== "in_review") throw new AppError("conflict", { params: { entity: "application" }, details: [{ path: "action", code: "invalid_transition", message: "invalid_transition", from: app.status, action: "review" }] });
    if (mine.submittedAt) throw new AppError("conflict", { params: { entity: "review" }, details: [{ path: "scores", code: "review_already_submitted", message: "review_already_submitted" }] });
    const problems = scoreProblems(call.rubric, input.scores);
    if (problems.length) throw new AppError("rule_violated", { params: { rule: problems[0]!.code }, details: problems.map((x) => ({ ...x, message: x.code })) });
    await tx.db.update(reviews).set({ scores: input.scores, comment: input.comment, submittedAt: tx.now() }).where(eq(reviews.id, mine.id));
    await audit(tx, { entity: "review", entityId: mine.id, action: "submit", after: { application: app.code, scores: input.scores, total: weightedTotal(call.rubric, input.scores) } });
    return getApplication(tx, app.id);
  });
}
