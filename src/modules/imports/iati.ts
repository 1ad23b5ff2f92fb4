import { createHash, randomUUID } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { authorize, isStaff } from "../../core/policy/index.js";
import type { ActorType } from "../../db/schema/actors.js";
import { auditLog } from "../../db/schema/audit.js";
import type { LocalizedText } from "../../db/schema/common.js";
import { LANGS } from "../../db/schema/common.js";
import type { Instrument } from "../../db/schema/money.js";
import { projectCountries, projectParties, projects, transactions, TRANSACTION_TYPES, type PartyRole, type ProjectStatus } from "../../db/schema/projects.js";
import { isEmbeddedCode, loadCodelistNames, type CodelistNames } from "../../lib/iati/codelists.js";
import type { IatiActivity, IatiOrg, Narrative } from "../../lib/iati/model.js";
import { narrativeText } from "../../lib/iati/model.js";
import { readIatiActivities } from "../../lib/iati/parse.js";
import { heapBudget } from "./heap-budget.js";
import { insertAllStatement, RawJson, type TableRows } from "./batch-insert.js";
import { ActorResolver } from "./actors.js";
import { emptySummary, type ImportOptions, type ImportSummary, type SkippedRecord, yieldToEventLoop, progressReporter } from "./common.js";
import { importMechanism, SOURCE_MECHANISMS } from "./mechanism.js";
import type { ImportParams } from "./registry.js";

/** Activities written per transaction: large enough to amortise round trips, small enough to keep memory flat. */
const BATCH = 250;

const STATUS: Record<string, ProjectStatus> = { "1": "proposed", "2": "active", "3": "active", "4": "completed", "5": "cancelled", "6": "suspended" };

/** IATI OrganisationType → Concord's actor types. */
const ORG_TYPE: Record<string, ActorType> = {
  "10": "government",
  "11": "government",
  "15": "government",
  "21": "ngo",
  "22": "ngo",
  "23": "ngo",
  "24": "ngo",
  "30": "enterprise",
  "40": "international",
  "60": "ngo",
  "70": "enterprise",
  "71": "enterprise",
  "72": "enterprise",
  "73": "enterprise",
  "80": "university",
  "90": "intermediary",
};

/** OrganisationRole → party role: funding, accountable, extending, implementing. */
const PARTY_ROLE: Record<string, PartyRole> = { "1": "funder", "2": "partner", "3": "partner", "4": "implementer" };

/** FinanceType → instrument, by the code's group (1xx grants, 4xx loans, 5xx equity). */
function instrumentOf(financeType: string | undefined): Instrument | null {
  if (!financeType) return null;
  if (financeType === "421" || financeType === "422" || financeType === "423") return "commercial_loan";
  if (financeType.startsWith("4")) return "concessional_loan";
  if (financeType.startsWith("1")) return "grant";
  if (financeType.startsWith("5")) return "equity";
  return null;
}

const MAX_MONEY = 1e17;
/** Concord keeps money at two decimals; IATI allows more. */
function money(amount: string): string {
  const [int, frac = ""] = amount.split(".");
  return frac.length <= 2 ? amount : `${int}.${frac.slice(0, 2)}`;
}

function localized(list: Narrative[], defaultLang: string | undefined): LocalizedText | null {
  const en = narrativeText(list, "en") ?? narrativeText(list, defaultLang);
  if (!en) return null;
  const out: LocalizedText = { en };
  for (const lang of LANGS) {
    if (lang === "en") continue;
    const n = list.find((x) => (x.lang ?? defaultLang) === lang);
    if (n) out[lang] = n.text;
  }
  return out;
}

const orgName = (o: IatiOrg, lang?: string) => narrativeText(o.narratives, "en") ?? narrativeText(o.narratives, lang) ?? null;

/** The parts of an activity that the projects, parties, countries and transactions rows are made of. */
type Kept = Pick<IatiActivity, "identifier" | "reportingOrg" | "titles" | "descriptions" | "participatingOrgs" | "recipientCountries" | "transactions" | "lastUpdated" | "lang" | "defaultCurrency" | "defaultFinanceType">;

/**
 * What an activity becomes in Concord, before it is given ids. Only the parts the rows need are
 * kept beside the detail's JSON: the rest of the activity (results, locations, budgets…) is
 * garbage as soon as it is planned, while a batch waits for the database, which keeps the
 * import's memory down.
 */
type Planned = {
  activity: Kept;
  line: number;
  file: string;
  hash: string;
  /** The stored detail as JSON, serialised once: for the hash and again as the row's `external_detail`. */
  detail: string;
  status: ProjectStatus;
  startDate: string | null;
  endDate: string | null;
  budget: string | null;
  currency: string;
  sector: string | null;
};

function plan(activity: IatiActivity, line: number, file: string, names: CodelistNames): Planned | SkippedRecord {
  const skip = (reason: string, params: Record<string, string | number> = {}): SkippedRecord => ({ file, line, id: activity.identifier, reason, params });
  if (activity.status && !isEmbeddedCode("ActivityStatus", activity.status)) return skip("unknown_code", { list: "ActivityStatus", code: activity.status });
  for (const d of activity.dates) if (!isEmbeddedCode("ActivityDateType", d.type)) return skip("unknown_code", { list: "ActivityDateType", code: d.type });
  for (const o of activity.participatingOrgs) if (o.role && !isEmbeddedCode("OrganisationRole", o.role)) return skip("unknown_code", { list: "OrganisationRole", code: o.role });
  for (const t of activity.transactions) if (Math.abs(Number(t.value.amount)) >= MAX_MONEY) return skip("value_too_large", { value: t.value.amount });
  const date = (type: string) => activity.dates.find((d) => d.type === type)?.isoDate ?? null;
  const startDate = date("2") ?? date("1");
  const endDate = date("4") ?? date("3");
  if (startDate && endDate && startDate > endDate) return skip("end_before_start", { start: startDate, end: endDate });
  const currency = (activity.defaultCurrency ?? activity.transactions[0]?.value.currency ?? activity.budgets[0]?.value.currency ?? "USD").toUpperCase();
  // The budget is the sum of the original budgets in the activity's currency (revised ones restate them).
  const budgets = activity.budgets.filter((b) => (b.value.currency ?? currency).toUpperCase() === currency);
  const original = budgets.filter((b) => b.type !== "2");
  const chosen = original.length ? original : budgets;
  const budget = chosen.length ? chosen.reduce((s, b) => s + Math.round(Number(b.value.amount) * 100), 0) / 100 : null;
  // Sector: the DAC 5-digit purpose code with the largest share.
  const dac = activity.sectors.filter((s) => (!s.vocabulary || s.vocabulary === "1") && /^\d{5}$/.test(s.code));
  dac.sort((a, b) => Number(b.percentage ?? 100) - Number(a.percentage ?? 100));
  const codeNames: Record<string, string> = {};
  const name = (list: string, code: string | undefined) => {
    const n = code ? names.get(list)?.get(code) : undefined;
    if (n) codeNames[`${list}:${code}`] = n;
  };
  // Vocabularies 1 and 2 are the DAC codes IATI publishes lists for; other vocabularies keep their narratives.
  for (const s of activity.sectors) {
    if (!s.vocabulary || s.vocabulary === "1") name("Sector", s.code);
    else if (s.vocabulary === "2") name("SectorCategory", s.code);
  }
  for (const c of activity.recipientCountries) name("Country", c.code);
  for (const r of activity.recipientRegions) name("Region", r.code);
  name("Currency", currency);
  for (const o of [activity.reportingOrg, ...activity.participatingOrgs]) name("OrganisationType", o.type);
  name("FlowType", activity.defaultFlowType);
  name("FinanceType", activity.defaultFinanceType);
  name("CollaborationType", activity.collaborationType);
  name("ActivityScope", activity.activityScope);
  for (const t of activity.transactions) {
    name("FinanceType", t.financeType);
    name("FlowType", t.flowType);
    name("Currency", t.value.currency);
  }
  const stored: IatiActivity = Object.keys(codeNames).length ? { ...activity, codeNames } : activity;
  const json = JSON.stringify(activity);
  const a = activity;
  const kept: Kept = {
    identifier: a.identifier,
    reportingOrg: a.reportingOrg,
    titles: a.titles,
    descriptions: a.descriptions,
    participatingOrgs: a.participatingOrgs,
    recipientCountries: a.recipientCountries,
    transactions: a.transactions,
    lastUpdated: a.lastUpdated,
    lang: a.lang,
    defaultCurrency: a.defaultCurrency,
    defaultFinanceType: a.defaultFinanceType,
  };
  return {
    activity: kept,
    line,
    file,
    // The hash covers what the publisher said, not the names a codelists folder added: the same file is the same activity.
    hash: createHash("sha256").update(json).digest("hex"),
    detail: stored === activity ? json : JSON.stringify(stored),
    status: STATUS[activity.status ?? "2"] ?? "active",
    startDate,
    endDate,
    budget: budget === null ? null : budget.toFixed(2),
    currency,
    sector: dac[0]?.code ?? null,
  };
}

/**
 * Imports IATI activity files (2.01–2.03 fully, 1.0x where it maps) as projects of a mechanism
 * (the IATI mechanism unless one is named). Each activity is written whole in a batch transaction
 * with its parties, recipient countries and transactions; a bad one is skipped with its file, line
 * and reason. Re-importing the same file changes nothing; a newer `last-updated-datetime` (or
 * different content without dates) replaces the activity in place.
 */
export async function importIati(ctx: ServiceContext, files: string[], params: ImportParams, opts: ImportOptions = {}): Promise<ImportSummary> {
  authorize(ctx.principal, isStaff(ctx.principal), "import", "project");
  const started = Date.now();
  const summary = emptySummary("iati", files.map((f) => basename(f)));
  const names = loadCodelistNames(params.codelists ?? process.env.CONCORD_IATI_CODELISTS);
  const mechanism = await importMechanism(ctx, "iati", params.mechanism);
  const resolver = new ActorResolver("iati");
  const toastLz4 = await supportsLz4(ctx);
  const checkHeap = heapBudget();
  const { report } = progressReporter(opts, files, summary);
  let bytesBefore = 0;

  outer: for (const file of files) {
    const name = basename(file);
    let batch: Planned[] = [];
    let fileBytes = 0;
    // One batch is written while the next is parsed: the database and the parser work side by side.
    let inflight: Promise<void> = Promise.resolve();
    const flush = async () => {
      await inflight;
      checkHeap();
      if (!batch.length) return;
      const full = batch;
      batch = [];
      inflight = writeBatch(ctx, full, mechanism.id, resolver, summary, toastLz4);
    };
    // Small reads: the parser holds the event loop for one chunk at a time, and the database's
    // answers (and so the next statement) wait no longer than that.
    for await (const item of readIatiActivities(createReadStream(file, { highWaterMark: 1 << 16 }), (b) => (fileBytes = b))) {
      summary.records++;
      if (item.kind === "skipped") {
        summary.skipped.push({ file: name, line: item.line, id: item.id, reason: item.reason, params: item.params });
      } else {
        const planned = plan(item.activity, item.line, name, names);
        if ("reason" in planned) summary.skipped.push(planned);
        else batch.push(planned);
      }
      if (batch.length >= BATCH) {
        await flush();
        report(bytesBefore + fileBytes);
        if (opts.signal?.aborted) {
          await inflight;
          summary.cancelled = true;
          break outer;
        }
      }
    }
    await flush();
    await inflight;
    bytesBefore += statSync(file).size;
    report(bytesBefore, true);
    if (opts.signal?.aborted && file !== files.at(-1)) {
      summary.cancelled = true;
      break;
    }
  }
  summary.organisations = { created: resolver.created, matched: resolver.matched };
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}

/**
 * Whether the server can compress large values with lz4 (PostgreSQL 14+ built with it; PGlite is
 * not). An activity's detail is a few kilobytes of JSON: compressing it with pglz, the default,
 * was about a tenth of the server's work on an import, and lz4 costs next to nothing. Values
 * read back alike whichever way they were compressed.
 */
async function supportsLz4(ctx: ServiceContext): Promise<boolean> {
  try {
    const res = (await ctx.db.execute(sql`select 1 as ok from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`)) as unknown as { rows: unknown[] };
    return res.rows.length > 0;
  } catch {
    return false;
  }
}

/**
 * Writes a batch in one transaction. Should the database refuse it (a value it cannot hold),
 * the batch is retried one activity at a time so only the offending activity is skipped.
 */
async function writeBatch(ctx: ServiceContext, batch: Planned[], mechanismId: string, resolver: ActorResolver, summary: ImportSummary, toastLz4: boolean) {
  // A file may repeat an identifier: the later copy wins when it is newer, as it would across imports.
  const byId = new Map<string, Planned>();
  for (const p of batch) {
    const prev = byId.get(p.activity.identifier);
    if (prev) summary.unchanged++;
    if (!prev || (p.activity.lastUpdated ?? "") > (prev.activity.lastUpdated ?? "")) byId.set(p.activity.identifier, p);
  }
  const unique = [...byId.values()];
  try {
    // A transaction rerun after a deadlock must not reuse actors its failed attempt created.
    const counts = await withTransaction(ctx, (tx) => {
      resolver.forget();
      return writeActivities(tx, unique, mechanismId, resolver, toastLz4);
    });
    await yieldToEventLoop();
    resolver.commit();
    add(summary, counts);
  } catch (err) {
    resolver.forget();
    if (unique.length === 1) {
      const p = unique[0]!;
      summary.skipped.push({ file: p.file, line: p.line, id: p.activity.identifier, reason: "database_rejected", params: { message: String((err as Error).message).split("\n")[0]!.slice(0, 200) } });
      return;
    }
    for (const p of unique) await writeBatch(ctx, [p], mechanismId, resolver, summary, toastLz4);
  }
}

type Counts = { created: number; updated: number; unchanged: number; transactions: number };
const add = (s: ImportSummary, c: Counts) => {
  s.created += c.created;
  s.updated += c.updated;
  s.unchanged += c.unchanged;
  s.transactions += c.transactions;
};

async function writeActivities(ctx: ServiceContext, batch: Planned[], mechanismId: string, resolver: ActorResolver, toastLz4: boolean): Promise<Counts> {
  const counts: Counts = { created: 0, updated: 0, unchanged: 0, transactions: 0 };
  const ids = batch.map((p) => p.activity.identifier);
  const existing = new Map(
    (
      await ctx.db
        .select({ id: projects.id, externalId: projects.externalId, hash: projects.externalHash, updatedAt: projects.externalUpdatedAt, version: projects.version })
        .from(projects)
        .where(inArray(projects.externalId, ids))
    ).map((r) => [r.externalId!, r]),
  );
  const now = ctx.now();
  const toWrite: { p: Planned; existingId?: string; version?: number }[] = [];
  for (const p of batch) {
    const old = existing.get(p.activity.identifier);
    if (old) {
      const incoming = p.activity.lastUpdated;
      const stale = incoming && old.updatedAt && new Date(incoming).getTime() <= old.updatedAt.getTime();
      if (old.hash === p.hash || stale) {
        counts.unchanged++;
        continue;
      }
      toWrite.push({ p, existingId: old.id, version: old.version });
    } else toWrite.push({ p });
  }
  if (!toWrite.length) return counts;

  // Organisations first: the reporting org owns the project.
  const resolved = new Map<IatiOrg, string | null>();
  const resolve = async (o: IatiOrg | undefined, lang: string | undefined) => {
    if (!o) return null;
    if (resolved.has(o)) return resolved.get(o)!;
    const id = await resolver.resolve(ctx, { ref: o.ref, name: orgName(o, lang), type: ORG_TYPE[o.type ?? ""] ?? "intermediary", source: SOURCE_MECHANISMS.iati.source });
    resolved.set(o, id);
    return id;
  };
  for (const { p } of toWrite) {
    const a = p.activity;
    await resolve(a.reportingOrg, a.lang);
    for (const o of a.participatingOrgs) await resolve(o, a.lang);
    for (const t of a.transactions) {
      await resolve(t.provider, a.lang);
      await resolve(t.receiver, a.lang);
    }
  }

  const values = (p: Planned) => {
    const a = p.activity;
    const title = localized(a.titles, a.lang)!;
    const general = a.descriptions.find((d) => !d.type || d.type === "1") ?? a.descriptions[0];
    return {
      code: a.identifier,
      mechanismId,
      title,
      description: general ? localized(general.narratives, a.lang) : null,
      sector: p.sector,
      status: p.status,
      visibility: "public" as const,
      startDate: p.startDate,
      endDate: p.endDate,
      budget: p.budget,
      currency: p.currency,
      ownerOrgId: resolved.get(a.reportingOrg)!,
      externalId: a.identifier,
      externalSource: "iati" as const,
      externalUpdatedAt: a.lastUpdated ? new Date(a.lastUpdated) : null,
      externalHash: p.hash,
      source: `IATI activity ${a.identifier}, published by ${orgName(a.reportingOrg, a.lang) ?? a.reportingOrg.ref ?? "its reporting organisation"}`,
      updatedAt: now,
    };
  };

  // New projects get their ids here, so that their parties, transactions and audit rows can go in
  // the same statement as they do (one round trip for the whole batch).
  const projectIds = new Map<Planned, string>();
  const freshRows: TableRows<typeof projects>["rows"] = [];
  for (const w of toWrite) {
    if (w.existingId) continue;
    const id = randomUUID();
    projectIds.set(w.p, id);
    freshRows.push({ ...values(w.p), externalDetail: new RawJson(w.p.detail), id, createdAt: now });
  }
  const updated = toWrite.filter((w) => w.existingId);
  for (const w of updated) {
    await ctx.db
      .update(projects)
      .set({ ...values(w.p), externalDetail: sql`${w.p.detail}::jsonb`, version: w.version! + 1 })
      .where(eq(projects.id, w.existingId!));
    projectIds.set(w.p, w.existingId!);
  }
  if (updated.length) {
    const ids = updated.map((w) => w.existingId!);
    await ctx.db.delete(projectParties).where(inArray(projectParties.projectId, ids));
    await ctx.db.delete(projectCountries).where(inArray(projectCountries.projectId, ids));
    // Imported transactions are replaced; those recorded in Concord since (they have an author) stay.
    await ctx.db.delete(transactions).where(and(inArray(transactions.projectId, ids), isNull(transactions.createdBy)));
  }

  const parties: (typeof projectParties.$inferInsert)[] = [];
  const countries: (typeof projectCountries.$inferInsert)[] = [];
  const txRows: (typeof transactions.$inferInsert)[] = [];
  const audits: (typeof auditLog.$inferInsert)[] = [];
  const p0 = ctx.principal;
  for (const w of toWrite) {
    const a = w.p.activity;
    const projectId = projectIds.get(w.p)!;
    const seen = new Set<string>();
    const party = (actorId: string | null | undefined, role: PartyRole) => {
      if (!actorId || seen.has(`${actorId}:${role}`)) return;
      seen.add(`${actorId}:${role}`);
      parties.push({ projectId, actorId, role });
    };
    party(resolved.get(a.reportingOrg), "lead");
    for (const o of a.participatingOrgs) party(resolved.get(o), PARTY_ROLE[o.role ?? ""] ?? "partner");
    const cc = new Set<string>();
    for (const c of a.recipientCountries) {
      if (!/^[A-Z]{2}$/.test(c.code) || cc.has(c.code)) continue;
      cc.add(c.code);
      countries.push({ projectId, countryCode: c.code, percentage: c.percentage ?? null });
    }
    for (const t of a.transactions) {
      txRows.push({
        projectId,
        type: TRANSACTION_TYPES[Number(t.type) - 1]!,
        instrument: instrumentOf(t.financeType ?? a.defaultFinanceType),
        value: money(t.value.amount),
        currency: (t.value.currency ?? a.defaultCurrency ?? w.p.currency).toUpperCase(),
        valueDate: t.value.valueDate ?? t.date,
        providerActorId: resolved.get(t.provider!) ?? null,
        receiverActorId: resolved.get(t.receiver!) ?? null,
        description: narrativeText(t.description, a.lang) ?? null,
        createdBy: null,
        createdAt: now,
      });
    }
    counts.transactions += a.transactions.length;
    if (w.existingId) counts.updated++;
    else counts.created++;
    audits.push({
      at: now,
      userId: p0.kind === "user" ? p0.userId : null,
      orgId: p0.kind === "user" ? p0.orgId : null,
      channel: ctx.channel,
      entity: "project",
      entityId: projectId,
      action: w.existingId ? "import_update" : "import_create",
      after: { source: "iati", externalId: a.identifier, lastUpdated: a.lastUpdated ?? null, hash: w.p.hash, file: w.p.file, line: w.p.line },
      requestId: ctx.requestId ?? null,
    });
  }
  if (toastLz4) await ctx.db.execute(sql`set local default_toast_compression = lz4`);
  const statement = insertAllStatement([
    { table: projects, rows: freshRows },
    { table: projectParties, rows: parties },
    { table: projectCountries, rows: countries },
    { table: transactions, rows: txRows },
    { table: auditLog, rows: audits },
  ] as TableRows[]);
  if (statement) await ctx.db.execute(statement);
  return counts;
}
