import { asc, eq } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { ruleAt } from "../../core/errors.js";
import { authorize, isStaff } from "../../core/policy/index.js";
import { riverBasinOrganisations } from "../../db/schema/interop.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { rboAssessments } from "../../db/schema/monitoring.js";
import { users } from "../../db/schema/users.js";
import { RBO_INDICATORS } from "../../lib/rbo/indicators.js";
import { validateWeights } from "../../lib/rbo/score.js";
import { findMechanism } from "../mechanisms/read.js";
import type { AssessmentOut, MechanismRboScoreOut, ZAssessmentInput } from "./mechanisms-schemas.js";
import { rboScore } from "./read.js";

/** Codes are upper case; a path may carry them in any case. */
const mechanismByRef = (ctx: ServiceContext, ref: string) => findMechanism(ctx.db, ref.toUpperCase()).catch(() => findMechanism(ctx.db, ref));

const columns = {
  mechanism: mechanisms.code,
  values: rboAssessments.values,
  weights: rboAssessments.weights,
  source: rboAssessments.source,
  updatedBy: users.email,
  updatedAt: rboAssessments.updatedAt,
};

const shape = (r: { mechanism: string; values: Record<string, number | null>; weights: AssessmentOut["weights"]; source: string | null; updatedBy: string | null; updatedAt: Date }): AssessmentOut => ({
  ...r,
  updatedAt: r.updatedAt.toISOString(),
});

const selectAssessments = (ctx: ServiceContext) =>
  ctx.db.select(columns).from(rboAssessments).innerJoin(mechanisms, eq(mechanisms.id, rboAssessments.mechanismId)).leftJoin(users, eq(users.id, rboAssessments.updatedBy));

/** River-basin-organisation values entered by hand, one per mechanism. Public, as the scores they give. */
export async function listAssessments(ctx: ServiceContext): Promise<{ items: AssessmentOut[] }> {
  const rows = await selectAssessments(ctx).orderBy(asc(mechanisms.code));
  return { items: rows.map(shape) };
}

async function findAssessment(ctx: ServiceContext, mechanismId: string): Promise<AssessmentOut | null> {
  const [row] = await selectAssessments(ctx).where(eq(rboAssessments.mechanismId, mechanismId));
  return row ? shape(row) : null;
}

/** A mechanism's assessment; a mechanism without one has an empty assessment (no values), not a 404. */
export async function getAssessment(ctx: ServiceContext, ref: string): Promise<AssessmentOut> {
  const m = await mechanismByRef(ctx, ref);
  return (await findAssessment(ctx, m.id)) ?? { mechanism: m.code, values: {}, weights: {}, source: null, updatedBy: null, updatedAt: null };
}

/** Problems with hand-entered values: unknown indicators and values outside [0, 1], as 422s at their path. */
function checkValues(values: Record<string, number | null>) {
  for (const [code, v] of Object.entries(values)) {
    if (!RBO_INDICATORS.some((d) => d.code === code)) throw ruleAt("rbo_unknown_indicator", `values.${code}`, { path: code });
    if (v !== null && !(Number.isFinite(v) && v >= 0 && v <= 1)) throw ruleAt("rbo_value_invalid", `values.${code}`, { path: code, value: String(v) });
  }
}

/**
 * Stores a mechanism's indicator values, weights and their source (secretariat and administrators).
 * The whole assessment is replaced; the audit row keeps what it was.
 */
export async function putAssessment(ctx: ServiceContext, ref: string, input: z.infer<typeof ZAssessmentInput>): Promise<AssessmentOut> {
  authorize(ctx.principal, isStaff(ctx.principal), "assess", "rbo_assessment");
  const m = await mechanismByRef(ctx, ref);
  checkValues(input.values);
  const weights = input.weights ?? {};
  const problems = validateWeights(weights);
  if (problems.length) throw ruleAt(problems[0]!.code, `weights.${problems[0]!.path}`, { path: problems[0]!.path });
  const userId = ctx.principal.kind === "user" ? ctx.principal.userId : null;
  return withTransaction(ctx, async (tx) => {
    const before = await findAssessment(tx, m.id);
    const next = { values: input.values, weights, source: input.source ?? null, updatedBy: userId, updatedAt: tx.now() };
    await tx.db
      .insert(rboAssessments)
      .values({ mechanismId: m.id, ...next })
      .onConflictDoUpdate({ target: rboAssessments.mechanismId, set: next });
    const after = (await findAssessment(tx, m.id))!;
    const [row] = await tx.db.select({ id: rboAssessments.id }).from(rboAssessments).where(eq(rboAssessments.mechanismId, m.id));
    await audit(tx, { entity: "rbo_assessment", entityId: row!.id, action: before ? "update" : "create", before: before ?? undefined, after });
    return after;
  });
}

/**
 * A mechanism's river-basin-organisation scores. A mechanism linked to an organisation of the
 * imported TFDD RBO database (the MRC) is scored from that data; any other from its hand-entered
 * assessment. Stored weights apply either way; without an assessment, the default weights.
 */
export async function mechanismRboScore(ctx: ServiceContext, ref: string): Promise<MechanismRboScoreOut> {
  const m = await mechanismByRef(ctx, ref);
  const stored = await findAssessment(ctx, m.id);
  const [linked] = await ctx.db
    .select({ rboCode: riverBasinOrganisations.rboCode })
    .from(riverBasinOrganisations)
    .where(eq(riverBasinOrganisations.mechanismId, m.id))
    .orderBy(riverBasinOrganisations.rboCode)
    .limit(1);
  // Stored weights passed validateWeights when they were put.
  const weights = stored?.weights as Parameters<typeof rboScore>[1]["weights"];
  if (linked) {
    const s = await rboScore(ctx, { organisation: linked.rboCode, weights });
    return { ...s, mechanism: m.code, basis: "tfdd", source: s.organisation ? `TFDD River Basin Organization Database: ${s.organisation.name} (${s.organisation.code})` : null };
  }
  const s = await rboScore(ctx, { values: stored?.values ?? {}, weights });
  return { ...s, mechanism: m.code, basis: stored && Object.keys(stored.values).length ? "assessment" : "none", source: stored?.source ?? null };
}
