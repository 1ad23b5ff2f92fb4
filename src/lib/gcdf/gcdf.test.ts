import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCodelist } from "../iati/codelists.js";
import { agencyCountry, agencyType, nationalGovernmentOf } from "./agencies.js";
import { countryLookup } from "./countries.js";
import { canonicalDecimal, roundDecimal, sumDecimals } from "./decimal.js";
import { GcdfFormatError, readGcdf, type GcdfItem } from "./read.js";
import { commitmentDate, GCDF_COLUMNS, GCDF_STATUS, gcdfDate, gcdfHash, instrumentOf, linkedIds, splitAgencies, type GcdfRecord } from "./record.js";
import { sectorCode } from "./sectors.js";

const DATA = resolve(process.cwd(), "../shared/data");
const MEKONG = join(DATA, "gcdf/gcdf2_final_df_mekong5_subset.csv");
const FULL = join(DATA, "gcdf/gcdf2_final_df.csv");
const COUNTRY_XML = join(DATA, "iati-ref/codelists-nonembedded/Country.xml");

const noCodelist = countryLookup();
const withCodelist = countryLookup(parseCodelist(readFileSync(COUNTRY_XML, "utf8")));

async function readAll(file: string, lookup = noCodelist): Promise<GcdfItem[]> {
  const out: GcdfItem[] = [];
  for await (const item of readGcdf(createReadStream(file), { countries: lookup })) out.push(item);
  return out;
}
const recordsOf = (items: GcdfItem[]) => items.flatMap((i) => (i.kind === "record" ? [i.record] : []));

/** The file read the plain way, as an independent oracle: csv-parse's own column mode, nothing of the mapper. */
const plainRows = (file: string) => parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];

/** An exact decimal sum written independently of lib/gcdf/decimal.ts: every amount scaled to 20 fraction digits. */
function oracleSum(amounts: string[]): string {
  let total = 0n;
  for (const a of amounts) {
    const [i, f = ""] = a.split(".");
    total += BigInt(i!) * 10n ** 20n + BigInt(f.padEnd(20, "0"));
  }
  const int = total / 10n ** 20n;
  const frac = (total % 10n ** 20n).toString().padStart(20, "0").replace(/0+$/, "");
  return frac ? `${int}.${frac}` : `${int}`;
}

describe("GCDF 2.0 Mekong subset (249 rows)", () => {
  let items: GcdfItem[];
  let records: GcdfRecord[];
  const plain = plainRows(MEKONG);
  beforeAll(async () => {
    items = await readAll(MEKONG);
    records = recordsOf(items);
  });

  it("reads every row as a record, none skipped", () => {
    expect(plain.length).toBe(249);
    expect(items.filter((i) => i.kind === "skipped")).toEqual([]);
    expect(records.length).toBe(249);
    expect(new Set(records.map((r) => r.id)).size).toBe(249);
  });

  it("maps the five recipients to their ISO codes, with the counts of a plain read of the file", () => {
    const expected = new Map<string, number>();
    const iso: Record<string, string> = { Cambodia: "KH", "Lao People's Democratic Republic": "LA", Myanmar: "MM", Thailand: "TH", "Viet Nam": "VN" };
    for (const r of plain) expected.set(iso[r.Recipient!]!, (expected.get(iso[r.Recipient!]!) ?? 0) + 1);
    const got = new Map<string, number>();
    for (const r of records) got.set(r.recipientCode!, (got.get(r.recipientCode!) ?? 0) + 1);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
    // Python's csv module gives the same: KH 63, LA 65, MM 43, TH 18, VN 60.
    expect(Object.fromEntries(got)).toEqual({ KH: 63, LA: 65, MM: 43, TH: 18, VN: 60 });
  });

  it("keeps amounts exact: their sum is the file's to the last decimal", () => {
    const raw = plain.map((r) => r["Amount (Constant USD2017)"]!).filter((a) => a !== "");
    const mapped = records.map((r) => r.amount).filter((a): a is string => a !== null);
    expect(mapped.length).toBe(raw.length);
    expect(mapped.length).toBe(208);
    expect(sumDecimals(mapped)).toBe(oracleSum(raw));
    // Python's decimal module: sum(Decimal(a)) over the column.
    expect(sumDecimals(mapped)).toBe("37513743540.611463181");
  });

  it("reads project 34188 field by field", () => {
    const r = records.find((x) => x.id === "34188")!;
    expect(r).toMatchObject({
      id: "34188",
      tuffId: "34188",
      title: "Chinese Government provides $10.76 million grant — via ETCA — for Ha Bac Fertilizer Plant Upgrading and Renovation Project (Linked to #34187, #85380)",
      linkedIds: ["34187", "85380"],
      statusName: "Completion",
      status: "completed",
      recommendedForAggregates: true,
      umbrella: false,
      flowType: "Grant",
      flowClass: "ODA-like",
      financeType: "development",
      instrument: "grant",
      sectorName: "INDUSTRY, MINING, CONSTRUCTION",
      sectorCode: "320",
      commitmentYear: 2000,
      implementationStartYear: 2000,
      completionYear: 2002,
      fundingAgencies: ["China Ministry of Commerce"],
      receivingAgencies: ["Government of Viet Nam"],
      implementingAgencies: ["Anyang Chemical Industry Group Co. Ltd. (Anhua Group)", "Ha Bac Fertilizer & Chemical Co. Ltd.", "Vietnam Ministry of Industry and Trade"],
      recipientName: "Viet Nam",
      recipientCode: "VN",
      amount: "23968990.8976866",
      dates: { plannedStart: null, plannedCompletion: null, actualStart: "2000-11-23", actualCompletion: "2002-08-16" },
      startDate: "2000-11-23",
      endDate: "2002-08-16",
      vizGeojsonUrl: "https://github.com/aiddata/china-osm-geodata/blob/master/latest/geojsons/34188.geojson",
      dlGeojsonUrl: "https://raw.githubusercontent.com/aiddata/china-osm-geodata/master/latest/geojsons/34188.geojson",
    });
    expect(commitmentDate(r)).toBe("2000-01-01");
  });

  it("reads a row without amount or receiving agency, with trailing spaces in agency names (64378)", () => {
    const r = records.find((x) => x.id === "64378")!;
    const p = plain.find((x) => x.id === "64378")!;
    expect(p["Amount (Constant USD2017)"]).toBe("");
    expect(r.amount).toBeNull();
    expect(r.receivingAgencies).toEqual([]);
    expect(r.implementingAgencies).toEqual(["China Jiangsu Construction Engineering Corporation", "China Railway Engineering Corporation (CRECG)", "Guangdong Guangxin Construction Engineering Supervision Co., Ltd.", "National University of Laos"]);
    expect(r).toMatchObject({ recipientCode: "LA", sectorCode: "110", flowClass: "OOF-like", linkedIds: ["43956"], startDate: "2017-09-30", endDate: "2019-06-26" });
  });

  it("splits every agency cell on | and trims, as a plain read does", () => {
    for (const r of records) {
      const p = plain.find((x) => x.id === r.id)!;
      for (const [col, got] of [
        ["Funding Agencies", r.fundingAgencies],
        ["Receiving Agencies", r.receivingAgencies],
        ["Implementing Agencies", r.implementingAgencies],
      ] as const) {
        const want = [...new Set(p[col]!.split("|").map((s) => s.trim().replace(/\s+/g, " ")).filter(Boolean))];
        expect(got, `${r.id} ${col}`).toEqual(want);
      }
    }
  });

  it("maps statuses as the table says and counts them like the file", () => {
    const byFile = new Map<string, number>();
    for (const p of plain) byFile.set(GCDF_STATUS[p.Status!]!, (byFile.get(GCDF_STATUS[p.Status!]!) ?? 0) + 1);
    const got = new Map<string, number>();
    for (const r of records) got.set(r.status, (got.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(byFile));
    expect(Object.fromEntries(got)).toEqual({ completed: 201, active: 33, approved: 8, proposed: 4, suspended: 2, cancelled: 1 });
  });

  it("hashes a record stably and differently when a field changes", () => {
    const r = records[0]!;
    expect(gcdfHash(r)).toBe(gcdfHash(structuredClone(r)));
    expect(gcdfHash({ ...r, amount: "1" })).not.toBe(gcdfHash(r));
  });
});

describe("GCDF 2.0 full release (3,325 rows)", () => {
  let records: GcdfRecord[];
  let skipped: GcdfItem[];
  beforeAll(async () => {
    const items = await readAll(FULL);
    records = recordsOf(items);
    skipped = items.filter((i) => i.kind === "skipped");
  });

  it("reads all rows", () => {
    expect(skipped).toEqual([]);
    expect(records.length).toBe(plainRows(FULL).length);
    expect(records.length).toBe(3325);
  });

  it("maps every recipient but the two regional ones, the same with or without the IATI codelist", () => {
    const names = [...new Set(records.map((r) => r.recipientName))];
    const unmapped = names.filter((n) => !noCodelist(n));
    expect(unmapped.sort()).toEqual(["Africa, regional", "Multi-Region"]);
    expect(records.filter((r) => r.recipientCode === null).length).toBe(8);
    for (const n of names) expect(withCodelist(n), n).toBe(noCodelist(n));
    const codes = new Set(names.map((n) => noCodelist(n)).filter(Boolean));
    expect(codes.size).toBe(names.length - 2);
    expect(noCodelist("Russia")).toBe("RU");
    expect(noCodelist("Turkey")).toBe("TR");
    expect(noCodelist("Kyrgyz Republic")).toBe("KG");
    expect(noCodelist("West Bank and Gaza Strip")).toBe("PS");
    expect(noCodelist("Cote d'Ivoire")).toBe("CI");
    expect(noCodelist("Democratic Republic of the Congo")).toBe("CD");
    expect(noCodelist("Congo")).toBe("CG");
  });

  it("knows every status and every sector name of the release", () => {
    for (const r of records) {
      expect(Object.keys(GCDF_STATUS)).toContain(r.statusName);
      expect(r.sectorCode, r.sectorName ?? "").toMatch(/^\d{3}$/);
    }
  });

  it("never makes a project end before it starts", () => {
    for (const r of records) if (r.startDate && r.endDate) expect(r.endDate >= r.startDate, r.id).toBe(true);
    // Without a start date, the commitment year stands in, unless the project was completed before that year began.
    const noStart = records.filter((r) => r.startDate === null);
    for (const r of noStart) expect(r.commitmentYear === null || (r.endDate !== null && r.endDate < `${r.commitmentYear}-01-01`), r.id).toBe(true);
    expect(noStart.length).toBe(5);
  });

  it("sums the release's amounts exactly", () => {
    const raw = plainRows(FULL).map((r) => r["Amount (Constant USD2017)"]!).filter(Boolean);
    expect(sumDecimals(records.flatMap((r) => (r.amount ? [r.amount] : [])))).toBe(oracleSum(raw));
  });
});

describe("a file that is not (all) GCDF 2.0", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "gcdf-test-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const row = (over: Partial<Record<(typeof GCDF_COLUMNS)[number], string>>) => {
    const base: Record<string, string> = {
      id: "1",
      "AidData TUFF Project ID": "1",
      "Recommended For Aggregates": "Yes",
      Umbrella: "No",
      Title: "Test project",
      Status: "Implementation",
      "Flow Type": "Loan",
      "Flow Class": "OOF-like",
      "AidData Sector Name": "ENERGY",
      "Commitment Year": "2015",
      "Funding Agencies": "Export-Import Bank of China",
      Recipient: "Cambodia",
      "Amount (Constant USD2017)": "1000.5",
      finance_type: "development",
    };
    return GCDF_COLUMNS.map((c) => cell(over[c] ?? base[c] ?? "")).join(",");
  };
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it("refuses a file missing columns, naming them", async () => {
    const cols = GCDF_COLUMNS.filter((c) => c !== "Recipient" && c !== "Amount (Constant USD2017)");
    const file = write("other.csv", `${cols.join(",")}\n${cols.map(() => "x").join(",")}\n`);
    const err = await readAll(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GcdfFormatError);
    expect((err as GcdfFormatError).reason).toBe("gcdf_missing_columns");
    expect((err as GcdfFormatError).params.columns).toBe("Recipient, Amount (Constant USD2017)");
    const empty = await readAll(write("empty.csv", "")).catch((e: unknown) => e);
    expect((empty as GcdfFormatError).params.count).toBe(24);
  });

  it("skips bad rows with their physical line and reason, and reads the rest", async () => {
    const lines = [
      GCDF_COLUMNS.join(","),
      row({ id: "10" }), // line 2
      row({ id: "11", "Amount (Constant USD2017)": "12,5" }), // 3
      row({ id: "12", "Actual Implementation Start Date (MM/DD/YYYY)": "2013-02-30T00:00:00" }), // 4
      row({ id: "13", Title: "Two-line\ntitle (linked to #10)" }), // 5-6
      "", // 7: blank
      row({ id: "14", "Planned Completion Date (MM/DD/YYYY)": "06/31/2016" }), // 8
      row({ id: "15", Status: "Finished" }), // 9
      row({ id: "16", "Commitment Year": "20x5" }), // 10
      "16,16,Yes", // 11: too few fields
      row({ id: "10", Title: "Again" }), // 12: same id as line 2
      row({ id: "17", "Planned Implementation Start Date (MM/DD/YYYY)": "03/15/2016", "Amount (Constant USD2017)": "" }), // 13
      row({ id: "18", "Amount (Constant USD2017)": "-5" }), // 14
      row({ id: "x19" }), // 15
    ];
    for (const [name, eol] of [
      ["lf.csv", "\n"],
      ["crlf.csv", "\r\n"],
    ] as const) {
      const items = await readAll(write(name, lines.join(eol).replace(/Two-line\n/, `Two-line${eol}`) + eol));
      const got = items.map((i) => (i.kind === "record" ? { line: i.line, id: i.record.id } : { line: i.line, id: i.id, reason: i.reason, params: i.params }));
      expect(got, name).toEqual([
        { line: 2, id: "10" },
        { line: 3, id: "11", reason: "gcdf_bad_amount", params: { column: "Amount (Constant USD2017)", value: "12,5" } },
        { line: 4, id: "12", reason: "gcdf_bad_date", params: { column: "Actual Implementation Start Date (MM/DD/YYYY)", value: "2013-02-30T00:00:00" } },
        { line: 5, id: "13" },
        { line: 8, id: "14", reason: "gcdf_bad_date", params: { column: "Planned Completion Date (MM/DD/YYYY)", value: "06/31/2016" } },
        { line: 9, id: "15", reason: "gcdf_unknown_status", params: { value: "Finished" } },
        { line: 10, id: "16", reason: "gcdf_bad_year", params: { column: "Commitment Year", value: "20x5" } },
        { line: 11, id: "16", reason: "gcdf_column_count", params: { found: 3, expected: 24 } },
        { line: 12, id: "10", reason: "gcdf_duplicate_id", params: { id: "10", first: 2 } },
        { line: 13, id: "17" },
        { line: 14, id: "18", reason: "gcdf_bad_amount", params: { column: "Amount (Constant USD2017)", value: "-5" } },
        { line: 15, id: "x19", reason: "gcdf_bad_id", params: { value: "x19" } },
      ]);
      const r17 = recordsOf(items).find((r) => r.id === "17")!;
      expect(r17).toMatchObject({ amount: null, startDate: "2016-03-15", dates: { plannedStart: "2016-03-15" }, instrument: "commercial_loan", sectorCode: "230", recipientCode: "KH" });
      expect(recordsOf(items).find((r) => r.id === "13")!.linkedIds).toEqual(["10"]);
    }
  });

  it("ends at a CSV syntax error with one skipped item at its line", async () => {
    const file = write("broken.csv", [GCDF_COLUMNS.join(","), row({ id: "20" }), `21,21,Yes,No,"unterminated`, ""].join("\n"));
    const items = await readAll(file);
    expect(items[0]).toMatchObject({ kind: "record", line: 2 });
    expect(items[1]).toMatchObject({ kind: "skipped", reason: "gcdf_csv_syntax" });
    expect(items.length).toBe(2);
  });
});

describe("pieces", () => {
  it("finds linked ids however AidData writes them", () => {
    expect(linkedIds("X (Linked to #34187, #85380)")).toEqual(["34187", "85380"]);
    expect(linkedIds("X (linked to projects #85373 and #49941)")).toEqual(["85373", "49941"]);
    expect(linkedIds("X (Linked to Project ID#87160 and #87633)")).toEqual(["87160", "87633"]);
    expect(linkedIds("X [linked to Project #56270]")).toEqual(["56270"]);
    expect(linkedIds("X, linked to #1267")).toEqual(["1267"]);
    expect(linkedIds("X (Linked to Project ID##100 and #200)", "200")).toEqual(["100"]);
    expect(linkedIds("Laamu Atoll Link Road Project (#5)")).toEqual([]);
    expect(linkedIds("$2 million (RMB #1) for road")).toEqual([]);
  });

  it("reads dates in both forms and refuses impossible ones", () => {
    expect(gcdfDate("2000-11-23T00:00:00")).toBe("2000-11-23");
    expect(gcdfDate("11/23/2000")).toBe("2000-11-23");
    expect(gcdfDate("2/29/2016")).toBe("2016-02-29");
    expect(gcdfDate("2/29/2015")).toBeUndefined();
    expect(gcdfDate("23/11/2000")).toBeUndefined();
    expect(gcdfDate("2000")).toBeUndefined();
    expect(gcdfDate(" ")).toBeNull();
  });

  it("does exact decimal arithmetic", () => {
    expect(roundDecimal("23968990.8976866", 2)).toBe("23968990.90");
    expect(roundDecimal("1.005", 2)).toBe("1.01");
    expect(roundDecimal("1.0049999", 2)).toBe("1.00");
    expect(roundDecimal("0.995", 2)).toBe("1.00");
    expect(roundDecimal("7", 2)).toBe("7.00");
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimals(["999999999999999999.99", "0.01"])).toBe("1000000000000000000");
    expect(sumDecimals([])).toBe("0");
    expect(canonicalDecimal("007.50")).toBe("7.5");
  });

  it("maps sector names and instruments", () => {
    expect(sectorCode("EDUCATION")).toBe("110");
    expect(sectorCode("health")).toBe("120");
    expect(sectorCode("ENERGY")).toBe("230");
    expect(sectorCode("TRADE POLICIES AND REGULATIONS")).toBe("330");
    expect(sectorCode("SPACE TOURISM")).toBeNull();
    expect(instrumentOf("Loan", "ODA-like")).toBe("concessional_loan");
    expect(instrumentOf("Export Buyer's Credit", "OOF-like")).toBe("commercial_loan");
    expect(instrumentOf("Free-standing technical assistance", "ODA-like")).toBe("in_kind");
    expect(instrumentOf("Debt forgiveness", "ODA-like")).toBeNull();
    expect(splitAgencies(" A | B|A||  C  D ")).toEqual(["A", "B", "C D"]);
  });

  it("reads what an agency's name says", () => {
    expect(agencyType("Export-Import Bank of China")).toBe("finance");
    expect(agencyType("China Development Bank (CDB)")).toBe("finance");
    expect(agencyType("China Ministry of Commerce")).toBe("government");
    expect(agencyType("Cambodian Ministry of Economy and Finance")).toBe("government");
    expect(agencyType("Unspecified Chinese Government Institution")).toBe("government");
    expect(agencyType("National University of Laos")).toBe("university");
    expect(agencyType("SinoHydro")).toBe("enterprise");
    expect(agencyType("China Road & Bridge Corporation (CRBC)")).toBe("enterprise");
    const vn = { name: "Viet Nam", code: "VN" };
    expect(agencyCountry("Export-Import Bank of China", "funding", vn)).toBe("CN");
    expect(agencyCountry("Vietnam Electricity (EVN)", "receiving", vn)).toBe("VN");
    expect(agencyCountry("Jaks Hai Duong Power Company Limited", "receiving", vn)).toBe("VN");
    expect(agencyCountry("Yunnan Machinery and Equipment Import and Export Co., Ltd. (YMIEC)", "receiving", { name: "Myanmar", code: "MM" })).toBe("CN");
    expect(agencyCountry("SinoHydro", "implementing", vn)).toBe("CN");
    expect(agencyCountry("Shanghai Construction Engineering Group (SCG) (上海建工)", "implementing", vn)).toBe("CN");
    expect(agencyCountry("Electricite du Laos", "implementing", { name: "Lao People's Democratic Republic", code: "LA" })).toBe("LA");
    expect(agencyCountry("Doosan Heavy Industries & Construction", "implementing", vn)).toBeNull();
    expect(nationalGovernmentOf("Government of Viet Nam", noCodelist)).toBe("VN");
    expect(nationalGovernmentOf("Government of Myanmar (Burma)", noCodelist)).toBe("MM");
    expect(nationalGovernmentOf("Government of Laos", noCodelist)).toBe("LA");
    expect(nationalGovernmentOf("Government of the Bahamas", noCodelist)).toBe("BS");
    expect(nationalGovernmentOf("Government Printing Office", noCodelist)).toBeNull();
  });
});
