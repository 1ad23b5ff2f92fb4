import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fontoxpath from "fontoxpath";
import { parseXmlDocument } from "slimdom";
import { afterAll, describe, expect, it } from "vitest";
import type { IatiActivity } from "./model.js";
import { checkRuleset, type Ruleset } from "./rules.js";
import { activityXml, decimal, escapeAttr, escapeText, isoDate, isoDateTime, writeIatiActivities } from "./write.js";

const REF = resolve(process.cwd(), "../shared/data/iati-ref");
const XSD = join(REF, "schema-2.03/iati-activities-schema.xsd");
const ruleset = JSON.parse(readFileSync(join(REF, "rules/IATI-Rulesets_standard.json"), "utf8")) as Ruleset;
/** Registration-agency prefixes (GB-COH, XM-DAC…) for the ORG-ID-PREFIX rule, from the codelist. */
const agencies = [...readFileSync(join(REF, "codelists-nonembedded/OrganisationRegistrationAgency.xml"), "utf8").matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!);
const NOW = new Date("2026-11-22T10:00:00Z");

const dir = mkdtempSync(join(tmpdir(), "concord-iati-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs xmllint against the 2.03 activity schema; returns its exit status and messages. */
function xmllint(xml: string): { status: number | null; out: string } {
  const file = join(dir, `doc-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync("/usr/bin/xmllint", ["--noout", "--schema", XSD, file], { encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

async function collect(gen: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const c of gen) chunks.push(c);
  return chunks;
}

const base = (over: Partial<IatiActivity> = {}): IatiActivity => ({
  identifier: "XE-EXAMPLE-ORG-ACT-1",
  lang: "en",
  defaultCurrency: "USD",
  lastUpdated: "2026-10-01T08:00:00Z",
  reportingOrg: { ref: "XE-EXAMPLE-ORG", type: "40", narratives: [{ text: "Example Secretariat" }, { lang: "zh", text: "示例秘书处" }] },
  titles: [{ text: "Cross-border rice <trials> & seed banks" }, { lang: "lo", text: "ການທົດລອງແນວພັນເຂົ້າຂ້າມແດນ" }],
  descriptions: [{ type: "1", narratives: [{ text: 'Farmers "test" seeds\non both banks' }] }],
  participatingOrgs: [
    { ref: "XE-EXAMPLE-FUNDER", type: "10", role: "1", narratives: [{ text: "Funding ministry" }] },
    { ref: "XE-EXAMPLE-ORG", type: "40", role: "2", narratives: [{ text: "Example Secretariat" }] },
    { type: "22", role: "4", narratives: [{ text: "Farmers' cooperative" }] },
  ],
  otherIdentifiers: [{ ref: "RICE-1", type: "A1", ownerOrg: { ref: "XE-EXAMPLE-ORG", narratives: [] } }],
  status: "2",
  dates: [
    { type: "1", isoDate: "2025-01-01" },
    { type: "2", isoDate: "2025-02-01", narratives: [{ text: "Field work began" }] },
    { type: "3", isoDate: "2027-12-31" },
  ],
  activityScope: "2",
  recipientCountries: [
    { code: "LA", percentage: "60" },
    { code: "TH", percentage: "40" },
  ],
  recipientRegions: [],
  locations: [
    {
      ref: "LOC-1",
      locationReach: "1",
      locationIds: [{ vocabulary: "G1", code: "1655559" }],
      name: [{ text: "Luang Namtha" }],
      description: [],
      activityDescription: [{ text: "Trial plots" }],
      administrative: [{ vocabulary: "G1", level: "1", code: "1655559" }],
      point: { srsName: "http://www.opengis.net/def/crs/EPSG/0/4326", lat: 20.95, lng: 101.4 },
      exactness: "1",
      locationClass: "2",
      featureDesignation: "ADM2",
    },
  ],
  sectors: [
    { code: "31161", vocabulary: "1", percentage: "70" },
    { code: "31120", vocabulary: "1", percentage: "30" },
    { code: "agriculture-poverty", vocabulary: "99", narratives: [{ text: "Agriculture and poverty reduction" }] },
  ],
  policyMarkers: [{ code: "5", vocabulary: "1", significance: "1" }],
  collaborationType: "1",
  defaultFlowType: "10",
  defaultFinanceType: "110",
  defaultAidTypes: [{ code: "C01", vocabulary: "1" }],
  defaultTiedStatus: "5",
  budgets: [
    { type: "1", status: "2", periodStart: "2025-01-01", periodEnd: "2025-12-31", value: { amount: "100000.00", valueDate: "2025-01-01" } },
    { type: "1", status: "1", periodStart: "2026-01-01", periodEnd: "2026-12-31", value: { amount: "250000.50" } },
  ],
  plannedDisbursements: [{ type: "1", periodStart: "2027-01-01", periodEnd: "2027-03-31", value: { amount: "50000", currency: "USD" }, provider: { ref: "XE-EXAMPLE-FUNDER", narratives: [] }, receiver: { narratives: [{ text: "Farmers' cooperative" }] } }],
  capitalSpend: "10",
  transactions: [
    {
      ref: "T-1",
      type: "2",
      date: "2025-01-10",
      value: { amount: "350000.50", currency: "USD", valueDate: "2025-01-10" },
      description: [{ text: "Commitment for both phases" }],
      provider: { ref: "XE-EXAMPLE-FUNDER", type: "10", narratives: [{ text: "Funding ministry" }] },
      receiver: { ref: "XE-EXAMPLE-ORG", activityId: "XE-EXAMPLE-ORG-ACT-1", narratives: [] },
      sectors: [],
      aidTypes: [{ code: "C01", vocabulary: "1" }],
      financeType: "110",
      flowType: "10",
      tiedStatus: "5",
      disbursementChannel: "1",
    },
    { type: "3", date: "2025-03-01", value: { amount: "120000" }, description: [], sectors: [], aidTypes: [], receiver: { narratives: [{ text: "Farmers' cooperative" }] } },
  ],
  documentLinks: [
    { url: "https://example.org/rice.pdf", format: "application/pdf", title: [{ text: "Trial design" }], description: [{ text: "How plots are chosen" }], categories: ["A02"], languages: ["en"], date: "2025-01-05" },
  ],
  relatedActivities: [{ ref: "XE-EXAMPLE-ORG-ACT-0", type: "1" }],
  results: [
    {
      type: "1",
      aggregationStatus: true,
      title: [{ text: "Yields" }],
      description: [{ text: "Upland rice yields" }],
      indicators: [
        {
          measure: "1",
          ascending: true,
          title: [{ text: "Tonnes per hectare" }],
          description: [],
          baselines: [{ isoDate: "2024-12-31", value: "1.2", comment: [{ text: "Before the trials" }] }],
          periods: [{ start: "2025-01-01", end: "2025-12-31", targets: [{ value: "1.5" }], actuals: [{ value: "1.4", comment: [{ text: "Dry year" }] }] }],
        },
      ],
    },
  ],
  ...over,
});

describe("IATI 2.03 writer", () => {
  it("writes an activity that validates against the 2.03 schema and passes every standard rule", async () => {
    const xml = (await collect(writeIatiActivities([base()], { generatedAt: NOW }))).join("");
    const lint = xmllint(xml);
    expect(lint.out).toMatch(/validates/);
    expect(lint.status).toBe(0);
    const { failures, evaluated, notEvaluated } = checkRuleset(xml, ruleset, { now: NOW, idSets: { "ORG-ID-PREFIX": agencies } });
    expect(failures).toEqual([]);
    expect(evaluated).toBeGreaterThan(50);
    expect(notEvaluated).toBe(0);
  });

  it("streams one chunk per activity between the document's start and end", async () => {
    async function* source() {
      yield base();
      yield base({ identifier: "XE-EXAMPLE-ORG-ACT-2" });
    }
    const chunks = await collect(writeIatiActivities(source(), { generatedAt: NOW }));
    expect(chunks).toHaveLength(4);
    expect(chunks[0]).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2026-11-22T10:00:00.000Z">\n');
    expect(chunks[1]).toMatch(/^ {2}<iati-activity /);
    expect(chunks[2]).toContain("<iati-identifier>XE-EXAMPLE-ORG-ACT-2</iati-identifier>");
    expect(chunks[3]).toBe("</iati-activities>\n");
    expect(xmllint(chunks.join("")).status).toBe(0);
  });

  it("writes elements in the schema's order, whatever order the record lists them in", () => {
    const doc = parseXmlDocument(activityXml(base()));
    const names = doc.documentElement!.children.map((c) => c.nodeName);
    const order = ["iati-identifier", "reporting-org", "title", "description", "participating-org", "other-identifier", "activity-status", "activity-date", "activity-scope", "recipient-country", "location", "sector", "policy-marker", "collaboration-type", "default-flow-type", "default-finance-type", "default-aid-type", "default-tied-status", "budget", "planned-disbursement", "capital-spend", "transaction", "document-link", "related-activity", "result"];
    const firsts = order.map((n) => names.indexOf(n));
    expect(firsts.every((i) => i >= 0)).toBe(true);
    expect([...firsts].sort((a, b) => a - b)).toEqual(firsts);
    // Inside a transaction too: type, date, value, description, provider, receiver, channel, …
    const tx = doc.documentElement!.children.find((c) => c.nodeName === "transaction")!;
    expect(tx.children.map((c) => c.nodeName)).toEqual(["transaction-type", "transaction-date", "value", "description", "provider-org", "receiver-org", "disbursement-channel", "flow-type", "finance-type", "aid-type", "tied-status"]);
  });

  it("escapes markup in text and attributes and keeps non-Latin text exact", () => {
    const xml = activityXml(base({ identifier: 'XE-EXAMPLE-ORG-A&B"<1>' }));
    expect(xml).toContain("<narrative>Cross-border rice &lt;trials&gt; &amp; seed banks</narrative>");
    expect(xml).toContain("<iati-identifier>XE-EXAMPLE-ORG-A&amp;B\"&lt;1&gt;</iati-identifier>");
    const doc = parseXmlDocument(xml);
    const text = (p: string) => fontoxpath.evaluateXPathToString(p, doc);
    expect(text("/iati-activity/title/narrative[1]")).toBe("Cross-border rice <trials> & seed banks");
    expect(text("/iati-activity/title/narrative[@xml:lang='lo']")).toBe("ການທົດລອງແນວພັນເຂົ້າຂ້າມແດນ");
    expect(text("/iati-activity/description/narrative")).toBe('Farmers "test" seeds\non both banks');
    expect(escapeAttr('a"b\nc&<')).toBe("a&quot;b&#10;c&amp;&lt;");
    // Control characters XML cannot carry are dropped, not escaped into an unreadable file.
    expect(escapeText("bell\u0007 ok\ttab")).toBe("bell ok\ttab");
  });

  it("leaves out empty optional elements and derives what the schema requires", () => {
    const bare = base({
      descriptions: [{ narratives: [{ text: "  " }] }],
      participatingOrgs: [{ narratives: [{ text: "no role" }] }],
      status: undefined,
      locations: [],
      sectors: [],
      policyMarkers: [],
      collaborationType: undefined,
      defaultFlowType: undefined,
      defaultFinanceType: undefined,
      defaultAidTypes: [],
      defaultTiedStatus: undefined,
      budgets: [{ periodStart: "2025-01-01", periodEnd: "2025-12-31", value: { amount: "1,000" } }],
      plannedDisbursements: [],
      capitalSpend: undefined,
      transactions: [{ type: "3", date: "2025-03-01T00:00:00", value: { amount: "5" }, description: [], sectors: [], aidTypes: [] }],
      documentLinks: [{ url: "https://example.org/x", title: [], description: [], categories: [], languages: [] }],
      relatedActivities: [],
      results: [{ type: "1", title: [{ text: "No indicators" }], description: [], indicators: [] }],
      otherIdentifiers: [],
    });
    const xml = activityXml(bare);
    for (const absent of ["<location", "<sector", "<policy-marker", "<budget", "<document-link", "<result", "<capital-spend", "<other-identifier", "<collaboration-type", "<description type"]) expect(xml).not.toContain(absent);
    // The title stands in for the missing description; the reporting org for a participant with a role.
    expect(xml).toMatch(/<description>\s*<narrative>Cross-border rice/);
    expect(xml).toContain('<participating-org ref="XE-EXAMPLE-ORG" type="40" role="2">');
    // Status from the dates (an actual start: implementation); value date from the transaction date.
    expect(xml).toContain('<activity-status code="2"/>');
    expect(xml).toContain('<value value-date="2025-03-01">5</value>');
    const doc = (await_: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n${await_}</iati-activities>\n`;
    const lint = xmllint(doc(xml));
    expect(lint.out).toMatch(/validates/);
  });

  it("normalises schema types and refuses what they cannot hold", () => {
    expect(decimal(" 12.50 ")).toBe("12.50");
    expect(decimal("-3")).toBe("-3");
    expect(decimal("1e5")).toBeUndefined();
    expect(decimal("1,000")).toBeUndefined();
    expect(isoDate("2025-02-28T10:00:00")).toBe("2025-02-28");
    expect(isoDate("2025-02-30")).toBeUndefined();
    expect(isoDate("28/02/2025")).toBeUndefined();
    expect(isoDateTime("2016-03-21T17:30:29.409391")).toBe("2016-03-21T17:30:29.409391");
    expect(isoDateTime("2016-03-21")).toBe("2016-03-21T00:00:00");
    expect(isoDateTime("yesterday")).toBeUndefined();
  });
});
