import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { readAll, type ServiceContext } from "../../core/context.js";
import { actors, type ActorType, type GovLevel } from "../../db/schema/actors.js";
import { LANGS, type LocalizedText } from "../../db/schema/common.js";
import { mechanisms, pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import type { Instrument } from "../../db/schema/money.js";
import {
  phases,
  projectCountries,
  projectParties,
  projects,
  TRANSACTION_TYPES,
  transactions,
  type PartyRole,
  type PhaseStatus,
  type ProjectStatus,
  type TransactionType,
} from "../../db/schema/projects.js";
import type { IatiActivity, IatiBudget, IatiCoded, IatiDate, IatiOrg, IatiPlannedDisbursement, IatiTransaction, Narrative } from "../../lib/iati/model.js";
import { narrativeText } from "../../lib/iati/model.js";
import { writeIatiActivities } from "../../lib/iati/write.js";
import { projectListCondition, type ProjectListFilter } from "../projects/read.js";
import { ZProjectListQuery } from "../projects/schemas.js";

/**
 * IATI 2.03 export of any project list the caller may see (the list's own filters and visibility,
 * through `projectListCondition`).
 *
 * - Projects imported from IATI start from the activity as imported (`externalDetail`), with
 *   Concord's current English title, status and dates laid over it where they were changed in
 *   Concord, and the transactions recorded in Concord since the import (those with an author)
 *   appended.
 * - Every other project (Concord's own, AidData GCDF imports, spreadsheet imports) is described
 *   from Concord's records: see `nativeActivity` for how each field maps.
 *
 * Projects are read a page at a time in code order and written one activity at a time, so memory
 * stays flat whatever the size of the export.
 */

/**
 * Who publishes activities whose owner has no IATI organisation identifier. Set
 * CONCORD_IATI_PUBLISHER to the IATI organisation identifier of the body that runs Concord (e.g.
 * the mechanism's secretariat) before publishing to the IATI Registry. The default uses the
 * registration agency `XE-EXAMPLE`, which org-id.guide reserves for examples: the file validates,
 * and no one can mistake it for a real organisation's identifier.
 */
export const DEFAULT_PUBLISHER = "XE-EXAMPLE-CONCORD";

export type Publisher = {
  /** IATI organisation identifier: the prefix of the activity identifiers it reports. */
  ref: string;
  /** OrganisationType code; 40 (multilateral) fits an intergovernmental mechanism's secretariat. */
  type: string;
  /** Its name; when not configured, the name of the project's mechanism is used. */
  name?: string;
};

export function publisherFromEnv(env: NodeJS.ProcessEnv = process.env): Publisher {
  return {
    ref: env.CONCORD_IATI_PUBLISHER?.trim() || DEFAULT_PUBLISHER,
    type: env.CONCORD_IATI_PUBLISHER_TYPE?.trim() || "40",
    name: env.CONCORD_IATI_PUBLISHER_NAME?.trim() || undefined,
  };
}

/** The project list's filters; paging and sorting do not apply to an export (it holds every match, in code order). */
export const ZIatiExportQuery = ZProjectListQuery.omit({ limit: true, offset: true, sort: true });

// ---- code mappings ------------------------------------------------------------------------------

/** Concord status → ActivityStatus (1 pipeline, 2 implementation, 4 closed, 5 cancelled, 6 suspended). */
export const ACTIVITY_STATUS: Record<ProjectStatus, string> = {
  proposed: "1",
  approved: "1",
  active: "2",
  suspended: "6",
  completed: "4",
  terminated: "5",
  cancelled: "5",
};

/** How the importer reads ActivityStatus, so a status unchanged in Concord keeps the publisher's finer code (3 finalisation). */
const IMPORTED_STATUS: Record<string, ProjectStatus> = { "1": "proposed", "2": "active", "3": "active", "4": "completed", "5": "cancelled", "6": "suspended" };

/**
 * Party role → OrganisationRole. A lead is accountable; a partner of a cross-border project
 * carries part of the work, so it is implementing, like the implementer (IATI has no "partner"
 * role, and "extending" means managing a funder's money, which partners do not). Beneficiaries
 * have no role in IATI's list: they appear as transaction receivers and recipient countries.
 */
export const ORGANISATION_ROLE: Record<PartyRole, string | null> = { funder: "1", lead: "2", partner: "4", implementer: "4", beneficiary: null };

/** Actor type → OrganisationType. */
export function organisationType(type: ActorType, level: GovLevel | null): string {
  switch (type) {
    case "government":
      return level && !["country", "central"].includes(level) ? "11" : "10";
    case "enterprise":
      return "70";
    case "university":
    case "research":
      return "80";
    case "ngo":
      return "22";
    case "international":
      return "40";
    case "finance":
    case "intermediary":
    default:
      return "90";
  }
}

/** Instrument → FinanceType: standard grant, aid loan, standard loan, common equity. */
const FINANCE_TYPE: Partial<Record<Instrument, string>> = { grant: "110", concessional_loan: "410", commercial_loan: "421", equity: "510" };

export const transactionTypeCode = (t: TransactionType) => String(TRANSACTION_TYPES.indexOf(t) + 1);

// ---- pure helpers -------------------------------------------------------------------------------

/** All languages of a localized text as narratives; English carries no xml:lang, being the activity's default. */
export function localizedNarratives(text: LocalizedText | null | undefined): Narrative[] {
  if (!text) return [];
  const out: Narrative[] = [];
  for (const lang of LANGS) {
    const v = text[lang]?.trim();
    if (v) out.push(lang === "en" ? { text: v } : { lang, text: v });
  }
  return out;
}

/** `2026-11-22` of a time. */
const day = (d: Date) => d.toISOString().slice(0, 10);

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return day(d);
}

/** The same day n years on; 29 February becomes 1 March, so the year from it ends on 28 February. */
function addYears(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + n);
  return day(d);
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * Splits a budget over consecutive periods of at most a year (IATI rule 7.5.3), in proportion
 * to their days, exactly to the cent: the last period takes what rounding leaves.
 */
export function splitBudget(start: string, end: string, amount: string): { periodStart: string; periodEnd: string; amount: string }[] {
  const periods: { periodStart: string; periodEnd: string }[] = [];
  let s = start;
  while (s <= end) {
    const yearEnd = addDays(addYears(s, 1), -1);
    const e = yearEnd < end ? yearEnd : end;
    periods.push({ periodStart: s, periodEnd: e });
    s = addDays(e, 1);
  }
  if (periods.length <= 1) return [{ periodStart: start, periodEnd: end, amount }];
  const negative = amount.trim().startsWith("-");
  const [int, frac = ""] = amount.trim().replace(/^[+-]/, "").split(".");
  const cents = BigInt(int || "0") * 100n + BigInt((frac + "00").slice(0, 2));
  const total = BigInt(daysBetween(start, end) + 1);
  let given = 0n;
  return periods.map((p, i) => {
    const share = i === periods.length - 1 ? cents - given : (cents * BigInt(daysBetween(p.periodStart, p.periodEnd) + 1)) / total;
    given += share;
    const text = `${share / 100n}.${String(share % 100n).padStart(2, "0")}`;
    return { ...p, amount: negative && share !== 0n ? `-${text}` : text };
  });
}

/** `60.0000` → `60`, `33.3300` → `33.33`. */
const trimDecimal = (s: string) => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);

/**
 * Recipient-country percentages that add up to 100 (rules 3.1.1, 3.1.2): the ones given are kept,
 * the missing ones share what is left equally, to the hundredth; one country needs none.
 */
export function countryShares(list: { code: string; percentage: string | null }[]): IatiCoded[] {
  if (list.length <= 1) return list.map((c) => ({ code: c.code, ...(c.percentage && Number(c.percentage) !== 100 ? { percentage: trimDecimal(c.percentage) } : {}) }));
  const missing = list.filter((c) => c.percentage === null);
  const givenHundredths = list.reduce((s, c) => s + (c.percentage === null ? 0 : Math.round(Number(c.percentage) * 100)), 0);
  const left = Math.max(0, 10_000 - givenHundredths);
  const each = missing.length ? Math.floor(left / missing.length) : 0;
  let handed = 0;
  return list.map((c) => {
    if (c.percentage !== null) return { code: c.code, percentage: trimDecimal(c.percentage) };
    const last = c === missing[missing.length - 1];
    const share = last ? left - handed : each;
    handed += share;
    return { code: c.code, percentage: trimDecimal((share / 100).toFixed(2)) };
  });
}

/** Characters IATI identifiers must not contain (rule 1.3.13) and whitespace become hyphens. */
export const identifierPart = (s: string) => s.trim().replace(/[/&|?\s]+/g, "-");

// ---- the data of one project --------------------------------------------------------------------

type ActorRow = { id: string; code: string; name: LocalizedText; type: ActorType; level: GovLevel | null; countryCode: string | null; externalRef: string | null };

type ProjectRow = typeof projects.$inferSelect & {
  mechanismCode: string;
  mechanismName: LocalizedText;
  pillarCode: string | null;
  pillarName: LocalizedText | null;
  areaCode: string | null;
  areaName: LocalizedText | null;
};

type PhaseRow = { projectId: string; seq: number; status: PhaseStatus; startDate: string | null; endDate: string | null; budget: string | null; updatedAt: Date };

type TxRow = typeof transactions.$inferSelect;

/** Everything the export reads about one project. */
export type ProjectData = {
  project: ProjectRow;
  owner: ActorRow | undefined;
  parties: { actor: ActorRow; role: PartyRole }[];
  phases: PhaseRow[];
  transactions: TxRow[];
  countries: { countryCode: string; percentage: string | null }[];
  actors: Map<string, ActorRow>;
};

const orgOf = (a: ActorRow, role?: string): IatiOrg => ({
  ...(a.externalRef ? { ref: a.externalRef } : {}),
  type: organisationType(a.type, a.level),
  ...(role ? { role } : {}),
  narratives: localizedNarratives(a.name),
});

/**
 * A transaction recorded in Concord. One dated after today is not yet a transaction in IATI's
 * sense (rule 11.2.1 forbids future transaction dates): it is written as a planned disbursement.
 */
function concordTransaction(t: TxRow, actorsById: Map<string, ActorRow>, today: string): { transaction?: IatiTransaction; planned?: IatiPlannedDisbursement } {
  const provider = t.providerActorId ? actorsById.get(t.providerActorId) : undefined;
  const receiver = t.receiverActorId ? actorsById.get(t.receiverActorId) : undefined;
  const value = { amount: t.value, currency: t.currency, valueDate: t.valueDate };
  if (t.valueDate > today) return { planned: { type: "1", periodStart: t.valueDate, value, provider: provider && orgOf(provider), receiver: receiver && orgOf(receiver) } };
  const financeType = t.instrument ? FINANCE_TYPE[t.instrument] : undefined;
  return {
    transaction: {
      type: transactionTypeCode(t.type),
      date: t.valueDate,
      value,
      description: t.description?.trim() ? [{ text: t.description.trim() }] : [],
      provider: provider && orgOf(provider),
      receiver: receiver && orgOf(receiver),
      sectors: [],
      aidTypes: [],
      ...(financeType ? { financeType } : {}),
    },
  };
}

const STARTED: ProjectStatus[] = ["active", "suspended", "completed", "terminated"];

/** The latest change Concord knows of, never after now (rule 11.1.1). */
function lastChange(d: ProjectData, now: Date): string {
  const times = [d.project.updatedAt, ...d.phases.map((p) => p.updatedAt), ...d.transactions.map((t) => t.createdAt)].map((x) => x.getTime());
  return new Date(Math.min(Math.max(...times), now.getTime())).toISOString();
}

/**
 * Activity dates from the project's: a start that has passed is actual once the project has
 * started, else planned; an end is actual when the project is completed by then (or the day it was
 * terminated), else planned. A project without a start date takes its first phase's, its first
 * transaction's, or the day it was proposed in Concord: the schema requires a date and rule 6.11.1
 * a start.
 */
export function activityDates(d: Pick<ProjectData, "project" | "phases" | "transactions">, today: string): IatiDate[] {
  const p = d.project;
  const earliest = (xs: (string | null)[]) => xs.filter((x): x is string => !!x).sort()[0];
  const start = p.startDate ?? earliest(d.phases.map((x) => x.startDate)) ?? earliest(d.transactions.map((t) => t.valueDate)) ?? day(p.createdAt);
  const terminated = p.status === "terminated" && p.terminatedAt ? day(p.terminatedAt) : undefined;
  const started = STARTED.includes(p.status) && start <= (terminated && terminated < today ? terminated : today);
  const dates: IatiDate[] = [{ type: started ? "2" : "1", isoDate: start }];
  if (terminated && started && terminated >= start) dates.push({ type: "4", isoDate: terminated });
  if (p.endDate) {
    if (p.status === "completed" && started && p.endDate <= today && p.endDate >= start) dates.push({ type: "4", isoDate: p.endDate });
    else if (p.endDate >= start || started) dates.push({ type: "3", isoDate: p.endDate });
  }
  return dates;
}

/** Budgets per phase (periods of at most a year); the project's budget over its dates when no phase has one. */
export function budgets(d: Pick<ProjectData, "project" | "phases">): IatiBudget[] {
  const p = d.project;
  const out: IatiBudget[] = [];
  const add = (start: string, end: string, amount: string, status: string) => {
    for (const s of splitBudget(start, end, amount)) out.push({ type: "1", status, periodStart: s.periodStart, periodEnd: s.periodEnd, value: { amount: s.amount, currency: p.currency, valueDate: s.periodStart } });
  };
  for (const ph of d.phases) {
    if (ph.budget === null || !ph.startDate || !ph.endDate || ph.endDate < ph.startDate || ph.status === "cancelled") continue;
    add(ph.startDate, ph.endDate, ph.budget, ph.status === "planned" ? "1" : "2");
  }
  if (!out.length && p.budget !== null && p.startDate && p.endDate && p.endDate >= p.startDate) add(p.startDate, p.endDate, p.budget, p.status === "proposed" ? "1" : "2");
  return out;
}

/**
 * Recipient countries: the project's own list (as imported or recorded), else the countries of
 * its beneficiaries, else of its parties other than funders, else of all its parties.
 */
export function recipientCountries(d: Pick<ProjectData, "countries" | "parties">): IatiCoded[] {
  if (d.countries.length) return countryShares(d.countries.map((c) => ({ code: c.countryCode.toUpperCase(), percentage: c.percentage })));
  const of = (roles: PartyRole[] | null) => [...new Set(d.parties.filter((x) => !roles || roles.includes(x.role)).map((x) => x.actor.countryCode).filter((c): c is string => !!c))].sort();
  const codes = [of(["beneficiary"]), of(["lead", "partner", "implementer", "beneficiary"]), of(null)].find((l) => l.length) ?? [];
  return countryShares(codes.map((code) => ({ code, percentage: null })));
}

/**
 * Sectors: a 5-digit DAC purpose code (vocabulary 1) or 3-digit DAC category (vocabulary 2), and
 * the mechanism's own classification (priority area, else pillar) as vocabulary 99 with its name.
 */
export function sectors(p: Pick<ProjectRow, "sector" | "areaCode" | "areaName" | "pillarCode" | "pillarName">): IatiCoded[] {
  const out: IatiCoded[] = [];
  const s = p.sector?.trim();
  if (s && /^\d{5}$/.test(s)) out.push({ code: s, vocabulary: "1" });
  else if (s && /^\d{3}$/.test(s)) out.push({ code: s, vocabulary: "2" });
  const own = p.areaCode ? { code: p.areaCode, name: p.areaName } : p.pillarCode ? { code: p.pillarCode, name: p.pillarName } : null;
  if (own) {
    const narratives = localizedNarratives(own.name);
    out.push({ code: own.code, vocabulary: "99", narratives: narratives.length ? narratives : [{ text: own.code }] });
  }
  return out;
}

/** The activity for a project described from Concord's own records. */
export function nativeActivity(d: ProjectData, publisher: Publisher, now: Date): IatiActivity {
  const p = d.project;
  const today = day(now);
  const owner = d.owner;
  const ownRef = owner?.externalRef?.trim();
  // An owner registered with IATI reports its own activity; otherwise Concord's publisher reports
  // it on the owner's behalf, as a secondary reporter.
  const reportingOrg: IatiActivity["reportingOrg"] =
    ownRef && owner
      ? { ...orgOf(owner), ref: ownRef }
      : { ref: publisher.ref, type: publisher.type, secondaryReporter: true, narratives: publisher.name ? [{ text: publisher.name }] : localizedNarratives(p.mechanismName) };
  const participating: IatiOrg[] = [];
  const seen = new Set<string>();
  const participate = (a: ActorRow, role: string | null) => {
    if (!role || seen.has(`${a.id}:${role}`)) return;
    seen.add(`${a.id}:${role}`);
    participating.push(orgOf(a, role));
  };
  if (owner) participate(owner, "2");
  for (const x of d.parties) participate(x.actor, ORGANISATION_ROLE[x.role]);
  participating.sort((a, b) => Number(a.role) - Number(b.role));

  const txs: IatiTransaction[] = [];
  const planned: IatiPlannedDisbursement[] = [];
  for (const t of d.transactions) {
    const r = concordTransaction(t, d.actors, today);
    if (r.transaction) txs.push(r.transaction);
    if (r.planned) planned.push(r.planned);
  }
  const titles = localizedNarratives(p.title);
  const description = localizedNarratives(p.description);
  return {
    // Rule 1.1.21: the identifier is the reporting organisation's identifier, a hyphen, and the project's code.
    identifier: `${reportingOrg.ref}-${identifierPart(p.code)}`,
    lastUpdated: lastChange(d, now),
    lang: "en",
    defaultCurrency: p.currency,
    reportingOrg,
    titles,
    // The schema requires a description: a project without one is described by its title.
    descriptions: [{ type: "1", narratives: description.length ? description : titles }],
    participatingOrgs: participating,
    otherIdentifiers: [{ ref: p.code, type: "A1" }],
    status: ACTIVITY_STATUS[p.status],
    dates: activityDates(d, today),
    recipientCountries: recipientCountries(d),
    recipientRegions: [],
    locations: [],
    sectors: sectors(p),
    policyMarkers: [],
    defaultAidTypes: [],
    budgets: budgets(d),
    plannedDisbursements: planned,
    transactions: txs,
    documentLinks: [],
    relatedActivities: [],
    results: [],
  };
}

/** Is this the stored activity of an IATI import (as the importer wrote it)? */
function storedActivity(detail: unknown): IatiActivity | null {
  const a = detail as Partial<IatiActivity> | null;
  return a && typeof a.identifier === "string" && Array.isArray(a.titles) && Array.isArray(a.transactions) && a.reportingOrg ? (a as IatiActivity) : null;
}

/** Sets the date of the first type present (actual before planned), or adds one. */
function setDate(dates: IatiDate[], types: [actual: string, planned: string], value: string, actual: boolean): IatiDate[] {
  const i = dates.findIndex((x) => x.type === types[0]);
  const j = i >= 0 ? i : dates.findIndex((x) => x.type === types[1]);
  if (j >= 0) return dates.map((x, k) => (k === j ? { ...x, isoDate: value } : x));
  return [...dates, { type: actual ? types[0] : types[1], isoDate: value }];
}

/**
 * An imported activity with what changed in Concord laid over it: the English title, the status
 * and the dates where they no longer match what the import derived from the activity, and the
 * transactions recorded in Concord since (created_by set; the imported ones are already in it).
 */
export function overlayActivity(stored: IatiActivity, d: ProjectData, now: Date): IatiActivity {
  const p = d.project;
  const today = day(now);
  const a: IatiActivity = { ...stored };
  let changed = false;

  const importedTitle = narrativeText(stored.titles, "en") ?? narrativeText(stored.titles, stored.lang);
  const title = p.title.en?.trim();
  if (title && title !== importedTitle) {
    const english = stored.titles.findIndex((n) => n.lang === "en" || (!n.lang && (stored.lang ?? "en") === "en"));
    a.titles = english >= 0 ? stored.titles.map((n, i) => (i === english ? { ...n, text: title } : n)) : [...stored.titles, { lang: "en", text: title }];
    changed = true;
  }
  if ((IMPORTED_STATUS[stored.status ?? "2"] ?? "active") !== p.status) {
    a.status = ACTIVITY_STATUS[p.status];
    changed = true;
  }
  const date = (type: string) => stored.dates.find((x) => x.type === type)?.isoDate ?? null;
  const started = STARTED.includes(p.status);
  if (p.startDate && p.startDate !== (date("2") ?? date("1"))) {
    a.dates = setDate(a.dates, ["2", "1"], p.startDate, started && p.startDate <= today);
    changed = true;
  }
  if (p.endDate && p.endDate !== (date("4") ?? date("3"))) {
    a.dates = setDate(a.dates, ["4", "3"], p.endDate, p.status === "completed" && p.endDate <= today);
    changed = true;
  }
  const recorded = d.transactions.filter((t) => t.createdBy !== null);
  if (recorded.length) {
    const txs = [...stored.transactions];
    const planned = [...stored.plannedDisbursements];
    for (const t of recorded) {
      const r = concordTransaction(t, d.actors, today);
      if (r.transaction) txs.push(r.transaction);
      if (r.planned) planned.push(r.planned);
    }
    a.transactions = txs;
    a.plannedDisbursements = planned;
    changed = true;
  }
  if (changed) {
    const mine = lastChange({ ...d, transactions: recorded }, now);
    a.lastUpdated = !stored.lastUpdated || Date.parse(mine) > Date.parse(stored.lastUpdated) ? mine : stored.lastUpdated;
  }
  delete a.codeNames;
  return a;
}

/** The activity a project is exported as. */
export function projectActivity(d: ProjectData, publisher: Publisher, now: Date): IatiActivity {
  const stored = d.project.externalSource === "iati" ? storedActivity(d.project.externalDetail) : null;
  return stored ? overlayActivity(stored, d, now) : nativeActivity(d, publisher, now);
}

// ---- reading the projects -----------------------------------------------------------------------

/** Projects read per round trip: enough to amortise the queries, few enough to keep memory flat. */
const PAGE = 100;

const actorColumns = { id: actors.id, code: actors.code, name: actors.name, type: actors.type, level: actors.level, countryCode: actors.countryCode, externalRef: actors.externalRef };

async function loadPage(ctx: ServiceContext, filter: ProjectListFilter, after: string | null): Promise<ProjectData[]> {
  const cond = and(projectListCondition(ctx.principal, filter), after === null ? undefined : gt(projects.code, after));
  const rows = await ctx.db
    .select({
      project: projects,
      mechanismCode: mechanisms.code,
      mechanismName: mechanisms.name,
      pillarCode: pillars.code,
      pillarName: pillars.name,
      areaCode: priorityAreas.code,
      areaName: priorityAreas.name,
    })
    .from(projects)
    .innerJoin(mechanisms, eq(mechanisms.id, projects.mechanismId))
    .leftJoin(pillars, eq(pillars.id, projects.pillarId))
    .leftJoin(priorityAreas, eq(priorityAreas.id, projects.priorityAreaId))
    .where(cond)
    .orderBy(asc(projects.code))
    .limit(PAGE);
  if (!rows.length) return [];
  const ids = rows.map((r) => r.project.id);
  const [partyRows, phaseRows, txRows, countryRows] = await readAll(ctx, [
    () => ctx.db.select({ projectId: projectParties.projectId, role: projectParties.role, actor: actorColumns }).from(projectParties).innerJoin(actors, eq(actors.id, projectParties.actorId)).where(inArray(projectParties.projectId, ids)).orderBy(asc(actors.code)),
    () =>
      ctx.db
        .select({ projectId: phases.projectId, seq: phases.seq, status: phases.status, startDate: phases.startDate, endDate: phases.endDate, budget: phases.budget, updatedAt: phases.updatedAt })
        .from(phases)
        .where(inArray(phases.projectId, ids))
        .orderBy(asc(phases.seq)),
    () => ctx.db.select().from(transactions).where(inArray(transactions.projectId, ids)).orderBy(asc(transactions.valueDate), asc(transactions.createdAt), asc(transactions.id)),
    () => ctx.db.select().from(projectCountries).where(inArray(projectCountries.projectId, ids)).orderBy(asc(projectCountries.countryCode)),
  ]);
  const byId = new Map<string, ActorRow>(partyRows.map((r) => [r.actor.id, r.actor]));
  const wanted = new Set<string>([...rows.map((r) => r.project.ownerOrgId), ...txRows.flatMap((t) => [t.providerActorId, t.receiverActorId]).filter((x): x is string => !!x)]);
  const missing = [...wanted].filter((id) => !byId.has(id));
  if (missing.length) for (const a of await ctx.db.select(actorColumns).from(actors).where(inArray(actors.id, missing))) byId.set(a.id, a);

  const group = <T extends { projectId: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) m.set(x.projectId, [...(m.get(x.projectId) ?? []), x]);
    return m;
  };
  const parties = group(partyRows);
  const phasesBy = group(phaseRows);
  const txBy = group(txRows);
  const countriesBy = group(countryRows);
  return rows.map((r) => ({
    project: { ...r.project, mechanismCode: r.mechanismCode, mechanismName: r.mechanismName, pillarCode: r.pillarCode, pillarName: r.pillarName, areaCode: r.areaCode, areaName: r.areaName },
    owner: byId.get(r.project.ownerOrgId),
    parties: (parties.get(r.project.id) ?? []).map((x) => ({ actor: x.actor, role: x.role })),
    phases: phasesBy.get(r.project.id) ?? [],
    transactions: txBy.get(r.project.id) ?? [],
    countries: (countriesBy.get(r.project.id) ?? []).map((c) => ({ countryCode: c.countryCode, percentage: c.percentage })),
    actors: byId,
  }));
}

export type IatiExportOptions = {
  publisher?: Publisher;
  /** Stops between pages (the CLI's Ctrl-C); the document then ends where it stopped. */
  signal?: AbortSignal;
};

export type IatiExport = {
  /** The document, one activity per chunk. */
  chunks: AsyncGenerator<string>;
  /** Activities written so far; final once `chunks` is done. */
  readonly activities: number;
  /** True when the signal stopped the export before the last project. */
  readonly stopped: boolean;
};

/**
 * The IATI export of the projects the caller may see that match the list's filters. The first page
 * is read before this returns, so a failing query is an error of the request, not of a half-sent
 * document; the rest is read as the document is consumed.
 */
export async function exportIati(ctx: ServiceContext, filter: ProjectListFilter, opts: IatiExportOptions = {}): Promise<IatiExport> {
  const publisher = opts.publisher ?? publisherFromEnv();
  const now = ctx.now();
  const first = await loadPage(ctx, filter, null);
  let activities = 0;
  let stopped = false;
  async function* source(): AsyncGenerator<IatiActivity> {
    let page = first;
    while (page.length) {
      for (const d of page) {
        activities++;
        yield projectActivity(d, publisher, now);
      }
      if (page.length < PAGE) return;
      if (opts.signal?.aborted) {
        stopped = true;
        return;
      }
      page = await loadPage(ctx, filter, page[page.length - 1]!.project.code);
    }
  }
  return {
    chunks: writeIatiActivities(source(), { generatedAt: now }),
    get activities() {
      return activities;
    },
    get stopped() {
      return stopped;
    },
  };
}
