import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { eq, inArray } from "drizzle-orm";
import { z, ZodError } from "zod";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, ruleAt } from "../../core/errors.js";
import { authorize, isStaff } from "../../core/policy/index.js";
import { actors, countries, type ActorType, type GovLevel } from "../../db/schema/actors.js";
import { auditLog } from "../../db/schema/audit.js";
import type { LocalizedText } from "../../db/schema/common.js";
import type { ImportKind } from "../../db/schema/interop.js";
import { pillars, priorityAreas } from "../../db/schema/mechanisms.js";
import { PROJECT_STATUSES, projectCountries, projectParties, projects, type PartyRole, type ProjectStatus } from "../../db/schema/projects.js";
import { readCsv } from "../../lib/csv.js";
import {
  checkMapping,
  compileMapping,
  CsvMappingError,
  localizedFrom,
  ZActorMapping,
  ZProjectMapping,
  type ActorMapping,
  type CsvKind,
  type ProjectMapping,
  type RowProblem,
  type RowReader,
  type RowValues,
} from "../../lib/csv-mapping.js";
import { ZActorCreate } from "../actors/schemas.js";
import { LEVEL_ORDER } from "../actors/write.js";
import { findMechanism, frameworkCodeId } from "../mechanisms/read.js";
import { ZProjectCreate } from "../projects/schemas.js";
import { isUuid } from "../shared/refs.js";
import { ActorResolver, actorCodeFrom, normaliseName } from "./actors.js";
import { emptySummary, type ImportOptions, type ImportSummary, type SkippedRecord, yieldToEventLoop, progressReporter } from "./common.js";
import { importMechanism, SOURCE_MECHANISMS } from "./mechanism.js";
import type { ImportParams } from "./registry.js";

/**
 * CSV import of actors and projects from any spreadsheet, through a column-mapping file
 * (src/lib/csv-mapping.ts; README "CSV import"). Rows are read as a stream and written in batches,
 * each in one transaction; a row that breaks a rule is left out with its line and why, the rest
 * loads; importing the same file again changes nothing. Staff only.
 */

/** Rows written per transaction. */
const BATCH = 200;
/** Provenance of actors created from a spreadsheet, unless the mapping gives a source. */
export const CSV_ACTOR_SOURCE = "Imported from a spreadsheet (CSV)";
const CSV_PROJECT_SOURCE = SOURCE_MECHANISMS.csv.source;

/** The identifier a CSV-imported project is known by: `csv:<code>`. */
export const csvExternalId = (code: string) => `csv:${code}`;

type Row = { file: string; line: number; values: RowValues; detail: Record<string, string> };

/** Validates the mapping the user gave; a broken one is refused before any file is read. */
function parseMapping<S extends typeof ZActorMapping | typeof ZProjectMapping>(kind: CsvKind, schema: S, raw: unknown, encoding?: string): z.infer<S> {
  if (raw === undefined || raw === null || raw === "") throw ruleAt("csv_mapping_missing", "mapping");
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw ruleAt("csv_mapping_not_json", "mapping");
    }
  }
  const parsed = schema.safeParse(value);
  // Zod's own issues, pointed into the mapping: the API answers 400 naming each, the CLI prints them.
  if (!parsed.success) throw new ZodError(parsed.error.issues.map((i) => ({ ...i, path: ["mapping", ...i.path] })));
  try {
    checkMapping(kind, parsed.data);
  } catch (err) {
    if (err instanceof CsvMappingError) throw ruleAt(err.rule, err.path, err.params);
    throw err;
  }
  // An encoding given on the command line wins over the mapping's.
  return { ...parsed.data, ...(encoding ? { encoding } : {}) } as z.infer<S>;
}

/**
 * Checks a mapping without reading any file: the API's import jobs can refuse a broken mapping with
 * 400 or 422 before they spool the upload (the importer checks it again, and the file's header).
 */
export function validateCsvMapping(kind: "csv-actors" | "csv-projects", raw: unknown): void {
  if (kind === "csv-actors") parseMapping("actors", ZActorMapping, raw);
  else parseMapping("projects", ZProjectMapping, raw);
}

/** Reads only the header of each file and binds the mapping to it, so a mismatch is refused before anything is written. */
async function checkHeaders(kind: CsvKind, mapping: ActorMapping | ProjectMapping, files: string[]) {
  for (const file of files) {
    const name = basename(file);
    let header: string[] | undefined;
    const records = readCsv(createReadStream(file, { end: 256 * 1024 - 1 }), { delimiter: mapping.delimiter, encoding: mapping.encoding });
    try {
      for await (const r of records) {
        if ("fields" in r) header = r.fields;
        break;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code === "ENOENT") throw ruleAt("csv_file_missing", "files", { file: name });
      throw err;
    } finally {
      await records.return(undefined);
    }
    if (!header?.some((h) => h.trim())) throw ruleAt("csv_empty_file", "files", { file: name });
    try {
      compileMapping(kind, mapping, header, name);
    } catch (err) {
      if (err instanceof CsvMappingError) throw ruleAt(err.rule, err.path, err.params);
      throw err;
    }
  }
}

type Writer = {
  /** Writes a batch in one transaction and adds what happened to the summary. */
  write: (ctx: ServiceContext, rows: Row[], summary: ImportSummary) => Promise<void>;
};

/**
 * The loop both importers share: stream each file's rows through the mapping, refuse malformed
 * ones with their line, hand the rest to the writer in batches, report progress, stop between
 * batches when cancelled.
 */
async function run(ctx: ServiceContext, kind: ImportKind, csvKind: CsvKind, files: string[], mapping: ActorMapping | ProjectMapping, writer: Writer, opts: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const summary = emptySummary(kind, files.map((f) => basename(f)));
  await checkHeaders(csvKind, mapping, files);
  const { report } = progressReporter(opts, files, summary);
  let bytesBefore = 0;
  const skip = (file: string, line: number, p: RowProblem, id?: string) => summary.skipped.push({ file, line, ...(id ? { id } : {}), reason: p.reason, params: p.params });

  outer: for (const file of files) {
    if (opts.signal?.aborted) {
      summary.cancelled = true;
      break;
    }
    const name = basename(file);
    let fileBytes = 0;
    let reader: RowReader | undefined;
    let batch: Row[] = [];
    for await (const r of readCsv(createReadStream(file, { highWaterMark: 1 << 20 }), { delimiter: mapping.delimiter, encoding: mapping.encoding, onBytes: (b) => (fileBytes = b) })) {
      if (!reader) {
        // The first record is the header (checked above).
        if ("fields" in r) reader = compileMapping(csvKind, mapping, r.fields, name);
        continue;
      }
      summary.records++;
      if ("error" in r) skip(name, r.line, { reason: "csv_syntax", params: { message: r.error.slice(0, 200) } });
      else if (r.fields.length !== reader.width) skip(name, r.line, { reason: "csv_column_count", params: { found: r.fields.length, expected: reader.width } });
      else {
        const { values, problems } = reader.read(r.fields);
        if (problems.length) skip(name, r.line, problems[0]!, typeof values.code === "string" ? values.code : undefined);
        else {
          const detail: Record<string, string> = {};
          for (const c of reader.unmapped) if (r.fields[c.index]?.trim()) detail[c.name] = r.fields[c.index]!.trim();
          batch.push({ file: name, line: r.line, values, detail });
        }
      }
      if (batch.length >= BATCH) {
        await writer.write(ctx, batch, summary);
        batch = [];
        report(bytesBefore + fileBytes);
        if (opts.signal?.aborted) {
          summary.cancelled = true;
          break outer;
        }
      }
    }
    await writer.write(ctx, batch, summary);
    bytesBefore += statSync(file).size;
    report(bytesBefore, true);
  }
  // Rows refused while reading and while writing, in the order of the files and their lines.
  const order = new Map(summary.files.map((f, i) => [f, i]));
  summary.skipped.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || (a.line ?? 0) - (b.line ?? 0));
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}

/** The field of the mapping a validation issue is about: `title.en`, `lead`, `partners`… */
function fieldOf(path: readonly PropertyKey[], partyFields: string[]): string {
  if (path[0] === "parties") return typeof path[1] === "number" ? (partyFields[path[1]] ?? "lead") : "lead";
  return path.map(String).join(".");
}

/** Refinements of the create schemas that say more than "this value is wrong". */
const RULES = new Set(["end_before_start", "level_requires_government", "government_requires_level"]);

/** A row's values that break a create schema's rules, as a skip reason. */
function problemOf(error: z.ZodError, input: Record<string, unknown>, partyFields: string[] = []): RowProblem {
  const issue = error.issues[0]!;
  if (issue.code === "custom" && RULES.has(issue.message)) return { reason: `csv_${issue.message}`, params: {} };
  const field = fieldOf(issue.path, partyFields);
  let value: unknown = input;
  for (const k of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[k];
  if (value === undefined || value === "") return { reason: "csv_missing_value", params: { field } };
  return { reason: "csv_bad_value", params: { field, value: (typeof value === "string" ? value : JSON.stringify(value)).slice(0, 100) } };
}

const stableHash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

type AuditRow = typeof auditLog.$inferInsert;
const auditRow = (ctx: ServiceContext, entity: string, entityId: string, action: string, before: unknown, after: unknown): AuditRow => {
  const p = ctx.principal;
  return {
    at: ctx.now(),
    userId: p.kind === "user" ? p.userId : null,
    orgId: p.kind === "user" ? p.orgId : null,
    channel: ctx.channel,
    entity,
    entityId,
    action,
    before: before === null ? null : JSON.parse(JSON.stringify(before)),
    after: JSON.parse(JSON.stringify(after)),
    requestId: ctx.requestId ?? null,
  };
};

/**
 * Writes a batch in one transaction; should the database refuse it, the batch is retried one row at
 * a time, so only the offending row is left out, with the database's reason.
 */
type BatchHooks = {
  write: (tx: ServiceContext, rows: Row[], summary: ImportSummary) => Promise<void>;
  /** After the transaction committed: what it created is there for good. */
  committed: () => void;
  /** After it rolled back: forget what it created. */
  rolledBack: () => Promise<void> | void;
};

async function writeBatch(ctx: ServiceContext, rows: Row[], summary: ImportSummary, hooks: BatchHooks): Promise<void> {
  if (!rows.length) return;
  // Counts go to a draft first: a batch that rolls back must not count.
  const draft: ImportSummary = { ...summary, created: 0, updated: 0, unchanged: 0, skipped: [] };
  try {
    // A transaction rerun after a deadlock starts again from nothing: no counts, no actors from the failed attempt.
    let attempts = 0;
    await withTransaction(ctx, async (tx) => {
      if (attempts++ > 0) {
        await hooks.rolledBack();
        Object.assign(draft, { created: 0, updated: 0, unchanged: 0, skipped: [] });
      }
      return hooks.write(tx, rows, draft);
    });
    await yieldToEventLoop();
    hooks.committed();
  } catch (err) {
    await hooks.rolledBack();
    if (rows.length === 1) {
      const r = rows[0]!;
      const message = err instanceof AppError ? err.code : String((err as Error)?.message ?? err).split("\n")[0]!;
      summary.skipped.push({ file: r.file, line: r.line, reason: "database_rejected", params: { message: message.slice(0, 200) } });
      return;
    }
    for (const r of rows) await writeBatch(ctx, [r], summary, hooks);
    return;
  }
  summary.created += draft.created;
  summary.updated += draft.updated;
  summary.unchanged += draft.unchanged;
  summary.skipped.push(...draft.skipped);
}

// ---------------------------------------------------------------------------------------------
// Actors

type ActorState = {
  id: string;
  code: string;
  type: ActorType;
  level: GovLevel | null;
  parentId: string | null;
  countryCode: string | null;
  name: LocalizedText;
  description: LocalizedText | null;
  website: string | null;
  foundedOn: string | null;
  externalRef: string | null;
  source: string | null;
  version: number;
};

/** Every actor in memory (the directory is small next to an import), with the indexes matching uses. */
class ActorDirectory {
  byCode = new Map<string, ActorState>();
  byId = new Map<string, ActorState>();
  byRef = new Map<string, ActorState>();
  byName = new Map<string, ActorState>();
  countries = new Set<string>();

  async load(ctx: ServiceContext) {
    this.byCode.clear();
    this.byId.clear();
    this.byRef.clear();
    this.byName.clear();
    const rows = await ctx.db
      .select({
        id: actors.id,
        code: actors.code,
        type: actors.type,
        level: actors.level,
        parentId: actors.parentId,
        countryCode: actors.countryCode,
        name: actors.name,
        description: actors.description,
        website: actors.website,
        foundedOn: actors.foundedOn,
        externalRef: actors.externalRef,
        source: actors.source,
        version: actors.version,
      })
      .from(actors);
    for (const r of rows) this.put(r);
    this.countries = new Set((await ctx.db.select({ code: countries.code }).from(countries)).map((c) => c.code));
  }

  put(a: ActorState) {
    this.byCode.set(a.code, a);
    this.byId.set(a.id, a);
    if (a.externalRef) this.byRef.set(a.externalRef.toLowerCase(), a);
    for (const v of Object.values(a.name)) {
      const n = v ? normaliseName(v) : "";
      if (n && !this.byName.has(n)) this.byName.set(n, a);
    }
  }

  byNames(name: Record<string, string>): ActorState | undefined {
    for (const v of Object.values(name)) {
      const hit = this.byName.get(normaliseName(v));
      if (hit) return hit;
    }
    return undefined;
  }

  find(ref: string): ActorState | undefined {
    return isUuid(ref) ? this.byId.get(ref) : this.byCode.get(ref);
  }
}

/**
 * Imports organisations: each row is matched by code, else by external reference, else (when the
 * row has no code) by its name in any language, normalised as ActorResolver does; a match is
 * updated with the fields the row fills, anything else is created (with the row's code, or one
 * made from its name). Rows are validated by the same rules as `POST /api/v1/actors`.
 */
export async function importCsvActors(ctx: ServiceContext, files: string[], params: ImportParams, opts: ImportOptions = {}): Promise<ImportSummary> {
  authorize(ctx.principal, isStaff(ctx.principal), "import", "actor");
  const mapping = parseMapping("actors", ZActorMapping, params.mapping, params.encoding);
  const dir = new ActorDirectory();
  await dir.load(ctx);
  /** Which line first touched each actor, so a file naming one twice is told. */
  const seen = new Map<string, { file: string; line: number }>();
  const summary = await run(ctx, "csv-actors", "actors", files, mapping, {
    write: (c, rows, s) =>
      writeBatch(c, rows, s, {
        write: (tx, batch, draft) => writeActors(tx, batch, draft, dir, seen),
        committed: () => {},
        rolledBack: async () => {
          // The rolled-back rows' actors are gone again: read the directory afresh.
          await dir.load(ctx);
          for (const r of rows) for (const [k, v] of seen) if (v.file === r.file && v.line === r.line) seen.delete(k);
        },
      }),
  }, opts);
  summary.organisations = { created: summary.created, matched: summary.updated + summary.unchanged };
  return summary;
}

const sameText = (a: LocalizedText | null | undefined, b: LocalizedText | null | undefined) => JSON.stringify(sortKeys(a ?? null)) === JSON.stringify(sortKeys(b ?? null));
const sortKeys = (o: Record<string, string> | null) => (o ? Object.fromEntries(Object.entries(o).sort(([x], [y]) => x.localeCompare(y))) : null);

async function writeActors(ctx: ServiceContext, rows: Row[], summary: ImportSummary, dir: ActorDirectory, seen: Map<string, { file: string; line: number }>) {
  const audits: AuditRow[] = [];
  const now = ctx.now();
  for (const row of rows) {
    const v = row.values;
    const skip = (p: RowProblem, id?: string) => summary.skipped.push({ file: row.file, line: row.line, ...(id ? { id } : {}), reason: p.reason, params: p.params });
    const str = (f: string) => (typeof v[f] === "string" ? (v[f] as string) : undefined);
    const code = str("code");
    const ref = str("externalRef");
    const name = localizedFrom(v, "name");
    const description = localizedFrom(v, "description");
    let existing = code ? dir.byCode.get(code) : undefined;
    if (!existing && ref) existing = dir.byRef.get(ref.toLowerCase());
    if (!existing && !code && name) existing = dir.byNames(name);
    if (!existing && !name?.en) {
      skip({ reason: "csv_missing_value", params: { field: "name.en" } }, code);
      continue;
    }
    const newCode = (() => {
      if (existing) return existing.code;
      if (code) return code;
      const base = actorCodeFrom("csv", ref ?? name!.en!);
      let c = base;
      for (let i = 2; dir.byCode.has(c); i++) c = `${base}-${i}`;
      return c;
    })();
    const key = existing?.id ?? `new:${newCode}`;
    const first = seen.get(key);
    if (first) {
      skip({ reason: "csv_duplicate", params: { id: newCode, line: first.line } }, newCode);
      continue;
    }
    const parentRef = str("parent") ?? (existing?.parentId ? dir.byId.get(existing.parentId)?.code : undefined);
    const input = {
      code: newCode,
      type: str("type") ?? existing?.type,
      level: str("level") ?? existing?.level ?? undefined,
      parent: parentRef,
      country: str("country")?.toUpperCase() ?? existing?.countryCode ?? undefined,
      name: { ...(existing?.name ?? {}), ...(name ?? {}) },
      description: description || existing?.description ? { ...(existing?.description ?? {}), ...(description ?? {}) } : undefined,
      website: str("website") ?? existing?.website ?? undefined,
      foundedOn: str("foundedOn") ?? existing?.foundedOn ?? undefined,
    };
    const parsed = ZActorCreate.safeParse(input);
    if (!parsed.success) {
      skip(problemOf(parsed.error, input), newCode);
      continue;
    }
    const a = parsed.data;
    if (a.country && !dir.countries.has(a.country)) {
      skip({ reason: "csv_unknown_country", params: { value: a.country } }, newCode);
      continue;
    }
    let parent: ActorState | undefined;
    if (a.parent) {
      parent = dir.find(a.parent);
      if (!parent || parent.id === existing?.id) {
        skip({ reason: "csv_unknown_parent", params: { value: a.parent } }, newCode);
        continue;
      }
      if (a.level && parent.level && LEVEL_ORDER.indexOf(a.level) <= LEVEL_ORDER.indexOf(parent.level)) {
        skip({ reason: "csv_level_below_parent", params: { level: a.level, parentLevel: parent.level } }, newCode);
        continue;
      }
    }
    const externalRef = ref ?? existing?.externalRef ?? null;
    const holder = externalRef ? dir.byRef.get(externalRef.toLowerCase()) : undefined;
    if (holder && holder.id !== existing?.id) {
      skip({ reason: "csv_ref_taken", params: { ref: externalRef!, code: holder.code } }, newCode);
      continue;
    }
    const next = {
      type: a.type,
      level: a.level ?? null,
      parentId: parent?.id ?? null,
      countryCode: a.country ?? null,
      name: a.name as LocalizedText,
      description: (a.description ?? null) as LocalizedText | null,
      website: a.website ?? null,
      foundedOn: a.foundedOn ?? null,
      externalRef,
      source: str("source") ?? existing?.source ?? CSV_ACTOR_SOURCE,
    };
    seen.set(key, { file: row.file, line: row.line });
    if (existing) {
      const before = existing;
      const same =
        before.type === next.type &&
        before.level === next.level &&
        before.parentId === next.parentId &&
        before.countryCode === next.countryCode &&
        sameText(before.name, next.name) &&
        sameText(before.description, next.description) &&
        before.website === next.website &&
        before.foundedOn === next.foundedOn &&
        before.externalRef === next.externalRef &&
        before.source === next.source;
      if (same) {
        summary.unchanged++;
        continue;
      }
      await ctx.db.update(actors).set({ ...next, version: before.version + 1, updatedAt: now }).where(eq(actors.id, before.id));
      const { id: _id, version: _v, ...beforeFields } = before;
      audits.push(auditRow(ctx, "actor", before.id, "import_update", beforeFields, { ...next, file: row.file, line: row.line }));
      dir.put({ ...before, ...next, version: before.version + 1 });
      summary.updated++;
    } else {
      const [created] = await ctx.db
        .insert(actors)
        .values({ code: newCode, ...next, createdAt: now, updatedAt: now })
        .returning({ id: actors.id, version: actors.version });
      audits.push(auditRow(ctx, "actor", created!.id, "import_create", null, { code: newCode, ...next, file: row.file, line: row.line }));
      seen.delete(key);
      seen.set(created!.id, { file: row.file, line: row.line });
      dir.put({ id: created!.id, code: newCode, version: created!.version, ...next });
      summary.created++;
    }
  }
  if (audits.length) await ctx.db.insert(auditLog).values(audits);
}

// ---------------------------------------------------------------------------------------------
// Projects

const PARTY_FIELDS: [field: string, role: PartyRole][] = [
  ["partners", "partner"],
  ["funders", "funder"],
  ["implementers", "implementer"],
  ["beneficiaries", "beneficiary"],
];
const COUNTRY_SHARE = /^([A-Za-z]{2})(?:\s*[:=]\s*(\d{1,3}(?:\.\d{1,4})?)\s*%?)?$/;
const ZStatus = z.enum(PROJECT_STATUSES);

type PlannedProject = {
  row: Row;
  code: string;
  hash: string;
  mechanismRef: string | null;
  input: z.infer<typeof ZProjectCreate>;
  status: ProjectStatus;
  countries: { code: string; percentage: string | null }[];
  /** The mapping field each party came from, for messages and for the type of a created organisation. */
  partyFields: string[];
  source: string;
  detail: Record<string, string>;
};

/**
 * Imports projects: each row becomes (or updates) the public project `<code>`, known as
 * `csv:<code>`, with its lead and other parties (by actor code, else by name: organisations not
 * found are created, unless the mapping says not to) and its recipient countries. Rows are
 * validated by the same rules as `POST /api/v1/projects`; an unchanged row (same hash) is not
 * written again.
 */
export async function importCsvProjects(ctx: ServiceContext, files: string[], params: ImportParams, opts: ImportOptions = {}): Promise<ImportSummary> {
  authorize(ctx.principal, isStaff(ctx.principal), "import", "project");
  const mapping = parseMapping("projects", ZProjectMapping, params.mapping, params.encoding);
  // The mechanism a row names wins; then the one the user named; then the mapping's constant; then the CSV mechanism.
  const named = params.mechanism ?? (typeof mapping.constants.mechanism === "string" ? mapping.constants.mechanism : undefined);
  const fallback = mapping.columns.mechanism === undefined ? await importMechanism(ctx, "csv", named) : undefined;
  const writer = new ProjectWriter(mapping, new ActorResolver("csv"), fallback, named);
  await writer.load(ctx);
  const summary = await run(ctx, "csv-projects", "projects", files, mapping, {
    write: (c, rows, s) => writeBatch(c, rows, s, { write: (tx, batch, draft) => writer.write(tx, batch, draft), committed: () => writer.commit(), rolledBack: () => writer.rollback() }),
  }, opts);
  summary.organisations = { created: writer.resolver.created, matched: writer.resolver.matched + writer.matchedByCode };
  return summary;
}

class ProjectWriter {
  private codes = new Map<string, string>();
  private ids = new Set<string>();
  private names = new Map<string, string>();
  private mechanisms = new Map<string, { id: string; code: string } | null>();
  private framework = new Map<string, string | null>();
  /** The first line each project code was read on: a file naming a project twice is told. */
  private seen = new Map<string, { file: string; line: number }>();
  private pendingSeen: string[] = [];
  matchedByCode = 0;

  constructor(
    private readonly mapping: ProjectMapping,
    readonly resolver: ActorResolver,
    private fallback: { id: string; code: string } | undefined,
    private readonly named: string | undefined,
  ) {}

  async load(ctx: ServiceContext) {
    for (const a of await ctx.db.select({ id: actors.id, code: actors.code, name: actors.name }).from(actors)) {
      this.codes.set(a.code, a.id);
      this.ids.add(a.id);
      for (const v of Object.values(a.name)) if (v && !this.names.has(normaliseName(v))) this.names.set(normaliseName(v), a.id);
    }
  }

  commit() {
    this.resolver.commit();
    this.pendingSeen = [];
  }

  rollback() {
    this.resolver.forget();
    for (const k of this.pendingSeen) this.seen.delete(k);
    this.pendingSeen = [];
  }

  /** Everything about a row that needs no database: the project in the create schema's shape, and its hash. */
  private plan(row: Row, skip: (p: RowProblem, id?: string) => void): PlannedProject | null {
    const v = row.values;
    const str = (f: string) => (typeof v[f] === "string" ? (v[f] as string) : undefined);
    const list = (f: string) => (Array.isArray(v[f]) ? (v[f] as string[]) : typeof v[f] === "string" ? [v[f] as string] : []);
    const code = str("code");
    if (!code) {
      skip({ reason: "csv_missing_value", params: { field: "code" } });
      return null;
    }
    const leads = list("lead");
    const parties: { actor: string; role: PartyRole }[] = [];
    const partyFields: string[] = [];
    leads.forEach((actor, i) => {
      // A lead cell naming several organisations: the first leads, the others are partners.
      parties.push({ actor, role: i === 0 ? "lead" : "partner" });
      partyFields.push("lead");
    });
    for (const [field, role] of PARTY_FIELDS)
      for (const actor of list(field)) {
        parties.push({ actor, role });
        partyFields.push(field);
      }
    const mechanismRef = (this.mapping.columns.mechanism !== undefined ? str("mechanism") : undefined) ?? null;
    const input = {
      code,
      mechanism: mechanismRef ?? this.named ?? this.fallback?.code ?? SOURCE_MECHANISMS.csv.code,
      pillar: str("pillar"),
      priorityArea: str("priorityArea"),
      title: localizedFrom(v, "title"),
      description: localizedFrom(v, "description"),
      sector: str("sector"),
      visibility: str("visibility") ?? "public",
      startDate: str("startDate"),
      endDate: str("endDate"),
      budget: str("budget"),
      currency: str("currency")?.toUpperCase() ?? "USD",
      parties,
    };
    if (!input.title?.en) {
      skip({ reason: "csv_missing_value", params: { field: "title.en" } }, code);
      return null;
    }
    if (!parties.length) {
      skip({ reason: "csv_missing_value", params: { field: "lead" } }, code);
      return null;
    }
    const parsed = ZProjectCreate.safeParse(input);
    if (!parsed.success) {
      skip(problemOf(parsed.error, input, partyFields), code);
      return null;
    }
    const statusText = str("status") ?? "active";
    const status = ZStatus.safeParse(statusText);
    if (!status.success) {
      skip({ reason: "csv_bad_status", params: { value: statusText.slice(0, 100), options: PROJECT_STATUSES.join(", ") } }, code);
      return null;
    }
    const shares: PlannedProject["countries"] = [];
    for (const c of list("countries")) {
      const m = COUNTRY_SHARE.exec(c);
      if (!m || (m[2] !== undefined && Number(m[2]) > 100)) {
        skip({ reason: "csv_bad_country", params: { value: c.slice(0, 100) } }, code);
        return null;
      }
      if (!shares.some((s) => s.code === m[1]!.toUpperCase())) shares.push({ code: m[1]!.toUpperCase(), percentage: m[2] ?? null });
    }
    const source = str("source") ?? CSV_PROJECT_SOURCE;
    const record = { ...parsed.data, status: status.data, countries: shares, source, detail: row.detail };
    return { row, code, hash: stableHash(record), mechanismRef, input: parsed.data, status: status.data, countries: shares, partyFields, source, detail: row.detail };
  }

  private async mechanismOf(ctx: ServiceContext, ref: string | null): Promise<{ id: string; code: string } | null> {
    if (!ref) {
      this.fallback ??= await importMechanism(ctx, "csv", this.named);
      return this.fallback;
    }
    if (!this.mechanisms.has(ref)) this.mechanisms.set(ref, await findMechanism(ctx.db, ref).then((m) => ({ id: m.id, code: m.code }), () => null));
    return this.mechanisms.get(ref)!;
  }

  private async frameworkId(ctx: ServiceContext, table: typeof pillars | typeof priorityAreas, mechanismId: string, code: string): Promise<string | null> {
    const key = `${table === pillars ? "p" : "a"}:${mechanismId}:${code}`;
    if (!this.framework.has(key)) this.framework.set(key, await frameworkCodeId(ctx.db, table, mechanismId, code, "").then((id) => id, () => null));
    return this.framework.get(key)!;
  }

  /** An organisation named on a row, by code (or id) without creating anything; else by name when the mapping forbids creating. */
  private known(ref: string): string | undefined {
    const hit = this.codes.get(ref) ?? (isUuid(ref) && this.ids.has(ref) ? ref : undefined);
    if (hit || this.mapping.createMissingActors) return hit;
    return this.names.get(normaliseName(ref));
  }

  /** Whether a row's organisation can be had: known, or creatable. */
  private available(ref: string): boolean {
    return this.mapping.createMissingActors || this.known(ref) !== undefined;
  }

  /** The organisation's id: known, else matched by name or created through the resolver. */
  private async actorOf(ctx: ServiceContext, ref: string, field: string): Promise<string> {
    const hit = this.known(ref);
    if (hit) {
      this.matchedByCode++;
      return hit;
    }
    return (await this.resolver.resolve(ctx, { name: ref, type: this.specType(field), source: CSV_ACTOR_SOURCE }))!;
  }

  private specType(field: string): ActorType {
    const spec = this.mapping.columns[field as keyof ProjectMapping["columns"]];
    return (typeof spec === "object" && spec?.actorType) || this.mapping.actorType;
  }

  async write(ctx: ServiceContext, rows: Row[], summary: ImportSummary) {
    const planned: PlannedProject[] = [];
    for (const row of rows) {
      const p = this.plan(row, (problem, id) => summary.skipped.push({ file: row.file, line: row.line, ...(id ? { id } : {}), reason: problem.reason, params: problem.params }));
      if (!p) continue;
      const first = this.seen.get(p.code);
      if (first) {
        summary.skipped.push({ file: row.file, line: row.line, id: p.code, reason: "csv_duplicate", params: { id: p.code, line: first.line } });
        continue;
      }
      this.seen.set(p.code, { file: row.file, line: row.line });
      this.pendingSeen.push(p.code);
      planned.push(p);
    }
    if (!planned.length) return;
    const existing = new Map(
      (
        await ctx.db
          .select({ id: projects.id, code: projects.code, externalId: projects.externalId, hash: projects.externalHash, version: projects.version, status: projects.status, ownerOrgId: projects.ownerOrgId })
          .from(projects)
          .where(inArray(projects.code, planned.map((p) => p.code)))
      ).map((r) => [r.code, r]),
    );
    const now = ctx.now();
    const audits: AuditRow[] = [];
    const who = ctx.principal;
    for (const p of planned) {
      const skip = (reason: string, params: Record<string, string | number>) => summary.skipped.push({ file: p.row.file, line: p.row.line, id: p.code, reason, params });
      const old = existing.get(p.code);
      if (old && old.externalId !== csvExternalId(p.code)) {
        // A project of that code that was not imported from a spreadsheet is never overwritten.
        skip("csv_code_taken", { code: p.code });
        continue;
      }
      if (old?.hash === p.hash) {
        summary.unchanged++;
        continue;
      }
      // Every check first, so a refused row creates no organisation either.
      const mechanism = await this.mechanismOf(ctx, p.mechanismRef);
      if (!mechanism) {
        skip("csv_unknown", { field: "mechanism", value: p.mechanismRef ?? "" });
        continue;
      }
      const pillarId = p.input.pillar ? await this.frameworkId(ctx, pillars, mechanism.id, p.input.pillar) : null;
      if (p.input.pillar && !pillarId) {
        skip("csv_unknown", { field: "pillar", value: p.input.pillar });
        continue;
      }
      const areaId = p.input.priorityArea ? await this.frameworkId(ctx, priorityAreas, mechanism.id, p.input.priorityArea) : null;
      if (p.input.priorityArea && !areaId) {
        skip("csv_unknown", { field: "priorityArea", value: p.input.priorityArea });
        continue;
      }
      let missing: { field: string; value: string } | undefined;
      for (const [i, party] of p.input.parties.entries()) {
        if (!this.available(party.actor)) {
          missing = { field: p.partyFields[i]!, value: party.actor };
          break;
        }
      }
      if (missing) {
        skip("csv_unknown_actor", missing);
        continue;
      }
      const parties = new Map<string, { actorId: string; role: PartyRole }>();
      for (const [i, party] of p.input.parties.entries()) {
        const actorId = await this.actorOf(ctx, party.actor, p.partyFields[i]!);
        parties.set(`${actorId}:${party.role}`, { actorId, role: party.role });
      }
      const lead = [...parties.values()].find((x) => x.role === "lead")!;
      const values = {
        code: p.code,
        mechanismId: mechanism.id,
        pillarId,
        priorityAreaId: areaId,
        title: p.input.title,
        description: p.input.description ?? null,
        sector: p.input.sector ?? null,
        status: p.status,
        visibility: p.input.visibility,
        startDate: p.input.startDate ?? null,
        endDate: p.input.endDate ?? null,
        budget: p.input.budget ?? null,
        currency: p.input.currency,
        ownerOrgId: lead.actorId,
        externalId: csvExternalId(p.code),
        externalSource: "csv" as const,
        externalUpdatedAt: null,
        externalHash: p.hash,
        externalDetail: Object.keys(p.detail).length ? { columns: p.detail } : null,
        source: p.source,
        updatedAt: now,
      };
      let projectId: string;
      if (old) {
        await ctx.db.update(projects).set({ ...values, version: old.version + 1 }).where(eq(projects.id, old.id));
        await ctx.db.delete(projectParties).where(eq(projectParties.projectId, old.id));
        await ctx.db.delete(projectCountries).where(eq(projectCountries.projectId, old.id));
        projectId = old.id;
        summary.updated++;
      } else {
        const [row] = await ctx.db
          .insert(projects)
          .values({ ...values, createdBy: who.kind === "user" ? who.userId : null, createdAt: now })
          .returning({ id: projects.id });
        projectId = row!.id;
        summary.created++;
      }
      await ctx.db.insert(projectParties).values([...parties.values()].map((x) => ({ projectId, ...x })));
      if (p.countries.length) await ctx.db.insert(projectCountries).values(p.countries.map((c) => ({ projectId, countryCode: c.code, percentage: c.percentage })));
      audits.push(
        auditRow(
          ctx,
          "project",
          projectId,
          old ? "import_update" : "import_create",
          old ? { source: "csv", hash: old.hash, version: old.version, status: old.status } : null,
          { source: "csv", externalId: csvExternalId(p.code), hash: p.hash, file: p.row.file, line: p.row.line, status: p.status, mechanism: mechanism.code, parties: p.input.parties, countries: p.countries },
        ),
      );
    }
    if (audits.length) await ctx.db.insert(auditLog).values(audits);
  }
}
