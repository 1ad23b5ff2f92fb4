import { and, asc, count, desc, eq, gt, lte, gte, lt, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { readAll, withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, notFound, ruleAt } from "../../core/errors.js";
import { authorize, isStaff, isUser } from "../../core/policy/index.js";
import { countries } from "../../db/schema/actors.js";
import { calls } from "../../db/schema/fund.js";
import { mechanisms, pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import { callState } from "../applications/rules.js";
import { findMechanism } from "../mechanisms/read.js";
import { ilikeJson, isUuid } from "../shared/refs.js";
import type { Page } from "../shared/schemas.js";
import type { Call, ZCallCreate, ZCallListQuery } from "./schemas.js";

type CallRow = typeof calls.$inferSelect;

export function toCall(row: CallRow, mechanismCode: string, now: Date): Call {
  return {
    id: row.id,
    code: row.code,
    mechanismCode,
    fund: row.fund,
    title: row.title,
    description: row.description,
    opensAt: row.opensAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    state: callState(row, now),
    eligiblePillars: row.eligiblePillars,
    eligibleAreas: row.eligibleAreas,
    eligibleCountries: row.eligibleCountries,
    ceiling: row.ceiling,
    currency: row.currency,
    rubric: row.rubric,
    reviewersPerApplication: row.reviewersPerApplication,
    moderationSpread: Number(row.moderationSpread),
    requireCrossBorder: row.requireCrossBorder,
    reportIntervalMonths: row.reportIntervalMonths,
    version: row.version,
  };
}

const unknownIn = (path: string, rule: string, ref: string) => ruleAt(rule, path, { ref });

/** Opens a call for proposals of a mechanism's fund (staff only). */
export async function createCall(ctx: ServiceContext, input: z.infer<typeof ZCallCreate>): Promise<Call> {
  authorize(ctx.principal, isStaff(ctx.principal), "create", "call");
  return withTransaction(ctx, async (tx) => {
    const mechanism = await findMechanism(tx.db, input.mechanism).catch(() => {
      throw unknownIn("mechanism", "unknown_mechanism", input.mechanism);
    });
    const pillarCodes = new Set((await tx.db.select({ code: pillars.code }).from(pillars).where(eq(pillars.mechanismId, mechanism.id))).map((p) => p.code));
    const areaCodes = new Set((await tx.db.select({ code: priorityAreas.code }).from(priorityAreas).where(eq(priorityAreas.mechanismId, mechanism.id))).map((p) => p.code));
    const countryCodes = new Set((await tx.db.select({ code: countries.code }).from(countries)).map((c) => c.code));
    input.eligiblePillars.forEach((c, i) => {
      if (!pillarCodes.has(c)) throw unknownIn(`eligiblePillars.${i}`, "unknown_pillar", c);
    });
    input.eligibleAreas.forEach((c, i) => {
      if (!areaCodes.has(c)) throw unknownIn(`eligibleAreas.${i}`, "unknown_priority_area", c);
    });
    input.eligibleCountries.forEach((c, i) => {
      if (!countryCodes.has(c)) throw unknownIn(`eligibleCountries.${i}`, "unknown_country", c);
    });
    const [dup] = await tx.db.select({ id: calls.id }).from(calls).where(eq(calls.code, input.code));
    if (dup) throw new AppError("already_exists", { params: { entity: "call", id: input.code } });
    const now = ctx.now();
    const [row] = await tx.db
      .insert(calls)
      .values({
        ...input,
        mechanismId: mechanism.id,
        description: input.description ?? null,
        opensAt: new Date(input.opensAt),
        closesAt: new Date(input.closesAt),
        moderationSpread: String(input.moderationSpread),
        createdBy: isUser(ctx.principal) ? ctx.principal.userId : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, { entity: "call", entityId: row!.id, action: "create", after: row });
    return toCall(row!, mechanism.code, now);
  });
}

/** Calls are public: anyone may read what is open and what the rules are. */
export async function listCalls(ctx: ServiceContext, query: z.infer<typeof ZCallListQuery>): Promise<Page<Call>> {
  const now = ctx.now();
  const where: (SQL | undefined)[] = [];
  if (query.mechanism) where.push(isUuid(query.mechanism) ? eq(mechanisms.id, query.mechanism) : eq(mechanisms.code, query.mechanism));
  if (query.state === "upcoming") where.push(gt(calls.opensAt, now));
  if (query.state === "open") where.push(lte(calls.opensAt, now), gte(calls.closesAt, now));
  if (query.state === "closed") where.push(lt(calls.closesAt, now));
  if (query.q) where.push(ilikeJson(calls.title, query.q));
  const cond = and(...where);
  const [rows, [total]] = await readAll(ctx, [
    () =>
    ctx.db.select({ call: calls, mechanismCode: mechanisms.code }).from(calls).innerJoin(mechanisms, eq(mechanisms.id, calls.mechanismId)).where(cond).orderBy(desc(calls.opensAt), asc(calls.code)).limit(query.limit).offset(query.offset),
    () => ctx.db.select({ n: count() }).from(calls).innerJoin(mechanisms, eq(mechanisms.id, calls.mechanismId)).where(cond),
  ]);
  return { items: rows.map((r) => toCall(r.call, r.mechanismCode, now)), total: total?.n ?? 0, limit: query.limit, offset: query.offset };
}

export async function findCall(ctx: ServiceContext, ref: string) {
  const [row] = await ctx.db
    .select({ call: calls, mechanismCode: mechanisms.code })
    .from(calls)
    .innerJoin(mechanisms, eq(mechanisms.id, calls.mechanismId))
    .where(isUuid(ref) ? eq(calls.id, ref) : eq(calls.code, ref));
  if (!row) throw notFound("call", ref);
  return row;
}

export async function getCall(ctx: ServiceContext, ref: string): Promise<Call> {
  const { call, mechanismCode } = await findCall(ctx, ref);
  return toCall(call, mechanismCode, ctx.now());
}
