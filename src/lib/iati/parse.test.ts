import { createReadStream, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { iatiOracle } from "../../../test/support/iati-oracle.js";
import { readIatiActivities, type ParsedItem } from "./parse.js";

const DATA = resolve(process.cwd(), "../shared/data/iati");
const FILES = readdirSync(DATA).filter((f) => f.endsWith(".xml"));

async function readAll(stream: Readable): Promise<ParsedItem[]> {
  const out: ParsedItem[] = [];
  for await (const item of readIatiActivities(stream)) out.push(item);
  return out;
}
const fromText = (xml: string, chunk = 64 * 1024) => {
  const bytes = Buffer.from(xml, "utf8");
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  return Readable.from(parts);
};
const activities = (items: ParsedItem[]) => items.flatMap((i) => (i.kind === "activity" ? [i.activity] : []));

describe("IATI streaming reader on the published files", () => {
  it.each(FILES)("%s: every activity and transaction, with the same sums as a DOM reading", async (file) => {
    const path = resolve(DATA, file);
    const oracle = iatiOracle(path);
    const items = await readAll(createReadStream(path));
    expect(items.filter((i) => i.kind === "skipped")).toEqual([]);
    const acts = activities(items);
    expect(acts.map((a) => a.identifier)).toEqual(oracle.identifiers);
    expect(acts.reduce((n, a) => n + a.transactions.length, 0)).toBe(oracle.transactions);
    for (const a of acts) {
      const sums = new Map<string, number>();
      for (const t of a.transactions) sums.set(t.type, (sums.get(t.type) ?? 0) + Math.round(Number(t.value.amount) * 100));
      expect(sums).toEqual(oracle.byActivity.get(a.identifier));
      expect(a.sectors.map((s) => s.code)).toEqual(oracle.sectors(a.identifier));
    }
  });

  it("reads the annotated 2.03 example's every part: orgs with roles, dates, places, money, results, links", async () => {
    const [a] = activities(await readAll(createReadStream(resolve(DATA, "IATI_activity-standard-example-annotated-203.xml"))));
    expect(a!.version).toBe("2.03");
    expect(a!.identifier).toBe("AA-AAA-123456789-ABC123");
    expect(a!.reportingOrg.ref).toBe("AA-AAA-123456789");
    expect(a!.participatingOrgs.map((o) => o.role)).toContain("1");
    expect(a!.dates.map((d) => [d.type, d.isoDate])).toEqual([["1", "2012-04-15"], ["2", "2012-04-28"], ["3", "2015-12-31"]]);
    expect(a!.recipientCountries[0]).toMatchObject({ code: "AF", percentage: "25" });
    expect(a!.recipientRegions[0]).toMatchObject({ code: "489", vocabulary: "1", percentage: "25" });
    expect(a!.locations[0]!.point).toEqual({ srsName: "http://www.opengis.net/def/crs/EPSG/0/4326", lat: 31.616944, lng: 65.716944 });
    expect(a!.budgets[0]).toMatchObject({ type: "1", status: "1", periodStart: "2014-01-01", periodEnd: "2014-12-31", value: { amount: "1000", currency: "AUD", valueDate: "1994-01-01" } });
    expect(a!.plannedDisbursements[0]!.provider?.ref).toBe("BB-BBB-123456789");
    const t = a!.transactions[0]!;
    expect(t).toMatchObject({ type: "1", date: "1995-01-01", value: { amount: "1000", currency: "AUD", valueDate: "1995-01-01" } });
    expect(t.provider?.ref).toBe("BB-BBB-123456789");
    expect(a!.documentLinks[0]!.categories).toEqual(["A01"]);
    expect(a!.relatedActivities[0]).toEqual({ ref: "AA-AAA-123456789-6789", type: "1" });
    expect(a!.results[0]!.indicators[0]!.periods[0]!.targets[0]!.value).toBe("10");
    expect(a!.titles[0]!.text).toBe("Activity title");
  });
});

const wrap = (body: string, version = "2.03") => `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="${version}">\n${body}\n</iati-activities>\n`;
const activity = (id: string, inner = "") => `<iati-activity default-currency="USD" last-updated-datetime="2020-01-01T00:00:00Z">
 <iati-identifier>${id}</iati-identifier>
 <reporting-org ref="XM-TEST" type="10"><narrative>Test donor</narrative></reporting-org>
 <title><narrative>Activity ${id}</narrative></title>
 ${inner}
</iati-activity>`;
const tx = (type: string, value: string, date = "2020-02-01") => `<transaction><transaction-type code="${type}"/><transaction-date iso-date="${date}"/><value value-date="${date}">${value}</value></transaction>`;

describe("IATI reader on bad input", () => {
  it("skips each bad activity with its line and reason and keeps the good ones", async () => {
    const xml = wrap([activity("XM-TEST-1", tx("3", "100")), activity("XM-TEST-2", tx("3", "100", "2020-13-45")), activity("XM-TEST-3", tx("99", "5")), activity("XM-TEST-4", tx("2", "12,5x")), activity("", ""), activity("XM-TEST-6", tx("2", "7.25"))].join("\n"));
    const items = await readAll(fromText(xml));
    expect(activities(items).map((a) => a.identifier)).toEqual(["XM-TEST-1", "XM-TEST-6"]);
    const skipped = items.filter((i) => i.kind === "skipped");
    expect(skipped.map((s) => [s.id, s.reason])).toEqual([
      ["XM-TEST-2", "bad_date"],
      ["XM-TEST-3", "unknown_transaction_type"],
      ["XM-TEST-4", "bad_value"],
      [undefined, "missing_identifier"],
    ]);
    // Each skipped activity is reported at the line its element starts on.
    const lines = xml.split("\n");
    for (const s of skipped) expect(lines[s.line - 1]).toContain("<iati-activity");
  });

  it("keeps what came before a point where the file stops being XML, and says where", async () => {
    const xml = wrap(`${activity("XM-TEST-1", tx("3", "1"))}\n${activity("XM-TEST-2")}`).replace("<title><narrative>Activity XM-TEST-2</narrative></title>", "<title><narrative>Broken & bad</title>");
    const items = await readAll(fromText(xml));
    expect(activities(items).map((a) => a.identifier)).toEqual(["XM-TEST-1"]);
    expect(items.at(-1)).toMatchObject({ kind: "skipped", reason: "not_xml", id: "XM-TEST-2" });
  });

  it("refuses a document that is not an IATI activity file", async () => {
    const items = await readAll(fromText("<html><body>hello</body></html>"));
    expect(items).toEqual([{ kind: "skipped", line: 1, reason: "not_iati_activities", params: {} }]);
  });

  it("keeps characters whole when a chunk boundary falls inside one (Thai, Lao, Burmese titles)", async () => {
    const title = "โครงการความร่วมมือ ໂຄງການຮ່ວມມື စီမံကိန်း";
    const xml = wrap(activity("XM-TEST-1").replace("Activity XM-TEST-1", title));
    const items = await readAll(fromText(xml, 1));
    expect(activities(items)[0]!.titles[0]!.text).toBe(title);
  });

  it("maps a 1.0x activity's words to 2.0x codes", async () => {
    const xml = wrap(
      `<iati-activity default-currency="GBP"><iati-identifier>GB-1-1</iati-identifier><reporting-org ref="GB-1" type="10">DFID</reporting-org><title xml:lang="en">Old style</title>
       <participating-org role="Funding" ref="GB-1">DFID</participating-org><participating-org role="Implementing">An NGO</participating-org>
       <activity-date type="start-planned" iso-date="2010-01-01"/><activity-date type="end-actual" iso-date="2012-01-01"/>
       <transaction><transaction-type code="D"/><value value-date="2011-01-01">250</value><transaction-date iso-date="2011-01-01"/></transaction>
       <transaction><transaction-type code="C"/><value value-date="2010-01-01">1000</value><transaction-date iso-date="2010-01-01"/></transaction></iati-activity>`,
      "1.03",
    );
    const [a] = activities(await readAll(fromText(xml)));
    expect(a!.version).toBe("1.03");
    expect(a!.titles).toEqual([{ lang: "en", text: "Old style" }]);
    expect(a!.reportingOrg.narratives).toEqual([{ text: "DFID" }]);
    expect(a!.participatingOrgs.map((o) => o.role)).toEqual(["1", "4"]);
    expect(a!.dates.map((d) => d.type)).toEqual(["1", "4"]);
    expect(a!.transactions.map((t) => [t.type, t.value.amount])).toEqual([
      ["3", "250"],
      ["2", "1000"],
    ]);
  });
});
