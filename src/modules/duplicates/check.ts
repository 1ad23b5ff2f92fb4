import { eq, inArray, sql } from "drizzle-orm";
import { rowsOf } from "../../db/rows.js";
import type { z } from "@hono/zod-openapi";
import { readAll, type Principal, type ServiceContext } from "../../core/context.js";
import { authorize, canSee, hasRole, isStaff, requireUser } from "../../core/policy/index.js";
import type { Db } from "../../db/client.js";
import { actors } from "../../db/schema/actors.js";
import { LANGS, type Lang, type LocalizedText, type Visibility } from "../../db/schema/common.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { projectCountries, projectParties, projects, type ProjectStatus } from "../../db/schema/projects.js";
import { t } from "../../lib/i18n/index.js";
import { DUPLICATE_THRESHOLD, DuplicateIndex, type DuplicatePair, type DuplicateReason, type ProjectForMatch } from "../../lib/match/duplicates.js";
import { stripLinkNotes } from "../../lib/match/gcdf-eval.js";
import { mechanismInput } from "../mechanisms/read.js";
import { findVisibleProject, PUBLISHED_STATUSES } from "../projects/read.js";
import type { DuplicateCheck, DuplicateDraft, DuplicateMatchOut, DuplicateProject, DuplicateScan, ProjectDuplicatesOut, ZDuplicateScanQuery, ZProjectDuplicatesQuery } from "./schemas.js";

/**
 * Repeated-construction detection over the records the caller may see. One index over every
 * project is kept per database and rebuilt when the projects or organisations change (see
 * fingerprint); each request then keeps only the matches the caller may see, by the same rule as
 * a single read (canSee), so a restricted project of another organisation (or a draft it keeps
 * restricted) is never reported, not even as "something like yours exists". The text weights
 * (TF-IDF) are computed over all projects, so a hidden record can shift a visible match's score by
 * a hair, but never appear.
 */

/**
 * Government levels whose actors name a province or state (as the overlap comparison counts them).
 * A project's countries are its recipients where it has them (the project list's rule): a GCDF
 * record's Chinese funder does not put the project in China.
 */
const PROVINCE_LEVELS: readonly string[] = ["province", "prefecture", "district"];

type CorpusRow = {
  id: string;
  code: string;
  title: LocalizedText;
  description: LocalizedText | null;
  sector: string | null;
  status: ProjectStatus;
  visibility: Visibility;
  mechanism: string;
  mechanismId: string;
  externalSource: string | null;
  startYear: number | null;
  endYear: number | null;
  point: { lat?: unknown; lng?: unknown } | null;
  countries: string[];
  provinces: string[];
  /** The owner and every party: who may see the project when it is restricted. */
  orgIds: string[];
};

type Corpus = {
  fingerprint: string;
  byId: Map<string, CorpusRow>;
  index: DuplicateIndex;
  /** Every pair of the whole corpus by threshold, scanned once: each caller's share is filtered from it. */
  scans: Map<number, DuplicatePair[]>;
};

/** A document id: the project and the language of the text it holds. */
const docId = (projectId: string, lang: Lang) => `${projectId}/${lang}`;
const projectOf = (id: string) => id.slice(0, id.lastIndexOf("/"));

const coordinatesOf = (point: CorpusRow["point"]) => {
  const lat = Number(point?.lat);
  const lon = Number(point?.lng);
  return point && Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
};

/** The project's text in each language it has, as match documents. */
function documentsOf(r: CorpusRow): ProjectForMatch[] {
  const base = { countries: r.countries, provinces: r.provinces, sector: r.sector, startYear: r.startYear, endYear: r.endYear, coordinates: coordinatesOf(r.point) };
  return LANGS.flatMap((lang) => {
    const raw = r.title[lang]?.trim();
    if (!raw) return [];
    // AidData's link notes ("Linked to #34187") are bookkeeping, not what the project is.
    const title = r.externalSource === "gcdf" ? stripLinkNotes(raw) : raw;
    return [{ ...base, id: docId(r.id, lang), title, description: r.description?.[lang] ?? null, lang }];
  });
}


/**
 * What the corpus is built from, in one cheap read: every project write bumps its version (imports
 * included, with their parties and recipients), a new or deleted project changes the count, and an
 * organisation's country or level change bumps the organisation's version.
 */
async function fingerprint(db: Db): Promise<string> {
  const [f] = await rowsOf<{ n: number; v: string; an: number; av: string }>(
    db.execute(sql`select (select count(*) from ${projects})::int as n, (select coalesce(sum(${projects.version}), 0) from ${projects})::text as v,
      (select count(*) from ${actors})::int as an, (select coalesce(sum(${actors.version}), 0) from ${actors})::text as av`),
  );
  return `${f!.n}:${f!.v}:${f!.an}:${f!.av}`;
}

async function buildCorpus(ctx: ServiceContext, print: string): Promise<Corpus> {
  const db = ctx.db;
  type P = Omit<CorpusRow, "countries" | "provinces" | "orgIds" | "startYear" | "endYear"> & { ownerOrgId: string; startYear: number | string | null; endYear: number | string | null };
  // Three flat reads assembled here: a subquery per project costs seconds at the reference scale.
  const [rows, recipients, parties] = await readAll(ctx, [
    () => rowsOf<P>(
      db.execute(sql`select p.id, p.code, p.title, p.description, p.sector, p.status, p.visibility, m.code as mechanism, m.id as "mechanismId",
        p.external_source as "externalSource", p.owner_org_id as "ownerOrgId",
        extract(year from p.start_date)::int as "startYear", extract(year from p.end_date)::int as "endYear",
        p.external_detail->'locations'->0->'point' as point
        from ${projects} p join ${mechanisms} m on m.id = p.mechanism_id order by p.code`),
    ),
    () => db.select({ projectId: projectCountries.projectId, country: projectCountries.countryCode }).from(projectCountries),
    () => db
      .select({ projectId: projectParties.projectId, actorId: actors.id, code: actors.code, country: actors.countryCode, level: actors.level })
      .from(projectParties)
      .innerJoin(actors, eq(actors.id, projectParties.actorId)),
  ]);
  const byId = new Map<string, CorpusRow>();
  const recipientsOf = new Map<string, Set<string>>();
  const partyCountries = new Map<string, Set<string>>();
  for (const r of recipients) (recipientsOf.get(r.projectId) ?? recipientsOf.set(r.projectId, new Set()).get(r.projectId)!).add(r.country);
  for (const { ownerOrgId, startYear, endYear, ...r } of rows)
    byId.set(r.id, { ...r, startYear: startYear === null ? null : Number(startYear), endYear: endYear === null ? null : Number(endYear), countries: [], provinces: [], orgIds: [ownerOrgId] });
  for (const p of parties) {
    const row = byId.get(p.projectId);
    if (!row) continue;
    row.orgIds.push(p.actorId);
    if (p.level && PROVINCE_LEVELS.includes(p.level) && !row.provinces.includes(p.code)) row.provinces.push(p.code);
    if (p.country) (partyCountries.get(p.projectId) ?? partyCountries.set(p.projectId, new Set()).get(p.projectId)!).add(p.country);
  }
  for (const row of byId.values()) row.countries = [...(recipientsOf.get(row.id) ?? partyCountries.get(row.id) ?? [])].sort();
  return { fingerprint: print, byId, index: DuplicateIndex.build([...byId.values()].flatMap(documentsOf)), scans: new Map() };
}

/** The corpus of each open database, with the fingerprint it was built at. */
const cache = new WeakMap<object, Promise<Corpus>>();

/** The index over every project, rebuilt only when the fingerprint moved; inside a transaction, built afresh (it may see its own writes). */
async function corpusFor(ctx: ServiceContext): Promise<Corpus> {
  const print = await fingerprint(ctx.db);
  if (ctx.inTransaction) return buildCorpus(ctx, print);
  const cached = cache.get(ctx.db);
  if (cached) {
    const c = await cached.catch(() => null);
    if (c && c.fingerprint === print) return c;
  }
  const fresh = buildCorpus(ctx, print);
  cache.set(ctx.db, fresh);
  return fresh;
}

/** The projects of the corpus this caller may see: the single-read rule, row by row. */
const visibleTo = (p: Principal, c: Corpus) => {
  const out = new Set<string>();
  for (const r of c.byId.values()) if (canSee(p, { visibility: r.visibility, orgIds: r.orgIds, published: PUBLISHED_STATUSES.includes(r.status) })) out.add(r.id);
  return out;
};

const pct = (x: number) => Math.round(x * 100);

function reasonLabel(lang: Lang, r: DuplicateReason): string {
  const params = { score: pct(r.score), detail: r.detail ?? "" };
  if (r.kind === "years") return r.detail === "overlap" ? t(lang, "server.duplicates.reasons.years") : t(lang, "server.duplicates.reasons.yearsApart", { years: r.detail ?? "" });
  return t(lang, `server.duplicates.reasons.${r.kind}`, params);
}

const reasonsOut = (lang: Lang, reasons: DuplicateReason[]) => reasons.map((r) => ({ ...r, label: reasonLabel(lang, r) }));

const projectOut = (r: CorpusRow): DuplicateProject => ({
  id: r.id,
  code: r.code,
  title: r.title,
  mechanism: r.mechanism,
  status: r.status,
  externalSource: r.externalSource,
  link: `/projects/${encodeURIComponent(r.code)}`,
});

/**
 * Queries the index with each language version of a candidate and keeps, per project, its best
 * match: a proposal titled in English and Thai is compared with English and Thai titles.
 */
function bestMatches(c: Corpus, candidates: ProjectForMatch[], threshold: number, keep: (projectId: string) => boolean) {
  const best = new Map<string, { score: number; reasons: DuplicateReason[] }>();
  for (const candidate of candidates)
    for (const m of c.index.query(candidate, { threshold })) {
      const id = projectOf(m.id);
      if (!keep(id)) continue;
      const had = best.get(id);
      if (!had || m.score > had.score) best.set(id, { score: m.score, reasons: m.reasons });
    }
  return [...best].sort(([a, x], [b, y]) => y.score - x.score || c.byId.get(a)!.code.localeCompare(c.byId.get(b)!.code));
}

const matchesOut = (ctx: ServiceContext, c: Corpus, found: ReturnType<typeof bestMatches>, limit: number, mechanismId: string | null): DuplicateMatchOut[] =>
  found.slice(0, limit).map(([id, m]) => {
    const r = c.byId.get(id)!;
    return { ...projectOut(r), score: m.score, reasons: reasonsOut(ctx.lang, m.reasons), sameMechanism: mechanismId !== null && r.mechanismId === mechanismId };
  });

/** A draft's parties as places: their countries, and the provinces among them. Codes that name no actor (yet) are left out. */
async function placesOfParties(ctx: ServiceContext, refs: readonly string[]) {
  if (!refs.length) return { countries: [], provinces: [] };
  const rows = await ctx.db
    .select({ code: actors.code, countryCode: actors.countryCode, level: actors.level })
    .from(actors)
    .where(inArray(actors.code, [...new Set(refs)]));
  return {
    countries: rows.flatMap((r) => (r.countryCode ? [r.countryCode] : [])),
    provinces: rows.flatMap((r) => (r.level && PROVINCE_LEVELS.includes(r.level) ? [r.code] : [])),
  };
}

/**
 * Existing projects and proposals that look like the same thing as a proposal being drafted.
 * Reading only: nothing is stored or audited. A party code that names no actor is ignored rather
 * than refused, since the form checks while the user is still typing it.
 */
export async function checkDraft(ctx: ServiceContext, draft: DuplicateDraft): Promise<DuplicateCheck> {
  authorize(ctx.principal, isStaff(ctx.principal) || hasRole(ctx.principal, "officer"), "check", "duplicates");
  const mechanism = draft.mechanism ? await mechanismInput(ctx.db, draft.mechanism) : null;
  const excluded = draft.exclude ? (await findVisibleProject(ctx, draft.exclude)).row.id : null;
  const [parties, corpus] = await readAll(ctx, [() => placesOfParties(ctx, draft.parties ?? []), () => corpusFor(ctx)]);
  const visible = visibleTo(ctx.principal, corpus);
  const base = {
    countries: [...new Set([...(draft.countries ?? []).map((c) => c.toUpperCase()), ...parties.countries])],
    provinces: [...new Set([...(draft.provinces ?? []), ...parties.provinces])],
    sector: draft.sector ?? null,
    startYear: draft.startYear ?? null,
    endYear: draft.endYear ?? null,
  };
  const candidates: ProjectForMatch[] = LANGS.flatMap((lang) => {
    const title = draft.title[lang]?.trim();
    return title ? [{ ...base, id: docId("draft", lang), title, description: draft.description?.[lang]?.trim() || null, lang }] : [];
  });
  const found = bestMatches(corpus, candidates, DUPLICATE_THRESHOLD, (id) => id !== excluded && visible.has(id));
  return { threshold: DUPLICATE_THRESHOLD, searched: visible.size, items: matchesOut(ctx, corpus, found, draft.limit, mechanism?.id ?? null) };
}

/** Likely duplicates of an existing project, among the projects the caller may see. */
export async function projectDuplicates(ctx: ServiceContext, ref: string, query: z.infer<typeof ZProjectDuplicatesQuery>): Promise<ProjectDuplicatesOut> {
  requireUser(ctx.principal);
  const { row } = await findVisibleProject(ctx, ref);
  const corpus = await corpusFor(ctx);
  const visible = visibleTo(ctx.principal, corpus);
  const target = corpus.byId.get(row.id)!;
  const threshold = query.threshold ?? DUPLICATE_THRESHOLD;
  const found = bestMatches(corpus, documentsOf(target), threshold, (id) => id !== row.id && visible.has(id));
  return { project: row.code, threshold, searched: visible.size, items: matchesOut(ctx, corpus, found, query.limit, row.mechanismId) };
}

/**
 * Every likely duplicate pair in the portfolio the caller may see, best first; with a mechanism,
 * the pairs with at least one project of it (its own repeats, and outside records repeating it).
 * Staff and analysts only: a portfolio-wide audit, not a drafting aid.
 */
export async function scanDuplicates(ctx: ServiceContext, query: z.infer<typeof ZDuplicateScanQuery>): Promise<DuplicateScan> {
  authorize(ctx.principal, isStaff(ctx.principal) || hasRole(ctx.principal, "analyst"), "scan", "duplicates");
  const mechanism = query.mechanism ? await mechanismInput(ctx.db, query.mechanism) : null;
  const corpus = await corpusFor(ctx);
  const visible = visibleTo(ctx.principal, corpus);
  const threshold = query.threshold ?? DUPLICATE_THRESHOLD;
  const best = new Map<string, { a: string; b: string; score: number; reasons: DuplicateReason[] }>();
  let all = corpus.scans.get(threshold);
  if (!all) {
    // A few thresholds are kept; a caller trying many cannot grow the cache without bound.
    if (corpus.scans.size >= 8) corpus.scans.clear();
    corpus.scans.set(threshold, (all = corpus.index.scan({ threshold })));
  }
  for (const p of all) {
    let a = projectOf(p.a);
    let b = projectOf(p.b);
    if (a === b || !visible.has(a) || !visible.has(b)) continue;
    if (mechanism && corpus.byId.get(a)!.mechanismId !== mechanism.id && corpus.byId.get(b)!.mechanismId !== mechanism.id) continue;
    if (corpus.byId.get(a)!.code > corpus.byId.get(b)!.code) [a, b] = [b, a];
    const key = `${a}:${b}`;
    const had = best.get(key);
    if (!had || p.score > had.score) best.set(key, { a, b, score: p.score, reasons: p.reasons });
  }
  const pairs = [...best.values()].sort((x, y) => y.score - x.score || corpus.byId.get(x.a)!.code.localeCompare(corpus.byId.get(y.a)!.code) || corpus.byId.get(x.b)!.code.localeCompare(corpus.byId.get(y.b)!.code));
  return {
    threshold,
    searched: visible.size,
    total: pairs.length,
    items: pairs.slice(0, query.limit).map((p) => ({ a: projectOut(corpus.byId.get(p.a)!), b: projectOut(corpus.byId.get(p.b)!), score: p.score, reasons: reasonsOut(ctx.lang, p.reasons) })),
  };
}
