import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { ruleAt } from "../../core/errors.js";
import { authorize, isStaff } from "../../core/policy/index.js";
import { actors, countries } from "../../db/schema/actors.js";
import { auditLog } from "../../db/schema/audit.js";
import { projectCountries, projectParties, projects, transactions, type PartyRole } from "../../db/schema/projects.js";
import { agencyCountry, agencyType, nationalGovernmentOf, type AgencyRole } from "../../lib/gcdf/agencies.js";
import { GCDF_ATTRIBUTION, gcdfSource } from "../../lib/gcdf/attribution.js";
import { countryLookup, type CountryLookup } from "../../lib/gcdf/countries.js";
import { roundDecimal } from "../../lib/gcdf/decimal.js";
import { GcdfFormatError, readGcdf } from "../../lib/gcdf/read.js";
import { commitmentDate, gcdfHash, type GcdfRecord } from "../../lib/gcdf/record.js";
import { parseCodelist } from "../../lib/iati/codelists.js";
import { ActorResolver } from "./actors.js";
import { emptySummary, type ImportOptions, type ImportSummary, type SkippedRecord, yieldToEventLoop, progressReporter } from "./common.js";
import { importMechanism } from "./mechanism.js";
import type { ImportParams } from "./registry.js";

/** Rows written per transaction. */
const BATCH = 200;

/** A GCDF import's summary, with the recipients no country list knew (their rows imported without a recipient country). */
export type GcdfImportSummary = ImportSummary & { unmappedRecipients: { name: string; rows: number }[] };

/** The identifier a GCDF project is known by in Concord, and its project code. */
export const gcdfExternalId = (id: string) => `gcdf:${id}`;
export const gcdfCode = (id: string) => `GCDF-${id}`;

type Planned = { record: GcdfRecord; hash: string; file: string; line: number };

/** The IATI Country codelist when the user keeps one (`--codelists DIR`, CONCORD_IATI_CODELISTS); the import works without it. */
function loadCountries(dir: string | undefined): CountryLookup {
  const file = dir ? join(dir, "Country.xml") : null;
  if (!file || !existsSync(file)) return countryLookup();
  return countryLookup(parseCodelist(readFileSync(file, "utf8")));
}

/** Reads a file's header only, so a file that is not GCDF 2.0 is refused before anything is written. */
async function checkHeader(file: string, lookup: CountryLookup) {
  const rows = readGcdf(createReadStream(file, { end: 64 * 1024 }), { countries: lookup });
  try {
    await rows.next();
  } catch (err) {
    if (err instanceof GcdfFormatError) throw ruleAt("gcdf_not_gcdf", "files", { file: basename(file), columns: String(err.params.columns) });
    throw err;
  } finally {
    await rows.return(undefined);
  }
}

/**
 * Imports AidData's Global Chinese Development Finance Dataset 2.0 (`final_df.csv` or any row
 * subset of it): each row becomes a public project `GCDF-<id>` of the GCDF mechanism (or the one
 * named) with its funders, receiving and implementing agencies as parties, its recipient country,
 * and its amount as one commitment in constant 2017 US dollars. Re-importing the same file
 * changes nothing; a changed row is rewritten in place. Staff only.
 */
export async function importGcdf(ctx: ServiceContext, files: string[], params: ImportParams, opts: ImportOptions = {}): Promise<GcdfImportSummary> {
  authorize(ctx.principal, isStaff(ctx.principal), "import", "project");
  const started = Date.now();
  const summary: GcdfImportSummary = { ...emptySummary("gcdf", files.map((f) => basename(f))), unmappedRecipients: [] };
  const lookup = loadCountries(params.codelists ?? process.env.CONCORD_IATI_CODELISTS);
  for (const file of files) await checkHeader(file, lookup);

  const mechanism = await importMechanism(ctx, "gcdf", params.mechanism);
  const known = new Set((await ctx.db.select({ code: countries.code }).from(countries)).map((r) => r.code));
  const countryActors = new Map(
    (await ctx.db.select({ id: actors.id, code: actors.countryCode }).from(actors).where(eq(actors.level, "country"))).filter((r) => r.code).map((r) => [r.code!, r.id]),
  );
  const writer = new Writer(mechanism.id, new ActorResolver("gcdf"), known, countryActors, lookup);
  const unmapped = new Map<string, number>();
  const { report } = progressReporter(opts, files, summary);
  let bytesBefore = 0;

  outer: for (const file of files) {
    if (opts.signal?.aborted) {
      summary.cancelled = true;
      break;
    }
    const name = basename(file);
    let fileBytes = 0;
    let batch: Planned[] = [];
    // Progress counts bytes read: a small read-ahead keeps it close to the rows already parsed.
    for await (const item of readGcdf(createReadStream(file, { highWaterMark: 64 * 1024 }), { countries: lookup, onBytes: (b) => (fileBytes = b) })) {
      summary.records++;
      if (item.kind === "skipped") summary.skipped.push({ file: name, line: item.line, id: item.id, reason: item.reason, params: item.params });
      else {
        const r = item.record;
        if (!r.recipientCode) unmapped.set(r.recipientName, (unmapped.get(r.recipientName) ?? 0) + 1);
        batch.push({ record: r, hash: gcdfHash(r), file: name, line: item.line });
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
  summary.organisations = { created: writer.resolver.created, matched: writer.resolver.matched };
  summary.unmappedRecipients = [...unmapped].map(([n, rows]) => ({ name: n, rows })).sort((a, b) => a.name.localeCompare(b.name));
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}

type Counts = { created: number; updated: number; unchanged: number; transactions: number; skipped: SkippedRecord[] };

const PARTY_ROLE: Record<AgencyRole, PartyRole> = { funding: "funder", receiving: "beneficiary", implementing: "implementer" };

class Writer {
  constructor(
    private readonly mechanismId: string,
    readonly resolver: ActorResolver,
    /** Country codes the countries table holds: an actor's country must be one of them. */
    private readonly knownCountries: Set<string>,
    /** The national government actor of each country Concord has one for ("Government of Viet Nam" is `vn`). */
    private readonly countryActors: Map<string, string>,
    private readonly lookup: CountryLookup,
  ) {}

  /**
   * Writes a batch in one transaction. Should the database refuse it, the batch is retried one
   * row at a time so only the offending row is skipped, with the database's reason.
   */
  async write(ctx: ServiceContext, batch: Planned[], summary: ImportSummary): Promise<void> {
    if (!batch.length) return;
    try {
      // A transaction rerun after a deadlock must not reuse actors its failed attempt created.
      const c = await withTransaction(ctx, (tx) => {
        this.resolver.forget();
        return this.writeRecords(tx, batch);
      });
      await yieldToEventLoop();
      this.resolver.commit();
      summary.created += c.created;
      summary.updated += c.updated;
      summary.unchanged += c.unchanged;
      summary.transactions += c.transactions;
      summary.skipped.push(...c.skipped);
    } catch (err) {
      this.resolver.forget();
      if (batch.length === 1) {
        const p = batch[0]!;
        summary.skipped.push({ file: p.file, line: p.line, id: p.record.id, reason: "database_rejected", params: { message: String((err as Error).message).split("\n")[0]!.slice(0, 200) } });
        return;
      }
      for (const p of batch) await this.write(ctx, [p], summary);
    }
  }

  private async actorFor(ctx: ServiceContext, name: string, role: AgencyRole, r: GcdfRecord): Promise<string | null> {
    const nation = nationalGovernmentOf(name, this.lookup);
    const national = nation ? this.countryActors.get(nation) : undefined;
    if (national) {
      this.resolver.matched++;
      return national;
    }
    const country = agencyCountry(name, role, { name: r.recipientName || null, code: r.recipientCode });
    return this.resolver.resolve(ctx, {
      name,
      type: nation ? "government" : agencyType(name),
      countryCode: country && this.knownCountries.has(country) ? country : null,
      source: GCDF_ATTRIBUTION,
    });
  }

  private async writeRecords(ctx: ServiceContext, batch: Planned[]): Promise<Counts> {
    const counts: Counts = { created: 0, updated: 0, unchanged: 0, transactions: 0, skipped: [] };
    const existing = new Map(
      (
        await ctx.db
          .select({ id: projects.id, externalId: projects.externalId, code: projects.code, hash: projects.externalHash, version: projects.version })
          .from(projects)
          .where(inArray(projects.code, batch.map((p) => gcdfCode(p.record.id))))
      ).map((r) => [r.code, r]),
    );
    const now = ctx.now();
    const toWrite: { p: Planned; old?: { id: string; version: number; hash: string | null } }[] = [];
    for (const p of batch) {
      const old = existing.get(gcdfCode(p.record.id));
      if (old && old.externalId !== gcdfExternalId(p.record.id)) {
        // A project of that code that did not come from this GCDF row: never overwritten.
        counts.skipped.push({ file: p.file, line: p.line, id: p.record.id, reason: "gcdf_code_taken", params: { code: old.code } });
        continue;
      }
      if (old?.hash === p.hash) {
        counts.unchanged++;
        continue;
      }
      toWrite.push({ p, old });
    }
    if (!toWrite.length) return counts;

    // Organisations first: the first funder owns the project.
    const roles: [AgencyRole, keyof GcdfRecord][] = [
      ["funding", "fundingAgencies"],
      ["receiving", "receivingAgencies"],
      ["implementing", "implementingAgencies"],
    ];
    const partiesOf = new Map<Planned, { actorId: string; role: AgencyRole }[]>();
    for (const { p } of toWrite) {
      const list: { actorId: string; role: AgencyRole }[] = [];
      for (const [role, key] of roles)
        for (const name of p.record[key] as string[]) {
          const actorId = await this.actorFor(ctx, name, role, p.record);
          if (actorId) list.push({ actorId, role });
        }
      partiesOf.set(p, list);
    }
    const first = (p: Planned, role: AgencyRole) => partiesOf.get(p)!.find((x) => x.role === role)?.actorId ?? null;
    const ownerOf = (p: Planned) => first(p, "funding") ?? first(p, "receiving") ?? first(p, "implementing");
    const writable = toWrite.filter(({ p }) => {
      if (ownerOf(p)) return true;
      counts.skipped.push({ file: p.file, line: p.line, id: p.record.id, reason: "gcdf_no_agency", params: {} });
      return false;
    });

    const values = (p: Planned) => {
      const r = p.record;
      return {
        code: gcdfCode(r.id),
        mechanismId: this.mechanismId,
        title: { en: r.title },
        sector: r.sectorCode,
        status: r.status,
        visibility: "public" as const,
        startDate: r.startDate,
        endDate: r.endDate,
        budget: r.amount === null ? null : roundDecimal(r.amount, 2),
        currency: "USD",
        ownerOrgId: ownerOf(p)!,
        externalId: gcdfExternalId(r.id),
        externalSource: "gcdf" as const,
        externalUpdatedAt: null,
        externalHash: p.hash,
        externalDetail: detailOf(r),
        source: gcdfSource(r.id),
        updatedAt: now,
      };
    };

    const projectIds = new Map<Planned, string>();
    const fresh = writable.filter((w) => !w.old);
    for (let i = 0; i < fresh.length; i += 100) {
      const chunk = fresh.slice(i, i + 100);
      const rows = await ctx.db
        .insert(projects)
        .values(chunk.map((w) => ({ ...values(w.p), createdAt: now })))
        .returning({ id: projects.id, code: projects.code });
      const byCode = new Map(rows.map((r) => [r.code, r.id]));
      for (const w of chunk) projectIds.set(w.p, byCode.get(gcdfCode(w.p.record.id))!);
    }
    const updated = writable.filter((w) => w.old);
    for (const w of updated) {
      await ctx.db.update(projects).set({ ...values(w.p), version: w.old!.version + 1 }).where(eq(projects.id, w.old!.id));
      projectIds.set(w.p, w.old!.id);
    }
    if (updated.length) {
      const ids = updated.map((w) => w.old!.id);
      await ctx.db.delete(projectParties).where(inArray(projectParties.projectId, ids));
      await ctx.db.delete(projectCountries).where(inArray(projectCountries.projectId, ids));
      // The imported commitment is replaced; transactions recorded in Concord since (they have an author) stay.
      await ctx.db.delete(transactions).where(and(inArray(transactions.projectId, ids), isNull(transactions.createdBy)));
    }

    const parties: (typeof projectParties.$inferInsert)[] = [];
    const recipientRows: (typeof projectCountries.$inferInsert)[] = [];
    const txRows: (typeof transactions.$inferInsert)[] = [];
    const audits: (typeof auditLog.$inferInsert)[] = [];
    const who = ctx.principal;
    for (const w of writable) {
      const r = w.p.record;
      const projectId = projectIds.get(w.p)!;
      const seen = new Set<string>();
      for (const x of partiesOf.get(w.p)!) {
        const role = PARTY_ROLE[x.role];
        if (seen.has(`${x.actorId}:${role}`)) continue;
        seen.add(`${x.actorId}:${role}`);
        parties.push({ projectId, actorId: x.actorId, role });
      }
      if (r.recipientCode) recipientRows.push({ projectId, countryCode: r.recipientCode, percentage: "100" });
      const valueDate = commitmentDate(r);
      if (r.amount !== null && valueDate) {
        txRows.push({
          projectId,
          type: "outgoing_commitment",
          instrument: r.instrument,
          value: roundDecimal(r.amount, 2),
          currency: "USD",
          valueDate,
          providerActorId: first(w.p, "funding"),
          receiverActorId: first(w.p, "receiving"),
          description: `Commitment in constant 2017 US dollars (AidData GCDF 2.0 project ${r.id}, ${r.flowType ?? "flow type not given"})`,
          createdBy: null,
          createdAt: now,
        });
        counts.transactions++;
      }
      if (w.old) counts.updated++;
      else counts.created++;
      audits.push({
        at: now,
        userId: who.kind === "user" ? who.userId : null,
        orgId: who.kind === "user" ? who.orgId : null,
        channel: ctx.channel,
        entity: "project",
        entityId: projectId,
        action: w.old ? "import_update" : "import_create",
        before: w.old ? { source: "gcdf", hash: w.old.hash } : null,
        after: { source: "gcdf", externalId: gcdfExternalId(r.id), hash: w.p.hash, file: w.p.file, line: w.p.line },
        requestId: ctx.requestId ?? null,
      });
    }
    for (const [table, rows] of [
      [projectParties, parties],
      [projectCountries, recipientRows],
      [transactions, txRows],
      [auditLog, audits],
    ] as const) {
      for (let i = 0; i < rows.length; i += 1000) await ctx.db.insert(table).values(rows.slice(i, i + 1000) as never[]);
    }
    return counts;
  }
}

/** What a GCDF project keeps of its row beyond the project's own columns (shown on its page; issue 7 reads `linkedIds`). */
function detailOf(r: GcdfRecord): Record<string, unknown> {
  return {
    aiddataId: r.id,
    tuffId: r.tuffId,
    statusName: r.statusName,
    flowType: r.flowType,
    flowClass: r.flowClass,
    financeType: r.financeType,
    commitmentYear: r.commitmentYear,
    implementationStartYear: r.implementationStartYear,
    completionYear: r.completionYear,
    recommendedForAggregates: r.recommendedForAggregates,
    umbrella: r.umbrella,
    sectorName: r.sectorName,
    recipientName: r.recipientName,
    amountConstantUsd2017: r.amount,
    plannedStartDate: r.dates.plannedStart,
    plannedCompletionDate: r.dates.plannedCompletion,
    actualStartDate: r.dates.actualStart,
    actualCompletionDate: r.dates.actualCompletion,
    fundingAgencies: r.fundingAgencies,
    receivingAgencies: r.receivingAgencies,
    implementingAgencies: r.implementingAgencies,
    linkedIds: r.linkedIds,
    vizGeojsonUrl: r.vizGeojsonUrl,
    dlGeojsonUrl: r.dlGeojsonUrl,
  };
}
