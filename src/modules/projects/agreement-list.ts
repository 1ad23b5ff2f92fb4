import { and, asc, eq, inArray } from "drizzle-orm";
import type { ServiceContext } from "../../core/context.js";
import { actors } from "../../db/schema/actors.js";
import { agreementParties, agreements } from "../../db/schema/fund.js";
import type { Project } from "./schemas.js";

/** The agreements of a project with their signatories, oldest first. */
export async function projectAgreements(ctx: ServiceContext, projectId: string): Promise<Project["agreements"]> {
  const rows = await ctx.db.select().from(agreements).where(eq(agreements.projectId, projectId)).orderBy(asc(agreements.signedOn), asc(agreements.code));
  if (!rows.length) return [];
  const parties = await ctx.db
    .select({ agreementId: agreementParties.agreementId, actorCode: actors.code, actorName: actors.name })
    .from(agreementParties)
    .innerJoin(actors, eq(actors.id, agreementParties.actorId))
    .where(and(inArray(agreementParties.agreementId, rows.map((r) => r.id))))
    .orderBy(asc(actors.code));
  return rows.map((r) => ({
    code: r.code,
    title: r.title,
    signedOn: r.signedOn,
    signatories: parties.filter((p) => p.agreementId === r.id).map(({ actorCode, actorName }) => ({ actorCode, actorName })),
  }));
}
