import { z } from "@hono/zod-openapi";
import { inArray } from "drizzle-orm";
import type { Context } from "hono";
import type { ServiceContext } from "../core/context.js";
import { actors } from "../db/schema/actors.js";
import { LANGS, type Lang } from "../db/schema/common.js";
import { csvFilename, csvRow, localizedCell, UTF8_BOM } from "../lib/csv.js";
import { errorForLog } from "./errors.js";
import { t } from "../lib/i18n/index.js";
import { listActors } from "../modules/actors/read.js";
import { ZActorListQuery, type Actor } from "../modules/actors/schemas.js";
import { listApplications } from "../modules/applications/read.js";
import { ZApplicationListQuery, type ApplicationSummary } from "../modules/applications/schemas.js";
import { listCalls } from "../modules/calls/calls.js";
import { ZCallListQuery, type Call } from "../modules/calls/schemas.js";
import { listEvents } from "../modules/events/read.js";
import { ZEventListQuery, type Event } from "../modules/events/schemas.js";
import { listMechanisms } from "../modules/mechanisms/read.js";
import { ZMechanismListQuery, type MechanismSummary } from "../modules/mechanisms/schemas.js";
import { fundingGap } from "../modules/money/gap.js";
import { ZFundingGapQuery, type ZFundingGap } from "../modules/money/schemas.js";
import { suspensionExposure } from "../modules/phases/exposure.js";
import { listProjects } from "../modules/projects/read.js";
import { ZProjectListQuery, type ProjectSummary } from "../modules/projects/schemas.js";
import { listLateReports } from "../modules/reports/reports.js";
import { listRbos, listTreaties } from "../modules/water/read.js";
import { ZRboListQuery, ZTreatyListQuery, type Rbo, type Treaty } from "../modules/water/schemas.js";
import { ZLateReportQuery, type ZLateReport } from "../modules/reports/schemas.js";
import { listBulletins } from "../modules/bulletins/bulletins.js";
import { ZBulletinListQuery, type BulletinSummary } from "../modules/bulletins/schemas.js";
import { byteStream } from "./stream.js";
import type { AppEnv } from "./env.js";

/**
 * CSV exports of every list the UI shows. Each list's route keeps its own filters and policy and
 * adds `format=csv` (and `bom=true` for Excel): the same verb then runs page after page, so the file
 * holds every matching row, never more than the caller may see, streamed as it is read.
 */

/** The query parameters every list route gains. */
export const ZCsvParams = z.object({
  format: z.enum(["json", "csv"]).optional().openapi({ description: "`csv` answers with every matching row as CSV (RFC 4180) instead of one JSON page" }),
  bom: z.enum(["true", "false"]).optional().openapi({ description: "With format=csv: start the file with a UTF-8 byte-order mark, so Excel reads non-Latin text correctly" }),
  lang: z.enum(LANGS).optional().openapi({ description: "Language of the CSV's headers and of localized names; defaults to Accept-Language" }),
});
type CsvParams = z.infer<typeof ZCsvParams>;

/** A list's query schema with the CSV parameters added. */
export const withCsv = <S extends z.ZodRawShape, C extends z.core.$ZodObjectConfig>(query: z.ZodObject<S, C>) => query.extend(ZCsvParams.shape);

/** The 200 response of a list route: its JSON page, or the whole list as CSV. */
export const jsonOrCsv = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description: `${description}; with format=csv, every matching row as a CSV attachment`,
  content: {
    "application/json": { schema },
    "text/csv": { schema: z.string().openapi({ description: "RFC 4180 CSV, UTF-8, CRLF line ends; headers in the requested language" }) },
  },
});

export const wantsCsv = (query: { format?: string }) => query.format === "csv";

/** A column: the message key of its header (`server.csv.columns.<key>`) and its value in a row. */
type Column<T> = readonly [key: string, value: (row: T, lang: Lang) => unknown];
type Page<T> = { items: T[]; total: number };

type ListDef<Q, T> = {
  /** The list route's query schema: the CLI validates its filters with it too. */
  query: z.ZodObject;
  /** One page of the list, as the route's verb returns it; lists the verb does not page come whole. */
  page: (ctx: ServiceContext, query: Q, limit: number, offset: number) => Promise<Page<T>>;
  columns: readonly Column<T>[];
  /** Rows per call of the verb. */
  pageSize?: number;
  /** Adds what a row needs that the list does not carry (e.g. parent codes), a page at a time. */
  enrich?: (ctx: ServiceContext, rows: T[]) => Promise<T[]>;
};

const define = <Q, T>(def: ListDef<Q, T>) => def;
/** The exposure page has no filters. */
export const ZNoQuery = z.object({});
const joined = (values: readonly (string | null | undefined)[]) => values.filter(Boolean).join("; ");

type ActorRow = Actor & { parentCode?: string | null };
type LateRow = z.infer<typeof ZLateReport>;
type GapRow = z.infer<typeof ZFundingGap>["items"][number] & { currency: string; by: string };
type ExposureRow = {
  country: string;
  record: "suspended_phase" | "exposed_project";
  project: string;
  phase: number | null;
  reason: string | null;
  since: string | null;
  status: string | null;
  budget: string | null;
  spent: string | null;
  currency: string | null;
};

/** Every list with a CSV form, by the name used in the file name and on the command line. */
export const CSV_LISTS = {
  projects: define<z.infer<typeof ZProjectListQuery>, ProjectSummary>({
    query: ZProjectListQuery,
    page: (ctx, q, limit, offset) => listProjects(ctx, { ...q, limit, offset }),
    columns: [
      ["code", (p) => p.code],
      ["title", (p, l) => localizedCell(p.title, l)],
      ["mechanism", (p) => p.mechanismCode],
      ["pillar", (p) => p.pillarCode],
      ["priority_area", (p) => p.priorityAreaCode],
      ["status", (p) => p.status],
      ["visibility", (p) => p.visibility],
      ["sector", (p) => p.sector],
      ["countries", (p) => joined(p.countries)],
      ["start_date", (p) => p.startDate],
      ["end_date", (p) => p.endDate],
      ["budget", (p) => p.budget],
      ["currency", (p) => p.currency],
      ["sample", (p) => p.isSample],
      ["updated_at", (p) => p.updatedAt],
      ["id", (p) => p.id],
    ],
  }),
  actors: define<z.infer<typeof ZActorListQuery>, ActorRow>({
    query: ZActorListQuery,
    page: (ctx, q, limit, offset) => listActors(ctx, { ...q, limit, offset }),
    enrich: async (ctx, rows) => {
      const ids = [...new Set(rows.map((r) => r.parentId).filter((x): x is string => !!x))];
      if (!ids.length) return rows;
      const parents = new Map((await ctx.db.select({ id: actors.id, code: actors.code }).from(actors).where(inArray(actors.id, ids))).map((p) => [p.id, p.code]));
      return rows.map((r) => ({ ...r, parentCode: r.parentId ? (parents.get(r.parentId) ?? null) : null }));
    },
    columns: [
      ["code", (a) => a.code],
      ["name", (a, l) => localizedCell(a.name, l)],
      ["type", (a) => a.type],
      ["level", (a) => a.level],
      ["country", (a) => a.countryCode],
      ["parent", (a) => a.parentCode],
      ["website", (a) => a.website],
      ["founded_on", (a) => a.foundedOn],
      ["source", (a) => a.source],
      ["sample", (a) => a.isSample],
      ["id", (a) => a.id],
    ],
  }),
  events: define<z.infer<typeof ZEventListQuery>, Event>({
    query: ZEventListQuery,
    page: (ctx, q, limit, offset) => listEvents(ctx, { ...q, limit, offset }),
    columns: [
      ["code", (e) => e.code],
      ["date", (e) => e.date],
      ["date_precision", (e) => e.datePrecision],
      ["end_date", (e) => e.endDate],
      ["title", (e, l) => localizedCell(e.title, l)],
      ["kind", (e) => e.kind],
      ["mechanism", (e) => e.mechanismCode],
      ["place", (e, l) => localizedCell(e.place, l)],
      ["participants", (e) => joined(e.participants.map((p) => p.actorCode))],
      // Meetings: the diplomatic track in force, and whether staff overrode the derived one.
      ["track", (e) => e.track],
      ["track_overridden", (e) => e.trackOverridden],
      ["open_to_public", (e) => e.openToPublic],
      // Water events (TFDD): intensity on the Basins at Risk scale, basin, countries (ISO alpha-3) and issue areas.
      ["bar", (e) => e.barScale],
      ["basin", (e) => e.basinCode],
      ["countries", (e) => joined(e.countryCodes)],
      ["issues", (e) => joined(e.issueTypes)],
      ["visibility", (e) => e.visibility],
      ["source", (e) => e.source],
      ["sample", (e) => e.isSample],
      ["id", (e) => e.id],
    ],
  }),
  mechanisms: define<z.infer<typeof ZMechanismListQuery>, MechanismSummary>({
    query: ZMechanismListQuery,
    page: (ctx, q, limit, offset) => listMechanisms(ctx, { ...q, limit, offset }),
    columns: [
      ["code", (m) => m.code],
      ["name", (m, l) => localizedCell(m.name, l)],
      ["founded_on", (m) => m.foundedOn],
      ["member_count", (m) => m.members.length],
      ["members", (m) => joined(m.members.map((x) => x.actorCode))],
      ["description", (m, l) => localizedCell(m.description, l)],
      ["source", (m) => m.source],
      ["sample", (m) => m.isSample],
      ["id", (m) => m.id],
    ],
  }),
  calls: define<z.infer<typeof ZCallListQuery>, Call>({
    query: ZCallListQuery,
    page: (ctx, q, limit, offset) => listCalls(ctx, { ...q, limit, offset }),
    columns: [
      ["code", (c) => c.code],
      ["title", (c, l) => localizedCell(c.title, l)],
      ["fund", (c, l) => localizedCell(c.fund, l)],
      ["mechanism", (c) => c.mechanismCode],
      ["state", (c) => c.state],
      ["opens_at", (c) => c.opensAt],
      ["closes_at", (c) => c.closesAt],
      ["ceiling", (c) => c.ceiling],
      ["currency", (c) => c.currency],
      ["id", (c) => c.id],
    ],
  }),
  applications: define<z.infer<typeof ZApplicationListQuery>, ApplicationSummary>({
    query: ZApplicationListQuery,
    page: (ctx, q, limit, offset) => listApplications(ctx, { ...q, limit, offset }),
    columns: [
      ["code", (a) => a.code],
      ["title", (a, l) => localizedCell(a.title, l)],
      ["call", (a) => a.callCode],
      ["status", (a) => a.status],
      ["requested", (a) => a.requested],
      ["currency", (a) => a.currency],
      ["submitted_at", (a) => a.submittedAt],
      ["id", (a) => a.id],
    ],
  }),
  "late-reports": define<z.infer<typeof ZLateReportQuery>, LateRow>({
    query: ZLateReportQuery,
    // The verb works out every overdue period before it pages: one call gives them all.
    page: (ctx, q) => listLateReports(ctx, { ...q, limit: Number.MAX_SAFE_INTEGER, offset: 0 }),
    pageSize: Number.MAX_SAFE_INTEGER,
    columns: [
      ["project", (r) => r.projectCode],
      ["project_title", (r, l) => localizedCell(r.projectTitle, l)],
      ["phase", (r) => r.seq],
      ["period_start", (r) => r.periodStart],
      ["period_end", (r) => r.periodEnd],
      ["due_date", (r) => r.dueDate],
      ["days_late", (r) => r.daysLate],
    ],
  }),
  "funding-gap": define<z.infer<typeof ZFundingGapQuery>, GapRow>({
    query: ZFundingGapQuery,
    page: async (ctx, q) => {
      const gap = await fundingGap(ctx, q);
      return { items: gap.items.map((i) => ({ ...i, currency: gap.currency, by: gap.by })), total: gap.items.length };
    },
    pageSize: Number.MAX_SAFE_INTEGER,
    columns: [
      ["dimension", (r) => r.by],
      ["key", (r) => r.key],
      ["label", (r, l) => localizedCell(r.label, l)],
      ["budget", (r) => r.budget],
      ["committed", (r) => r.committed],
      ["disbursed", (r) => r.disbursed],
      ["gap", (r) => r.gap],
      ["currency", (r) => r.currency],
      ["projects", (r) => r.projects],
      ["unconverted", (r) => r.unconverted],
    ],
  }),
  exposure: define<Record<string, unknown>, ExposureRow>({
    query: ZNoQuery,
    // Two tables per country on the page become one, each row saying which table it belongs to.
    page: async (ctx) => {
      const { items } = await suspensionExposure(ctx);
      const rows: ExposureRow[] = items.flatMap((c) => [
        ...c.suspendedPhases.map((s): ExposureRow => ({ country: c.countryCode, record: "suspended_phase", project: s.projectCode, phase: s.seq, reason: s.reason, since: s.since, status: null, budget: null, spent: null, currency: null })),
        ...c.exposedProjects.map((p): ExposureRow => ({ country: c.countryCode, record: "exposed_project", project: p.code, phase: null, reason: null, since: null, status: p.status, budget: p.budget, spent: p.spent, currency: p.currency })),
      ]);
      return { items: rows, total: rows.length };
    },
    pageSize: Number.MAX_SAFE_INTEGER,
    columns: [
      ["country", (r) => r.country],
      ["record", (r) => r.record],
      ["project", (r) => r.project],
      ["phase", (r) => r.phase],
      ["reason", (r) => r.reason],
      ["since", (r) => r.since],
      ["status", (r) => r.status],
      ["budget", (r) => r.budget],
      ["spent", (r) => r.spent],
      ["currency", (r) => r.currency],
    ],
  }),
  "water-rbos": define<z.infer<typeof ZRboListQuery>, Rbo>({
    query: ZRboListQuery,
    page: (ctx, q, limit, offset) => listRbos(ctx, { ...q, limit, offset }),
    columns: [
      ["code", (r) => r.code],
      ["name", (r) => r.name],
      ["agreement", (r) => r.agreementName],
      ["agreement_year", (r) => r.agreementYear],
      ["continent", (r) => r.continent],
      ["laterality", (r) => r.laterality],
      ["org_type", (r) => r.orgType],
      ["basin", (r) => joined(r.basins.map((b) => b.code))],
      ["countries", (r) => joined(r.countries)],
      ["mechanism", (r) => r.mechanismCode],
      ["website", (r) => r.website],
      ["source", (r) => r.source],
    ],
  }),
  "water-treaties": define<z.infer<typeof ZTreatyListQuery>, Treaty>({
    query: ZTreatyListQuery,
    page: (ctx, q, limit, offset) => listTreaties(ctx, { ...q, limit, offset }),
    columns: [
      ["code", (r) => r.code],
      ["name", (r) => r.name],
      ["signed_on", (r) => r.signedOn],
      ["signatories", (r) => r.signatories],
      ["basin", (r) => joined(r.basins.map((b) => b.code))],
      ["countries", (r) => joined(r.countries.map((c) => c.code))],
      ["issues", (r) => joined(r.issueTypes)],
      ["entries", (r) => joined(r.entries)],
      ["source", (r) => r.source],
    ],
  }),
  // Restricted: the verb returns only what the caller's organisation is named on, and audits the export.
  bulletins: define<z.infer<typeof ZBulletinListQuery>, BulletinSummary>({
    query: ZBulletinListQuery,
    page: (ctx, q, limit, offset) => listBulletins(ctx, { ...q, limit, offset }, "export"),
    columns: [
      ["code", (b) => b.code],
      ["created_at", (b) => b.createdAt],
      ["category", (b) => b.category],
      ["sender", (b) => b.sender.actorCode],
      ["recipients", (b) => joined(b.recipients.map((r) => r.actorCode))],
      ["title", (b) => b.title],
      ["language", (b) => b.lang],
      ["id", (b) => b.id],
    ],
  }),
} as const;

export type CsvList = keyof typeof CSV_LISTS;
export const CSV_LIST_NAMES = Object.keys(CSV_LISTS) as CsvList[];
export type CsvQuery<K extends CsvList> = Parameters<(typeof CSV_LISTS)[K]["page"]>[1];

const DEFAULT_PAGE = 1000;

/** The header line and the localized header names of a list, in a language. */
export function csvHeader(list: CsvList, lang: Lang): string[] {
  return CSV_LISTS[list].columns.map(([key]) => t(lang, `server.csv.columns.${key}`));
}

/**
 * A list as CSV text, in chunks of a page each: the header first, then every matching row. The
 * first page is read before the first chunk is given, so a refused read (401, 403, 404) fails
 * here, before anything is written.
 */
export async function csvChunks<K extends CsvList>(
  ctx: ServiceContext,
  list: K,
  query: CsvQuery<K>,
  opts: { lang: Lang; bom?: boolean; /** Rows per call of a paged verb (tests use small pages). */ pageSize?: number },
): Promise<AsyncGenerator<{ text: string; rows: number }>> {
  const def = CSV_LISTS[list] as unknown as ListDef<CsvQuery<K>, unknown>;
  const size = def.pageSize ?? opts.pageSize ?? DEFAULT_PAGE;
  const fetch = async (offset: number) => {
    const page = await def.page(ctx, query, size, offset);
    return { ...page, items: def.enrich ? await def.enrich(ctx, page.items) : page.items };
  };
  const first = await fetch(0);
  const render = (rows: unknown[]) => rows.map((r) => csvRow(def.columns.map(([, value]) => value(r, opts.lang)))).join("");
  async function* chunks() {
    yield { text: (opts.bom ? UTF8_BOM : "") + csvRow(csvHeader(list, opts.lang)), rows: 0 };
    let page = first;
    let offset = 0;
    for (;;) {
      if (page.items.length) yield { text: render(page.items), rows: page.items.length };
      offset += page.items.length;
      // A verb that answers whole (no paging) or a short page means the end.
      if (size === Number.MAX_SAFE_INTEGER || page.items.length < size || offset >= page.total) return;
      page = await fetch(offset);
    }
  }
  return chunks();
}

/**
 * Answers a list route with its CSV form: `Content-Disposition: attachment;
 * filename=concord-<list>-YYYYMMDD.csv`, rows streamed as the verb pages through them.
 */
export async function csvResponse<K extends CsvList>(c: Context<AppEnv>, list: K, query: CsvQuery<K> & CsvParams) {
  const ctx = c.get("ctx");
  const chunks = await csvChunks(ctx, list, query, { lang: c.get("lang"), bom: query.bom === "true" });
  async function* texts() {
    for await (const chunk of chunks) yield chunk.text;
  }
  // The status line is gone once rows flow: a failure cuts the file short and the log says why.
  const body = byteStream(texts(), (err) => c.get("deps").logger?.error({ err: errorForLog(err), requestId: c.get("requestId"), list }, "csv export failed"));
  return c.body(body, 200, {
    "Content-Type": "text/csv; charset=utf-8; header=present",
    "Content-Disposition": `attachment; filename=${csvFilename(list, ctx.now())}`,
    "Cache-Control": "no-store",
  });
}
