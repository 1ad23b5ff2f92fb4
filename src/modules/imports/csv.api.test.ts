import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { makeContext, SYSTEM, type ServiceContext } from "../../core/context.js";
import { toErrorResponse } from "../../server/errors.js";
import { normaliseName } from "./actors.js";
import { importCsvActors, importCsvProjects, validateCsvMapping } from "./csv.js";
import { importerFor } from "./registry.js";

const GCDF = resolve(process.cwd(), "../shared/data/gcdf/gcdf2_final_df_mekong5_subset.csv");

/** The real GCDF file read the plain way, with the line each row starts on: the oracle below. */
const gcdfRows = (parse(readFileSync(GCDF), { columns: true, bom: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[]).map(
  (r) => ({ ...r.record, line: r.info.lines - (Object.values(r.record).join("").match(/\n/g)?.length ?? 0) }) as Record<string, string> & { line: number },
);
const ISO: Record<string, string> = { Cambodia: "KH", "Lao People's Democratic Republic": "LA", Myanmar: "MM", Thailand: "TH", "Viet Nam": "VN" };
/** "Pipeline: Pledge" is left unmapped on purpose: those rows are refused, with their lines. */
const STATUS: Record<string, string> = { Completion: "completed", Implementation: "active", "Pipeline: Commitment": "approved", Suspended: "suspended", Cancelled: "cancelled" };
const gcdfMapping = {
  kind: "projects",
  columns: {
    code: "id",
    "title.en": "Title",
    status: { column: "Status", map: STATUS },
    sector: { column: "AidData Sector Name", map: { ENERGY: "230", "TRANSPORT AND STORAGE": "210", EDUCATION: "110", HEALTH: "120", "*": "" } },
    startDate: "Actual Implementation Start Date (MM/DD/YYYY)",
    endDate: "Actual Completion Date (MM/DD/YYYY)",
    budget: "Amount (Constant USD2017)",
    lead: { column: "Funding Agencies", split: "|", actorType: "government" },
    beneficiaries: { column: "Receiving Agencies", split: "|", actorType: "government" },
    implementers: { column: "Implementing Agencies", split: "|", actorType: "enterprise" },
    countries: { column: "Recipient", map: ISO },
  },
  constants: { currency: "USD", source: "AidData, Global Chinese Development Finance Dataset, Version 2.0 (ODC-By 1.0)" },
};

let h: Harness;
let sys: ServiceContext;
let dir: string;
type Row = Record<string, unknown>;
const q = async <T = Row>(query: ReturnType<typeof sql>) => ((await h.database.db.execute(query)) as unknown as { rows: T[] }).rows;
const write = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** What the API or the CLI would answer for an error the importer throws. */
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return toErrorResponse(err, "en");
  }
  throw new Error("expected the import to be refused");
};

const catchError = (f: () => void) => {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
};

beforeAll(async () => {
  h = await createHarness();
  sys = makeContext(h.database.db, SYSTEM, { channel: "cli" });
  dir = mkdtempSync(join(tmpdir(), "csv-import-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h?.close();
});

const ACTORS_CSV = [
  "Code;Kind;Tier;Country;Parent;Name;ชื่อ;名称;Web;Founded;Ref",
  "la-vte-test;Govt;province;LA;la;Vientiane Capital (test);นครหลวงเวียงจันทน์;万象市;https://vientiane.example;01/01/1990;",
  ";University;;TH;;Chiang Mai Rajabhat University (test);มหาวิทยาลัยราชภัฏเชียงใหม่;清迈皇家大学;;;TH-REG-42",
  "kh-ngo-test;NGO;;KH;;Mekong Water Watch;;湄公河水观察;;;",
  "bad-level;Govt;;LA;;Missing level;;;;;",
  "bad-country;University;;ZZ;;Nowhere University;;;;;",
  "bad-type;Spaceship;;LA;;Odd one;;;;;",
  ";Govt;;;;Viet Nam;;;https://chinhphu.vn;;",
  "la-vte-district;Govt;district;LA;la-vte-test;Chanthabuly (test);;;;;",
].join("\r\n");
const actorMapping = {
  kind: "actors",
  delimiter: ";",
  dateFormat: "DD/MM/YYYY",
  columns: {
    code: "Code",
    type: { column: "Kind", map: { Govt: "government", University: "university", NGO: "ngo" } },
    level: "Tier",
    country: "Country",
    parent: "Parent",
    "name.en": "Name",
    "name.th": "ชื่อ",
    "name.zh": "名称",
    website: "Web",
    foundedOn: "Founded",
    externalRef: "Ref",
  },
};

describe("CSV import of actors", () => {
  it("creates and updates actors by a mapping with a value map, non-Latin names and a hierarchy; bad rows are left out with their lines", async () => {
    const before = await countRows(h.database, "actors");
    const file = write("actors.csv", ACTORS_CSV);
    const s = await importCsvActors(sys, [file], { mapping: actorMapping }, {});
    expect(s).toMatchObject({ kind: "csv-actors", records: 8, created: 4, updated: 1, unchanged: 0, cancelled: false });
    expect(s.skipped.map((x) => [x.line, x.reason, x.params])).toEqual([
      [5, "csv_government_requires_level", {}],
      [6, "csv_unknown_country", { value: "ZZ" }],
      [7, "csv_bad_value", { field: "type", value: "Spaceship" }],
    ]);
    expect(s.created + s.updated + s.unchanged + s.skipped.length).toBe(s.records);
    expect(await countRows(h.database, "actors")).toBe(before + 4);

    const vte = (await (await h.call("GET", "/api/v1/actors/la-vte-test")).json()) as Row;
    expect(vte).toMatchObject({ type: "government", level: "province", countryCode: "LA", foundedOn: "1990-01-01", website: "https://vientiane.example", parent: { code: "la" } });
    expect(vte.name).toEqual({ en: "Vientiane Capital (test)", th: "นครหลวงเวียงจันทน์", zh: "万象市" });
    const district = (await (await h.call("GET", "/api/v1/actors/la-vte-district")).json()) as Row;
    expect(district).toMatchObject({ level: "district", parent: { code: "la-vte-test" } });
    // No code: one is made from the external reference, which is kept.
    const [cmru] = await q<{ code: string; external_ref: string; type: string }>(sql`select code, external_ref, type from actors where name->>'en' = 'Chiang Mai Rajabhat University (test)'`);
    expect(cmru).toEqual({ code: "csv-th-reg-42", external_ref: "TH-REG-42", type: "university" });
    // No code, a known name: the country actor is matched and updated, not duplicated.
    const vn = (await (await h.call("GET", "/api/v1/actors/vn")).json()) as Row;
    expect(vn.website).toBe("https://chinhphu.vn");
    const audits = await q<{ action: string; n: number }>(sql`select action, count(*)::int as n from audit_log where entity = 'actor' and action like 'import_%' group by action order by action`);
    expect(audits).toEqual([
      { action: "import_create", n: 4 },
      { action: "import_update", n: 1 },
    ]);
  });

  it("changes nothing when the same file is imported again", async () => {
    const file = write("actors.csv", ACTORS_CSV);
    const auditBefore = await countRows(h.database, "audit_log");
    const actorsBefore = await countRows(h.database, "actors");
    const s = await importCsvActors(sys, [file], { mapping: actorMapping }, {});
    expect(s).toMatchObject({ records: 8, created: 0, updated: 0, unchanged: 5 });
    expect(s.skipped).toHaveLength(3);
    expect(await countRows(h.database, "audit_log")).toBe(auditBefore);
    expect(await countRows(h.database, "actors")).toBe(actorsBefore);
  });

  it("reads a Latin-1 file with a tab delimiter when the mapping says so", async () => {
    const file = write("latin1.tsv", iconv.encode("Code\tType\tName\nfr-cafe-test\tngo\tCafé Société\n", "latin1"));
    const s = await importCsvActors(sys, [file], { mapping: { delimiter: "\t", encoding: "latin1", columns: { code: "Code", type: "Type", "name.en": "Name" } } }, {});
    expect(s).toMatchObject({ created: 1, skipped: [] });
    const [row] = await q<{ name: string }>(sql`select name->>'en' as name from actors where code = 'fr-cafe-test'`);
    expect(row!.name).toBe("Café Société");
  });
});

const PROJECTS_CSV = [
  "Project,Title,ชื่อโครงการ,ຊື່ໂຄງການ,Status,Start,End,Budget,Lead,Partners,Countries,Mechanism,Sector,Notes",
  'CSV-T-1,Mekong flood early warning,ระบบเตือนภัยน้ำท่วมแม่โขง,ລະບົບເຕືອນໄພນ້ຳຖ້ວມແມ່ນ້ຳຂອງ,Ongoing,2025-01-01,2027-12-31,"1,250,000.00",la,th|Mekong Water Watch,LA:60|TH:40,LMC,41010,"two\nlines"',
  "CSV-T-2,Rice seed bank,ธนาคารเมล็ดพันธุ์ข้าว,,Done,2020-01-01,2022-06-30,300000,Brand New Cooperative (test),,KH,,,",
  "CSV-T-3,Backwards dates,,,Ongoing,2026-01-01,2025-01-01,10,la,,LA,LMC,,",
  "CSV-T-4,No money,,,Ongoing,2026-01-01,,lots,la,,LA,LMC,,",
  "CSV-T-5,Lost mechanism,,,Ongoing,,,,la,,LA,ATLANTIS,,",
  "CSV-T-1,Again,,,Ongoing,,,,la,,LA,LMC,,",
  "CSV-T-6,Unknown status,,,Dormant,,,,la,,LA,LMC,,",
].join("\n");
const projectMapping = {
  columns: {
    code: "Project",
    "title.en": "Title",
    "title.th": "ชื่อโครงการ",
    "title.lo": "ຊື່ໂຄງການ",
    status: { column: "Status", map: { Ongoing: "active", Done: "completed" } },
    startDate: "Start",
    endDate: "End",
    budget: "Budget",
    lead: "Lead",
    partners: { column: "Partners", split: "|" },
    countries: { column: "Countries", split: "|" },
    mechanism: "Mechanism",
    sector: "Sector",
  },
  constants: { currency: "USD" },
};

describe("CSV import of projects", () => {
  it("creates public projects with parties and recipient countries; bad rows are left out with their lines and reasons", async () => {
    const file = write("projects.csv", PROJECTS_CSV);
    const actorsBefore = await countRows(h.database, "actors");
    const s = await importCsvProjects(sys, [file], { mapping: projectMapping }, {});
    expect(s).toMatchObject({ kind: "csv-projects", records: 7, created: 2, updated: 0, unchanged: 0 });
    expect(s.skipped.map((x) => [x.line, x.id, x.reason, x.params])).toEqual([
      [5, "CSV-T-3", "csv_end_before_start", {}],
      [6, "CSV-T-4", "csv_bad_amount", { field: "budget", value: "lots" }],
      [7, "CSV-T-5", "csv_unknown", { field: "mechanism", value: "ATLANTIS" }],
      [8, "CSV-T-1", "csv_duplicate", { id: "CSV-T-1", line: 2 }],
      [9, "CSV-T-6", "csv_bad_status", { value: "Dormant", options: "proposed, approved, active, suspended, completed, terminated, cancelled" }],
    ]);
    // One organisation created (the cooperative); "Mekong Water Watch" is the actor imported above, matched by name.
    expect(s.organisations.created).toBe(1);
    expect(await countRows(h.database, "actors")).toBe(actorsBefore + 1);

    const p = (await (await h.call("GET", "/api/v1/projects/CSV-T-1")).json()) as Row & { parties: { actorCode: string; role: string }[] };
    expect(p).toMatchObject({ code: "CSV-T-1", mechanismCode: "LMC", status: "active", visibility: "public", budget: "1250000.00", currency: "USD", sector: "41010", startDate: "2025-01-01", endDate: "2027-12-31" });
    expect(p.title).toEqual({ en: "Mekong flood early warning", th: "ระบบเตือนภัยน้ำท่วมแม่โขง", lo: "ລະບົບເຕືອນໄພນ້ຳຖ້ວມແມ່ນ້ຳຂອງ" });
    expect(p.parties.map((x) => `${x.role}:${x.actorCode}`).sort()).toEqual(["lead:la", "partner:kh-ngo-test", "partner:th"]);
    const [stored] = await q<{ external_id: string; external_source: string; owner: string; detail: unknown }>(
      sql`select p.external_id, p.external_source, a.code as owner, p.external_detail as detail from projects p join actors a on a.id = p.owner_org_id where p.code = 'CSV-T-1'`,
    );
    expect(stored).toEqual({ external_id: "csv:CSV-T-1", external_source: "csv", owner: "la", detail: { columns: { Notes: "two\nlines" } } });
    const shares = await q<{ country_code: string; percentage: string }>(sql`select pc.country_code, pc.percentage::text from project_countries pc join projects p on p.id = pc.project_id where p.code = 'CSV-T-1' order by 1`);
    expect(shares).toEqual([
      { country_code: "LA", percentage: "60.0000" },
      { country_code: "TH", percentage: "40.0000" },
    ]);
    // Without a mechanism, a project goes to the spreadsheet imports' own mechanism.
    const t2 = (await (await h.call("GET", "/api/v1/projects/CSV-T-2")).json()) as Row & { parties: { actorCode: string; role: string }[] };
    expect(t2).toMatchObject({ mechanismCode: "CSV", status: "completed", budget: "300000.00" });
    expect(t2.parties).toEqual([expect.objectContaining({ role: "lead", actorCode: "csv-brand-new-cooperative-test" })]);
  });

  it("changes nothing on a re-import, and rewrites only the row that changed", async () => {
    const file = write("projects.csv", PROJECTS_CSV);
    const auditBefore = await countRows(h.database, "audit_log");
    const again = await importCsvProjects(sys, [file], { mapping: projectMapping }, {});
    expect(again).toMatchObject({ records: 7, created: 0, updated: 0, unchanged: 2 });
    expect(again.skipped).toHaveLength(5);
    expect(await countRows(h.database, "audit_log")).toBe(auditBefore);

    const changed = write("projects-changed.csv", PROJECTS_CSV.replace('"1,250,000.00"', '"1,400,000.00"'));
    const s = await importCsvProjects(sys, [changed], { mapping: projectMapping }, {});
    expect(s).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const p = (await (await h.call("GET", "/api/v1/projects/CSV-T-1")).json()) as Row;
    expect(p).toMatchObject({ budget: "1400000.00", version: 2 });
    const [audit] = await q<{ action: string }>(sql`select action from audit_log where entity = 'project' order by id desc limit 1`);
    expect(audit!.action).toBe("import_update");
  });

  it("never overwrites a project of the same code made in Concord", async () => {
    const [seedCode] = await q<{ code: string }>(sql`select code from projects where external_id is null order by code limit 1`);
    const s = await importCsvProjects(sys, [write("taken.csv", `Project,Title,Lead\n${seedCode!.code},Taken,la\n`)], { mapping: { columns: { code: "Project", "title.en": "Title", lead: "Lead" } } }, {});
    expect(s.skipped).toEqual([expect.objectContaining({ line: 2, reason: "csv_code_taken", params: { code: seedCode!.code } })]);
  });

  it("refuses a bad mapping with a 400 or 422 naming the problem, before writing anything", async () => {
    const file = write("projects.csv", PROJECTS_CSV);
    const before = await countRows(h.database, "projects");
    const typo = await refusal(importCsvProjects(sys, [file], { mapping: { columns: { code: "Project", "titel.en": "Title", lead: "Lead" } } }, {}));
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body.error.details)).toContain("titel.en");
    const badOption = await refusal(importCsvProjects(sys, [file], { mapping: { ...projectMapping, dateFormat: "D/M/Y", encoding: "klingon" } }, {}));
    expect(badOption.status).toBe(400);
    expect((badOption.body.error.details as { path: string }[]).map((d) => d.path).sort()).toEqual(["mapping.dateFormat", "mapping.encoding"]);
    const missingColumn = await refusal(importCsvProjects(sys, [file], { mapping: { ...projectMapping, columns: { ...projectMapping.columns, budget: "Amount" } } }, {}));
    expect(missingColumn.status).toBe(422);
    expect(missingColumn.body.error.message).toBe('The mapping reads budget from the column "Amount", which projects.csv does not have.');
    const required = await refusal(importCsvProjects(sys, [file], { mapping: { columns: { code: "Project", "title.en": "Title" } } }, {}));
    expect(required).toMatchObject({ status: 422, body: { error: { message: "The mapping must give lead, as a column or a constant." } } });
    const wrongKind = await refusal(importCsvActors(sys, [file], { mapping: { kind: "projects", columns: { type: "Sector", "name.en": "Title" } } }, {}));
    expect(wrongKind.status).toBe(422);
    expect((await refusal(importCsvProjects(sys, [file], {}, {}))).status).toBe(422);
    expect((await refusal(importCsvProjects(sys, [file], { mapping: "{not json" }, {}))).status).toBe(422);
    expect(await countRows(h.database, "projects")).toBe(before);
    // The same check without a file, for the API to answer before it takes the upload.
    expect(() => validateCsvMapping("csv-projects", projectMapping)).not.toThrow();
    expect(toErrorResponse(catchError(() => validateCsvMapping("csv-actors", projectMapping)), "en").status).toBe(400);
  });

  it("is for staff: an officer is refused", async () => {
    const [org] = await q<{ id: string }>(sql`select id from actors where code = 'cn-yunnan'`);
    const officer = makeContext(h.database.db, { kind: "user", userId: h.users.officer!.userId, orgId: org!.id, role: "officer", email: "officer@test.concord", name: "officer" });
    const r = await refusal(importCsvProjects(officer, [write("projects.csv", PROJECTS_CSV)], { mapping: projectMapping }, {}));
    expect(r.status).toBe(403);
  });

  it("is registered for the CLI and the API's import jobs", async () => {
    expect(await importerFor("csv-actors")).toBe(importCsvActors);
    expect(await importerFor("csv-projects")).toBe(importCsvProjects);
  });
});

describe("CSV import of a real spreadsheet (AidData GCDF 2.0, Mekong subset) through a mapping", () => {
  const expectedSkips = gcdfRows.filter((r) => !STATUS[r.Status!]);
  const expectedProjects = gcdfRows.length - expectedSkips.length;

  it("stops cleanly between batches when cancelled: what was counted is written whole", async () => {
    const controller = new AbortController();
    const s = await importCsvProjects(sys, [GCDF], { mapping: gcdfMapping, mechanism: "LMC" }, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(s.cancelled).toBe(true);
    expect(s.records).toBe(200);
    expect(s.created + s.skipped.length).toBe(200);
    const [{ n }] = (await q<{ n: number }>(sql`select count(*)::int as n from projects where external_source = 'csv' and external_id ~ '^csv:[0-9]+$'`)) as [{ n: number }];
    expect(n).toBe(s.created);
  });

  it("imports every other row, refuses the unmapped status with each row's line, and matches the file's figures", async () => {
    let lastProgress = { bytesDone: 0, bytesTotal: 0, records: 0 };
    const s = await importCsvProjects(sys, [GCDF], { mapping: gcdfMapping, mechanism: "LMC" }, { onProgress: (p) => (lastProgress = p) });
    expect(gcdfRows).toHaveLength(249);
    expect(s.records).toBe(249);
    expect(s.created + s.unchanged).toBe(expectedProjects);
    expect(s.updated).toBe(0);
    expect(s.skipped.map((x) => [x.line, x.id, x.reason])).toEqual(expectedSkips.map((r) => [r.line, r.id, "csv_bad_status"]));
    expect(lastProgress.bytesDone).toBe(lastProgress.bytesTotal);
    expect(lastProgress.records).toBe(249);

    const [first] = await q<Row>(sql`select status, budget::text, start_date::text, end_date::text, sector, currency from projects where code = '34188'`);
    expect(first).toEqual({ status: "completed", budget: "23968990.90", start_date: "2000-11-23", end_date: "2002-08-16", sector: null, currency: "USD" });
    const byCountry = await q<{ country_code: string; n: number }>(sql`select pc.country_code, count(*)::int as n from project_countries pc join projects p on p.id = pc.project_id where p.external_id ~ '^csv:[0-9]+$' group by 1 order by 1`);
    const oracle = new Map<string, number>();
    for (const r of gcdfRows) if (STATUS[r.Status!]) oracle.set(ISO[r.Recipient!]!, (oracle.get(ISO[r.Recipient!]!) ?? 0) + 1);
    expect(byCountry).toEqual([...oracle].sort(([a], [b]) => a.localeCompare(b)).map(([country_code, n]) => ({ country_code, n })));
    const [energy] = await q<{ n: number }>(sql`select count(*)::int as n from projects where external_id ~ '^csv:[0-9]+$' and sector = '230'`);
    expect(energy!.n).toBe(gcdfRows.filter((r) => STATUS[r.Status!] && r["AidData Sector Name"] === "ENERGY").length);
    // Every project's lead is its first funding agency.
    const leads = await q<{ code: string; name: string }>(sql`select p.code, a.name->>'en' as name from projects p join project_parties pp on pp.project_id = p.id and pp.role = 'lead' join actors a on a.id = pp.actor_id where p.external_id ~ '^csv:[0-9]+$'`);
    expect(leads).toHaveLength(expectedProjects);
    const firstFunder = new Map(gcdfRows.map((r) => [r.id!, r["Funding Agencies"]!.split("|")[0]!.trim()]));
    for (const l of leads) expect(normaliseName(l.name)).toBe(normaliseName(firstFunder.get(l.code)!));
  });

  it("finds every row unchanged on a second import", async () => {
    const s = await importCsvProjects(sys, [GCDF], { mapping: gcdfMapping, mechanism: "LMC" }, {});
    expect(s).toMatchObject({ records: 249, created: 0, updated: 0, unchanged: expectedProjects, organisations: { created: 0 } });
  });
});
