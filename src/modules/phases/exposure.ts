import { and, eq, inArray, sql } from "drizzle-orm";
import type { ServiceContext } from "../../core/context.js";
import { authorize, hasRole, isStaff } from "../../core/policy/index.js";
import { actors } from "../../db/schema/actors.js";
import { phaseEvents } from "../../db/schema/fund.js";
import { phases, projectParties, projects, transactions } from "../../db/schema/projects.js";
import { projectVisibility } from "../projects/read.js";
import type { SuspensionReason } from "./workflow.js";

/**
 * Where a suspension in one country puts the rest of the portfolio at risk: for each country
 * with a phase suspended because of it, the suspended phases and every project with a party
 * there (seed 002 H4). `spent` is what has been disbursed or spent so far: the sunk cost if
 * the project were stopped now.
 */
export async function suspensionExposure(ctx: ServiceContext) {
  authorize(ctx.principal, isStaff(ctx.principal) || hasRole(ctx.principal, "analyst"), "read", "exposure");
  const visible = projectVisibility(ctx.principal);
  // The latest event of each phase says why it is suspended now.
  const latest = ctx.db
    .selectDistinctOn([phaseEvents.phaseId], { phaseId: phaseEvents.phaseId, countryCode: phaseEvents.countryCode, reason: phaseEvents.reason, at: phaseEvents.at })
    .from(phaseEvents)
    .orderBy(phaseEvents.phaseId, sql`${phaseEvents.ordinal} desc`)
    .as("latest");
  const suspended = await ctx.db
    .select({ projectCode: projects.code, seq: phases.seq, countryCode: latest.countryCode, reason: latest.reason, since: latest.at })
    .from(phases)
    .innerJoin(projects, eq(projects.id, phases.projectId))
    .innerJoin(latest, eq(latest.phaseId, phases.id))
    .where(and(eq(phases.status, "suspended"), sql`${latest.countryCode} is not null`, visible))
    .orderBy(latest.countryCode, projects.code, phases.seq);
  const countries = [...new Set(suspended.map((s) => s.countryCode!))];
  if (!countries.length) return { items: [] };
  const spent = sql<string>`coalesce((select sum(t.value) from ${transactions} t where t.project_id = ${projects.id} and t.type in ('disbursement','expenditure')), 0)::text`;
  const exposed = await ctx.db
    .selectDistinct({ countryCode: actors.countryCode, code: projects.code, status: projects.status, budget: projects.budget, currency: projects.currency, spent })
    .from(projects)
    .innerJoin(projectParties, eq(projectParties.projectId, projects.id))
    .innerJoin(actors, eq(actors.id, projectParties.actorId))
    .where(and(inArray(actors.countryCode, countries), visible))
    .orderBy(actors.countryCode, projects.code);
  return {
    items: countries.map((countryCode) => ({
      countryCode,
      suspendedPhases: suspended
        .filter((s) => s.countryCode === countryCode)
        .map((s) => ({ projectCode: s.projectCode, seq: s.seq, reason: s.reason as SuspensionReason | null, since: s.since.toISOString() })),
      exposedProjects: exposed.filter((e) => e.countryCode === countryCode).map(({ countryCode: _c, ...p }) => p),
    })),
  };
}
