import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRuleset, xpath1Compat, type RuleCase, type RuleCheckOptions, type Ruleset } from "./rules.js";

const REF = resolve(process.cwd(), "../shared/data/iati-ref");
const standard = JSON.parse(readFileSync(join(REF, "rules/IATI-Rulesets_standard.json"), "utf8")) as Ruleset;
const agencies = [...readFileSync(join(REF, "codelists-nonembedded/OrganisationRegistrationAgency.xml"), "utf8").matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!);
const NOW = new Date("2026-11-22T10:00:00Z");

const ACTIVITY = "/iati-activities/iati-activity";
const doc = (body: string, attrs = 'xml:lang="en" default-currency="USD"') =>
  `<iati-activities version="2.03"><iati-activity ${attrs}><iati-identifier>XM-DAC-1-A</iati-identifier><reporting-org ref="XM-DAC-1" type="10"><narrative xml:lang="en">R</narrative></reporting-org>${body}</iati-activity></iati-activities>`;

/** Runs one case of one rule on the activity context; returns the failures. */
function check(rule: string, c: Omit<RuleCase, "ruleInfo">, body: string, opts: { attrs?: string; context?: string; idSets?: RuleCheckOptions["idSets"] } = {}) {
  const ruleset: Ruleset = { [opts.context ?? ACTIVITY]: { [rule]: { cases: [{ ...c, ruleInfo: { id: "T.1", severity: "error", message: "test" } }] } } };
  return checkRuleset(doc(body, opts.attrs), ruleset, { now: NOW, idSets: opts.idSets }).failures;
}

/** The case of the standard ruleset with this rule id (first found), for tests of the real rules. */
function standardCase(context: string, rule: string, id: string): RuleCase {
  const found = standard[context]?.[rule]?.cases.find((c) => c.ruleInfo?.id === id);
  if (!found) throw new Error(`no ${rule} ${id} in ${context}`);
  return found;
}

describe("the standard ruleset", () => {
  it("uses exactly the rule types this checker implements", () => {
    const types = new Set<string>();
    const walk = (rs: Ruleset[string]) => {
      for (const [rule, { cases }] of Object.entries(rs)) {
        types.add(rule);
        if (rule === "loop") for (const c of cases) walk(c.do!);
      }
    };
    for (const rs of Object.values(standard)) walk(rs);
    expect([...types].sort()).toEqual(
      ["atleast_one", "between_dates", "date_now", "date_order", "if_then", "loop", "no_more_than_one", "no_spaces", "one_or_all", "range", "regex_matches", "startswith", "strict_sum", "time_limit", "unique"].sort(),
    );
  });

  it("finds the faults of a poor activity, each by its rule id, with the activity and the place", () => {
    const xml = doc(
      `<title><narrative/></title><description><narrative>D</narrative></description>
       <participating-org role="1"/>
       <activity-status code="2"/><activity-date type="1" iso-date="2026-01-01"/><activity-date type="3" iso-date="2025-01-01"/>
       <recipient-country code="LA" percentage="60"/><recipient-country code="TH" percentage="30"/>
       <sector code="31161" percentage="50"/><sector code="31120" percentage="20"/>
       <budget><period-start iso-date="2025-01-01"/><period-end iso-date="2026-06-30"/><value value-date="2025-01-01">1</value></budget>
       <transaction><transaction-type code="3"/><transaction-date iso-date="2027-01-01"/><value value-date="2027-01-01">1</value></transaction>`,
      'default-currency="USD"',
    );
    const { failures } = checkRuleset(xml, standard, { now: NOW, idSets: { "ORG-ID-PREFIX": agencies } });
    const ids = new Set(failures.map((f) => f.id));
    // title without text, participant without ref or name, planned end before start, countries at 90 %,
    // sectors at 70 %, a budget of 18 months, a transaction in the future, narratives without a language.
    for (const id of ["4.3.1", "6.10.1", "11.1.2", "3.1.2", "2.1.2", "7.5.3", "11.2.1", "11.2.2", "4.1.1"]) expect(ids, id).toContain(id);
    // ...and nothing it should not: the identifier does start with the reporting org's ref.
    for (const id of ["1.1.21", "1.1.3", "6.11.1", "1.14.8"]) expect(ids, id).not.toContain(id);
    const budget = failures.find((f) => f.id === "7.5.3")!;
    expect(budget).toMatchObject({ context: "/iati-activities/iati-activity/budget", path: "/iati-activities/iati-activity/budget", rule: "time_limit", activity: "XM-DAC-1-A" });
    expect(budget.details[0]).toMatch(/2025-01-01 to 2026-06-30 is 545 days/);
    expect(failures.find((f) => f.id === "3.1.2")!.details).toEqual(["sum is 90, not 100"]);
  });

  it("finds no context nodes for organisation rules in an activity file", () => {
    const xml = doc(`<title><narrative>T</narrative></title><description><narrative>D</narrative></description><activity-date type="2" iso-date="2025-01-01"/><sector code="1"/>`);
    const orgOnly = Object.fromEntries(Object.entries(standard).filter(([k]) => k.startsWith("/iati-organisations")));
    expect(Object.keys(orgOnly).length).toBeGreaterThan(3);
    expect(checkRuleset(xml, orgOnly, { now: NOW })).toEqual({ failures: [], evaluated: 0, notEvaluated: 0 });
  });

  it("refuses a ruleset with a rule it does not know rather than passing it", () => {
    expect(() => checkRuleset(doc(""), { [ACTIVITY]: { made_up: { cases: [{}] } } })).toThrow(/unsupported rule made_up/);
  });
});

describe("rule types", () => {
  it("atleast_one: a planned or actual start date (6.11.1); a condition limits where it applies", () => {
    const c = standardCase(ACTIVITY, "atleast_one", "6.11.1");
    expect(check("atleast_one", c, `<activity-date type="2" iso-date="2025-01-01"/>`)).toEqual([]);
    const f = check("atleast_one", c, `<activity-date type="3" iso-date="2025-01-01"/>`);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: "atleast_one", activity: "XM-DAC-1-A", path: "/iati-activities/iati-activity" });
    const pm = standardCase("/iati-activities/iati-activity/policy-marker", "atleast_one", "6.14.1");
    const ctx = { context: "/iati-activities/iati-activity/policy-marker" };
    expect(check("atleast_one", pm, `<policy-marker vocabulary="1" code="1" significance="2"/>`, ctx)).toEqual([]);
    expect(check("atleast_one", pm, `<policy-marker vocabulary="99" code="1"/>`, ctx)).toEqual([]);
    expect(check("atleast_one", pm, `<policy-marker vocabulary="1" code="1"/>`, ctx)).toHaveLength(1);
  });

  it("no_more_than_one: one default aid type per vocabulary (107.1.2)", () => {
    const c = standardCase(ACTIVITY, "no_more_than_one", "107.1.2");
    expect(check("no_more_than_one", c, `<default-aid-type code="C01"/><default-aid-type vocabulary="2" code="1"/>`)).toEqual([]);
    const f = check("no_more_than_one", c, `<default-aid-type code="C01"/><default-aid-type vocabulary="1" code="D01"/>`);
    expect(f).toHaveLength(1);
    expect(f[0]!.details).toHaveLength(2);
  });

  it("only_one_of: one of paths, none when an excluded element is there", () => {
    const c = { paths: ["recipient-country"], excluded: ["recipient-region"] };
    expect(check("only_one_of", c, `<recipient-country code="LA"/>`)).toEqual([]);
    expect(check("only_one_of", c, `<recipient-region code="789"/>`)).toEqual([]);
    expect(check("only_one_of", c, `<recipient-country code="LA"/><recipient-country code="TH"/>`)).toHaveLength(1);
    expect(check("only_one_of", c, `<recipient-country code="LA"/><recipient-region code="789"/>`)).toHaveLength(1);
  });

  it("one_or_all: a default language or one on every narrative (4.1.1); a default currency or one on every value (7.8.1)", () => {
    const lang = standardCase(ACTIVITY, "one_or_all", "4.1.1");
    expect(check("one_or_all", lang, `<title><narrative>x</narrative></title>`)).toEqual([]);
    expect(check("one_or_all", lang, `<title><narrative xml:lang="fr">x</narrative></title>`, { attrs: "" })).toEqual([]);
    const f = check("one_or_all", lang, `<title><narrative xml:lang="fr">x</narrative><narrative>y</narrative></title>`, { attrs: "" });
    expect(f).toHaveLength(1);
    expect(f[0]!.details).toEqual(["/iati-activities/iati-activity/title/narrative[2] has no xml:lang"]);
    const cur = standardCase(ACTIVITY, "one_or_all", "7.8.1");
    const tx = (attr: string) => `<transaction><transaction-type code="3"/><value ${attr} value-date="2025-01-01">1</value></transaction>`;
    expect(check("one_or_all", cur, tx(""))).toEqual([]);
    expect(check("one_or_all", cur, tx('currency="EUR"'), { attrs: 'xml:lang="en"' })).toEqual([]);
    expect(check("one_or_all", cur, tx(""), { attrs: 'xml:lang="en"' })).toHaveLength(1);
    const sector = standardCase(ACTIVITY, "one_or_all", "6.7.2");
    expect(check("one_or_all", sector, `<transaction><sector code="1"/></transaction>`)).toEqual([]);
    expect(check("one_or_all", sector, `<transaction><sector code="1"/></transaction><transaction/>`)).toHaveLength(1);
  });

  it("dependent: if one path exists, all must", () => {
    const c = { paths: ["capital-spend", "budget"] };
    expect(check("dependent", c, ``)).toEqual([]);
    expect(check("dependent", c, `<capital-spend percentage="1"/><budget/>`)).toEqual([]);
    expect(check("dependent", c, `<capital-spend percentage="1"/>`)[0]!.details).toEqual(["budget missing"]);
  });

  it("unique: the activity identifier differs from the reporting org's (1.1.3)", () => {
    const c = standardCase(ACTIVITY, "unique", "1.1.3");
    expect(check("unique", c, ``)).toEqual([]);
    const xml = `<iati-activities version="2.03"><iati-activity><iati-identifier>XM-DAC-1</iati-identifier><reporting-org ref="XM-DAC-1" type="10"/></iati-activity></iati-activities>`;
    const { failures } = checkRuleset(xml, { [ACTIVITY]: { unique: { cases: [c] } } }, { now: NOW });
    expect(failures.map((f) => f.id)).toEqual(["1.1.3"]);
  });

  it("sum: passes with nothing to add up; strict_sum: sector percentages add to 100 per vocabulary (2.1.2)", () => {
    const sum = { paths: ["sector/@percentage"], sum: 100 };
    expect(check("sum", sum, `<sector code="1"/>`)).toEqual([]);
    expect(check("sum", sum, `<sector code="1" percentage="40"/>`)).toHaveLength(1);
    const c = standardCase(ACTIVITY, "strict_sum", "2.1.2");
    expect(check("strict_sum", c, `<sector code="1" percentage="33.33"/><sector code="2" percentage="33.33"/><sector code="3" percentage="33.34"/>`)).toEqual([]);
    expect(check("strict_sum", c, `<sector code="1" percentage="50"/>`)).toEqual([]); // one sector: the condition does not hold
    expect(check("strict_sum", c, `<sector code="1" percentage="50"/><sector code="2" percentage="49.99"/>`)[0]!.details).toEqual(["sum is 99.99, not 100"]);
  });

  it("range: percentages between 0 and 100 (12.3.1)", () => {
    const c = standardCase(ACTIVITY, "range", "12.3.1");
    expect(check("range", c, `<sector code="1" percentage="0"/><sector code="2" percentage="100"/>`)).toEqual([]);
    expect(check("range", c, `<sector code="1" percentage="100.5"/>`)).toHaveLength(1);
    expect(check("range", c, `<sector code="1" percentage="-1"/>`)).toHaveLength(1);
  });

  it("regex_matches: no / & | ? in the identifier (1.3.13); regex_no_matches: the opposite", () => {
    const c = standardCase(ACTIVITY, "regex_matches", "1.3.13");
    expect(check("regex_matches", c, ``)).toEqual([]);
    const bad = `<iati-activities><iati-activity><iati-identifier>XM-DAC-1-A/B</iati-identifier></iati-activity></iati-activities>`;
    expect(checkRuleset(bad, { [ACTIVITY]: { regex_matches: { cases: [c] } } }).failures).toHaveLength(1);
    // A registered publisher's identifiers are its own business: the id condition lifts the rule.
    expect(checkRuleset(bad, { [ACTIVITY]: { regex_matches: { cases: [c] } } }, { idSets: { "ORG-ID": ["XM-DAC-1"] } }).failures).toEqual([]);
    const no = { paths: ["iati-identifier"], regex: "\\s" };
    expect(check("regex_no_matches", no, ``)).toEqual([]);
    expect(checkRuleset(`<iati-activities><iati-activity><iati-identifier>A B</iati-identifier></iati-activity></iati-activities>`, { [ACTIVITY]: { regex_no_matches: { cases: [no] } } }).failures).toHaveLength(1);
  });

  it("startswith: the identifier begins with the reporting org's ref and a hyphen (1.1.21); the ref with an agency code (1.14.8)", () => {
    const c = standardCase(ACTIVITY, "startswith", "1.1.21");
    expect(check("startswith", c, ``)).toEqual([]);
    const other = `<iati-activities><iati-activity><iati-identifier>OLD-9-A</iati-identifier><reporting-org ref="XM-DAC-1"/><other-identifier ref="OLD-9" type="B1"/></iati-activity></iati-activities>`;
    expect(checkRuleset(other, { [ACTIVITY]: { startswith: { cases: [c] } } }).failures).toEqual([]);
    const bad = `<iati-activities><iati-activity><iati-identifier>XM-DAC-1A</iati-identifier><reporting-org ref="XM-DAC-1"/></iati-activity></iati-activities>`;
    expect(checkRuleset(bad, { [ACTIVITY]: { startswith: { cases: [c] } } }).failures[0]!.details[0]).toMatch(/starts with none of 'XM-DAC-1-'/);
    const agency = standardCase(ACTIVITY, "startswith", "1.14.8");
    expect(check("startswith", agency, ``, { idSets: { "ORG-ID-PREFIX": agencies } })).toEqual([]);
    const unknown = `<iati-activities><iati-activity><iati-identifier>ZZ-NOPE-1-A</iati-identifier><reporting-org ref="ZZ-NOPE-1"/></iati-activity></iati-activities>`;
    const rs: Ruleset = { [ACTIVITY]: { startswith: { cases: [agency] } } };
    expect(checkRuleset(unknown, rs, { idSets: { "ORG-ID-PREFIX": agencies } }).failures).toHaveLength(1);
    // Without the agency list the case cannot be judged: it is counted, not passed or failed.
    expect(checkRuleset(unknown, rs)).toMatchObject({ failures: [], notEvaluated: 1 });
  });

  it("no_spaces: identifiers do not start or end with spaces (1.3.1)", () => {
    const c = standardCase(ACTIVITY, "no_spaces", "1.3.1");
    expect(check("no_spaces", c, ``)).toEqual([]);
    const bad = `<iati-activities><iati-activity><iati-identifier> XM-DAC-1-A\n</iati-identifier></iati-activity></iati-activities>`;
    expect(checkRuleset(bad, { [ACTIVITY]: { no_spaces: { cases: [c] } } }).failures).toHaveLength(1);
  });

  it("if_then: a single recipient country is 100 % or has no percentage (3.1.4)", () => {
    const c = standardCase(ACTIVITY, "if_then", "3.1.4");
    expect(check("if_then", c, `<recipient-country code="LA"/>`)).toEqual([]);
    expect(check("if_then", c, `<recipient-country code="LA" percentage="100"/>`)).toEqual([]);
    expect(check("if_then", c, `<recipient-country code="LA" percentage="80"/>`)).toHaveLength(1);
  });

  it("if_then with XPath 1.0 comparisons: an empty vocabulary is not a type error (2.2.1), a non-numeric baseline fails 8.8.2", () => {
    const c = standardCase(ACTIVITY, "if_then", "2.2.1");
    expect(check("if_then", c, `<sector vocabulary="" code="1"/>`)).toEqual([]);
    expect(check("if_then", c, `<sector vocabulary="99" code="x"><narrative>Own</narrative></sector>`)).toEqual([]);
    expect(check("if_then", c, `<sector vocabulary="99" code="x"/>`)).toHaveLength(1);
    const ctx = "/iati-activities/iati-activity/result/indicator[@measure='1' or @measure='2' or @measure='3' or @measure='4']/baseline";
    const b = standardCase(ctx, "if_then", "8.8.2");
    const body = (v: string) => `<result><indicator measure="1"><baseline year="2020" value="${v}"/></indicator></result>`;
    expect(check("if_then", b, body("12.5"), { context: ctx })).toEqual([]);
    const f = check("if_then", b, body("lots"), { context: ctx });
    expect(f).toHaveLength(1);
    expect(f[0]!.error).toBeUndefined();
    expect(xpath1Compat("count(sector[@vocabulary=98 or @vocabulary != 1]) > 0")).toBe("count(sector[(@vocabulary ! number(.))=98 or (@vocabulary ! number(.)) != 1]) > 0");
    expect(xpath1Compat("number(@value) = @value")).toBe("number(@value) = (@value ! number(.))");
  });

  it("loop: countries and each region vocabulary add up to 100 % (3.4.2), with the looped value substituted", () => {
    const loop = standard[ACTIVITY]!.loop!.cases.find((c) => c.do?.strict_sum?.cases[0]?.ruleInfo?.id === "3.4.2")!;
    const rs: Ruleset = { [ACTIVITY]: { loop: { cases: [loop] } } };
    const run = (body: string) => checkRuleset(doc(body), rs, { now: NOW }).failures;
    expect(run(`<recipient-country code="LA" percentage="60"/><recipient-region code="789" vocabulary="1" percentage="40"/><recipient-region code="X" vocabulary="99" percentage="40"/>`)).toEqual([]);
    const f = run(`<recipient-country code="LA" percentage="50"/><recipient-region code="789" vocabulary="1" percentage="50"/><recipient-region code="X" vocabulary="99" percentage="40"/>`);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: "strict_sum", id: "3.4.2", details: ["sum is 90, not 100"] });
    expect(f[0]!.case.paths).toEqual(["recipient-region[@vocabulary = '99']/@percentage", "recipient-country/@percentage"]);
    // A quote in a looped value cannot break out of the XPath string it is put into.
    expect(run(`<recipient-country code="LA" percentage="50"/><recipient-region vocabulary="x'y" code="1" percentage="50"/>`)).toEqual([]);
  });

  it("loop: only the keys named in subs are substituted, as IATI's validator does", () => {
    // The standard's per-vocabulary sector sum (2.1.2) lists only `paths` in subs, so its condition
    // keeps a literal '$1' and never holds: the rule is inert, in IATI's validator and here alike.
    const loop = standard[ACTIVITY]!.loop!.cases.find((c) => c.do?.strict_sum?.cases[0]?.ruleInfo?.id === "2.1.2")!;
    expect(loop.subs).toEqual(["paths"]);
    const rs: Ruleset = { [ACTIVITY]: { loop: { cases: [loop] } } };
    expect(checkRuleset(doc(`<sector vocabulary="2" code="1" percentage="60"/><sector vocabulary="2" code="2" percentage="30"/>`), rs).failures).toEqual([]);
  });

  it("date_order: planned start before planned end (11.1.2); transactions not in the future, all of them (11.2.1)", () => {
    const c = standardCase(ACTIVITY, "date_order", "11.1.2");
    expect(check("date_order", c, `<activity-date type="1" iso-date="2025-01-01"/><activity-date type="3" iso-date="2025-01-01"/>`)).toEqual([]);
    expect(check("date_order", c, `<activity-date type="1" iso-date="2025-01-01"/>`)).toEqual([]); // nothing to compare
    expect(check("date_order", c, `<activity-date type="1" iso-date="2025-01-02"/><activity-date type="3" iso-date="2025-01-01"/>`)).toHaveLength(1);
    const now = standardCase(ACTIVITY, "date_order", "11.2.1");
    const tx = (d: string) => `<transaction><transaction-date iso-date="${d}"/></transaction>`;
    expect(check("date_order", now, tx("2026-11-22") + tx("2020-01-01"))).toEqual([]);
    const f = check("date_order", now, tx("2020-01-01") + tx("2026-11-23"));
    expect(f).toHaveLength(1);
    expect(f[0]!.details).toEqual(["transaction/transaction-date/@iso-date = 2026-11-23 is after NOW = 2026-11-22"]);
  });

  it("date_now: last updated not in the future (11.1.1)", () => {
    const c = standardCase(ACTIVITY, "date_now", "11.1.1");
    expect(check("date_now", c, ``, { attrs: 'xml:lang="en" last-updated-datetime="2026-11-22T09:00:00"' })).toEqual([]);
    expect(check("date_now", c, ``, { attrs: 'xml:lang="en" last-updated-datetime="2026-11-22T11:00:00Z"' })).toHaveLength(1);
  });

  it("time_limit: a budget period of at most a year (7.5.3)", () => {
    const ctx = "/iati-activities/iati-activity/budget";
    const c = standardCase(ctx, "time_limit", "7.5.3");
    const b = (s: string, e: string) => `<budget><period-start iso-date="${s}"/><period-end iso-date="${e}"/></budget>`;
    expect(check("time_limit", c, b("2024-01-01", "2024-12-31") + b("2025-03-01", "2026-02-28"), { context: ctx })).toEqual([]);
    const f = check("time_limit", c, b("2024-01-01", "2024-12-31") + b("2025-01-01", "2026-01-02"), { context: ctx });
    expect(f.map((x) => x.path)).toEqual(["/iati-activities/iati-activity/budget[2]"]);
  });

  it("between_dates: organisation budget lines dated within their period (11.3.1)", () => {
    const ctx = "/iati-organisations/iati-organisation/recipient-country-budget";
    const c = standardCase(ctx, "between_dates", "11.3.1");
    const org = (d: string) =>
      `<iati-organisations version="2.03"><iati-organisation><organisation-identifier>XM-DAC-1</organisation-identifier><recipient-country-budget><period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/><budget-line><value value-date="2025-06-01">1</value></budget-line><budget-line><value value-date="${d}">1</value></budget-line></recipient-country-budget></iati-organisation></iati-organisations>`;
    const rs: Ruleset = { [ctx]: { between_dates: { cases: [c] } } };
    expect(checkRuleset(org("2025-12-31"), rs).failures).toEqual([]);
    const f = checkRuleset(org("2026-01-01"), rs).failures;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ activity: "XM-DAC-1", id: "11.3.1" });
  });
});
