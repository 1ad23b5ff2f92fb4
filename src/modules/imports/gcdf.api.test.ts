import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { makeContext, PUBLIC, SYSTEM, type ServiceContext } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { normaliseName } from "./actors.js";
import { importGcdf, type GcdfImportSummary } from "./gcdf.js";
import { importerFor } from "./registry.js";

const DATA = resolve(process.cwd(), "../shared/data/gcdf");
const MEKONG = join(DATA, "gcdf2_final_df_mekong5_subset.csv");
const FULL = join(DATA, "gcdf2_final_df.csv");

/** Rows as CSV, every field quoted (for the changed and broken files the tests write to a temp folder). */
const stringify = (rows: string[][]) => rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(",")).join("\n") + "\n";

/** The file read the plain way: the oracle every figure below is checked against. */
const plain = parse(readFileSync(MEKONG), { columns: true, bom: true }) as Record<string, string>[];
const AMOUNT = "Amount (Constant USD2017)";
const ISO: Record<string, string> = { Cambodia: "KH", "Lao People's Democratic Republic": "LA", Myanmar: "MM", Thailand: "TH", "Viet Nam": "VN" };
const agencies = (r: Record<string, string>, col: string) => [...new Set(r[col]!.split("|").map((s) => s.trim().replace(/\s+/g, " ")).filter(Boolean))];

/** Each amount rounded half-up to cents, summed as integers of cents (money is numeric(20,2)). */
function centsOf(amount: string): bigint {
  const [i, f = ""] = amount.split(".");
  const cents = BigInt(i! + f.padEnd(3, "0").slice(0, 2));
  return (f[2] ?? "0") >= "5" ? cents + 1n : cents;
}
const asCents = (decimal: string) => {
  const [i, f = ""] = decimal.split(".");
  return BigInt(i! + f.padEnd(2, "0").slice(0, 2));
};
const fileCents = plain.reduce((s, r) => (r[AMOUNT] ? s + centsOf(r[AMOUNT]) : s), 0n);

/** GCDF statuses whose Concord status the public portal shows (PUBLISHED_STATUSES). */
const PUBLIC_STATUSES = new Set(["Completion", "Implementation", "Pipeline: Commitment", "Suspended"]);

let h: Harness;
let sys: ServiceContext;
let first: GcdfImportSummary;
let dir: string;

type Row = Record<string, unknown>;
const q = async <T = Row>(query: ReturnType<typeof sql>) => ((await h.database.db.execute(query)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  h = await createHarness();
  sys = makeContext(h.database.db, SYSTEM, { channel: "cli" });
  dir = mkdtempSync(join(tmpdir(), "gcdf-api-"));
  first = await importGcdf(sys, [MEKONG], {}, {});
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h?.close();
});

const invariant = (s: GcdfImportSummary) => expect(s.created + s.updated + s.unchanged + s.skipped.length).toBe(s.records);

describe("importGcdf on the 249 Mekong rows", () => {
  it("creates one public project per row under the GCDF mechanism", async () => {
    expect(first).toMatchObject({ kind: "gcdf", files: ["gcdf2_final_df_mekong5_subset.csv"], records: 249, created: 249, updated: 0, unchanged: 0, skipped: [], cancelled: false, unmappedRecipients: [] });
    invariant(first);
    const rows = await q<{ code: string; external_id: string; mechanism: string; visibility: string; currency: string; source: string }>(
      sql`select p.code, p.external_id, m.code as mechanism, p.visibility, p.currency, p.source from projects p join mechanisms m on m.id = p.mechanism_id where p.external_source = 'gcdf'`,
    );
    expect(rows.length).toBe(249);
    expect(new Set(rows.map((r) => r.code))).toEqual(new Set(plain.map((r) => `GCDF-${r.id}`)));
    for (const r of rows) {
      expect(r.external_id).toBe(`gcdf:${r.code.slice(5)}`);
      expect(r).toMatchObject({ mechanism: "GCDF", visibility: "public", currency: "USD" });
      expect(r.source).toContain("AidData, Global Chinese Development Finance Dataset, Version 2.0");
    }
    // The registry hands out the same importer.
    expect(await importerFor("gcdf")).toBe(importGcdf);
  });

  it("records each amount as one commitment in USD, summing to the file's total", async () => {
    const withAmount = plain.filter((r) => r[AMOUNT]);
    expect(first.transactions).toBe(withAmount.length);
    const [t] = await q<{ n: number; total: string; budget: string; bad: number }>(sql`
      select count(*)::int as n, sum(t.value)::text as total,
        (select sum(budget)::text from projects where external_source = 'gcdf') as budget,
        count(*) filter (where t.currency <> 'USD' or t.type <> 'outgoing_commitment')::int as bad
      from transactions t join projects p on p.id = t.project_id where p.external_source = 'gcdf'`);
    expect(t!.n).toBe(withAmount.length);
    expect(t!.bad).toBe(0);
    expect(asCents(t!.total)).toBe(fileCents);
    expect(asCents(t!.budget)).toBe(fileCents);
    // Python's decimal module, each amount rounded half-up to cents: 37,513,743,540.71.
    expect(fileCents).toBe(3_751_374_354_071n);
  });

  it("reads project 34188 whole: dates, sector, status, parties, commitment, recipient", async () => {
    const [p] = await q(sql`select p.*, a.code as owner from projects p join actors a on a.id = p.owner_org_id where p.code = 'GCDF-34188'`);
    expect(p).toMatchObject({ status: "completed", sector: "320", start_date: "2000-11-23", end_date: "2002-08-16", budget: "23968990.90", owner: "gcdf-china-ministry-of-commerce" });
    expect(p!.title).toEqual({ en: "Chinese Government provides $10.76 million grant — via ETCA — for Ha Bac Fertilizer Plant Upgrading and Renovation Project (Linked to #34187, #85380)" });
    expect(p!.external_detail).toMatchObject({ flowType: "Grant", flowClass: "ODA-like", financeType: "development", commitmentYear: 2000, recommendedForAggregates: true, umbrella: false, linkedIds: ["34187", "85380"], recipientName: "Viet Nam", sectorName: "INDUSTRY, MINING, CONSTRUCTION", amountConstantUsd2017: "23968990.8976866", actualStartDate: "2000-11-23" });
    const parties = await q<{ role: string; code: string; type: string; country: string | null }>(
      sql`select pp.role, a.code, a.type, a.country_code as country from project_parties pp join actors a on a.id = pp.actor_id where pp.project_id = ${p!.id} order by pp.role, a.code`,
    );
    expect(parties).toEqual([
      { role: "beneficiary", code: "vn", type: "government", country: "VN" },
      { role: "funder", code: "gcdf-china-ministry-of-commerce", type: "government", country: "CN" },
      { role: "implementer", code: "gcdf-anyang-chemical-industry-group-co-ltd-anhua-grou", type: "enterprise", country: "CN" },
      { role: "implementer", code: "gcdf-ha-bac-fertilizer-chemical-co-ltd", type: "enterprise", country: null },
      { role: "implementer", code: "gcdf-vietnam-ministry-of-industry-and-trade", type: "government", country: "VN" },
    ]);
    const [tx] = await q(sql`select t.type, t.value, t.currency, t.value_date, t.instrument, t.description, pa.code as provider, ra.code as receiver
      from transactions t left join actors pa on pa.id = t.provider_actor_id left join actors ra on ra.id = t.receiver_actor_id where t.project_id = ${p!.id}`);
    expect(tx).toMatchObject({ type: "outgoing_commitment", value: "23968990.90", currency: "USD", value_date: "2000-01-01", instrument: "grant", provider: "gcdf-china-ministry-of-commerce", receiver: "vn" });
    expect(tx!.description).toContain("constant 2017 US dollars");
    expect(await q(sql`select country_code, percentage from project_countries where project_id = ${p!.id}`)).toEqual([{ country_code: "VN", percentage: "100.0000" }]);
  });

  it("gives every project its recipient country, 100%, as many per country as the file has", async () => {
    const got = await q<{ c: string; n: number }>(sql`select pc.country_code as c, count(*)::int as n from project_countries pc join projects p on p.id = pc.project_id
      where p.external_source = 'gcdf' and pc.percentage = 100 group by 1 order by 1`);
    const want = new Map<string, number>();
    for (const r of plain) want.set(ISO[r.Recipient!]!, (want.get(ISO[r.Recipient!]!) ?? 0) + 1);
    expect(Object.fromEntries(got.map((r) => [r.c, r.n]))).toEqual(Object.fromEntries(want));
  });

  it("matches organisations by name: one actor per agency, the national governments to Concord's country actors", async () => {
    // Every distinct agency name, normalised, is one actor; "Government of <country>" is that country's actor.
    const names = new Set<string>();
    const governments = new Set<string>();
    for (const r of plain)
      for (const col of ["Funding Agencies", "Receiving Agencies", "Implementing Agencies"])
        for (const a of agencies(r, col)) (/^government of /i.test(a) ? governments : names).add(normaliseName(a));
    expect([...governments].sort()).toEqual(["government of cambodia", "government of laos", "government of myanmar burma", "government of thailand", "government of viet nam"]);
    expect(first.organisations.created).toBe(names.size);
    const [{ n } = { n: 0 }] = await q<{ n: number }>(sql`select count(*)::int as n from actors where source = 'AidData, Global Chinese Development Finance Dataset, Version 2.0'`);
    expect(n).toBe(names.size);

    // The Export-Import Bank of China funds as many projects as the file says, through one actor.
    const exim = await q<{ id: string; type: string; country_code: string }>(sql`select id, type, country_code from actors where name->>'en' = 'Export-Import Bank of China'`);
    expect(exim).toEqual([{ id: exim[0]!.id, type: "finance", country_code: "CN" }]);
    const [{ funded } = { funded: 0 }] = await q<{ funded: number }>(sql`select count(*)::int as funded from project_parties where actor_id = ${exim[0]!.id} and role = 'funder'`);
    expect(funded).toBe(plain.filter((r) => agencies(r, "Funding Agencies").includes("Export-Import Bank of China")).length);
    expect(funded).toBe(128);

    // "SinoHydro " (with a trailing space) and "SinoHydro" are one actor, a party to every project naming either.
    const sino = await q<{ id: string }>(sql`select id from actors where lower(name->>'en') = 'sinohydro'`);
    expect(sino.length).toBe(1);
    const naming = plain.filter((r) => ["Receiving Agencies", "Implementing Agencies"].some((c) => r[c]!.split("|").some((a) => a.trim() === "SinoHydro")));
    const [{ with: parties } = { with: 0 }] = await q<{ with: number }>(sql`select count(distinct project_id)::int as with from project_parties where actor_id = ${sino[0]!.id}`);
    expect(parties).toBe(naming.length);

    // Beneficiaries named "Government of Viet Nam" and the like are the seeded country actors.
    for (const [name, code] of [
      ["Government of Viet Nam", "vn"],
      ["Government of Laos", "la"],
      ["Government of Cambodia", "kh"],
      ["Government of Myanmar (Burma)", "mm"],
      ["Government of Thailand", "th"],
    ] as const) {
      const rows = plain.filter((r) => agencies(r, "Receiving Agencies").includes(name)).length;
      const [{ got } = { got: 0 }] = await q<{ got: number }>(sql`select count(*)::int as got from project_parties pp join actors a on a.id = pp.actor_id join projects p on p.id = pp.project_id
        where a.code = ${code} and pp.role = 'beneficiary' and p.external_source = 'gcdf'`);
      expect(got, name).toBe(rows);
    }
    expect((await q(sql`select 1 from actors where name->>'en' ilike 'government of%'`)).length).toBe(0);
  });

  it("gives every project its parties: funders, beneficiaries and implementers as the file lists them, the first funder owning it", async () => {
    const got = await q<{ code: string; role: string; n: number; owner_is_funder: boolean }>(sql`
      select p.code, pp.role, count(*)::int as n,
        bool_or(pp.actor_id = p.owner_org_id) as owner_is_funder
      from project_parties pp join projects p on p.id = pp.project_id where p.external_source = 'gcdf' group by p.code, pp.role`);
    const byKey = new Map(got.map((r) => [`${r.code}:${r.role}`, r]));
    for (const r of plain) {
      const code = `GCDF-${r.id}`;
      const f = new Set(agencies(r, "Funding Agencies").map(normaliseName)).size;
      const b = new Set(agencies(r, "Receiving Agencies").map(normaliseName)).size;
      const i = new Set(agencies(r, "Implementing Agencies").map(normaliseName)).size;
      expect(byKey.get(`${code}:funder`)?.n ?? 0, code).toBe(f);
      expect(byKey.get(`${code}:beneficiary`)?.n ?? 0, code).toBe(b);
      expect(byKey.get(`${code}:implementer`)?.n ?? 0, code).toBe(i);
      expect(byKey.get(`${code}:funder`)?.owner_is_funder, code).toBe(true);
    }
  });

  it("writes one audit row per project", async () => {
    const [{ n } = { n: 0 }] = await q<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'import_create' and entity = 'project' and after->>'source' = 'gcdf'`);
    expect(n).toBe(249);
  });
});

describe("the dashboard and the public", () => {
  type Bucket = { key: string | null; projects: number; committed: string };
  type Portfolio = { totals: { projects: number; committed: string }; byMechanism: Bucket[]; byCountry: Bucket[]; byStatus: Bucket[]; byYear: Bucket[]; sources: { source: string; projects: number }[] };
  const portfolio = async (as?: string) => (await (await h.call("GET", "/api/v1/portfolio?mechanism=GCDF", { as })).json()) as Portfolio;
  const counts = (rows: Record<string, string>[]) => {
    const m: Record<string, number> = {};
    for (const r of rows) m[ISO[r.Recipient!]!] = (m[ISO[r.Recipient!]!] ?? 0) + 1;
    return m;
  };

  it("counts every GCDF project for signed-in users: by mechanism, recipient country, status and year, crediting AidData", async () => {
    const p = await portfolio("analyst");
    expect(p.totals.projects).toBe(249);
    expect(asCents(p.totals.committed)).toBe(fileCents);
    expect(p.byMechanism.map((b) => [b.key, b.projects])).toEqual([["GCDF", 249]]);
    expect(Object.fromEntries(p.byCountry.map((b) => [b.key, b.projects]))).toEqual(counts(plain));
    expect(Object.fromEntries(p.byCountry.map((b) => [b.key, b.projects]))).toEqual({ LA: 65, KH: 63, VN: 60, MM: 43, TH: 18 });
    expect(Object.fromEntries(p.byStatus.map((b) => [b.key, b.projects]))).toEqual({ proposed: 4, approved: 8, active: 33, suspended: 2, completed: 201, cancelled: 1 });
    expect(p.byYear.reduce((s, b) => s + b.projects, 0)).toBe(249);
    expect(p.sources).toEqual([{ source: "gcdf", projects: 249 }]);
  });

  it("shows the public only the published ones, consistently in the list, the dashboard and single projects", async () => {
    const published = plain.filter((r) => PUBLIC_STATUSES.has(r.Status!));
    const p = await portfolio();
    expect(p.totals.projects).toBe(published.length);
    expect(p.totals.projects).toBe(244);
    expect(Object.fromEntries(p.byCountry.map((b) => [b.key, b.projects]))).toEqual(counts(published));
    expect(p.sources).toEqual([{ source: "gcdf", projects: published.length }]);
    const list = (await (await h.call("GET", "/api/v1/projects?mechanism=GCDF&limit=1")).json()) as { total: number; items: { externalSource: string; countries: string[] }[] };
    expect(list.total).toBe(published.length);
    expect(list.items[0]).toMatchObject({ externalSource: "gcdf" });
    const kh = (await (await h.call("GET", "/api/v1/projects?mechanism=GCDF&country=KH&limit=500")).json()) as { total: number; items: { countries: string[] }[] };
    expect(kh.total).toBe(counts(published).KH);
    expect(kh.items.every((i) => i.countries.join() === "KH")).toBe(true);

    const pledge = plain.find((r) => r.Status === "Pipeline: Pledge")!;
    const cancelled = plain.find((r) => r.Status === "Cancelled")!;
    for (const r of [pledge, cancelled]) {
      expect((await h.call("GET", `/api/v1/projects/GCDF-${r.id}`)).status).toBe(404);
      expect((await h.call("GET", `/api/v1/projects/GCDF-${r.id}`, { as: "analyst" })).status).toBe(200);
    }
    const commitment = plain.find((r) => r.Status === "Pipeline: Commitment")!;
    expect((await h.call("GET", `/api/v1/projects/GCDF-${commitment.id}`)).status).toBe(200);
  });

  it("returns the source and GCDF's own fields with the project", async () => {
    const res = await h.call("GET", "/api/v1/projects/GCDF-34188");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ externalSource: "gcdf", externalId: "gcdf:34188", countries: ["VN"], sector: "320", budget: "23968990.90" });
    expect(body.source).toBe("AidData, Global Chinese Development Finance Dataset, Version 2.0 (AidData project 34188; ODC-By 1.0)");
    expect(body.externalDetail).toMatchObject({ flowType: "Grant", flowClass: "ODA-like", commitmentYear: 2000, linkedIds: ["34187", "85380"] });
  });
});

describe("re-import and change", () => {
  it("changes nothing when the same file comes again", async () => {
    const before = await q(sql`select id, version, updated_at, external_hash from projects where external_source = 'gcdf' order by id`);
    const counts = { audit: await countRows(h.database, "audit_log"), actors: await countRows(h.database, "actors"), tx: await q(sql`select id from transactions order by id`) };
    const again = await importGcdf(sys, [MEKONG], {}, {});
    expect(again).toMatchObject({ records: 249, created: 0, updated: 0, unchanged: 249, skipped: [], transactions: 0, organisations: { created: 0 } });
    invariant(again);
    expect(await q(sql`select id, version, updated_at, external_hash from projects where external_source = 'gcdf' order by id`)).toEqual(before);
    expect(await countRows(h.database, "audit_log")).toBe(counts.audit);
    expect(await countRows(h.database, "actors")).toBe(counts.actors);
    expect(await q(sql`select id from transactions order by id`)).toEqual(counts.tx);
  });

  it("updates a changed row in place, replacing its parties, commitment and recipient", async () => {
    const [old] = await q<{ id: string; version: number }>(sql`select id, version from projects where code = 'GCDF-34188'`);
    const header = Object.keys(plain[0]!);
    const row: Record<string, string> = { ...plain.find((r) => r.id === "34188")!, Status: "Implementation", [AMOUNT]: "25000000.125", "Implementing Agencies": "Vietnam Ministry of Industry and Trade", "Commitment Year": "2001" };
    const file = join(dir, "changed.csv");
    writeFileSync(file, stringify([header, header.map((c) => row[c] ?? "")]));
    const s = await importGcdf(sys, [file], {}, {});
    expect(s).toMatchObject({ records: 1, created: 0, updated: 1, unchanged: 0, transactions: 1, skipped: [] });
    const [p] = await q(sql`select id, version, status, budget from projects where code = 'GCDF-34188'`);
    expect(p).toEqual({ id: old!.id, version: old!.version + 1, status: "active", budget: "25000000.13" });
    expect(await q(sql`select value, value_date from transactions where project_id = ${old!.id}`)).toEqual([{ value: "25000000.13", value_date: "2001-01-01" }]);
    expect(await q(sql`select pp.role, a.code from project_parties pp join actors a on a.id = pp.actor_id where pp.project_id = ${old!.id} and pp.role = 'implementer'`)).toEqual([
      { role: "implementer", code: "gcdf-vietnam-ministry-of-industry-and-trade" },
    ]);
    expect((await q(sql`select 1 from project_countries where project_id = ${old!.id}`)).length).toBe(1);
    const [audit] = await q(sql`select action, before, after from audit_log where entity_id = ${old!.id} order by id desc limit 1`);
    expect(audit).toMatchObject({ action: "import_update", after: { source: "gcdf", externalId: "gcdf:34188", file: "changed.csv", line: 2 } });
  });
});

describe("refusals, progress and cancelling", () => {
  it("refuses a file that is not GCDF 2.0 before writing anything, naming the missing columns", async () => {
    const file = join(dir, "not-gcdf.csv");
    writeFileSync(file, "id,Title,Status\n1,A,Completion\n");
    const before = await countRows(h.database, "projects");
    const err = await importGcdf(sys, [MEKONG, file], {}, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("rule_violated");
    expect((err as AppError).params).toMatchObject({ rule: "gcdf_not_gcdf", file: "not-gcdf.csv" });
    expect(String((err as AppError).params.columns)).toContain("Recipient");
    expect(String((err as AppError).params.columns)).not.toContain("Title");
    expect(await countRows(h.database, "projects")).toBe(before);
  });

  it("skips bad rows with file, line and reason, importing the rest", async () => {
    const header = Object.keys(plain[0]!);
    const a: Record<string, string> = { ...plain[0]!, id: "990001", [AMOUNT]: "12,5" };
    const b: Record<string, string> = { ...plain[0]!, id: "990002", "Actual Completion Date (MM/DD/YYYY)": "2019-13-01T00:00:00" };
    const c: Record<string, string> = { ...plain[0]!, id: "990003" };
    const file = join(dir, "bad-rows.csv");
    writeFileSync(file, stringify([header, ...[a, b, c].map((r) => header.map((k) => r[k] ?? ""))]));
    const before = await countRows(h.database, "projects");
    const s = await importGcdf(sys, [file], {}, {});
    invariant(s);
    expect(s).toMatchObject({ records: 3, created: 1 });
    expect(s.skipped).toEqual([
      { file: "bad-rows.csv", line: 2, id: "990001", reason: "gcdf_bad_amount", params: { column: AMOUNT, value: "12,5" } },
      { file: "bad-rows.csv", line: 3, id: "990002", reason: "gcdf_bad_date", params: { column: "Actual Completion Date (MM/DD/YYYY)", value: "2019-13-01T00:00:00" } },
    ]);
    expect(await countRows(h.database, "projects")).toBe(before + 1);
  });

  it("lets only staff import", async () => {
    await expect(importGcdf(makeContext(h.database.db, PUBLIC), [MEKONG], {}, {})).rejects.toMatchObject({ code: "unauthenticated" });
    const officer = makeContext(h.database.db, { kind: "user", userId: h.users.officer!.userId, orgId: "x", role: "officer", email: "o", name: "o" });
    await expect(importGcdf(officer, [MEKONG], {}, {})).rejects.toMatchObject({ code: "forbidden" });
  });

  it("reports progress and stops after the batch in flight when cancelled, every counted row written whole", async () => {
    const before = await countRows(h.database, "projects");
    const ac = new AbortController();
    const progress: { bytesDone: number; bytesTotal: number; records: number }[] = [];
    const s = await importGcdf(sys, [FULL], {}, {
      signal: ac.signal,
      onProgress: (p) => {
        progress.push(p);
        ac.abort();
      },
    });
    expect(s.cancelled).toBe(true);
    invariant(s);
    expect(s.records).toBe(200);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]!.bytesTotal).toBe(statSync(FULL).size);
    expect(progress[0]!.bytesDone).toBeGreaterThan(0);
    expect(progress[0]!.bytesDone).toBeLessThan(statSync(FULL).size);
    // Rows of the Mekong subset already imported are unchanged; the others are new, each with its commitment if it has an amount.
    expect(await countRows(h.database, "projects")).toBe(before + s.created);
    const [{ orphans } = { orphans: -1 }] = await q<{ orphans: number }>(sql`select count(*)::int as orphans from projects p where p.external_source = 'gcdf'
      and not exists (select 1 from project_parties pp where pp.project_id = p.id and pp.role = 'funder')`);
    expect(orphans).toBe(0);

    // The rest of the release, uncancelled, then brings the other recipients; the two regional names get no country.
    const rest = await importGcdf(sys, [FULL], {}, {});
    invariant(rest);
    expect(rest).toMatchObject({ records: 3325, skipped: [], cancelled: false });
    expect(rest.unmappedRecipients).toEqual([
      { name: "Africa, regional", rows: 7 },
      { name: "Multi-Region", rows: 1 },
    ]);
    const [{ n } = { n: 0 }] = await q<{ n: number }>(sql`select count(*)::int as n from projects where external_source = 'gcdf' and code like 'GCDF-%' and code not like 'GCDF-9900%'`);
    expect(n).toBe(3325);
  });
});
