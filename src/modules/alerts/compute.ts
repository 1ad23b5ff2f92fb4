import { and, eq, inArray, isNotNull, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { readAll, type ServiceContext } from "../../core/context.js";
import { authorize } from "../../core/policy/index.js";
import type { LocalizedText } from "../../db/schema/common.js";
import { actors } from "../../db/schema/actors.js";
import { consultationParties, consultations } from "../../db/schema/consultations.js";
import { disputeParties, disputes } from "../../db/schema/disputes.js";
import { agreements, phaseEvents } from "../../db/schema/fund.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { obligations } from "../../db/schema/obligations.js";
import { phases, projects } from "../../db/schema/projects.js";
import { ALERT_KINDS, daysBetween, fundingGapShare, severityOf, slowDisbursement, sortAlerts, withinWindow, type AlertKind } from "../../lib/alerts/rules.js";
import { t } from "../../lib/i18n/index.js";
import { disputeVisibleSql } from "../disputes/read.js";
import { daysLeft } from "../disputes/stages.js";
import { fundingGap } from "../money/gap.js";
import { agreementVisibility } from "../obligations/read.js";
import { suspensionExposure } from "../phases/exposure.js";
import { projectInCountry, projectVisibility } from "../projects/read.js";
import { collectLateReports } from "../reports/reports.js";
import type { Alert, AlertList, ZAlertQuery } from "./schemas.js";
import { mechanismInput } from "../mechanisms/read.js";
import { canReadAlerts, readSubscription } from "./subscriptions.js";

type Query = z.infer<typeof ZAlertQuery>;
/** `message` names the reason when it differs from the kind (a clock already past). */
type Raw = Omit<Alert, "severity" | "kindLabel" | "reason" | "message"> & { measure: number; message?: string };
type Scope = {
  mechanismId: string | null;
  mechanismCode: string | null;
  country: string | null;
  today: string;
  now: Date;
  /** Read once per request: slow disbursement and funding gaps share it. */
  money?: Promise<ProjectMoney[]>;
};

const pct = (x: number) => Math.round(x * 100);

/**
 * Everything the secretariat should look at now, computed from the records on every read (no
 * alert is stored, so none goes stale). Each source reads through the caller's own visibility
 * rule — a restricted project's alerts reach only its named organisations, a dispute's only
 * those who may see the case — so the list never shows what a single read would refuse.
 */
export async function listAlerts(ctx: ServiceContext, query: Query): Promise<AlertList> {
  authorize(ctx.principal, canReadAlerts(ctx.principal), "read", "alerts");
  const now = ctx.now();
  const scope: Scope = { mechanismId: null, mechanismCode: null, country: query.country?.toUpperCase() ?? null, today: now.toISOString().slice(0, 10), now };
  if (query.mechanism) {
    const m = await mechanismInput(ctx.db, query.mechanism);
    scope.mechanismId = m.id;
    scope.mechanismCode = m.code;
  }
  let kinds: readonly AlertKind[] = query.kind ? [query.kind] : ALERT_KINDS;
  if (query.mine) {
    const sub = ctx.principal.kind === "user" ? await readSubscription(ctx.db, ctx.principal.userId) : null;
    kinds = kinds.filter((k) => sub?.kinds.includes(k));
    if (sub?.mechanismId) {
      // A mechanism filter other than the subscribed one asks for alerts the caller did not subscribe to.
      if (scope.mechanismId && scope.mechanismId !== sub.mechanismId) kinds = [];
      scope.mechanismId = sub.mechanismId;
      scope.mechanismCode = sub.mechanismCode;
    }
  }
  const raw = (await readAll(ctx, kinds.map((kind) => () => SOURCES[kind](ctx, scope)))).flat();
  const items = sortAlerts(
    raw.map(({ measure, message, ...a }) => ({
      ...a,
      severity: severityOf(a.kind, measure),
      kindLabel: t(ctx.lang, `server.alerts.kinds.${a.kind}`),
      message: message ?? a.kind,
      reason: t(ctx.lang, `server.alerts.reasons.${message ?? a.kind}`, a.params),
    })),
  );
  return { asOf: now.toISOString(), total: items.length, items };
}

/** The projects the caller may see, narrowed to the scope's mechanism and country. */
const projectScope = (ctx: ServiceContext, s: Scope): (SQL | undefined)[] => [
  projectVisibility(ctx.principal),
  s.mechanismId ? eq(projects.mechanismId, s.mechanismId) : undefined,
  s.country ? projectInCountry(s.country) : undefined,
];

/** Projects that are running: alerts about money and phases make no sense for proposals or closed ones. */
const LIVE = ["approved", "active", "suspended"] as const;

const projectLink = (code: string) => `/projects/${encodeURIComponent(code)}`;

async function lateReports(ctx: ServiceContext, s: Scope): Promise<Raw[]> {
  const late = await collectLateReports(ctx, { mechanism: s.mechanismCode ?? undefined, country: s.country ?? undefined }, s.now);
  const mech = await mechanismOfProjects(ctx, late.map((l) => l.projectCode));
  return late.map((l) => ({
    kind: "late_report",
    entity: "project",
    code: l.projectCode,
    title: l.projectTitle,
    mechanismCode: mech.get(l.projectCode) ?? null,
    params: { seq: l.seq, periodStart: l.periodStart, periodEnd: l.periodEnd, dueDate: l.dueDate, days: l.daysLate },
    link: projectLink(l.projectCode),
    dueAt: l.dueDate,
    since: null,
    measure: l.daysLate,
  }));
}

async function mechanismOfProjects(ctx: ServiceContext, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await ctx.db
    .select({ code: projects.code, mechanismCode: mechanisms.code })
    .from(projects)
    .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
    .where(inArray(projects.code, [...new Set(codes)]));
  return new Map(rows.map((r) => [r.code, r.mechanismCode]));
}

const phaseColumns = {
  code: projects.code,
  seq: phases.seq,
  name: phases.name,
  endDate: phases.endDate,
  mechanismCode: mechanisms.code,
};

async function phasesOverdue(ctx: ServiceContext, s: Scope): Promise<Raw[]> {
  const rows = await ctx.db
    .select(phaseColumns)
    .from(phases)
    .innerJoin(projects, eq(projects.id, phases.projectId))
    .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
    // A suspended phase has its own alert; a completed or cancelled one is settled.
    .where(and(...projectScope(ctx, s), inArray(projects.status, LIVE), inArray(phases.status, ["planned", "active"]), isNotNull(phases.endDate), lt(phases.endDate, s.today)));
  return rows.map((r) => {
    const days = daysBetween(r.endDate!, s.today);
    return {
      kind: "phase_overdue",
      entity: "phase",
      code: `${r.code}/${r.seq}`,
      title: r.name,
      mechanismCode: r.mechanismCode,
      params: { project: r.code, seq: r.seq, endDate: r.endDate!, days },
      link: projectLink(r.code),
      dueAt: r.endDate,
      since: null,
      measure: days,
    };
  });
}

async function phasesSuspended(ctx: ServiceContext, s: Scope): Promise<Raw[]> {
  // The latest step of each phase says since when (and because of which country) it is suspended.
  const since = sql<string | null>`(select to_char(pe.at at time zone 'UTC', 'YYYY-MM-DD') from ${phaseEvents} pe where pe.phase_id = ${phases.id} order by pe.ordinal desc limit 1)`;
  const country = sql<string | null>`(select pe.country_code from ${phaseEvents} pe where pe.phase_id = ${phases.id} order by pe.ordinal desc limit 1)`;
  const rows = await ctx.db
    .select({ ...phaseColumns, since, country })
    .from(phases)
    .innerJoin(projects, eq(projects.id, phases.projectId))
    .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
    .where(and(...projectScope(ctx, s), eq(phases.status, "suspended")));
  return rows.map((r) => ({
    kind: "phase_suspended",
    entity: "phase",
    code: `${r.code}/${r.seq}`,
    title: r.name,
    mechanismCode: r.mechanismCode,
    params: { project: r.code, seq: r.seq, country: r.country ?? "—" },
    link: projectLink(r.code),
    dueAt: null,
    since: r.since,
    measure: 0,
  }));
}

async function exposure(ctx: ServiceContext, s: Scope): Promise<Raw[]> {
  const { items } = await suspensionExposure(ctx);
  const out: Raw[] = [];
  for (const c of items) {
    if (s.country && c.countryCode.toUpperCase() !== s.country) continue;
    const suspendedHere = new Set(c.suspendedPhases.map((p) => p.projectCode));
    const cause = c.suspendedPhases.map((p) => `${p.projectCode}/${p.seq}`).join(", ");
    const since = c.suspendedPhases.map((p) => p.since.slice(0, 10)).sort()[0] ?? null;
    const exposed = c.exposedProjects.filter((p) => !suspendedHere.has(p.code) && (LIVE as readonly string[]).includes(p.status));
    const info = await projectInfo(ctx, exposed.map((p) => p.code));
    for (const p of exposed) {
      const i = info.get(p.code);
      if (!i || (s.mechanismCode && i.mechanismCode !== s.mechanismCode)) continue;
      out.push({
        kind: "suspension_exposure",
        entity: "project",
        code: p.code,
        title: i.title,
        mechanismCode: i.mechanismCode,
        params: { country: c.countryCode, suspended: cause, spent: p.spent, currency: p.currency ?? "" },
        link: projectLink(p.code),
        dueAt: null,
        since,
        measure: 0,
      });
    }
  }
  return out;
}

async function projectInfo(ctx: ServiceContext, codes: string[]): Promise<Map<string, { title: LocalizedText; mechanismCode: string }>> {
  if (!codes.length) return new Map();
  const rows = await ctx.db
    .select({ code: projects.code, title: projects.title, mechanismCode: mechanisms.code })
    .from(projects)
    .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
    .where(inArray(projects.code, [...new Set(codes)]));
  return new Map(rows.map(({ code, ...r }) => [code, r]));
}

type ProjectMoney = { code: string; title: LocalizedText; status: string; start: string | null; end: string | null; mechanismCode: string; budget: number; committed: number; disbursed: number; gap: string };

const projectsWithMoney = (ctx: ServiceContext, s: Scope) => (s.money ??= readProjectsWithMoney(ctx, s));

/** Running projects in scope with the money fundingGap reports for them (in US dollars, each amount at its own date's rate). */
async function readProjectsWithMoney(ctx: ServiceContext, s: Scope): Promise<ProjectMoney[]> {
  const rows = await ctx.db
    .select({ code: projects.code, title: projects.title, status: projects.status, start: projects.startDate, end: projects.endDate, mechanismCode: mechanisms.code })
    .from(projects)
    .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
    .where(and(...projectScope(ctx, s), inArray(projects.status, LIVE)));
  if (!rows.length) return [];
  const gap = await fundingGap(ctx, { by: "project", currency: "USD", mechanism: s.mechanismCode ?? undefined });
  const money = new Map(gap.items.map((g) => [g.key, g]));
  return rows.flatMap((r) => {
    const m = money.get(r.code);
    // A missing exchange rate would make any share a guess.
    return m && m.unconverted === 0 ? [{ ...r, budget: Number(m.budget), committed: Number(m.committed), disbursed: Number(m.disbursed), gap: m.gap }] : [];
  });
}

async function slowProjects(ctx: ServiceContext, s: Scope): Promise<Raw[]> {
  const out: Raw[] = [];
  for (const p of await projectsWithMoney(ctx, s)) {
    if (p.status === "suspended") continue; // Money is held on purpose while suspended.
    const slow = slowDisbursement({ start: p.start, end: p.end, committed: p.committed, disbursed: p.disbursed }, s.today);
    if (!slow) continue;
    out.push({
      kind: "slow_disbursement",
      entity: "project",
      code: p.code,
      title: p.title,
      mechanismCode: p.mechanismCode,
      params: { elapsed: pct(slow.elapsed), disbursed: pct(slow.disbursedShare), lag: pct(slow.lag) },
      link: projectLink(p.code),
      dueAt: p.end,
      since: null,
      measure: slow.lag,
    });
  }
  return out;
}

async function fundingGaps(ctx: ServiceContext, s: Scope): Promise<Raw[]> {
  const out: Raw[] = [];
  for (const p of await projectsWithMoney(ctx, s)) {
    const share = fundingGapShare(p.budget, p.committed);
    if (share === null) continue;
    out.push({
      kind: "funding_gap",
      entity: "project",
      code: p.code,
      title: p.title,
      mechanismCode: p.mechanismCode,
      params: { gap: p.gap, share: pct(share), currency: "USD" },
      link: projectLink(p.code),
      dueAt: null,
      since: p.start,
      measure: share,
    });
  }
  return out;
}

async function overdueObligations(ctx: ServiceContext, s: Scope): Promise<Raw[]> {
  const rows = await ctx.db
    .select({ code: obligations.code, title: obligations.title, dueDate: obligations.dueDate, agreementCode: agreements.code, ownerCode: actors.code, mechanismCode: mechanisms.code })
    .from(obligations)
    .innerJoin(agreements, eq(agreements.id, obligations.agreementId))
    .innerJoin(actors, eq(actors.id, obligations.ownerActorId))
    .leftJoin(projects, eq(projects.id, agreements.projectId))
    .leftJoin(mechanisms, sql`${mechanisms.id} = coalesce(${agreements.mechanismId}, ${projects.mechanismId})`)
    .where(
      and(
        agreementVisibility(ctx.principal),
        isNull(obligations.status),
        lt(obligations.dueDate, s.today),
        s.mechanismId ? eq(mechanisms.id, s.mechanismId) : undefined,
        s.country ? eq(actors.countryCode, s.country) : undefined,
      ),
    );
  return rows.map((r) => {
    const days = daysBetween(r.dueDate, s.today);
    return {
      kind: "obligation_overdue",
      entity: "obligation",
      code: r.code,
      title: r.title,
      mechanismCode: r.mechanismCode,
      params: { agreement: r.agreementCode, owner: r.ownerCode, dueDate: r.dueDate, days },
      link: `/agreements/${encodeURIComponent(r.agreementCode)}`,
      dueAt: r.dueDate,
      since: null,
      measure: days,
    };
  });
}

async function consultationClocks(ctx: ServiceContext, s: Scope): Promise<Raw[]> {
  // Consultations are internal records every signed-in user may read, so staff and analysts see every clock.
  const horizon = new Date(s.now.getTime() + 31 * 86_400_000);
  const inCountry = s.country
    ? sql`(exists (select 1 from ${actors} a where a.id = ${consultations.proposerActorId} and a.country_code = ${s.country})
        or exists (select 1 from ${consultationParties} cp join ${actors} a on a.id = cp.actor_id where cp.consultation_id = ${consultations.id} and a.country_code = ${s.country}))`
    : undefined;
  const rows = await ctx.db
    .select({ code: consultations.code, title: consultations.title, dueAt: consultations.dueAt, mechanismCode: mechanisms.code })
    .from(consultations)
    .innerJoin(mechanisms, eq(mechanisms.id, consultations.mechanismId))
    .where(and(eq(consultations.status, "in_consultation"), isNotNull(consultations.dueAt), lte(consultations.dueAt, horizon), s.mechanismId ? eq(mechanisms.id, s.mechanismId) : undefined, inCountry));
  return rows.flatMap((r) => {
    const left = daysLeft(r.dueAt!, s.now);
    if (!withinWindow("consultation_due", left)) return [];
    const due = r.dueAt!.toISOString();
    return [{
      kind: "consultation_due" as const,
      entity: "consultation" as const,
      code: r.code,
      title: r.title,
      mechanismCode: r.mechanismCode,
      params: { due: due.slice(0, 10), days: Math.abs(left) },
      message: left < 0 ? "consultation_due_past" : undefined,
      link: `/consultations/${encodeURIComponent(r.code)}`,
      dueAt: due,
      since: null,
      measure: left,
    }];
  });
}

async function disputeDeadlines(ctx: ServiceContext, s: Scope): Promise<Raw[]> {
  const horizon = new Date(s.now.getTime() + 15 * 86_400_000);
  const inCountry = s.country
    ? sql`exists (select 1 from ${disputeParties} dp join ${actors} a on a.id = dp.actor_id where dp.dispute_id = ${disputes.id} and a.country_code = ${s.country})`
    : undefined;
  const rows = await ctx.db
    .select({ code: disputes.code, title: disputes.title, stage: disputes.stage, deadline: disputes.stageDeadline, mechanismCode: mechanisms.code })
    .from(disputes)
    .innerJoin(mechanisms, eq(mechanisms.id, disputes.mechanismId))
    .where(and(disputeVisibleSql(ctx.principal), eq(disputes.status, "open"), lte(disputes.stageDeadline, horizon), s.mechanismId ? eq(mechanisms.id, s.mechanismId) : undefined, inCountry));
  return rows.flatMap((r) => {
    const left = daysLeft(r.deadline, s.now);
    if (!withinWindow("dispute_deadline", left)) return [];
    const due = r.deadline.toISOString();
    return [{
      kind: "dispute_deadline" as const,
      entity: "dispute" as const,
      code: r.code,
      title: r.title,
      mechanismCode: r.mechanismCode,
      params: { stage: t(ctx.lang, `server.alerts.stages.${r.stage}`), deadline: due.slice(0, 10), days: Math.abs(left) },
      message: left < 0 ? "dispute_deadline_past" : undefined,
      link: `/disputes/${encodeURIComponent(r.code)}`,
      dueAt: due,
      since: null,
      measure: left,
    }];
  });
}

const SOURCES: Record<AlertKind, (ctx: ServiceContext, s: Scope) => Promise<Raw[]>> = {
  late_report: lateReports,
  phase_overdue: phasesOverdue,
  phase_suspended: phasesSuspended,
  suspension_exposure: exposure,
  slow_disbursement: slowProjects,
  funding_gap: fundingGaps,
  obligation_overdue: overdueObligations,
  consultation_due: consultationClocks,
  dispute_deadline: disputeDeadlines,
};

