import { and, count, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { readAll, type ServiceContext } from "../../core/context.js";
import type { LocalizedText } from "../../db/schema/common.js";
import { applications, calls, phaseEvents } from "../../db/schema/fund.js";
import { phases, projects, transactions } from "../../db/schema/projects.js";
import { findMechanism } from "../mechanisms/read.js";
import { projectVisibility } from "../projects/read.js";
import { collectLateReports } from "../reports/reports.js";

export type Bucket = { key: string; label: LocalizedText | null; count: number };

export type AnnualReportData = {
  mechanism: { code: string; name: LocalizedText };
  year: number;
  /** The day the figures are taken on: the year's last day, or today for the current year. */
  asOf: string;
  calls: { code: string; title: LocalizedText; opensAt: string; closesAt: string }[];
  applications: { received: number; approved: number; rejected: number; returned: number };
  projects: { total: number; byPillar: Bucket[]; byArea: Bucket[]; byCountry: Bucket[]; byStatus: Bucket[] };
  money: { currency: string; committed: string; disbursed: string }[];
  suspensions: { projectCode: string; seq: number; reason: string | null; countryCode: string | null; at: string }[];
  lateReports: { projectCode: string; seq: number; periodStart: string; periodEnd: string; daysLate: number }[];
  /** Projects terminated in the year, with what had been disbursed: the sunk cost. */
  terminations: { projectCode: string; at: string; reason: string; currency: string; sunkCost: string }[];
};

type Row = { key: string | null; label: LocalizedText | null; n: number | string };
const buckets = (rows: Row[]): Bucket[] => rows.map((r) => ({ key: r.key ?? "-", label: r.label, count: Number(r.n) }));

/**
 * The figures of a mechanism's annual progress report for `year`, over the projects the caller
 * may see: projects running at any time in the year, applications and money dated in it,
 * suspensions made in it, and reports overdue at its end.
 */
export async function annualReportData(ctx: ServiceContext, mechanismRef: string, year: number): Promise<AnnualReportData> {
  const mechanism = await findMechanism(ctx.db, mechanismRef);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const yearEnd = new Date(`${to}T23:59:59Z`);
  const asOf = ctx.now() < yearEnd ? ctx.now() : yearEnd;
  const running = and(
    eq(projects.mechanismId, mechanism.id),
    projectVisibility(ctx.principal),
    sql`(${projects.startDate} is null or ${projects.startDate} <= ${to})`,
    sql`(${projects.endDate} is null or ${projects.endDate} >= ${from})`,
    sql`${projects.status} not in ('proposed', 'cancelled')`,
  );
  const grouped = (key: SQL, label: SQL, join: SQL = sql``) =>
    ctx.db.execute(sql`select ${key} as key, ${label} as label, count(distinct ${projects.id}) as n from ${projects} ${join} where ${running} group by 1, 2 order by 3 desc, 1`) as unknown as Promise<{ rows: Row[] }>;
  const inYear = (col: SQL) => sql`${col} >= ${from}::date and ${col} < ${`${year + 1}-01-01`}::date`;

  const [callRows, appRows, total, byPillar, byArea, byCountry, byStatus, money, suspensions] = await readAll(ctx, [
    () => ctx.db.select().from(calls).where(and(eq(calls.mechanismId, mechanism.id), lte(calls.opensAt, yearEnd), gte(calls.closesAt, new Date(`${from}T00:00:00Z`)))).orderBy(calls.opensAt),
    () => ctx.db
      .select({
        received: sql<number>`count(*) filter (where ${inYear(sql`${applications.submittedAt}`)})`,
        approved: sql<number>`count(*) filter (where ${applications.status} = 'approved' and ${inYear(sql`${applications.decidedAt}`)})`,
        rejected: sql<number>`count(*) filter (where ${applications.status} = 'rejected' and ${inYear(sql`${applications.decidedAt}`)})`,
        returned: sql<number>`count(*) filter (where ${applications.status} = 'returned')`,
      })
      .from(applications)
      .innerJoin(calls, eq(calls.id, applications.callId))
      .where(eq(calls.mechanismId, mechanism.id)),
    () => ctx.db.select({ n: count() }).from(projects).where(running),
    () => grouped(sql`p.code`, sql`p.name`, sql`left join pillars p on p.id = ${projects.pillarId}`),
    () => grouped(sql`a.code`, sql`a.name`, sql`left join priority_areas a on a.id = ${projects.priorityAreaId}`),
    () => grouped(sql`c.code`, sql`c.name`, sql`join project_parties pp on pp.project_id = ${projects.id} join actors ac on ac.id = pp.actor_id join countries c on c.code = ac.country_code`),
    () => grouped(sql`${projects.status}`, sql`null::jsonb`),
    () => ctx.db
      .select({
        currency: transactions.currency,
        committed: sql<string>`coalesce(sum(${transactions.value}) filter (where ${transactions.type} = 'outgoing_commitment'), 0)::numeric(20,2)::text`,
        disbursed: sql<string>`coalesce(sum(${transactions.value}) filter (where ${transactions.type} = 'disbursement'), 0)::numeric(20,2)::text`,
      })
      .from(transactions)
      .innerJoin(projects, eq(projects.id, transactions.projectId))
      .where(and(eq(projects.mechanismId, mechanism.id), projectVisibility(ctx.principal), inYear(sql`${transactions.valueDate}`)))
      .groupBy(transactions.currency)
      .orderBy(transactions.currency),
    () => ctx.db
      .select({ projectCode: projects.code, seq: phases.seq, reason: phaseEvents.reason, countryCode: phaseEvents.countryCode, at: phaseEvents.at })
      .from(phaseEvents)
      .innerJoin(phases, eq(phases.id, phaseEvents.phaseId))
      .innerJoin(projects, eq(projects.id, phaseEvents.projectId))
      .where(and(eq(projects.mechanismId, mechanism.id), projectVisibility(ctx.principal), eq(phaseEvents.action, "suspend"), inYear(sql`${phaseEvents.at}`)))
      .orderBy(phaseEvents.ordinal),
  ]);
  const late = await collectLateReports(ctx, { mechanism: mechanism.code }, asOf);
  const terminations = await ctx.db
    .select({
      projectCode: projects.code,
      at: projects.terminatedAt,
      reason: projects.terminationReason,
      currency: projects.currency,
      sunkCost: sql<string>`coalesce((select sum(t.value) from ${transactions} t where t.project_id = ${projects.id} and t.type = 'disbursement' and t.currency = ${projects.currency}), 0)::numeric(20,2)::text`,
    })
    .from(projects)
    .where(and(eq(projects.mechanismId, mechanism.id), projectVisibility(ctx.principal), eq(projects.status, "terminated"), inYear(sql`${projects.terminatedAt}`)))
    .orderBy(projects.terminatedAt);
  const apps = appRows[0];
  return {
    mechanism: { code: mechanism.code, name: mechanism.name },
    year,
    asOf: asOf.toISOString().slice(0, 10),
    calls: callRows.map((c) => ({ code: c.code, title: c.title, opensAt: c.opensAt.toISOString(), closesAt: c.closesAt.toISOString() })),
    applications: { received: Number(apps?.received ?? 0), approved: Number(apps?.approved ?? 0), rejected: Number(apps?.rejected ?? 0), returned: Number(apps?.returned ?? 0) },
    projects: {
      total: total[0]?.n ?? 0,
      byPillar: buckets(byPillar.rows),
      byArea: buckets(byArea.rows),
      byCountry: buckets(byCountry.rows),
      byStatus: buckets(byStatus.rows),
    },
    money,
    suspensions: suspensions.map((s) => ({ ...s, at: s.at.toISOString() })),
    terminations: terminations.map((x) => ({ projectCode: x.projectCode, at: x.at!.toISOString(), reason: x.reason ?? "", currency: x.currency, sunkCost: x.sunkCost })),
    lateReports: late.map((l) => ({ projectCode: l.projectCode, seq: l.seq, periodStart: l.periodStart, periodEnd: l.periodEnd, daysLate: l.daysLate })),
  };
}
