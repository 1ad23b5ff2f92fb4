import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fontoxpath from "fontoxpath";
import { parseXmlDocument, type Document, type Element } from "slimdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/support/app.js";
import { checkRuleset, type Ruleset } from "../../lib/iati/rules.js";

const { evaluateXPathToNodes, evaluateXPathToString, evaluateXPathToStrings } = fontoxpath;

const REF = resolve(process.cwd(), "../shared/data/iati-ref");
const XSD = join(REF, "schema-2.03/iati-activities-schema.xsd");
const ruleset = JSON.parse(readFileSync(join(REF, "rules/IATI-Rulesets_standard.json"), "utf8")) as Ruleset;
const agencies = [...readFileSync(join(REF, "codelists-nonembedded/OrganisationRegistrationAgency.xml"), "utf8").matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!);
const NOW = new Date("2026-11-22T10:00:00Z");
const PREFIX = "XE-EXAMPLE-CONCORD";

let h: Harness;
const dir = mkdtempSync(join(tmpdir(), "concord-iati-export-"));
beforeAll(async () => {
  h = await createHarness({ now: () => NOW });
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (query = "", as?: string) => h.call("GET", `/api/v1/exports/iati${query}`, { as });

async function exportXml(query = "", as?: string): Promise<{ xml: string; doc: Document; ids: string[] }> {
  const res = await get(query, as);
  expect(res.status).toBe(200);
  const xml = await res.text();
  const doc = parseXmlDocument(xml);
  return { xml, doc, ids: evaluateXPathToStrings("/iati-activities/iati-activity/iati-identifier", doc) };
}

/** The codes the project list shows for the same filters and caller: the export must hold exactly these. */
async function listed(query = "", as?: string): Promise<string[]> {
  const sep = query ? "&" : "?";
  const res = await h.call("GET", `/api/v1/projects${query}${sep}limit=500&sort=code`, { as });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { code: string }[] }).items.map((p) => p.code);
}

function xmllint(xml: string) {
  const file = join(dir, `export-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync("/usr/bin/xmllint", ["--noout", "--schema", XSD, file], { encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const activity = (doc: Document, id: string) => evaluateXPathToNodes(`/iati-activities/iati-activity[iati-identifier = '${id}']`, doc)[0] as Element;
const strings = (expr: string, node: Element) => evaluateXPathToStrings(expr, node);
const cents = (s: string) => Math.round(Number(s) * 100);

describe("GET /api/v1/exports/iati", () => {
  it("gives the public the published public projects as a valid IATI 2.03 file that passes the standard's rules", async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename=concord-iati-20261122.xml");
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2026-11-22T10:00:00.000Z">')).toBe(true);
    const lint = xmllint(xml);
    expect(lint.out).toMatch(/validates/);
    expect(lint.status).toBe(0);
    const { failures, evaluated } = checkRuleset(xml, ruleset, { now: NOW, idSets: { "ORG-ID-PREFIX": agencies } });
    expect(failures).toEqual([]);
    expect(evaluated).toBeGreaterThan(300);
    const ids = evaluateXPathToStrings("/iati-activities/iati-activity/iati-identifier", parseXmlDocument(xml));
    // The seeded sample projects that are public and past the proposal stage, in code order.
    expect(ids).toEqual(["SAMPLE-LMC-RICE", "SAMPLE-LMC-VOCATIONAL", "SAMPLE-MBZ-LOGISTICS", "SAMPLE-RMZ-TRADE"].map((c) => `${PREFIX}-${c}`));
    expect(ids.map((i) => i.slice(PREFIX.length + 1))).toEqual(await listed());
  });

  it("describes a project from Concord's records: parties, dates, countries, sector, yearly budgets, transactions", async () => {
    const { doc } = await exportXml("?q=MBZ");
    const a = activity(doc, `${PREFIX}-SAMPLE-MBZ-LOGISTICS`);
    expect(a).toBeDefined();
    expect(strings("@xml:lang, @default-currency", a)).toEqual(["en", "USD"]);
    // No owner with an IATI identifier: Concord's publisher reports it, as a secondary reporter, in the mechanism's name.
    expect(strings("reporting-org ! concat(@ref, ' ', @type, ' ', @secondary-reporter, ' ', narrative[1])", a)).toEqual([`${PREFIX} 40 1 Lancang-Mekong Cooperation`]);
    expect(strings("title/narrative/@xml:lang", a)).toEqual(["zh", "lo", "th", "vi", "km", "my"]); // English is the default: no xml:lang
    expect(evaluateXPathToString("title/narrative[not(@xml:lang)]", a)).toBe("Mohan–Boten cross-border logistics hub");
    expect(evaluateXPathToString("title/narrative[@xml:lang = 'zh']", a)).toBe("磨憨—磨丁跨境物流枢纽");
    expect(strings("participating-org ! concat(@role, ' ', narrative[1])", a)).toEqual([
      "1 Sample Mekong Development Bank",
      "2 Yunnan Province",
      "4 Luang Namtha Province",
      "4 Sample Yunnan Cross-border Logistics Co.",
    ]);
    expect(strings("other-identifier ! concat(@type, ' ', @ref)", a)).toEqual(["A1 SAMPLE-MBZ-LOGISTICS"]);
    expect(strings("activity-status/@code", a)).toEqual(["2"]);
    expect(strings("activity-date ! concat(@type, ' ', @iso-date)", a)).toEqual(["2 2024-03-01", "3 2027-12-31"]);
    // The beneficiaries are in China (Mohan) and Laos (Boten): half each.
    expect(strings("recipient-country ! concat(@code, ' ', @percentage)", a)).toEqual(["CN 50", "LA 50"]);
    expect(strings("sector ! concat(@vocabulary, ' ', @code)", a)).toEqual(["1 21010", "99 connectivity"]);
    // Phase budgets, cut into periods of at most a year; they still add up to each phase's budget and to the project's.
    const budgets = evaluateXPathToNodes("budget", a) as Element[];
    const periods = budgets.map((b) => strings("period-start/@iso-date, period-end/@iso-date, value", b));
    expect(periods.map(([s, e]) => `${s}..${e}`)).toEqual(["2024-03-01..2024-12-31", "2025-01-01..2025-12-31", "2026-01-01..2026-06-30", "2026-07-01..2027-06-30", "2027-07-01..2027-12-31"]);
    const amounts = periods.map((p) => cents(p[2]!));
    expect(amounts[0]).toBe(cents("600000.00"));
    expect(amounts[1]! + amounts[2]!).toBe(cents("2700000.00"));
    expect(amounts[3]! + amounts[4]!).toBe(cents("1500000.00"));
    expect(amounts.reduce((s, x) => s + x, 0)).toBe(cents("4800000.00"));
    // 2025 has 365 of the phase's 546 days.
    expect(amounts[1]).toBe(Math.floor((cents("2700000.00") * 365) / 546));
    expect(strings("budget/@status", a)).toEqual(["2", "2", "2", "1", "1"]);
    // Five transactions, typed by IATI code, with providers and receivers by name.
    expect(strings("transaction ! concat(transaction-type/@code, ' ', transaction-date/@iso-date, ' ', value, ' ', value/@currency)", a)).toEqual([
      "2 2024-03-15 600000.00 USD",
      "3 2024-06-01 580000.00 USD",
      "2 2025-01-10 2700000.00 USD",
      "3 2025-04-01 1200000.00 USD",
      "4 2025-09-30 950000.00 USD",
    ]);
    expect(strings("transaction[4]/(provider-org, receiver-org)/narrative[1]", a)).toEqual(["Sample Mekong Development Bank", "Sample Yunnan Cross-border Logistics Co."]);
  });

  it("maps each Concord status and its dates: completed is closed with an actual end, approved is pipeline with planned dates", async () => {
    const { doc } = await exportXml("", "admin");
    const status = (code: string) => strings("activity-status/@code", activity(doc, `${PREFIX}-${code}`))[0];
    const dates = (code: string) => strings("activity-date ! concat(@type, ' ', @iso-date)", activity(doc, `${PREFIX}-${code}`));
    expect(status("SAMPLE-LMC-VOCATIONAL")).toBe("4");
    expect(dates("SAMPLE-LMC-VOCATIONAL")).toEqual(["2 2022-09-01", "4 2024-08-31"]);
    expect(status("SAMPLE-LMC-RICE")).toBe("1");
    expect(dates("SAMPLE-LMC-RICE")).toEqual(["1 2026-01-01", "3 2027-06-30"]);
    expect(status("SAMPLE-RMZ-TRADE")).toBe("6");
    expect(status("SAMPLE-LMC-WATER-DATA")).toBe("1");
  });

  it("holds exactly what the list holds for each caller: signed-in users see internal projects, restricted ones only their parties", async () => {
    const restricted = await h.call("POST", "/api/v1/projects", {
      as: "officer",
      body: {
        code: "EXPORT-RESTRICTED",
        mechanism: "LMC",
        title: { en: "A restricted exchange" },
        visibility: "restricted",
        sector: "31161",
        startDate: "2026-01-01",
        endDate: "2026-12-31",
        budget: "1000.00",
        parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "la", role: "partner" }],
      },
    });
    expect(restricted.status).toBe(201);
    for (const as of [undefined, "admin", "officer", "otherOfficer", "analyst"]) {
      const { ids } = await exportXml("", as);
      expect(ids.map((i) => i.slice(PREFIX.length + 1)), String(as)).toEqual(await listed("", as));
    }
    expect((await exportXml("", "officer")).ids).toContain(`${PREFIX}-EXPORT-RESTRICTED`);
    expect((await exportXml("", "admin")).ids).not.toContain(`${PREFIX}-EXPORT-RESTRICTED`);
    const pub = (await exportXml()).ids;
    expect(pub).not.toContain(`${PREFIX}-SAMPLE-LMC-WATER-DATA`);
    expect((await exportXml("", "analyst")).ids).toContain(`${PREFIX}-SAMPLE-LMC-WATER-DATA`);
  });

  it("narrows the set with the list's filters", async () => {
    const cases: [string, string[]][] = [
      ["?mechanism=RMZ", ["SAMPLE-RMZ-TRADE"]],
      ["?status=completed", ["SAMPLE-LMC-VOCATIONAL"]],
      ["?country=LA", ["SAMPLE-LMC-RICE", "SAMPLE-MBZ-LOGISTICS"]],
      ["?q=rice", ["SAMPLE-LMC-RICE"]],
      ["?pillar=social-cultural", ["SAMPLE-LMC-VOCATIONAL"]],
      ["?year=2024", ["SAMPLE-MBZ-LOGISTICS"]],
      ["?actor=sample-mekong-bank", ["SAMPLE-MBZ-LOGISTICS"]],
      ["?mechanism=LMC&status=active", ["SAMPLE-MBZ-LOGISTICS"]],
      ["?mechanism=NOPE", []],
    ];
    for (const [query, codes] of cases) {
      const { ids, xml } = await exportXml(query);
      expect(ids, query).toEqual(codes.map((c) => `${PREFIX}-${c}`));
      expect(codes, query).toEqual(await listed(query));
      // Even an empty export is a well-formed document.
      if (!codes.length) expect(xml).toMatch(/<iati-activities version="2\.03" [^>]*>\n<\/iati-activities>\n$/);
    }
  });

  it("refuses bad filters with 400 and the field at fault, not a 500 or a half-written file", async () => {
    for (const [query, field] of [
      ["?status=bogus", "status"],
      ["?country=LAO", "country"],
      ["?year=abc", "year"],
      ["?year=1800", "year"],
      ["?visibility=secret", "visibility"],
      [`?q=${"x".repeat(201)}`, "q"],
      [`?mechanism=${"M".repeat(65)}`, "mechanism"],
    ] as const) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type"), query).toMatch(/application\/json/);
      const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.details.map((d) => d.path)).toContain(field);
    }
  });

  it("writes a transaction dated after today as a planned disbursement, so the file keeps passing the rules", async () => {
    const ref = "SAMPLE-RMZ-TRADE";
    const tx = await h.call("POST", `/api/v1/projects/${ref}/transactions`, { as: "secretariat", body: { type: "outgoing_commitment", value: "5000.00", valueDate: "2027-02-01", provider: "cn-yunnan", receiver: "cn-ruili-zone" } });
    expect(tx.status).toBe(201);
    const { xml, doc } = await exportXml("?mechanism=RMZ");
    const a = activity(doc, `${PREFIX}-${ref}`);
    expect(strings("planned-disbursement ! concat(@type, ' ', period-start/@iso-date, ' ', value, ' ', provider-org/narrative[1], ' → ', receiver-org/narrative[1])", a)).toEqual(["1 2027-02-01 5000.00 Yunnan Province → Ruili Border Economic Cooperation Zone"]);
    expect(strings("transaction/transaction-date/@iso-date", a)).not.toContain("2027-02-01");
    expect(xmllint(xml).status).toBe(0);
    expect(checkRuleset(xml, ruleset, { now: NOW, idSets: { "ORG-ID-PREFIX": agencies } }).failures).toEqual([]);
  });

  it("uses the owner's IATI organisation identifier when it has one", async () => {
    await h.database.db.execute(`update actors set external_ref = 'CN-USCI-1153' where code = 'cn-ruili-zone'`);
    try {
      const { doc, xml } = await exportXml("?mechanism=RMZ");
      const a = activity(doc, "CN-USCI-1153-SAMPLE-RMZ-TRADE");
      expect(strings("reporting-org ! concat(@ref, ' ', @type, ' ', narrative[1])", a)).toEqual(["CN-USCI-1153 11 Ruili Border Economic Cooperation Zone"]);
      expect(strings("reporting-org/@secondary-reporter", a)).toEqual([]);
      expect(strings("participating-org[@role = '2']/@ref", a)).toEqual(["CN-USCI-1153"]);
      expect(checkRuleset(xml, ruleset, { now: NOW, idSets: { "ORG-ID-PREFIX": agencies } }).failures).toEqual([]);
    } finally {
      await h.database.db.execute(`update actors set external_ref = null where code = 'cn-ruili-zone'`);
    }
  });
});
