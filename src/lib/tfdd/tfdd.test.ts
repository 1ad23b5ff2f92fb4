import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { issueCode, parseWaterEvents, WATER_ISSUES, type ParsedRow, type WaterEvent } from "./events.js";
import { firstYear, parseBar, parseTfddDate, shortTitle } from "./fields.js";
import { parseRbos, type RboRow } from "./rbo.js";
import { detectEncoding, TfddFormatError } from "./read.js";
import { parseTreaties, type TreatyRow } from "./treaties.js";

// The real TFDD files beside the repository (see ../shared/data/README.md); never copied into it.
const DATA = path.resolve(process.cwd(), "../shared/data/tfdd");
const EVENTS = path.join(DATA, "EventMaster_sample_DANU_NILE_INDU.csv");
const RBO = path.join(DATA, "TFDD_RBODatabase_20131015.csv");
const TREATIES = path.join(DATA, "WorkingMasterTreatiesDB_20180428.csv");

async function all<T>(gen: AsyncGenerator<ParsedRow<T>>) {
  const ok: (T & { line: number })[] = [];
  const refused: Exclude<ParsedRow<T>, { ok: true }>[] = [];
  for await (const r of gen) {
    if (r.ok) ok.push({ ...r.record, line: r.line });
    else refused.push(r);
  }
  return { ok, refused };
}

const tmp = mkdtempSync(path.join(tmpdir(), "concord-tfdd-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("TFDD field values", () => {
  it.each([
    ["3/16/1948", "1948-03-16"],
    ["2/29/1960", "1960-02-29"],
    ["12/1/2004", "2004-12-01"],
    ["2004-05-07", "2004-05-07"],
    ["", null],
  ])("reads the date %s", (raw, iso) => {
    expect(parseTfddDate(raw)).toEqual({ ok: true, value: iso });
  });

  it.each(["2/30/1960", "13/1/1950", "2/29/1961", "1960", "16.3.1948", "0/10/1950", "3/16/48"])("refuses the date %s", (raw) => {
    expect(parseTfddDate(raw)).toEqual({ ok: false, reason: "tfdd_bad_date", params: { value: raw } });
  });

  it("keeps BAR values on the scale from −7 to +7 and refuses the rest", () => {
    for (let n = -7; n <= 7; n++) expect(parseBar(String(n))).toEqual({ ok: true, value: n });
    expect(parseBar("+3")).toEqual({ ok: true, value: 3 });
    expect(parseBar("")).toEqual({ ok: true, value: null });
    expect(parseBar("8")).toEqual({ ok: false, reason: "tfdd_bar_out_of_range", params: { value: 8 } });
    expect(parseBar("-12")).toEqual({ ok: false, reason: "tfdd_bar_out_of_range", params: { value: -12 } });
    expect(parseBar("2.5")).toEqual({ ok: false, reason: "tfdd_bar_not_integer", params: { value: "2.5" } });
    expect(parseBar("war")).toEqual({ ok: false, reason: "tfdd_bar_not_integer", params: { value: "war" } });
  });

  it("makes a short title from the first sentence of a summary", () => {
    expect(shortTitle("Egypt lays to four foundation stone of Aswan hydroelectric plant")).toBe("Egypt lays to four foundation stone of Aswan hydroelectric plant");
    expect(shortTitle("New Egyptian government proposes the building of the Aswan High Dam.  Debate followed as to whether project should be unilateral.")).toBe(
      "New Egyptian government proposes the building of the Aswan High Dam",
    );
    expect(shortTitle("The U.S. offers aid to Pakistan. Talks follow.")).toBe("The U.S. offers aid to Pakistan");
    const long = shortTitle("a ".repeat(40) + "very long summary that goes on and on without a full stop anywhere in it at all");
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith("…")).toBe(true);
    expect(long.startsWith("A a")).toBe(true);
    expect(shortTitle("   ")).toBe("");
  });

  it("reads the first year of an RBO's agreement date", () => {
    expect(firstYear("1970")).toBe(1970);
    expect(firstYear("1961/1987")).toBe(1961);
    expect(firstYear(".")).toBeNull();
  });
});

describe("International Water Events (EventMaster sample: Danube, Nile, Indus)", async () => {
  const { ok, refused } = await all<WaterEvent>(parseWaterEvents(EVENTS));

  it("reads the 300 events, all on the BAR scale, from the Latin-1 file", async () => {
    expect(await detectEncoding(EVENTS)).toBe("latin1");
    expect(ok).toHaveLength(300);
    expect(refused).toEqual([]);
    expect(new Set(ok.map((e) => e.id)).size).toBe(300);
    // UNIQUE_ID is shared by the dyads of one multilateral event, so it cannot be the key.
    expect(new Set(ok.map((e) => e.uniqueId)).size).toBe(204);
  });

  it("gives the first row as the file has it: 3/16/1948, Nile, Egypt internal, BAR 3, hydropower", () => {
    expect(ok[0]).toMatchObject({
      line: 2,
      id: "1",
      date: "1948-03-16",
      basinCode: "NILE",
      countryCodes: ["EGY"],
      internal: true,
      barScale: 3,
      issueTypes: ["3"],
      source: "COPDAB",
      title: "Egypt lays to four foundation stone of Aswan hydroelectric plant",
    });
    expect(ok[1]).toMatchObject({ line: 3, id: "2", date: "1948-04-01", basinCode: "INDU", countryCodes: ["IND", "PAK"], internal: false, barScale: -3, issueTypes: ["2"] });
    expect(ok.at(-1)).toMatchObject({ line: 301, id: "1152" });
  });

  it("counts the events per basin and their BAR values as an independent read does", () => {
    const per: Record<string, { n: number; rated: number; sum: number; min: number; max: number }> = {};
    for (const e of ok) {
      const b = (per[e.basinCode!] ??= { n: 0, rated: 0, sum: 0, min: 99, max: -99 });
      b.n++;
      if (e.barScale === null) continue;
      b.rated++;
      b.sum += e.barScale;
      b.min = Math.min(b.min, e.barScale);
      b.max = Math.max(b.max, e.barScale);
    }
    expect(per).toEqual({
      NILE: { n: 123, rated: 122, sum: 185, min: -6, max: 6 },
      INDU: { n: 104, rated: 104, sum: 150, min: -3, max: 6 },
      DANU: { n: 73, rated: 73, sum: 136, min: 1, max: 6 },
    });
    // The one unrated event (ID 132, line 58) keeps a null BAR rather than a made-up 0.
    expect(ok.filter((e) => e.barScale === null).map((e) => [e.id, e.line])).toEqual([["132", 58]]);
    expect(ok.filter((e) => e.internal)).toHaveLength(16);
  });

  it("decodes the Windows quote 0x92 as ’ and keeps issue codes the BAR methodology names", () => {
    const hu = ok.find((e) => e.id === "393")!;
    expect(hu.summary).toContain("Hungarian People’s Republic");
    expect(ok.every((e) => e.issueTypes.every((c) => c in WATER_ISSUES))).toBe(true);
    expect(ok.every((e) => !e.countryCodes.includes("INT"))).toBe(true);
  });
});

describe("River Basin Organisation database", async () => {
  const { ok, refused } = await all<RboRow>(parseRbos(RBO));

  it("reads 465 organisation × basin × country rows and refuses the one repeated row", () => {
    // 467 data lines: one is entirely empty (the spreadsheet's last row), one repeats line 191.
    expect(ok).toHaveLength(465);
    expect(refused).toEqual([{ line: 192, id: "ICPD-DANU-YUG", ok: false, reason: "tfdd_duplicate", params: { id: "ICPD-DANU-YUG", line: 191 } }]);
    expect(new Set(ok.map((r) => r.code)).size).toBe(465);
  });

  it("finds 118 distinct organisations (the README's 119 counts the empty last row's blank code)", () => {
    expect(new Set(ok.map((r) => r.rboCode)).size).toBe(118);
    expect(new Set(ok.map((r) => r.basinCode)).size).toBe(100);
  });

  it("has the Mekong River Commission with its four members and decodes accents", () => {
    const mrc = ok.filter((r) => r.rboCode === "MRCX");
    expect(mrc.map((r) => r.countryCode).sort()).toEqual(["KHM", "LAO", "THA", "VNM"]);
    expect(mrc[0]).toMatchObject({ name: "Mekong River Commission", basinCode: "MEKO", basinName: "Mekong", agreementYear: 1995, continent: "Asia" });
    expect(mrc[0]!.attributes).toMatchObject({ LATERALITY: "Multilateral", MEMB_NO: "4" });
    expect(ok.filter((r) => r.basinCode === "MEKO")).toHaveLength(16);
    expect(ok[0]).toMatchObject({ line: 2, code: "ALGX-VOLT-BFA", name: "Autorité de Développement Integré de la Région du Liptako-Gourma", agreementYear: 1970 });
    expect(ok[0]!.agreementName).toContain("Protocole d’Accord");
  });
});

describe("International Freshwater Treaties", async () => {
  const { ok, refused } = await all<TreatyRow>(parseTreaties(TREATIES));

  it("reads the 2,111 treaty rows of the UTF-8 file", async () => {
    // The README says Latin-1, but this table is UTF-8: read as Latin-1 its dashes would become â€“.
    expect(await detectEncoding(TREATIES)).toBe("utf8");
    expect(ok).toHaveLength(2111);
    expect(refused).toEqual([]);
    expect(ok.filter((t) => t.signedOn === null)).toHaveLength(9);
    expect(new Set(ok.map((t) => `${t.name}|${t.signedOn}`)).size).toBe(639);
    expect(new Set(ok.map((t) => t.basinCode)).size).toBe(136);
    expect(ok.filter((t) => t.basinCode === "MEKO")).toHaveLength(38);
  });

  it("names every issue area of the treaties with an events issue code", () => {
    const names = new Set(ok.flatMap((t) => (t.attributes["Issue Area"] ?? "").split(",").map((s) => s.trim())).filter((s) => !["", "0", "#N/A"].includes(s)));
    expect([...names].map(issueCode).sort((a, b) => Number(a) - Number(b))).toEqual(["1", "2", "3", "4", "5", "6", "6", "7", "8", "9", "10", "11", "12", "12", "13"]);
    expect(issueCode("Hydro-power/Hydro-electricity")).toBe("3");
    expect(issueCode("Flood control/relief")).toBe("6");
    expect(issueCode("Something else")).toBe("Something else");
  });

  it("gives the first row's values and decodes typographic dashes", () => {
    expect(ok[0]).toMatchObject({ line: 2, code: "881", signedOn: "1987-09-03", basinCode: "JORD", basinName: "Jordan", countryCode: "SYR", countryName: "Syria", signatories: "Syria, Jordan" });
    expect(ok[0]!.attributes["Issue Area"]).toBe("Water Quantity, Hydro-power/Hydro-electricity");
    expect(ok.find((t) => t.code === "110")!.name).toContain("Commission – minute No. 288 –");
  });
});

describe("refused rows of a malformed file", () => {
  const header = "ID,UNIQUE_ID,DATE,BCode,CCODE1,CCODE2,BAR_Scale,EVENT_SUMMARY,Issue_Type1,Issue_Type2";
  const rows = [
    '1,1,3/16/1948,NILE,EGY,INT,3,"Egypt’s dam,\nwith a summary over\nthree lines",3,0', // lines 2-4
    "2,2,2/30/1960,NILE,EGY,SDN,1,Impossible day,2,0", // line 5
    "",
    "3,3,4/1/1948,INDU,IND,PAK,9,Off the scale,2,0", // line 7
    "4,4,4/1/1948,INDU,IND,PAK,2.5,Not a whole number,2,0", // line 8
    "5,5,1948,INDU,IND,PAK,1,Year only,2,0", // line 9
    ",6,4/1/1948,INDU,IND,PAK,1,No id,2,0", // line 10
    "7,7,5/1/1952,DANU,AUT,HUN,-7,Fine,8,13", // line 11
  ];

  it("names each bad row by its physical line and reason, and reads the good ones", async () => {
    const file = path.join(tmp, "events.csv");
    writeFileSync(file, iconv.encode([header, ...rows].join("\r\n") + "\r\n", "win1252"));
    const { ok, refused } = await all<WaterEvent>(parseWaterEvents(file));
    expect(ok.map((e) => [e.id, e.line, e.barScale])).toEqual([
      ["1", 2, 3],
      ["7", 11, -7],
    ]);
    expect(ok[0]!.summary).toBe("Egypt’s dam, with a summary over three lines");
    expect(ok[1]!.issueTypes).toEqual(["8", "13"]);
    expect(refused).toEqual([
      { line: 5, id: "2", ok: false, reason: "tfdd_bad_date", params: { value: "2/30/1960" } },
      { line: 7, id: "3", ok: false, reason: "tfdd_bar_out_of_range", params: { value: 9 } },
      { line: 8, id: "4", ok: false, reason: "tfdd_bar_not_integer", params: { value: "2.5" } },
      { line: 9, id: "5", ok: false, reason: "tfdd_bad_date", params: { value: "1948" } },
      { line: 10, ok: false, reason: "tfdd_missing_id", params: { column: "ID" } },
    ]);
  });

  it("reads the same file as UTF-8 when told, and refuses a file that is not the events table", async () => {
    const file = path.join(tmp, "events-utf8.csv");
    writeFileSync(file, `\uFEFF${header}\n${rows[0]}\n`, "utf8");
    expect(await detectEncoding(file)).toBe("utf8");
    const { ok } = await all<WaterEvent>(parseWaterEvents(file, { encoding: "utf8" }));
    expect(ok[0]!.summary).toContain("Egypt’s dam");
    const wrong = await all<WaterEvent>(parseWaterEvents(file, { encoding: "latin1" }));
    expect(wrong.ok[0]!.summary).toContain("Egyptâ€™s");

    await expect(all(parseWaterEvents(RBO))).rejects.toThrow(TfddFormatError);
    await expect(all(parseWaterEvents(RBO))).rejects.toMatchObject({ missing: ["ID", "DATE", "BCode", "CCODE1", "CCODE2", "BAR_Scale", "EVENT_SUMMARY", "Issue_Type1"] });
  });

  it("reports the bytes it has read as it goes", async () => {
    const seen: number[] = [];
    for await (const _ of parseWaterEvents(EVENTS, { onBytes: (b) => seen.push(b) }));
    expect(seen.at(-1)).toBe(104819);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});
