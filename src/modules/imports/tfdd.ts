import { basename } from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { ruleAt } from "../../core/errors.js";
import { authorize, isStaff } from "../../core/policy/index.js";
import { actors, countries } from "../../db/schema/actors.js";
import { auditLog } from "../../db/schema/audit.js";
import { eventParticipants, events } from "../../db/schema/events.js";
import type { ImportKind } from "../../db/schema/interop.js";
import { riverBasinOrganisations, waterTreaties } from "../../db/schema/interop.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { parseWaterEvents, type ParsedRow, type WaterEvent } from "../../lib/tfdd/events.js";
import { parseRbos, type RboRow } from "../../lib/tfdd/rbo.js";
import { detectEncoding, fileSize, TfddFormatError, type ReadOptions, type TfddEncoding } from "../../lib/tfdd/read.js";
import { parseTreaties, type TreatyRow } from "../../lib/tfdd/treaties.js";
import { findMechanism } from "../mechanisms/read.js";
import { emptySummary, type ImportOptions, type ImportSummary, type SkippedRecord, yieldToEventLoop, progressReporter } from "./common.js";
import type { Importer, ImportParams } from "./registry.js";

/** Credits shown with every imported record, as the data's authors ask to be cited. */
export const TFDD_SOURCES = {
  events: "Transboundary Freshwater Dispute Database, Oregon State University — International Water Events",
  rbo: "Transboundary Freshwater Dispute Database, Oregon State University — River Basin Organization Database",
  treaties: "Transboundary Freshwater Dispute Database, Oregon State University — International Freshwater Treaties Database",
} as const;

/** TFDD basin code of the Mekong: its water events go on the Mekong River Commission's timeline. */
export const MEKONG_BASIN = "MEKO";

/** TFDD organisation codes that are mechanisms Concord knows. */
export const RBO_MECHANISMS: Record<string, string> = { MRCX: "MRC", GMSX: "GMS" };

/** Records per transaction: small enough to keep a transaction short, large enough to be quick. */
const BATCH = 250;
/** At most this often a progress report, so the UI's poll and the CLI's bar stay cheap. */

type Pending<R> = { file: string; line: number; record: R };
type Counts = { created: number; updated: number; unchanged: number };
type AuditRow = typeof auditLog.$inferInsert;

type Spec<R> = {
  kind: ImportKind;
  /** The row's key in the table: a batch never holds two records with the same key. */
  key: (r: R) => string;
  parse: (file: string, opts: ReadOptions) => AsyncGenerator<ParsedRow<R>>;
  /** Writes one batch in the caller's transaction, with its audit rows; returns what it did. */
  write: (tx: ServiceContext, batch: Pending<R>[]) => Promise<Counts>;
};

/** Key-order-independent JSON, to compare jsonb values read back from the database with new ones. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The fields of `next` whose value differs from `prev`, as before/after pairs for the audit row. */
function diff(prev: Record<string, unknown>, next: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (canonical(prev[k] ?? null) === canonical(v ?? null)) continue;
    before[k] = prev[k] ?? null;
    after[k] = v ?? null;
  }
  return Object.keys(after).length ? { before, after } : null;
}

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
    before: before == null ? null : JSON.parse(JSON.stringify(before)),
    after: after == null ? null : JSON.parse(JSON.stringify(after)),
    requestId: ctx.requestId ?? null,
  };
};

/**
 * Reads the files batch by batch and hands each batch to `spec.write` in its own transaction.
 * A refused row is counted with its file and line; a cancelled import stops before the next
 * batch, so what it counted is exactly what it committed.
 */
async function runImport<R>(ctx: ServiceContext, spec: Spec<R>, files: string[], params: ImportParams, opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const summary = emptySummary(spec.kind, files);
  const sizes = await Promise.all(files.map(fileSize));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  // Each file's encoding, and its header, are checked before anything is written.
  const encodings: TfddEncoding[] = [];
  for (const file of files) {
    const encoding = params.encoding ?? (await detectEncoding(file));
    encodings.push(encoding);
    try {
      for await (const _ of spec.parse(file, { encoding })) break;
    } catch (e) {
      if (e instanceof TfddFormatError) throw ruleAt("tfdd_columns_missing", "file", { file: basename(file), columns: e.missing.join(", ") });
      throw e;
    }
  }

  let bytesDone = 0;
  const { report } = progressReporter(opts, files, summary);
  const progress = (force = false) => report(bytesDone, force);

  const rows: Pending<R>[] = [];
  const keys = new Set<string>();
  const skipped: SkippedRecord[] = [];
  const flush = async () => {
    if (rows.length) {
      const c = await withTransaction(ctx, (tx) => spec.write(tx, rows));
      await yieldToEventLoop();
      summary.created += c.created;
      summary.updated += c.updated;
      summary.unchanged += c.unchanged;
      summary.transactions++;
    }
    summary.records += rows.length + skipped.length;
    summary.skipped.push(...skipped);
    rows.length = 0;
    keys.clear();
    skipped.length = 0;
  };
  const aborted = () => opts.signal?.aborted === true;

  let offset = 0;
  outer: for (const [i, file] of files.entries()) {
    const onBytes = (b: number) => {
      bytesDone = offset + b;
      progress();
    };
    for await (const row of spec.parse(file, { encoding: encodings[i], onBytes })) {
      if (row.ok) {
        // The same record twice in one batch (two files that overlap): the first is written before the second is compared.
        if (keys.has(spec.key(row.record))) {
          if (aborted()) break outer;
          await flush();
        }
        keys.add(spec.key(row.record));
        rows.push({ file, line: row.line, record: row.record });
      } else skipped.push({ file, line: row.line, ...(row.id ? { id: row.id } : {}), reason: row.reason, ...(row.params ? { params: row.params } : {}) });
      if (rows.length + skipped.length >= BATCH) {
        if (aborted()) break outer;
        await flush();
        progress();
      }
    }
    offset += sizes[i]!;
    bytesDone = offset;
  }
  if (aborted()) summary.cancelled = true;
  else await flush();
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  progress(true);
  return summary;
}

/** Imports write reference data: staff (and the CLI's system context) only. */
function assertMayImport(ctx: ServiceContext, entity: string) {
  authorize(ctx.principal, isStaff(ctx.principal), "import", entity);
}

// ---------------------------------------------------------------------------------------------
// International Water Events → events (kind water_event)

export const eventCode = (id: string) => `tfdd-${id}`;

/** Country-level government actors by ISO alpha-3, to name the two countries of an event as its participants. */
async function countryActorsByIso3(ctx: ServiceContext): Promise<Map<string, string>> {
  const rows = await ctx.db
    .select({ id: actors.id, iso3: countries.iso3 })
    .from(actors)
    .innerJoin(countries, eq(countries.code, actors.countryCode))
    .where(and(eq(actors.type, "government"), eq(actors.level, "country")))
    .orderBy(actors.code);
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.iso3)) out.set(r.iso3, r.id);
  return out;
}

async function mechanismIdByCode(ctx: ServiceContext, code: string): Promise<string | null> {
  const [row] = await ctx.db.select({ id: mechanisms.id }).from(mechanisms).where(eq(mechanisms.code, code));
  return row?.id ?? null;
}

/**
 * `concord import tfdd EventMaster….csv`: each row becomes an event of kind `water_event` with
 * its BAR intensity, basin, countries and issue areas. It goes on the timeline of the mechanism
 * the user names, else on the Mekong River Commission's for Mekong events, else on none.
 */
export const importTfddEvents: Importer = async (ctx, files, params, opts) => {
  assertMayImport(ctx, "event");
  let named: string | null = null;
  if (params.mechanism) {
    const m = await findMechanism(ctx.db, params.mechanism).catch(() => {
      throw ruleAt("unknown_mechanism", "mechanism", { ref: params.mechanism! });
    });
    named = m.id;
  }
  const mrc = named ? null : await mechanismIdByCode(ctx, "MRC");
  const byIso3 = await countryActorsByIso3(ctx);
  const matchedActors = new Set<string>();
  const summary = await runImport<WaterEvent>(
    ctx,
    {
      kind: "tfdd",
      key: (r) => eventCode(r.id),
      parse: parseWaterEvents,
      write: async (tx, batch) => {
        const codes = batch.map((b) => eventCode(b.record.id));
        const existing = await tx.db.select().from(events).where(inArray(events.code, codes));
        const byCode = new Map(existing.map((e) => [e.code, e]));
        const parts = existing.length
          ? await tx.db.select({ eventId: eventParticipants.eventId, actorId: eventParticipants.actorId }).from(eventParticipants).where(inArray(eventParticipants.eventId, existing.map((e) => e.id)))
          : [];
        const partsOf = new Map<string, string[]>();
        for (const p of parts) partsOf.set(p.eventId, [...(partsOf.get(p.eventId) ?? []), p.actorId]);

        const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
        const audits: AuditRow[] = [];
        const inserts: (typeof events.$inferInsert)[] = [];
        const insertParts = new Map<string, string[]>();
        const insertAt = new Map<string, { file: string; line: number }>();
        const now = tx.now();
        for (const { file, line, record: r } of batch) {
          const code = eventCode(r.id);
          const participants = [...new Set(r.countryCodes.map((c) => byIso3.get(c)).filter((id): id is string => !!id))].sort();
          for (const a of participants) matchedActors.add(a);
          const fields = {
            kind: "water_event" as const,
            mechanismId: named ?? (r.basinCode === MEKONG_BASIN ? mrc : null),
            date: r.date,
            datePrecision: "day" as const,
            visibility: "public" as const,
            barScale: r.barScale,
            basinCode: r.basinCode,
            countryCodes: r.countryCodes,
            issueTypes: r.issueTypes,
            source: TFDD_SOURCES.events,
          };
          const prev = byCode.get(code);
          if (!prev) {
            inserts.push({ code, ...fields, title: { en: r.title }, description: r.summary ? { en: r.summary } : null, createdAt: now, updatedAt: now });
            insertParts.set(code, participants);
            insertAt.set(code, { file: basename(file), line });
            counts.created++;
            continue;
          }
          // Translations added in Concord stay; only the English text comes from the file.
          const next = { ...fields, title: { ...prev.title, en: r.title }, description: r.summary ? { ...(prev.description ?? {}), en: r.summary } : null };
          const change = diff({ ...prev, participants: [...(partsOf.get(prev.id) ?? [])].sort() }, { ...next, participants });
          if (!change) {
            counts.unchanged++;
            continue;
          }
          await tx.db
            .update(events)
            .set({ ...next, version: sql`${events.version} + 1`, updatedAt: now })
            .where(eq(events.id, prev.id));
          if ("participants" in change.after) {
            await tx.db.delete(eventParticipants).where(eq(eventParticipants.eventId, prev.id));
            if (participants.length) await tx.db.insert(eventParticipants).values(participants.map((actorId) => ({ eventId: prev.id, actorId })));
          }
          audits.push(auditRow(tx, "event", prev.id, "import_update", change.before, { ...change.after, file: basename(file), line }));
          counts.updated++;
        }
        if (inserts.length) {
          const created = await tx.db.insert(events).values(inserts).returning({ id: events.id, code: events.code });
          const links = created.flatMap((e) => (insertParts.get(e.code) ?? []).map((actorId) => ({ eventId: e.id, actorId })));
          if (links.length) await tx.db.insert(eventParticipants).values(links);
          const byCodeNew = new Map(inserts.map((v) => [v.code, v]));
          for (const e of created) {
            const { createdAt: _c, updatedAt: _u, ...after } = byCodeNew.get(e.code)!;
            audits.push(auditRow(tx, "event", e.id, "import_create", null, { ...after, participants: insertParts.get(e.code), ...insertAt.get(e.code) }));
          }
        }
        if (audits.length) await tx.db.insert(auditLog).values(audits);
        return counts;
      },
    },
    files,
    params,
    opts,
  );
  summary.organisations.matched = matchedActors.size;
  return summary;
};

// ---------------------------------------------------------------------------------------------
// River basin organisations and treaties: plain upserts by code.

type UpsertSpec<R, T extends typeof riverBasinOrganisations | typeof waterTreaties> = {
  kind: ImportKind;
  entity: string;
  table: T;
  parse: Spec<R>["parse"];
  /** The row's columns from a record (without id and timestamps). */
  values: (r: R) => Omit<T["$inferInsert"], "id" | "createdAt" | "updatedAt">;
};

async function upsertImport<R extends { code: string }, T extends typeof riverBasinOrganisations | typeof waterTreaties>(
  ctx: ServiceContext,
  spec: UpsertSpec<R, T>,
  files: string[],
  params: ImportParams,
  opts: ImportOptions,
): Promise<ImportSummary> {
  // One table type at a time would need a generic Drizzle table; both tables share these columns.
  const table = spec.table as typeof riverBasinOrganisations;
  return runImport<R>(
    ctx,
    {
      kind: spec.kind,
      key: (r) => r.code,
      parse: spec.parse,
      write: async (tx, batch) => {
        const existing = await tx.db.select().from(table).where(inArray(table.code, batch.map((b) => b.record.code)));
        const byCode = new Map(existing.map((e) => [e.code, e as unknown as Record<string, unknown>]));
        const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
        const audits: AuditRow[] = [];
        const inserts: Record<string, unknown>[] = [];
        const now = tx.now();
        for (const { file, line, record } of batch) {
          const values = spec.values(record) as Record<string, unknown>;
          const prev = byCode.get(record.code);
          if (!prev) {
            inserts.push({ ...values, createdAt: now, updatedAt: now, __at: { file: basename(file), line } });
            counts.created++;
            continue;
          }
          const change = diff(prev, values);
          if (!change) {
            counts.unchanged++;
            continue;
          }
          await tx.db
            .update(table)
            .set({ ...(values as typeof table.$inferInsert), updatedAt: now })
            .where(eq(table.id, prev.id as string));
          audits.push(auditRow(tx, spec.entity, prev.id as string, "import_update", change.before, { ...change.after, file: basename(file), line }));
          counts.updated++;
        }
        if (inserts.length) {
          const rows = inserts.map(({ __at: _, ...v }) => v as typeof table.$inferInsert);
          const created = await tx.db.insert(table).values(rows).returning({ id: table.id, code: table.code });
          const at = new Map(inserts.map((v) => [v.code as string, v.__at]));
          const byCodeNew = new Map(rows.map((v) => [v.code, v]));
          for (const c of created) {
            // The audit row names what was created; the dozens of attribute columns stay in the table.
            const { attributes: _a, createdAt: _c, updatedAt: _u, ...main } = byCodeNew.get(c.code)!;
            audits.push(auditRow(tx, spec.entity, c.id, "import_create", null, { ...main, ...(at.get(c.code) as object) }));
          }
        }
        if (audits.length) await tx.db.insert(auditLog).values(audits);
        return counts;
      },
    },
    files,
    params,
    opts,
  );
}

/** `concord import tfdd-rbo TFDD_RBODatabase….csv`: river basin organisations, one row per organisation, basin and member country. */
export const importTfddRbo: Importer = async (ctx, files, params, opts) => {
  assertMayImport(ctx, "river_basin_organisation");
  const linked = new Map<string, string | null>();
  for (const [rbo, mechanism] of Object.entries(RBO_MECHANISMS)) linked.set(rbo, await mechanismIdByCode(ctx, mechanism));
  return upsertImport<RboRow, typeof riverBasinOrganisations>(
    ctx,
    {
      kind: "tfdd-rbo",
      entity: "river_basin_organisation",
      table: riverBasinOrganisations,
      parse: parseRbos,
      values: (r) => ({
        code: r.code,
        rboCode: r.rboCode,
        name: r.name,
        basinCode: r.basinCode,
        basinName: r.basinName,
        countryCode: r.countryCode,
        agreementName: r.agreementName,
        agreementYear: r.agreementYear,
        continent: r.continent,
        mechanismId: linked.get(r.rboCode) ?? null,
        attributes: r.attributes,
        source: TFDD_SOURCES.rbo,
      }),
    },
    files,
    params,
    opts,
  );
};

/** `concord import tfdd-treaties WorkingMasterTreatiesDB….csv`: freshwater treaties, one row per treaty, basin and party. */
export const importTfddTreaties: Importer = async (ctx, files, params, opts) => {
  assertMayImport(ctx, "water_treaty");
  return upsertImport<TreatyRow, typeof waterTreaties>(
    ctx,
    {
      kind: "tfdd-treaties",
      entity: "water_treaty",
      table: waterTreaties,
      parse: parseTreaties,
      values: (r) => ({
        code: r.code,
        name: r.name,
        signedOn: r.signedOn,
        basinCode: r.basinCode,
        basinName: r.basinName,
        countryCode: r.countryCode,
        countryName: r.countryName,
        signatories: r.signatories,
        attributes: r.attributes,
        source: TFDD_SOURCES.treaties,
      }),
    },
    files,
    params,
    opts,
  );
};
