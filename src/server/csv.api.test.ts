import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test/support/app.js";
import { makeContext, PUBLIC, SYSTEM } from "../core/context.js";
import { t } from "../lib/i18n/index.js";
import { importCsvProjects } from "../modules/imports/csv.js";
import { importerFor } from "../modules/imports/registry.js";
import { csvChunks, csvHeader, CSV_LIST_NAMES } from "./csv.js";

const GCDF = resolve(process.cwd(), "../shared/data/gcdf/gcdf2_final_df_mekong5_subset.csv");
/** The real file read the plain way: the oracle of the counts below. */
const gcdf = parse(readFileSync(GCDF), { columns: true, bom: true }) as Record<string, string>[];
const STATUS: Record<string, string> = { Completion: "completed", Implementation: "active", "Pipeline: Commitment": "approved", "Pipeline: Pledge": "proposed", Suspended: "suspended", Cancelled: "cancelled" };
const PUBLISHED = new Set(["approved", "active", "suspended", "completed", "terminated"]);
const NOW = new Date("2026-11-22T10:00:00Z");

let h: Harness;
type Json = Record<string, unknown>;

/** A list as CSV: the response, its text, and its rows parsed back (header first). */
async function csv(path: string, as?: string) {
  const res = await h.call("GET", path, { as });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const rows = res.status === 200 ? (parse(text, { bom: true, relax_column_count: false }) as string[][]) : [];
  return { res, bytes, text, header: rows[0] ?? [], rows: rows.slice(1) };
}
const json = async (path: string, as?: string) => (await (await h.call("GET", path, { as })).json()) as Json & { total: number; items: Json[] };
const col = (r: { header: string[]; rows: string[][] }, key: string, lang = "en" as const) => {
  const i = r.header.indexOf(t(lang, `server.csv.columns.${key}`));
  expect(i, key).toBeGreaterThanOrEqual(0);
  return r.rows.map((row) => row[i]!);
};

beforeAll(async () => {
  h = await createHarness({ now: () => NOW });
  // Real data to export: the AidData GCDF Mekong subset, imported through a CSV mapping into the CSV mechanism.
  const sys = makeContext(h.database.db, SYSTEM, { channel: "cli" });
  await importCsvProjects(
    sys,
    [GCDF],
    {
      mapping: {
        columns: {
          code: "id",
          "title.en": "Title",
          status: { column: "Status", map: STATUS },
          budget: "Amount (Constant USD2017)",
          startDate: "Actual Implementation Start Date (MM/DD/YYYY)",
          lead: { column: "Funding Agencies", split: "|" },
          countries: { column: "Recipient", map: { Cambodia: "KH", "Lao People's Democratic Republic": "LA", Myanmar: "MM", Thailand: "TH", "Viet Nam": "VN" } },
        },
      },
    },
    {},
  );
  // An internal project whose title a spreadsheet would run as a formula.
  const created = await h.call("POST", "/api/v1/projects", {
    as: "secretariat",
    body: { code: "INTERNAL-CSV-1", mechanism: "LMC", title: { en: '=HYPERLINK("http://evil.example","click")', th: "โครงการภายใน" }, parties: [{ actor: "cn-yunnan", role: "lead" }], budget: "1000.00" },
  });
  expect(created.status).toBe(201);
});
afterAll(() => h?.close());

describe("CSV export of the project list", () => {
  it("holds every row the JSON list counts, for the public and for staff, never an internal project for the public", async () => {
    const publicJson = await json("/api/v1/projects?limit=1");
    const publicCsv = await csv("/api/v1/projects?format=csv");
    expect(publicCsv.res.status).toBe(200);
    expect(publicCsv.rows).toHaveLength(publicJson.total);
    // The oracle: the public sees the file's rows in published statuses (a cancelled or pledged project is not shown).
    const fromFile = await csv("/api/v1/projects?format=csv&mechanism=CSV");
    expect(fromFile.rows).toHaveLength(gcdf.filter((r) => PUBLISHED.has(STATUS[r.Status!]!)).length);
    expect(col(publicCsv, "code")).not.toContain("INTERNAL-CSV-1");
    expect(col(publicCsv, "visibility").every((v) => v === "public")).toBe(true);

    const staffJson = await json("/api/v1/projects?limit=1", "secretariat");
    const staffCsv = await csv("/api/v1/projects?format=csv", "secretariat");
    expect(staffCsv.rows).toHaveLength(staffJson.total);
    expect(staffCsv.rows.length).toBeGreaterThan(publicCsv.rows.length);
    expect(col(staffCsv, "code")).toContain("INTERNAL-CSV-1");
  });

  it("applies the list's filters: a filter narrows the CSV exactly as it narrows the list", async () => {
    const completed = await csv("/api/v1/projects?format=csv&mechanism=CSV&status=completed");
    expect(completed.rows).toHaveLength(gcdf.filter((r) => r.Status === "Completion").length);
    expect(completed.rows).toHaveLength((await json("/api/v1/projects?mechanism=CSV&status=completed")).total);
    expect(new Set(col(completed, "status"))).toEqual(new Set(["completed"]));
    const all = await csv("/api/v1/projects?format=csv&mechanism=CSV", "secretariat");
    expect(all.rows).toHaveLength(gcdf.length);
    const search = await csv("/api/v1/projects?format=csv&q=hydropower");
    expect(search.rows).toHaveLength((await json("/api/v1/projects?q=hydropower")).total);
    expect(search.rows.length).toBeGreaterThan(0);
    expect(search.rows.length).toBeLessThan(all.rows.length);
  });

  it("keeps money exact and numbers unguarded, and guards a formula", async () => {
    const r = await csv("/api/v1/projects?format=csv&sort=code", "secretariat");
    const codes = col(r, "code");
    const budgets = col(r, "budget");
    expect(budgets[codes.indexOf("34188")]).toBe("23968990.90");
    expect(col(r, "countries")[codes.indexOf("34188")]).toBe("VN");
    const i = codes.indexOf("INTERNAL-CSV-1");
    expect(col(r, "title")[i]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(r.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(r.text.includes("\r\n")).toBe(true);
    expect(r.text.replace(/\r\n/g, "").includes("\n")).toBe(false);
  });

  it("is an attachment named after the list and the day, with a BOM only when asked", async () => {
    const plain = await csv("/api/v1/projects?format=csv&mechanism=LMC");
    expect(plain.res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(plain.res.headers.get("content-disposition")).toBe("attachment; filename=concord-projects-20261122.csv");
    expect([...plain.bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const excel = await csv("/api/v1/projects?format=csv&mechanism=LMC&bom=true");
    expect([...excel.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(excel.rows).toEqual(plain.rows);
  });

  it("speaks the requested language in its headers and localized names", async () => {
    const th = await csv("/api/v1/projects?format=csv&lang=th", "secretariat");
    expect(th.header).toEqual(csvHeader("projects", "th"));
    expect(th.header[0]).toBe("รหัส");
    expect(col(th, "title", "th" as never)[col(th, "code", "th" as never).indexOf("INTERNAL-CSV-1")]).toBe("โครงการภายใน");
    const zh = await h.call("GET", "/api/v1/projects?format=csv", { headers: { "accept-language": "zh-CN,zh;q=0.9" } });
    expect((await zh.text()).split("\r\n")[0]).toBe(csvHeader("projects", "zh").join(","));
    // A title with no Thai falls back to English.
    const lmc = await json("/api/v1/projects?mechanism=CSV&limit=1&sort=code");
    const first = lmc.items[0] as { code: string; title: { en: string } };
    expect(col(th, "title", "th" as never)[col(th, "code", "th" as never).indexOf(first.code)]).toBe(first.title.en);
  });

  it("refuses bad filters with the list's own 400", async () => {
    const res = await h.call("GET", "/api/v1/projects?format=csv&status=dormant");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect((await h.call("GET", "/api/v1/projects?format=xlsx")).status).toBe(400);
    expect((await h.call("GET", "/api/v1/projects?format=csv&bom=yes")).status).toBe(400);
  });

  it("pages through the verb: small pages give the same rows as one", async () => {
    const ctx = makeContext(h.database.db, PUBLIC);
    const read = async (pageSize: number) => {
      let text = "";
      let rows = 0;
      for await (const c of await csvChunks(ctx, "projects", { limit: 50, offset: 0, sort: "code" }, { lang: "en", pageSize })) {
        text += c.text;
        rows += c.rows;
      }
      return { text, rows };
    };
    const one = await read(1000);
    const small = await read(7);
    expect(small.text).toBe(one.text);
    expect(small.rows).toBe((await json("/api/v1/projects?limit=1")).total);
  });
});

describe("CSV export of the other lists", () => {
  it("actors: every actor of the filter, with parent codes", async () => {
    const all = await csv("/api/v1/actors?format=csv");
    expect(all.rows).toHaveLength((await json("/api/v1/actors?limit=1")).total);
    const govs = await csv("/api/v1/actors?format=csv&type=government");
    expect(govs.rows).toHaveLength((await json("/api/v1/actors?type=government&limit=1")).total);
    expect(govs.rows.length).toBeLessThan(all.rows.length);
    const codes = col(govs, "code");
    expect(col(govs, "parent")[codes.indexOf("cn-yunnan")]).toBe("cn");
    expect(col(govs, "name")[codes.indexOf("cn-yunnan")]).toBe(((await json("/api/v1/actors/cn-yunnan")).name as { en: string }).en);
  });

  it("events and mechanisms: the same rows as the list", async () => {
    const events = await csv("/api/v1/events?format=csv&mechanism=LMC&sort=-date");
    const eventsJson = await json("/api/v1/events?mechanism=LMC&sort=-date&limit=500");
    expect(events.rows).toHaveLength(eventsJson.total);
    expect(col(events, "code")).toEqual(eventsJson.items.map((e) => e.code));
    const mechanisms = await csv("/api/v1/mechanisms?format=csv");
    const mechanismsJson = await json("/api/v1/mechanisms?limit=500");
    expect(mechanisms.rows).toHaveLength(mechanismsJson.total);
    const lmc = mechanismsJson.items.find((m) => m.code === "LMC") as { members: unknown[] };
    expect(col(mechanisms, "member_count")[col(mechanisms, "code").indexOf("LMC")]).toBe(String(lmc.members.length));
  });

  it("calls and applications: what each caller may see", async () => {
    const call = {
      code: "CSV-CALL",
      mechanism: "LMC",
      fund: { en: "LMC Special Fund", zh: "澜湄合作专项基金" },
      title: { en: "Call for the CSV test" },
      opensAt: "2026-11-01T00:00:00Z",
      closesAt: "2026-12-31T23:59:59Z",
      ceiling: "500000.00",
      rubric: [{ code: "relevance", name: { en: "Relevance" }, weight: 1, min: 0, max: 10 }],
    };
    expect((await h.call("POST", "/api/v1/calls", { as: "secretariat", body: call })).status).toBe(201);
    const calls = await csv("/api/v1/calls?format=csv&state=open");
    expect(calls.rows).toHaveLength((await json("/api/v1/calls?state=open")).total);
    expect(col(calls, "code")).toContain("CSV-CALL");
    expect(col(calls, "fund")[0]).toBe("LMC Special Fund");
    expect((await csv("/api/v1/calls?format=csv&state=closed")).rows).toHaveLength((await json("/api/v1/calls?state=closed")).total);

    const anon = await csv("/api/v1/applications?format=csv");
    expect(anon.res.status).toBe(200);
    expect(anon.rows).toHaveLength(0);
    const staff = await csv("/api/v1/applications?format=csv", "secretariat");
    expect(staff.rows).toHaveLength((await json("/api/v1/applications", "secretariat")).total);
  });

  it("monitoring lists keep their policy: late reports, funding gap and exposure", async () => {
    // Whoever the list refuses, its CSV refuses the same way.
    for (const [path, as] of [
      ["/api/v1/reports/late", undefined],
      ["/api/v1/funding-gap", undefined],
      ["/api/v1/exposure", undefined],
      ["/api/v1/exposure", "officer"],
      ["/api/v1/funding-gap", "officer"],
    ] as const) {
      const status = (await h.call("GET", path, { as })).status;
      expect((await h.call("GET", `${path}?format=csv`, { as })).status, `${path} as ${as}`).toBe(status);
    }
    expect((await h.call("GET", "/api/v1/reports/late?format=csv")).status).toBe(401);
    expect((await h.call("GET", "/api/v1/exposure?format=csv", { as: "officer" })).status).toBe(403);
    const late = await csv("/api/v1/reports/late?format=csv", "secretariat");
    const lateJson = await json("/api/v1/reports/late?limit=500", "secretariat");
    expect(late.rows).toHaveLength(lateJson.total);
    expect(late.rows.length).toBeGreaterThan(0);
    expect(col(late, "days_late").map(Number)).toEqual(lateJson.items.map((r) => r.daysLate));

    const gap = await csv("/api/v1/funding-gap?format=csv&by=mechanism&currency=USD", "analyst");
    const gapJson = await json("/api/v1/funding-gap?by=mechanism&currency=USD", "analyst");
    expect(gap.rows).toHaveLength(gapJson.items.length);
    expect(col(gap, "gap")).toEqual(gapJson.items.map((r) => r.gap));

    // A phase suspended because of a country's situation puts every project with a party there on the exposure list.
    const active = (await json("/api/v1/projects?status=active&mechanism=LMC&limit=50", "secretariat")).items as { code: string }[];
    let suspended = false;
    for (const { code } of active) {
      const p = (await json(`/api/v1/projects/${code}`, "secretariat")) as unknown as { phases: { seq: number; status: string }[]; parties: { countryCode: string | null }[] };
      const phase = p.phases.find((x) => x.status === "active");
      const country = p.parties.find((x) => x.countryCode)?.countryCode;
      if (!phase || !country) continue;
      const res = await h.call("POST", `/api/v1/projects/${code}/phases/${phase.seq}/transitions`, { as: "secretariat", body: { action: "suspend", reason: "change_of_government", country } });
      expect(res.status).toBe(200);
      suspended = true;
      break;
    }
    expect(suspended).toBe(true);
    const exposure = await csv("/api/v1/exposure?format=csv", "analyst");
    const exposureJson = (await json("/api/v1/exposure", "analyst")) as unknown as { items: { suspendedPhases: unknown[]; exposedProjects: unknown[] }[] };
    expect(exposure.rows).toHaveLength(exposureJson.items.reduce((n, c) => n + c.suspendedPhases.length + c.exposedProjects.length, 0));
    expect(exposure.rows.length).toBeGreaterThan(0);
  });

  it("water: the river basin organisations of the real TFDD file, filtered by basin", async () => {
    const sys = makeContext(h.database.db, SYSTEM, { channel: "cli" });
    await (await importerFor("tfdd-rbo"))(sys, [resolve(process.cwd(), "../shared/data/tfdd/TFDD_RBODatabase_20131015.csv")], {}, {});
    const all = await csv("/api/v1/water/rbos?format=csv");
    const allJson = await json("/api/v1/water/rbos?limit=1");
    expect(allJson.total).toBeGreaterThan(100);
    expect(all.rows).toHaveLength(allJson.total);
    const mekong = await csv("/api/v1/water/rbos?format=csv&basin=MEKO");
    expect(mekong.rows).toHaveLength((await json("/api/v1/water/rbos?basin=MEKO&limit=1")).total);
    expect(mekong.rows.length).toBeGreaterThan(0);
    expect(mekong.rows.length).toBeLessThan(all.rows.length);
    expect(col(mekong, "basin").every((b) => b.split("; ").includes("MEKO"))).toBe(true);
    const treaties = await csv("/api/v1/water/treaties?format=csv");
    expect(treaties.rows).toHaveLength((await json("/api/v1/water/treaties?limit=1")).total);
  });

  it("declares text/csv and the CSV parameters on every list route in the OpenAPI document", async () => {
    const doc = (await (await h.call("GET", "/openapi.json")).json()) as { paths: Record<string, { get: { parameters?: { name: string }[]; responses: Record<string, { content: Record<string, unknown> }> } }> };
    const routes = ["/api/v1/projects", "/api/v1/actors", "/api/v1/events", "/api/v1/mechanisms", "/api/v1/calls", "/api/v1/applications", "/api/v1/reports/late", "/api/v1/funding-gap", "/api/v1/exposure", "/api/v1/water/rbos", "/api/v1/water/treaties", "/api/v1/bulletins"];
    expect(routes).toHaveLength(CSV_LIST_NAMES.length);
    for (const r of routes) {
      const get = doc.paths[r]!.get;
      expect(Object.keys(get.responses["200"]!.content), r).toEqual(["application/json", "text/csv"]);
      expect(get.parameters!.map((p) => p.name), r).toEqual(expect.arrayContaining(["format", "bom", "lang"]));
    }
  });
});
