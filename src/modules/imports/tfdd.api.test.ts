import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { makeContext, PUBLIC, SYSTEM, type ServiceContext } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { actors } from "../../db/schema/actors.js";
import { auditLog } from "../../db/schema/audit.js";
import { eventParticipants, events } from "../../db/schema/events.js";
import { riverBasinOrganisations, waterTreaties } from "../../db/schema/interop.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import type { ImportProgress } from "./common.js";
import { importerFor } from "./registry.js";
import { importTfddEvents, importTfddRbo, importTfddTreaties, TFDD_SOURCES } from "./tfdd.js";

// The real TFDD files beside the repository (../shared/data/README.md); never copied into it.
const DATA = path.resolve(process.cwd(), "../shared/data/tfdd");
const EVENTS = path.join(DATA, "EventMaster_sample_DANU_NILE_INDU.csv");
const RBO = path.join(DATA, "TFDD_RBODatabase_20131015.csv");
const TREATIES = path.join(DATA, "WorkingMasterTreatiesDB_20180428.csv");

let h: Harness;
let sys: ServiceContext;
const tmp = mkdtempSync(path.join(tmpdir(), "concord-tfdd-api-"));

beforeAll(async () => {
  h = await createHarness();
  sys = makeContext(h.database.db, SYSTEM, { channel: "cli" });
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await h?.close();
});

const HEADER = "ID,UNIQUE_ID,DATE,BCode,CCODE1,CCODE2,BAR_Scale,EVENT_SUMMARY,Issue_Type1,Issue_Type2,SOURCE";
/** A small events file of our own (not TFDD's rows) in a temporary folder, in TFDD's Latin-1. */
function eventsFile(name: string, rows: string[]): string {
  const file = path.join(tmp, name);
  writeFileSync(file, iconv.encode([HEADER, ...rows].join("\r\n") + "\r\n", "win1252"));
  return file;
}

type ApiEvent = { code: string; kind: string; date: string; barScale: number | null; basinCode: string | null; countryCodes: string[]; issueTypes: string[]; mechanismCode: string | null; source: string; title: { en: string }; participants: { actorCode: string }[] };
const getJson = async <T>(url: string, as?: string) => {
  const res = await h.call("GET", url, { as });
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
};

const snapshot = async (table: "events" | "river_basin_organisations" | "water_treaties") => {
  const res = (await h.database.db.execute(sql.raw(`select code, updated_at::text as u${table === "events" ? ", version" : ""} from ${table} order by code`))) as unknown as { rows: unknown[] };
  return res.rows;
};
const auditCount = async (entity: string) => (await h.database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.entity, entity)))[0]!.n;

describe("TFDD International Water Events import", () => {
  it("refuses the public and non-staff, and a file that is not the events table, writing nothing", async () => {
    const before = await countRows(h.database, "events");
    await expect(importTfddEvents(makeContext(h.database.db, PUBLIC), [EVENTS], {}, {})).rejects.toMatchObject({ code: "unauthenticated" });
    const reviewer = { kind: "user" as const, userId: h.users.reviewer!.userId, orgId: "00000000-0000-0000-0000-000000000000", role: "reviewer" as const, email: "r@test", name: "r" };
    await expect(importTfddEvents(makeContext(h.database.db, reviewer), [EVENTS], {}, {})).rejects.toMatchObject({ code: "forbidden" });
    const wrong = await importTfddEvents(sys, [RBO], {}, {}).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AppError);
    expect(wrong).toMatchObject({ code: "rule_violated", params: { rule: "tfdd_columns_missing", file: "TFDD_RBODatabase_20131015.csv" } });
    await expect(importTfddEvents(sys, [EVENTS], { mechanism: "NOPE" }, {})).rejects.toMatchObject({ code: "rule_violated", params: { rule: "unknown_mechanism" } });
    expect(await countRows(h.database, "events")).toBe(before);
  });

  it("stops after the batch in flight when cancelled, with what it counted committed", async () => {
    // Ctrl-C while the first batch of 250 is being written: the importer sees it before the next one.
    let checks = 0;
    const signal = { get aborted() { return checks++ > 0; } } as AbortSignal;
    const summary = await importTfddEvents(sys, [EVENTS], {}, { signal });
    expect(summary).toMatchObject({ cancelled: true, records: 250, created: 250, transactions: 1 });
    expect(await h.database.db.$count(events, eq(events.kind, "water_event"))).toBe(250);
  });

  it("imports the 300 events as water events with BAR, basin, countries, issues and credit, through the registry", async () => {
    const progress: ImportProgress[] = [];
    const importer = await importerFor("tfdd");
    const summary = await importer(sys, [EVENTS], {}, { onProgress: (p) => progress.push(p) });
    // The cancelled run above wrote the first 250: they are read again unchanged, the rest created.
    expect(summary).toMatchObject({ kind: "tfdd", records: 300, created: 50, updated: 0, unchanged: 250, skipped: [], cancelled: false, transactions: 2 });
    expect(summary.created + summary.updated + summary.unchanged + summary.skipped.length).toBe(summary.records);
    expect(progress.at(-1)).toEqual({ bytesDone: 104819, bytesTotal: 104819, records: 300 });

    const rows = await h.database.db.select().from(events).where(eq(events.kind, "water_event"));
    expect(rows).toHaveLength(300);
    const perBasin = Object.fromEntries(["NILE", "INDU", "DANU"].map((b) => [b, rows.filter((r) => r.basinCode === b).length]));
    expect(perBasin).toEqual({ NILE: 123, INDU: 104, DANU: 73 });
    const first = rows.find((r) => r.code === "tfdd-1")!;
    expect(first).toMatchObject({
      date: "1948-03-16",
      barScale: 3,
      basinCode: "NILE",
      countryCodes: ["EGY"],
      issueTypes: ["3"],
      visibility: "public",
      mechanismId: null,
      source: TFDD_SOURCES.events,
      title: { en: "Egypt lays to four foundation stone of Aswan hydroelectric plant" },
    });
    expect(rows.find((r) => r.code === "tfdd-132")!.barScale).toBeNull();
    expect(rows.filter((r) => (r.barScale ?? 0) < 0)).toHaveLength(48);

    // India, the United States, Japan and Thailand are country actors in Concord: 105 events name one, 110 links in all.
    const links = await h.database.db
      .select({ code: actors.code })
      .from(eventParticipants)
      .innerJoin(events, eq(events.id, eventParticipants.eventId))
      .innerJoin(actors, eq(actors.id, eventParticipants.actorId))
      .where(eq(events.kind, "water_event"));
    expect(links).toHaveLength(110);
    expect(new Set(links.map((l) => l.code))).toEqual(new Set(["in", "us", "jp", "th"]));
    expect(await auditCount("event")).toBeGreaterThanOrEqual(300);
  });

  it("finds everything unchanged on a second import and changes no row", async () => {
    const before = await snapshot("events");
    const audits = await auditCount("event");
    const summary = await importTfddEvents(sys, [EVENTS], {}, {});
    expect(summary).toMatchObject({ records: 300, created: 0, updated: 0, unchanged: 300, skipped: [] });
    expect(await snapshot("events")).toEqual(before);
    expect(await auditCount("event")).toBe(audits);
  });

  it("updates a changed event, puts a Mekong event on the MRC's timeline, and skips bad rows by line", async () => {
    const file = eventsFile("changed.csv", [
      "1,1,3/16/1948,NILE,EGY,INT,4,Egypt lays the foundation stone of the Aswan hydroelectric plant,3,0,COPDAB", // BAR and summary changed
      "900001,900001,6/5/1995,MEKO,THA,LAO,6,Thailand and Laos sign a Mekong cooperation agreement,8,0,TFDD",
      "900002,900002,2/30/1995,MEKO,THA,LAO,1,Impossible date,8,0,TFDD",
      "900003,900003,6/5/1995,MEKO,THA,LAO,-9,Off the scale,8,0,TFDD",
    ]);
    const summary = await importTfddEvents(sys, [file], {}, {});
    expect(summary).toMatchObject({ records: 4, created: 1, updated: 1, unchanged: 0 });
    expect(summary.skipped).toEqual([
      { file, line: 4, id: "900002", reason: "tfdd_bad_date", params: { value: "2/30/1995" } },
      { file, line: 5, id: "900003", reason: "tfdd_bar_out_of_range", params: { value: -9 } },
    ]);
    const [changed] = await h.database.db.select().from(events).where(eq(events.code, "tfdd-1"));
    expect(changed).toMatchObject({ barScale: 4, version: 2 });
    const [update] = await h.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, changed!.id), eq(auditLog.action, "import_update")));
    expect(update).toMatchObject({ entity: "event", channel: "cli", before: { barScale: 3 }, after: { barScale: 4, line: 2 } });

    const mekong = await getJson<ApiEvent>("/api/v1/events/tfdd-900001");
    expect(mekong).toMatchObject({ kind: "water_event", mechanismCode: "MRC", barScale: 6, basinCode: "MEKO", countryCodes: ["THA", "LAO"], issueTypes: ["8"] });
    expect(mekong.participants.map((p) => p.actorCode).sort()).toEqual(["la", "th"]);
    const timeline = await getJson<{ items: ApiEvent[] }>("/api/v1/events?mechanism=MRC&limit=500");
    expect(timeline.items.map((e) => e.code)).toContain("tfdd-900001");
  });

  it("puts the events on the mechanism the user names", async () => {
    const file = eventsFile("named.csv", ["900001,900001,6/5/1995,MEKO,THA,LAO,6,Thailand and Laos sign a Mekong cooperation agreement,8,0,TFDD"]);
    const summary = await importTfddEvents(sys, [file], { mechanism: "LMC" }, {});
    expect(summary).toMatchObject({ records: 1, updated: 1 });
    expect((await getJson<ApiEvent>("/api/v1/events/tfdd-900001")).mechanismCode).toBe("LMC");
  });
});

describe("events API with water events", () => {
  it("filters by basin, kind, country and BAR range and returns the BAR value", async () => {
    const nile = await getJson<{ total: number; items: ApiEvent[] }>("/api/v1/events?basin=NILE&limit=500");
    expect(nile.total).toBe(123);
    expect(nile.items.every((e) => e.basinCode === "NILE" && e.kind === "water_event")).toBe(true);
    expect(nile.items.find((e) => e.code === "tfdd-1")).toMatchObject({ barScale: 4, countryCodes: ["EGY"], issueTypes: ["3"] });
    expect((await getJson<{ total: number }>("/api/v1/events?basin=nile&kind=water_event")).total).toBe(123);
    expect((await getJson<{ total: number }>("/api/v1/events?kind=water_event&barMax=-1")).total).toBe(48);
    expect((await getJson<{ total: number }>("/api/v1/events?kind=water_event&barMin=6&barMax=6&basin=DANU")).total).toBeGreaterThan(0);
    expect((await getJson<{ total: number }>("/api/v1/events?country=EGY")).total).toBe(115);
    // The seeded meetings stay as they were, with no BAR.
    const lmc = await getJson<{ items: ApiEvent[] }>("/api/v1/events?mechanism=LMC&kind=leaders_meeting");
    expect(lmc.items.length).toBeGreaterThan(0);
    expect(lmc.items.every((e) => e.barScale === null && e.countryCodes.length === 0)).toBe(true);
  });

  it("refuses bad filters with 400", async () => {
    for (const q of ["barMin=8", "barMax=-8", "barMin=1.5", "basin=%3Cscript%3E", "country=THAI", "kind=war"]) expect((await h.call("GET", `/api/v1/events?${q}`)).status, q).toBe(400);
  });

  it("records a water event by hand with its BAR value, and refuses one off the scale", async () => {
    const body = { kind: "water_event", date: "2024-03-01", title: { en: "Joint Mekong flood forecasting exercise" }, barScale: 3, basinCode: "MEKO", countryCodes: ["KHM", "VNM"], issueTypes: ["6"], code: "EV-WATER-1" };
    const res = await h.call("POST", "/api/v1/events", { as: "secretariat", body });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ barScale: 3, basinCode: "MEKO", countryCodes: ["KHM", "VNM"], issueTypes: ["6"] });
    const before = await countRows(h.database, "events");
    expect((await h.call("POST", "/api/v1/events", { as: "secretariat", body: { ...body, code: "EV-WATER-2", barScale: 8 } })).status).toBe(400);
    expect(await countRows(h.database, "events")).toBe(before);
  });
});

describe("TFDD river basin organisations and treaties", () => {
  it("imports the RBO table, links the MRC and the GMS, and is unchanged on a second import", async () => {
    const summary = await importTfddRbo(sys, [RBO], {}, {});
    expect(summary).toMatchObject({ kind: "tfdd-rbo", records: 466, created: 465, updated: 0, unchanged: 0, cancelled: false });
    expect(summary.skipped).toEqual([{ file: RBO, line: 192, id: "ICPD-DANU-YUG", reason: "tfdd_duplicate", params: { id: "ICPD-DANU-YUG", line: 191 } }]);
    expect(await countRows(h.database, "river_basin_organisations")).toBe(465);
    const [{ n } = { n: 0 }] = await h.database.db.select({ n: sql<number>`count(distinct rbo_code)::int` }).from(riverBasinOrganisations);
    expect(n).toBe(118);
    const linked = await h.database.db
      .select({ rbo: riverBasinOrganisations.rboCode, mechanism: mechanisms.code })
      .from(riverBasinOrganisations)
      .innerJoin(mechanisms, eq(mechanisms.id, riverBasinOrganisations.mechanismId));
    expect(linked.filter((l) => l.rbo === "MRCX").map((l) => l.mechanism)).toEqual(["MRC", "MRC", "MRC", "MRC"]);
    expect(new Set(linked.map((l) => `${l.rbo}>${l.mechanism}`))).toEqual(new Set(["MRCX>MRC", "GMSX>GMS"]));

    const before = await snapshot("river_basin_organisations");
    const again = await importTfddRbo(sys, [RBO], { encoding: "latin1" }, {});
    expect(again).toMatchObject({ records: 466, created: 0, updated: 0, unchanged: 465 });
    expect(await snapshot("river_basin_organisations")).toEqual(before);
  });

  it("imports the 2,111 treaty rows and is unchanged on a second import", async () => {
    const summary = await importTfddTreaties(sys, [TREATIES], {}, {});
    expect(summary).toMatchObject({ kind: "tfdd-treaties", records: 2111, created: 2111, skipped: [], transactions: 9 });
    const [first] = await h.database.db.select().from(waterTreaties).where(eq(waterTreaties.code, "881"));
    expect(first).toMatchObject({ signedOn: "1987-09-03", basinCode: "JORD", countryCode: "SYR", signatories: "Syria, Jordan", source: TFDD_SOURCES.treaties });
    expect(first!.attributes["Issue Area"]).toBe("Water Quantity, Hydro-power/Hydro-electricity");
    expect(await h.database.db.$count(waterTreaties, sql`${waterTreaties.signedOn} is null`)).toBe(9);
    const before = await snapshot("water_treaties");
    const again = await importTfddTreaties(sys, [TREATIES], {}, {});
    expect(again).toMatchObject({ records: 2111, created: 0, updated: 0, unchanged: 2111 });
    expect(await snapshot("water_treaties")).toEqual(before);
  });
});

describe("water API", () => {
  type Rbo = { code: string; name: string; countries: string[]; basins: { code: string; name: string }[]; mechanismCode: string | null; agreementYear: number | null };
  type Treaty = { code: string; name: string; signedOn: string | null; countries: { code: string }[]; entries: string[]; issueTypes: string[] };

  it("lists river basin organisations by basin, country and name, to the public", async () => {
    expect((await getJson<{ total: number }>("/api/v1/water/rbos")).total).toBe(118);
    const meko = await getJson<{ total: number; items: Rbo[] }>("/api/v1/water/rbos?basin=MEKO&sort=agreementYear");
    // GMS 1992, MRC 1995 (the Mekong Agreement), ASEAN-MBDC 1996.
    expect(meko.items.map((r) => r.code)).toEqual(["GMSX", "MRCX", "MBDC"]);
    const mrc = meko.items.find((r) => r.code === "MRCX")!;
    expect(mrc).toMatchObject({ name: "Mekong River Commission", mechanismCode: "MRC", countries: ["KHM", "LAO", "THA", "VNM"], basins: [{ code: "MEKO", name: "Mekong" }], agreementYear: 1995 });
    const lao = await getJson<{ total: number; items: Rbo[] }>("/api/v1/water/rbos?country=lao&limit=500");
    expect(lao.total).toBe(3);
    expect(lao.items.every((r) => r.countries.includes("LAO"))).toBe(true);
    expect((await getJson<{ items: Rbo[] }>("/api/v1/water/rbos?q=Mekong River")).items.map((r) => r.code)).toEqual(["MRCX"]);
    const page = await getJson<{ items: Rbo[]; total: number }>("/api/v1/water/rbos?limit=10&offset=110");
    expect(page).toMatchObject({ total: 118 });
    expect(page.items).toHaveLength(8);
  });

  it("lists treaties, one per document with all its parties", async () => {
    expect((await getJson<{ total: number }>("/api/v1/water/treaties")).total).toBe(639);
    const meko = await getJson<{ total: number; items: Treaty[] }>("/api/v1/water/treaties?basin=MEKO");
    expect(meko.total).toBe(10);
    expect(meko.items[0]).toMatchObject({ signedOn: "1957-10-31", entries: ["1055", "1063", "1075", "1084"], code: "1055", issueTypes: ["11", "10"] });
    expect(meko.items[0]!.countries.map((c) => c.code)).toEqual(["KHM", "LAO", "THA", "VNM"]);
    expect((await getJson<{ total: number }>("/api/v1/water/treaties?country=LAO")).total).toBe(10);
    const range = await getJson<{ items: Treaty[] }>("/api/v1/water/treaties?from=1990-01-01&to=1999-12-31&limit=500");
    expect(range.items.every((t) => t.signedOn! >= "1990-01-01" && t.signedOn! <= "1999-12-31")).toBe(true);
  });

  it("lists basins with their counts and gives BAR intensity per year", async () => {
    const { items } = await getJson<{ items: { code: string; name: string | null; events: number; rbos: number; treaties: number }[] }>("/api/v1/water/basins");
    expect(items.find((b) => b.code === "NILE")).toEqual({ code: "NILE", name: "Nile", events: 123, rbos: 5, treaties: 25 });
    expect(items.find((b) => b.code === "MEKO")).toMatchObject({ rbos: 3, treaties: 10 });
    const nile = await getJson<{ items: { year: number; events: number; conflict: number; neutral: number; cooperation: number; mean: number | null; min: number | null; max: number | null }[] }>(
      "/api/v1/water/intensity?basin=NILE",
    );
    expect(nile.items).toHaveLength(18);
    expect(nile.items.reduce((a, y) => a + y.events, 0)).toBe(123);
    // 1952: four events, one of them unrated; 1955: 5 hostile, 1 neutral, 17 cooperative.
    expect(nile.items.find((y) => y.year === 1952)).toEqual({ year: 1952, events: 4, conflict: 0, neutral: 0, cooperation: 3, mean: 3.67, min: 1, max: 6 });
    expect(nile.items.find((y) => y.year === 1955)).toEqual({ year: 1955, events: 23, conflict: 5, neutral: 1, cooperation: 17, mean: 1.35, min: -3, max: 4 });
    const mrc = await getJson<{ items: { year: number; events: number }[] }>("/api/v1/water/intensity?mechanism=LMC");
    expect(mrc.items).toEqual([expect.objectContaining({ year: 1995, events: 1 })]);
  });

  it("refuses bad filters with 400", async () => {
    for (const url of ["/api/v1/water/rbos?basin=a%20b", "/api/v1/water/rbos?country=LAOS", "/api/v1/water/rbos?limit=0", "/api/v1/water/treaties?from=1990-13-01", "/api/v1/water/treaties?sort=bar", "/api/v1/water/intensity?basin=%27--"])
      expect((await h.call("GET", url)).status, url).toBe(400);
  });
});
