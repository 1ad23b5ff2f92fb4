import fontoxpath from "fontoxpath";
import { parseXmlDocument, type Attr, type Document, type Element, type Node } from "slimdom";

/**
 * A checker for the IATI Rulesets (IATI/IATI-Rulesets, `rulesets/standard.json`): the standard's
 * data-quality rules beyond what the XSD can say (dates in order, percentages that add up,
 * identifiers that start with the publisher's). It follows the rule semantics of IATI's own
 * JavaScript validator (IATI/js-validator-api, SPEC_JS.rst) with three deliberate differences:
 *
 * - XPath: the rules are XPath 1.0; fontoxpath is XPath 3.1, where comparing `@vocabulary = 98`
 *   with an empty or non-numeric attribute is a type error rather than `false`. Comparisons of an
 *   attribute with a number literal are rewritten to compare `number(@attr)`, which is what XPath
 *   1.0 does. An expression that still fails to evaluate is reported as a failure with `error`, so
 *   a rule is never passed silently.
 * - `date_order` and `between_dates` check every date the paths match (IATI's validator takes the
 *   first), so the eleventh transaction dated in the future is found too.
 * - `startswith` against `ORG-ID-PREFIX` and the `NOT_EXISTING_ORG_ID…` id conditions need lists
 *   from the IATI Registry and org-id.guide. Give them in `options.idSets`; without a prefix list
 *   the ORG-ID-PREFIX cases are not evaluated (and counted in `notEvaluated`), and without a
 *   publisher list every id counts as not registered, so those rules apply.
 *
 * Pure: it reads a document from a string and never touches the network or the database.
 */

const { evaluateXPath, evaluateXPathToBoolean, evaluateXPathToNodes } = fontoxpath;

/** One case of a rule as the ruleset file writes it; which keys matter depends on the rule. */
export type RuleCase = {
  condition?: string;
  idCondition?: "NOT_EXISTING_ORG_ID" | "NOT_EXISTING_ORG_ID_PREFIX" | string;
  paths?: string[];
  excluded?: string[];
  less?: string;
  more?: string;
  date?: string;
  start?: string;
  end?: string;
  regex?: string;
  sum?: number;
  min?: number;
  max?: number;
  one?: string;
  all?: string;
  if?: string;
  then?: string;
  prefix?: string[] | string;
  separator?: string;
  foreach?: string;
  do?: RuleSet;
  subs?: string[];
  ruleInfo?: { id?: string; severity?: string; category?: string; message?: string; link?: { path?: string; url?: string } };
};

/** Rule name → its cases, for one context. */
export type RuleSet = Record<string, { cases: RuleCase[] }>;
/** Context XPath → rules, the shape of `IATI-Rulesets_standard.json`. */
export type Ruleset = Record<string, RuleSet>;

export type RuleFailure = {
  /** The ruleset's context expression, e.g. `/iati-activities/iati-activity/budget`. */
  context: string;
  /** Where the context node is in this document, e.g. `/iati-activities/iati-activity[2]/budget[3]`. */
  path: string;
  /** The rule type (`date_order`, `strict_sum`…); for rules inside a `loop`, the inner rule's. */
  rule: string;
  /** The case that failed, with `$1` already substituted for loops. */
  case: RuleCase;
  /** The iati-identifier (or organisation-identifier) of the record the context node is in. */
  activity?: string;
  id?: string;
  severity?: string;
  message?: string;
  /** What was found: the offending values, dates or sums. */
  details: string[];
  /** Set when an expression of the case could not be evaluated. */
  error?: string;
};

export type RuleCheckOptions = {
  /** "Now" for `date_now` and `NOW` in `date_order`; defaults to the current time. */
  now?: Date;
  /**
   * `ORG-ID-PREFIX`: registration-agency prefixes (`GB-COH`, `XM-DAC`…), e.g. the codes of the
   * OrganisationRegistrationAgency codelist. `ORG-ID`: organisation identifiers registered as IATI
   * publishers.
   */
  idSets?: { "ORG-ID-PREFIX"?: Iterable<string>; "ORG-ID"?: Iterable<string> };
};

export type RuleCheckResult = {
  failures: RuleFailure[];
  /** Context nodes × cases evaluated (loops count once per substituted value). */
  evaluated: number;
  /** Cases skipped because an id list they need was not given. */
  notEvaluated: number;
};

const RULES = new Set([
  "atleast_one",
  "no_more_than_one",
  "only_one_of",
  "one_or_all",
  "dependent",
  "sum",
  "strict_sum",
  "date_order",
  "date_now",
  "time_limit",
  "between_dates",
  "regex_matches",
  "regex_no_matches",
  "startswith",
  "unique",
  "no_spaces",
  "if_then",
  "range",
  "loop",
]);

const XPATH_OPTIONS = { namespaceResolver: (prefix: string) => (prefix === "xml" ? "http://www.w3.org/XML/1998/namespace" : null) };

/**
 * XPath 1.0 compares a node with a number by converting the node to a number (NaN when it is not
 * one); XPath 3.1 casts and throws. The rewrite makes `@a = 98`, `@a != 1` and `number(@a) = @a`
 * behave as the ruleset's authors meant.
 */
export function xpath1Compat(expr: string): string {
  return expr
    .replace(/(@[A-Za-z_][\w.:-]*)(\s*(?:!=|<=|>=|=|<|>)\s*)(-?\d+(?:\.\d+)?)(?![\w.'"])/g, "($1 ! number(.))$2$3")
    .replace(/(number\([^()]*\)\s*(?:!=|=)\s*)(@[A-Za-z_][\w.:-]*)(?![\w(])/g, "$1($2 ! number(.))");
}

type Item = Node | string | number | boolean | Date | unknown;

const isNode = (v: Item): v is Node => typeof v === "object" && v !== null && "nodeType" in v;

/** The text of an element, attribute or text node, or an atomic value as a string. */
function textOf(v: Item): string {
  if (!isNode(v)) return String(v);
  if (v.nodeType === 2) return (v as Attr).value;
  return v.textContent ?? "";
}

class EvalError extends Error {}

function items(expr: string, node: Node): Item[] {
  try {
    return evaluateXPath(xpath1Compat(expr), node, null, null, evaluateXPath.ALL_RESULTS_TYPE, XPATH_OPTIONS) as Item[];
  } catch (err) {
    throw new EvalError(`${expr}: ${(err as Error).message.split("\n")[0]}`);
  }
}

function bool(expr: string, node: Node): boolean {
  try {
    return evaluateXPathToBoolean(xpath1Compat(expr), node, null, null, XPATH_OPTIONS);
  } catch (err) {
    throw new EvalError(`${expr}: ${(err as Error).message.split("\n")[0]}`);
  }
}

/** An ISO date or date-time as a time; a date-time without a zone is read as UTC so results do not depend on the machine. */
function parseDate(text: string): number | null {
  const s = text.trim();
  if (!/^-?\d{4}-\d{2}-\d{2}/.test(s)) return null;
  const withZone = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(s) || !s.includes("T") ? s : `${s}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? null : t;
}

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** `/iati-activities/iati-activity[2]/budget[1]/@type`: a node's place, for people to find it. */
export function nodePath(node: Node): string {
  const parts: string[] = [];
  let cur: Node | null = node;
  while (cur && cur.nodeType !== 9) {
    if (cur.nodeType === 2) {
      parts.unshift(`@${(cur as Attr).name}`);
      cur = (cur as Attr).ownerElement;
      continue;
    }
    if (cur.nodeType === 1) {
      const el = cur as Element;
      const parent: Node | null = el.parentNode;
      const same = parent ? parent.childNodes.filter((c) => c.nodeType === 1 && (c as Element).nodeName === el.nodeName) : [el];
      parts.unshift(same.length > 1 ? `${el.nodeName}[${same.indexOf(el) + 1}]` : el.nodeName);
    } else if (cur.nodeType === 3) parts.unshift("text()");
    cur = cur.parentNode;
  }
  return `/${parts.join("/")}`;
}

/** The identifier of the activity or organisation record a node belongs to. */
function recordIdentifier(node: Node): string | undefined {
  let cur: Node | null = node.nodeType === 2 ? (node as Attr).ownerElement : node;
  while (cur && cur.nodeType === 1) {
    const el = cur as Element;
    const idName = el.nodeName === "iati-activity" ? "iati-identifier" : el.nodeName === "iati-organisation" ? "organisation-identifier" : null;
    if (idName) {
      const id = el.children.find((c) => c.nodeName === idName);
      return id?.textContent?.trim() || undefined;
    }
    cur = el.parentNode;
  }
  return undefined;
}

type Outcome = { pass: boolean; details: string[] } | { skipped: "condition" | "id-condition" | "no-data" | "not-evaluated" };

type Env = { now: number; orgIdPrefixes?: Set<string>; orgIds: Set<string> };

/** Evaluates every path of a case and flattens the matches, as the ruleset's `paths` mean. */
const pathMatches = (c: RuleCase, node: Node) => (c.paths ?? []).flatMap((p) => items(p, node));

function dates(expr: string | undefined, node: Node, env: Env): { t: number; text: string }[] {
  if (!expr) return [];
  if (expr === "NOW") return [{ t: env.now, text: "NOW" }];
  return items(expr, node)
    .map((v) => ({ t: parseDate(textOf(v)), text: textOf(v) }))
    .filter((d): d is { t: number; text: string } => d.t !== null);
}

/** The currency-bearing elements an activity or organisation must give a currency for when it declares no default. */
const CURRENCY_ELEMENTS = ["value", "forecast", "loan-status"];

function oneOrAll(c: RuleCase, node: Node): Outcome {
  if (items(c.one!, node).length > 0) return { pass: true, details: [] };
  const missing: string[] = [];
  const els = (expr: string) => items(expr, node).filter(isNode);
  switch (c.all) {
    case "lang":
      for (const n of els("descendant::narrative")) if (items("@xml:lang", n).length === 0) missing.push(`${nodePath(n)} has no xml:lang`);
      break;
    case "currency":
      for (const name of CURRENCY_ELEMENTS) for (const n of els(`descendant::${name}`)) if (items("@currency", n).length === 0) missing.push(`${nodePath(n)} has no currency`);
      break;
    case "sector":
      for (const n of els("transaction")) if (items("sector", n).length === 0) missing.push(`${nodePath(n)} has no sector`);
      break;
    case "recipient-country|recipient-region":
      for (const n of els("transaction")) if (items("recipient-country | recipient-region", n).length === 0) missing.push(`${nodePath(n)} has no recipient country or region`);
      break;
    default:
      // Any other `all` names an element or attribute every child record must carry.
      if (c.all) for (const n of els("*")) if (items(c.all, n).length === 0) missing.push(`${nodePath(n)} has no ${c.all}`);
  }
  return { pass: missing.length === 0, details: missing };
}

function sumOf(values: string[]): number {
  return Number(values.reduce((acc, v) => acc + Number(v), 0).toFixed(4));
}

function evaluateCase(rule: string, c: RuleCase, node: Node, env: Env): Outcome {
  if (c.condition !== undefined && !bool(c.condition, node)) return { skipped: "condition" };
  const needsPaths = c.paths !== undefined;
  const matches = needsPaths ? pathMatches(c, node) : [];
  const texts = matches.map(textOf);

  if (c.idCondition === "NOT_EXISTING_ORG_ID" && texts.some((t) => env.orgIds.has(t))) return { skipped: "id-condition" };
  if (c.idCondition === "NOT_EXISTING_ORG_ID_PREFIX" && texts.some((t) => [...env.orgIds].some((id) => t.startsWith(`${id}-`)))) return { skipped: "id-condition" };

  const result = (pass: boolean, details: string[] = []): Outcome => ({ pass, details: pass ? [] : details });
  const shown = (list: Item[]) => list.map((m) => (isNode(m) ? `${nodePath(m)} = '${textOf(m)}'` : `'${textOf(m)}'`));

  switch (rule) {
    case "atleast_one":
      return result(matches.length >= 1, [`none of ${(c.paths ?? []).join(", ")} found`]);
    case "no_more_than_one":
      return result(matches.length <= 1, shown(matches));
    case "only_one_of": {
      const excluded = (c.excluded ?? []).some((e) => items(e, node).length > 0);
      return result(excluded ? matches.length === 0 : matches.length === 1, shown(matches));
    }
    case "dependent": {
      const present = (c.paths ?? []).map((p) => items(p, node).length > 0);
      return result(present.every((x) => x) || present.every((x) => !x), (c.paths ?? []).filter((_, i) => !present[i]).map((p) => `${p} missing`));
    }
    case "one_or_all":
      return oneOrAll(c, node);
    case "unique": {
      const seen = new Set<string>();
      const dups = texts.filter((t) => (seen.has(t) ? true : (seen.add(t), false)));
      return result(dups.length === 0, dups.map((d) => `'${d}' repeated`));
    }
    case "sum":
    case "strict_sum": {
      if (rule === "sum" && matches.length === 0) return { pass: true, details: [] };
      const total = sumOf(texts);
      return result(total === Number(c.sum), [`sum is ${total}, not ${c.sum}`]);
    }
    case "range": {
      const bad = matches.filter((m) => {
        const v = Number(textOf(m));
        const min = c.min ?? v;
        const max = c.max ?? v;
        return !(min <= v && v <= max);
      });
      return result(bad.length === 0, shown(bad));
    }
    case "regex_matches":
    case "regex_no_matches": {
      const re = new RegExp(c.regex!);
      const want = rule === "regex_matches";
      // An empty value passes, as in IATI's validator: a missing value is another rule's business.
      const bad = matches.filter((m) => textOf(m) !== "" && re.test(textOf(m)) !== want);
      return result(bad.length === 0, shown(bad));
    }
    case "no_spaces": {
      const bad = matches.filter((m) => textOf(m) !== textOf(m).trim());
      return result(bad.length === 0, shown(bad));
    }
    case "startswith": {
      const prefixes = typeof c.prefix === "string" ? [c.prefix] : (c.prefix ?? []);
      if (prefixes.length === 1 && prefixes[0] === "ORG-ID-PREFIX") {
        if (!env.orgIdPrefixes) return { skipped: "not-evaluated" };
        const bad = matches.filter((m) => {
          const [a, b] = textOf(m).split("-");
          return !env.orgIdPrefixes!.has(`${a}-${b}`);
        });
        return result(bad.length === 0, shown(bad).map((s) => `${s} does not start with a registration agency code`));
      }
      const starts = prefixes.flatMap((p) => items(p, node).map(textOf)).map((s) => s + (c.separator ?? ""));
      const bad = matches.filter((m) => !starts.some((s) => textOf(m).startsWith(s)));
      return result(bad.length === 0, shown(bad).map((s) => `${s} starts with none of ${starts.map((x) => `'${x}'`).join(", ") || "(no prefix found)"}`));
    }
    case "if_then":
      if (!bool(c.if!, node)) return { pass: true, details: [] };
      return result(bool(c.then!, node), [`${c.if} holds but ${c.then} does not`, ...shown(matches)]);
    case "date_order": {
      const less = dates(c.less, node, env);
      const more = dates(c.more, node, env);
      if (!less.length || !more.length) return { skipped: "no-data" };
      const bad: string[] = [];
      for (const l of less) for (const m of more) if (l.t > m.t) bad.push(`${c.less} = ${l.text} is after ${c.more} = ${m.text === "NOW" ? isoDay(env.now) : m.text}`);
      return result(bad.length === 0, bad);
    }
    case "date_now": {
      const ds = dates(c.date, node, env);
      if (!ds.length) return { skipped: "no-data" };
      const bad = ds.filter((d) => d.t > env.now).map((d) => `${c.date} = ${d.text} is after ${new Date(env.now).toISOString()}`);
      return result(bad.length === 0, bad);
    }
    case "time_limit": {
      const [s] = dates(c.start, node, env);
      const [e] = dates(c.end, node, env);
      if (!s || !e) return { skipped: "no-data" };
      const days = Math.trunc((e.t - s.t) / DAY);
      return result(days <= 365, [`${s.text} to ${e.text} is ${days} days, more than a year`]);
    }
    case "between_dates": {
      const [s] = dates(c.start, node, env);
      const [e] = dates(c.end, node, env);
      const ds = dates(c.date, node, env);
      if (!s || !e || !ds.length) return { skipped: "no-data" };
      const bad = ds.filter((d) => d.t < s.t || d.t > e.t).map((d) => `${c.date} = ${d.text} is outside ${s.text} to ${e.text}`);
      return result(bad.length === 0, bad);
    }
    default:
      throw new Error(`unsupported rule ${rule}`);
  }
}

/** XPath string literals in the ruleset are single-quoted: a value with a quote must not end them. */
const quoteSafe = (v: string) => v.replace(/'/g, "''");

function substitute(c: RuleCase, subs: string[], value: string): RuleCase {
  const out: RuleCase = { ...c };
  const rec = out as Record<string, unknown>;
  for (const key of subs) {
    const v = rec[key];
    if (typeof v === "string") rec[key] = v.replace(/\$1/g, quoteSafe(value));
    else if (Array.isArray(v)) rec[key] = v.map((x) => (typeof x === "string" ? x.replace(/\$1/g, quoteSafe(value)) : x));
  }
  return out;
}

/** Refuses a ruleset that uses a rule this checker does not know, rather than passing it silently. */
function assertKnownRules(ruleset: Ruleset) {
  const walk = (rs: RuleSet) => {
    for (const [rule, { cases }] of Object.entries(rs)) {
      if (!RULES.has(rule)) throw new Error(`unsupported rule ${rule}`);
      if (rule === "loop") for (const c of cases) walk(c.do ?? {});
    }
  };
  for (const rs of Object.values(ruleset)) walk(rs);
}

/** Checks a parsed document against a ruleset. */
export function checkRulesetDocument(doc: Document, ruleset: Ruleset, options: RuleCheckOptions = {}): RuleCheckResult {
  assertKnownRules(ruleset);
  const env: Env = {
    now: (options.now ?? new Date()).getTime(),
    orgIdPrefixes: options.idSets?.["ORG-ID-PREFIX"] ? new Set(options.idSets["ORG-ID-PREFIX"]) : undefined,
    orgIds: new Set(options.idSets?.["ORG-ID"] ?? []),
  };
  const failures: RuleFailure[] = [];
  let evaluated = 0;
  let notEvaluated = 0;

  const run = (context: string, node: Node, rule: string, c: RuleCase) => {
    evaluated++;
    const base = () => ({
      context,
      path: nodePath(node),
      rule,
      case: c,
      activity: recordIdentifier(node),
      id: c.ruleInfo?.id,
      severity: c.ruleInfo?.severity,
      message: c.ruleInfo?.message,
    });
    try {
      const outcome = evaluateCase(rule, c, node, env);
      if ("skipped" in outcome) {
        if (outcome.skipped === "not-evaluated") notEvaluated++;
        return;
      }
      if (!outcome.pass) failures.push({ ...base(), details: outcome.details });
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      failures.push({ ...base(), details: [], error: err.message });
    }
  };

  for (const [context, rules] of Object.entries(ruleset)) {
    const nodes = evaluateXPathToNodes(context, doc, null, null, XPATH_OPTIONS) as Node[];
    for (const node of nodes) {
      for (const [rule, { cases }] of Object.entries(rules)) {
        for (const c of cases) {
          if (rule !== "loop") {
            run(context, node, rule, c);
            continue;
          }
          let values: string[];
          try {
            values = [...new Set(items(c.foreach!, node).map(textOf))];
          } catch (err) {
            if (!(err instanceof EvalError)) throw err;
            failures.push({ context, path: nodePath(node), rule, case: c, activity: recordIdentifier(node), details: [], error: err.message });
            continue;
          }
          for (const [inner, { cases: innerCases }] of Object.entries(c.do ?? {})) {
            for (const ic of innerCases) for (const v of values) run(context, node, inner, substitute(ic, c.subs ?? [], v));
          }
        }
      }
    }
  }
  return { failures, evaluated, notEvaluated };
}

/** Checks an XML document (IATI activities or organisations) against a ruleset such as IATI-Rulesets_standard.json. */
export function checkRuleset(xml: string, ruleset: Ruleset, options: RuleCheckOptions = {}): RuleCheckResult {
  return checkRulesetDocument(parseXmlDocument(xml), ruleset, options);
}
