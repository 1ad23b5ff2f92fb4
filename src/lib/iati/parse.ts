import { SaxesParser } from "saxes";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type {
  IatiActivity,
  IatiBudget,
  IatiCoded,
  IatiDocumentLink,
  IatiIndicator,
  IatiLocation,
  IatiOrg,
  IatiPlannedDisbursement,
  IatiResult,
  IatiTransaction,
  IatiValue,
  Narrative,
} from "./model.js";

/**
 * Streaming IATI activity reader. The file is fed to saxes chunk by chunk; only the activity
 * being read is held, as a small element tree, and is turned into an `IatiActivity` when its
 * end tag arrives. Memory therefore depends on the largest activity, not on the file.
 */

/** An element of the activity being read. Extension elements (with a namespace prefix) are dropped. */
type El = { n: string; a: Record<string, string>; c: El[]; t: string; line: number };

/** A reason an activity cannot be loaded: a message key under `server.import.skip` and its params. */
export class ActivityError extends Error {
  constructor(
    readonly reason: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(reason);
  }
}

export type ParsedItem =
  | { kind: "activity"; activity: IatiActivity; line: number }
  | { kind: "skipped"; line: number; id?: string; reason: string; params: Record<string, string | number> };

export type ParseProgress = (bytesRead: number) => void;

/**
 * Reads activities from an IATI activity file. Each activity comes out whole, or as a `skipped`
 * item with its line and reason; a document that stops being XML ends the file with one `skipped`
 * item for the activity in progress (those already read stand).
 */
export async function* readIatiActivities(stream: Readable, onBytes?: ParseProgress): AsyncGenerator<ParsedItem> {
  const parser = new SaxesParser({ position: true });
  const ready: ParsedItem[] = [];
  let version: string | undefined;
  let fileLang: string | undefined;
  let fileCurrency: string | undefined;
  let sawRoot = false;
  const stack: El[] = [];
  let activity: El | null = null;
  let depthSkip = 0; // depth inside an ignored extension element

  parser.on("opentag", (tag) => {
    const name = tag.name;
    const attributes = tag.attributes as Record<string, string>;
    if (!activity) {
      if (name === "iati-activities") {
        sawRoot = true;
        version = attributes.version;
        fileLang = attributes["xml:lang"];
        fileCurrency = attributes["default-currency"];
        return;
      }
      if (name !== "iati-activity") return;
      activity = { n: name, a: { ...attributes }, c: [], t: "", line: parser.line };
      stack.length = 0;
      stack.push(activity);
      depthSkip = 0;
      return;
    }
    if (depthSkip > 0 || name.includes(":")) {
      depthSkip++;
      return;
    }
    const el: El = { n: name, a: attributes, c: [], t: "", line: parser.line };
    stack[stack.length - 1]!.c.push(el);
    stack.push(el);
  });
  parser.on("text", (text) => {
    if (!activity || depthSkip !== 0 || !stack.length) return;
    const el = stack[stack.length - 1]!;
    // Every reader of `t` trims it, so whitespace before an element's first text (the indentation
    // between a parent's children, most of the text in a file) need not be kept.
    if (el.t === "" && WHITESPACE.test(text)) return;
    el.t += text;
  });
  parser.on("cdata", (text) => {
    if (activity && depthSkip === 0 && stack.length) stack[stack.length - 1]!.t += text;
  });
  parser.on("closetag", () => {
    if (!activity) return;
    if (depthSkip > 0) {
      depthSkip--;
      return;
    }
    const el = stack.pop();
    if (el !== activity) return;
    const done = activity;
    activity = null;
    const id = child(done, "iati-identifier")?.t.trim();
    try {
      ready.push({ kind: "activity", activity: toActivity(done, { version, lang: fileLang, currency: fileCurrency }), line: done.line });
    } catch (err) {
      if (!(err instanceof ActivityError)) throw err;
      ready.push({ kind: "skipped", line: done.line, id: id || undefined, reason: err.reason, params: err.params });
    }
  });

  let bytes = 0;
  // The decoder keeps a multi-byte character split across two chunks whole.
  const decoder = new StringDecoder("utf8");
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      parser.write(typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
      onBytes?.(bytes);
      while (ready.length) yield ready.shift()!;
    }
    parser.write(decoder.end());
    parser.close();
  } catch (err) {
    while (ready.length) yield ready.shift()!;
    const open = activity as El | null;
    const message = (err as Error).message.split("\n")[0]!;
    yield { kind: "skipped", line: open?.line ?? parser.line, id: open ? child(open, "iati-identifier")?.t.trim() || undefined : undefined, reason: "not_xml", params: { message } };
    return;
  }
  while (ready.length) yield ready.shift()!;
  if (!sawRoot) yield { kind: "skipped", line: 1, reason: "not_iati_activities", params: {} };
}

const WHITESPACE = /^\s*$/;

// ---------- element helpers ----------

const child = (el: El, name: string) => el.c.find((c) => c.n === name);
const children = (el: El, name: string) => el.c.filter((c) => c.n === name);
const attr = (el: El | undefined, name: string): string | undefined => {
  const v = el?.a[name]?.trim();
  return v ? v : undefined;
};

/** 2.0x narratives, or the element's own text in 1.0x (`<title xml:lang="en">…</title>`). */
function narratives(el: El | undefined): Narrative[] {
  if (!el) return [];
  // A narrative without xml:lang takes its parent's (publishers set it on either).
  const parentLang = attr(el, "xml:lang");
  const list = children(el, "narrative")
    .map((n) => ({ lang: attr(n, "xml:lang") ?? parentLang, text: n.t.trim() }))
    .filter((n) => n.text);
  if (list.length) return list.map((n) => (n.lang ? n : { text: n.text }));
  const own = el.t.trim();
  if (!own) return [];
  const lang = attr(el, "xml:lang");
  return [lang ? { lang, text: own } : { text: own }];
}

const DATE = /^\d{4}-\d{2}-\d{2}/;

/** An ISO date (YYYY-MM-DD), accepting a datetime; anything else is a reason to skip the activity. */
function isoDate(value: string | undefined, where: string, line: number): string {
  if (!value || !DATE.test(value)) throw new ActivityError("bad_date", { where, value: value ?? "", line });
  // Checked by arithmetic, not through Date objects: a large file has hundreds of thousands of dates.
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  if (m < 1 || m > 12 || d < 1 || d > days) throw new ActivityError("bad_date", { where, value, line });
  return value.length === 10 ? value : value.slice(0, 10);
}

const optDate = (value: string | undefined, where: string, line: number) => (value ? isoDate(value, where, line) : undefined);

/** Decimal text as IATI allows it (`1500000`, `-250.50`, `1e3` is not), kept as a string. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function amountOf(text: string, where: string, line: number): string {
  const v = text.trim().replace(/,/g, "");
  if (!DECIMAL.test(v)) throw new ActivityError("bad_value", { where, value: text.trim().slice(0, 40), line });
  return v.startsWith("+") ? v.slice(1) : v;
}

function value(el: El | undefined, where: string): IatiValue | undefined {
  if (!el) return undefined;
  return { amount: amountOf(el.t, where, el.line), currency: attr(el, "currency"), valueDate: optDate(attr(el, "value-date"), `${where}/@value-date`, el.line) };
}

const percentage = (el: El, where: string): string | undefined => {
  const p = attr(el, "percentage");
  if (p === undefined) return undefined;
  const v = amountOf(p, `${where}/@percentage`, el.line);
  if (Number(v) < 0 || Number(v) > 100) throw new ActivityError("bad_percentage", { where, value: p, line: el.line });
  return v;
};

// ---------- 1.0x code translation ----------

const ROLE_V1: Record<string, string> = { funding: "1", accountable: "2", extending: "3", implementing: "4" };
const DATE_TYPE_V1: Record<string, string> = { "start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4" };
const TRANSACTION_V1: Record<string, string> = { IF: "1", C: "2", D: "3", E: "4", IR: "5", LR: "6", R: "7", QP: "8", QS: "9", CG: "10" };

const orgRole = (raw: string | undefined) => (raw ? ROLE_V1[raw.toLowerCase()] ?? raw : undefined);

function org(el: El | undefined): IatiOrg | undefined {
  if (!el) return undefined;
  const o: IatiOrg = { narratives: narratives(el) };
  const ref = attr(el, "ref");
  if (ref) o.ref = ref;
  const type = attr(el, "type");
  if (type) o.type = type;
  const role = orgRole(attr(el, "role"));
  if (role) o.role = role;
  const activityId = attr(el, "activity-id") ?? attr(el, "provider-activity-id") ?? attr(el, "receiver-activity-id");
  if (activityId) o.activityId = activityId;
  const crs = attr(el, "crs-channel-code");
  if (crs) o.crsChannelCode = crs;
  return o.ref || o.narratives.length || o.activityId ? o : undefined;
}

/** Child elements that are a code with an optional vocabulary (aid types); ones without a code are dropped. */
const vocabularyCodes = (el: El, name: string) =>
  children(el, name).flatMap((x) => {
    const code = attr(x, "code");
    const vocabulary = attr(x, "vocabulary");
    return code ? [vocabulary ? { code, vocabulary } : { code }] : [];
  });

function coded(el: El, where: string): IatiCoded {
  const code = attr(el, "code");
  if (!code) throw new ActivityError("missing_code", { where, line: el.line });
  const c: IatiCoded = { code };
  const vocabulary = attr(el, "vocabulary");
  if (vocabulary) c.vocabulary = vocabulary;
  const uri = attr(el, "vocabulary-uri");
  if (uri) c.vocabularyUri = uri;
  const pct = percentage(el, where);
  if (pct !== undefined) c.percentage = pct;
  const n = narratives(el);
  if (n.length) c.narratives = n;
  return c;
}

const TRANSACTION_CODES = new Set(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"]);

function transaction(el: El): IatiTransaction {
  const typeEl = child(el, "transaction-type");
  const raw = attr(typeEl, "code");
  const type = raw ? TRANSACTION_V1[raw] ?? raw : undefined;
  if (!type || !TRANSACTION_CODES.has(type)) throw new ActivityError("unknown_transaction_type", { code: raw ?? "", line: el.line });
  const valEl = child(el, "value");
  if (!valEl || !valEl.t.trim()) throw new ActivityError("missing_transaction_value", { line: el.line });
  const v = value(valEl, "transaction/value")!;
  const dateEl = child(el, "transaction-date");
  const date = isoDate(attr(dateEl, "iso-date") ?? v.valueDate, "transaction/transaction-date", dateEl?.line ?? el.line);
  if (!v.valueDate) v.valueDate = date;
  const t: IatiTransaction = {
    type,
    date,
    value: v,
    description: narratives(child(el, "description")),
    sectors: children(el, "sector").map((s) => coded(s, "transaction/sector")),
    aidTypes: vocabularyCodes(el, "aid-type"),
  };
  const ref = attr(el, "ref");
  if (ref) t.ref = ref;
  const hum = attr(el, "humanitarian");
  if (hum) t.humanitarian = hum === "1" || hum === "true";
  const provider = org(child(el, "provider-org"));
  if (provider) t.provider = provider;
  const receiver = org(child(el, "receiver-org"));
  if (receiver) t.receiver = receiver;
  const channel = attr(child(el, "disbursement-channel"), "code");
  if (channel) t.disbursementChannel = channel;
  const rc = child(el, "recipient-country");
  if (rc) t.recipientCountry = coded(rc, "transaction/recipient-country");
  const rr = child(el, "recipient-region");
  if (rr) t.recipientRegion = coded(rr, "transaction/recipient-region");
  const flow = attr(child(el, "flow-type"), "code");
  if (flow) t.flowType = flow;
  const finance = attr(child(el, "finance-type"), "code");
  if (finance) t.financeType = finance;
  const tied = attr(child(el, "tied-status"), "code");
  if (tied) t.tiedStatus = tied;
  return t;
}

function location(el: El): IatiLocation {
  const pos = child(child(el, "point") ?? { n: "", a: {}, c: [], t: "", line: 0 }, "pos")?.t.trim();
  const loc: IatiLocation = {
    locationIds: children(el, "location-id").flatMap((x) => (attr(x, "code") ? [{ vocabulary: attr(x, "vocabulary") ?? "", code: attr(x, "code")! }] : [])),
    name: narratives(child(el, "name")),
    description: narratives(child(el, "description")),
    activityDescription: narratives(child(el, "activity-description")),
    administrative: children(el, "administrative").flatMap((x) =>
      attr(x, "code") ? [{ vocabulary: attr(x, "vocabulary") ?? "", code: attr(x, "code")!, ...(attr(x, "level") ? { level: attr(x, "level") } : {}) }] : [],
    ),
  };
  const ref = attr(el, "ref");
  if (ref) loc.ref = ref;
  const reach = attr(child(el, "location-reach"), "code");
  if (reach) loc.locationReach = reach;
  if (pos) {
    const [lat, lng] = pos.split(/\s+/).map(Number);
    if (lat === undefined || lng === undefined || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
      throw new ActivityError("bad_point", { value: pos.slice(0, 60), line: el.line });
    loc.point = { lat, lng, ...(attr(child(el, "point"), "srsName") ? { srsName: attr(child(el, "point"), "srsName") } : {}) };
  }
  const exactness = attr(child(el, "exactness"), "code");
  if (exactness) loc.exactness = exactness;
  const cls = attr(child(el, "location-class"), "code");
  if (cls) loc.locationClass = cls;
  const feature = attr(child(el, "feature-designation"), "code");
  if (feature) loc.featureDesignation = feature;
  return loc;
}

function budget(el: El): IatiBudget {
  const v = value(child(el, "value"), "budget/value");
  if (!v) throw new ActivityError("missing_budget_value", { line: el.line });
  const b: IatiBudget = {
    periodStart: isoDate(attr(child(el, "period-start"), "iso-date"), "budget/period-start", el.line),
    periodEnd: isoDate(attr(child(el, "period-end"), "iso-date"), "budget/period-end", el.line),
    value: v,
  };
  const type = attr(el, "type");
  if (type) b.type = type;
  const status = attr(el, "status");
  if (status) b.status = status;
  return b;
}

function plannedDisbursement(el: El): IatiPlannedDisbursement {
  const v = value(child(el, "value"), "planned-disbursement/value");
  if (!v) throw new ActivityError("missing_budget_value", { line: el.line });
  const p: IatiPlannedDisbursement = { periodStart: isoDate(attr(child(el, "period-start"), "iso-date"), "planned-disbursement/period-start", el.line), value: v };
  const end = optDate(attr(child(el, "period-end"), "iso-date"), "planned-disbursement/period-end", el.line);
  if (end) p.periodEnd = end;
  const type = attr(el, "type");
  if (type) p.type = type;
  const provider = org(child(el, "provider-org"));
  if (provider) p.provider = provider;
  const receiver = org(child(el, "receiver-org"));
  if (receiver) p.receiver = receiver;
  return p;
}

function documentLink(el: El): IatiDocumentLink {
  const url = attr(el, "url");
  if (!url) throw new ActivityError("missing_document_url", { line: el.line });
  const d: IatiDocumentLink = {
    url,
    title: narratives(child(el, "title")),
    description: narratives(child(el, "description")),
    categories: children(el, "category").flatMap((c) => (attr(c, "code") ? [attr(c, "code")!] : [])),
    languages: children(el, "language").flatMap((c) => (attr(c, "code") ? [attr(c, "code")!] : [])),
  };
  const format = attr(el, "format");
  if (format) d.format = format;
  const date = attr(child(el, "document-date"), "iso-date");
  if (date) d.date = isoDate(date, "document-link/document-date", el.line);
  return d;
}

const comment = (el: El) => {
  const n = narratives(child(el, "comment"));
  return n.length ? { comment: n } : {};
};

function indicator(el: El): IatiIndicator {
  const measure = attr(el, "measure");
  if (!measure) throw new ActivityError("missing_code", { where: "result/indicator/@measure", line: el.line });
  const ind: IatiIndicator = {
    measure,
    title: narratives(child(el, "title")),
    description: narratives(child(el, "description")),
    baselines: children(el, "baseline").map((b) => ({
      ...(attr(b, "year") ? { year: attr(b, "year") } : {}),
      ...(attr(b, "iso-date") ? { isoDate: isoDate(attr(b, "iso-date"), "baseline/@iso-date", b.line) } : {}),
      ...(attr(b, "value") !== undefined ? { value: attr(b, "value") } : {}),
      ...comment(b),
    })),
    periods: children(el, "period").map((p) => ({
      start: isoDate(attr(child(p, "period-start"), "iso-date"), "period/period-start", p.line),
      end: isoDate(attr(child(p, "period-end"), "iso-date"), "period/period-end", p.line),
      targets: children(p, "target").map((x) => ({ ...(attr(x, "value") !== undefined ? { value: attr(x, "value") } : {}), ...comment(x) })),
      actuals: children(p, "actual").map((x) => ({ ...(attr(x, "value") !== undefined ? { value: attr(x, "value") } : {}), ...comment(x) })),
    })),
  };
  const asc = attr(el, "ascending");
  if (asc) ind.ascending = asc === "1" || asc === "true";
  const agg = attr(el, "aggregation-status");
  if (agg) ind.aggregationStatus = agg === "1" || agg === "true";
  return ind;
}

function result(el: El): IatiResult {
  const type = attr(el, "type");
  if (!type) throw new ActivityError("missing_code", { where: "result/@type", line: el.line });
  const r: IatiResult = { type, title: narratives(child(el, "title")), description: narratives(child(el, "description")), indicators: children(el, "indicator").map(indicator) };
  const agg = attr(el, "aggregation-status");
  if (agg) r.aggregationStatus = agg === "1" || agg === "true";
  return r;
}

type FileDefaults = { version?: string; lang?: string; currency?: string };

/** One activity element → the model, or an `ActivityError` saying why it cannot be loaded. */
function toActivity(el: El, file: FileDefaults): IatiActivity {
  const identifier = child(el, "iati-identifier")?.t.trim();
  if (!identifier) throw new ActivityError("missing_identifier", { line: el.line });
  const reporting = child(el, "reporting-org");
  const reportingOrg = org(reporting);
  if (!reportingOrg) throw new ActivityError("missing_reporting_org", { line: el.line });
  const titles = narratives(child(el, "title"));
  if (!titles.length) throw new ActivityError("missing_title", { line: el.line });
  const lastUpdatedRaw = attr(el, "last-updated-datetime");
  let lastUpdated: string | undefined;
  if (lastUpdatedRaw) {
    const t = Date.parse(lastUpdatedRaw);
    if (Number.isNaN(t)) throw new ActivityError("bad_date", { where: "@last-updated-datetime", value: lastUpdatedRaw, line: el.line });
    lastUpdated = new Date(t).toISOString();
  }
  const a: IatiActivity = {
    identifier,
    reportingOrg: { ...reportingOrg, ...(attr(reporting, "secondary-reporter") ? { secondaryReporter: ["1", "true"].includes(attr(reporting, "secondary-reporter")!) } : {}) },
    titles,
    descriptions: children(el, "description").map((d) => ({ ...(attr(d, "type") ? { type: attr(d, "type") } : {}), narratives: narratives(d) })),
    participatingOrgs: children(el, "participating-org").flatMap((p) => {
      const o = org(p);
      return o ? [o] : [];
    }),
    otherIdentifiers: children(el, "other-identifier").flatMap((o) => {
      const ref = attr(o, "ref");
      if (!ref) return [];
      const owner = org(child(o, "owner-org"));
      return [{ ref, type: attr(o, "type") ?? "", ...(owner ? { ownerOrg: owner } : {}) }];
    }),
    dates: children(el, "activity-date").map((d) => {
      const raw = attr(d, "type") ?? "";
      const n = narratives(d);
      return { type: DATE_TYPE_V1[raw] ?? raw, isoDate: isoDate(attr(d, "iso-date"), "activity-date", d.line), ...(n.length ? { narratives: n } : {}) };
    }),
    recipientCountries: children(el, "recipient-country").map((c) => {
      const x = coded(c, "recipient-country");
      return { ...x, code: x.code.toUpperCase() };
    }),
    recipientRegions: children(el, "recipient-region").map((r) => coded(r, "recipient-region")),
    locations: children(el, "location").map(location),
    sectors: children(el, "sector").map((s) => coded(s, "sector")),
    policyMarkers: children(el, "policy-marker").flatMap((p) =>
      attr(p, "code") ? [{ code: attr(p, "code")!, ...(attr(p, "vocabulary") ? { vocabulary: attr(p, "vocabulary") } : {}), ...(attr(p, "significance") ? { significance: attr(p, "significance") } : {}) }] : [],
    ),
    defaultAidTypes: vocabularyCodes(el, "default-aid-type"),
    budgets: children(el, "budget").map(budget),
    plannedDisbursements: children(el, "planned-disbursement").map(plannedDisbursement),
    transactions: children(el, "transaction").map(transaction),
    documentLinks: children(el, "document-link").map(documentLink),
    relatedActivities: children(el, "related-activity").flatMap((r) => (attr(r, "ref") ? [{ ref: attr(r, "ref")!, type: attr(r, "type") ?? "" }] : [])),
    results: children(el, "result").map(result),
  };
  const version = file.version;
  if (version) a.version = version;
  if (lastUpdated) a.lastUpdated = lastUpdated;
  const lang = attr(el, "xml:lang") ?? file.lang;
  if (lang) a.lang = lang;
  const currency = attr(el, "default-currency") ?? file.currency;
  if (currency) a.defaultCurrency = currency;
  const hum = attr(el, "humanitarian");
  if (hum) a.humanitarian = hum === "1" || hum === "true";
  const hierarchy = attr(el, "hierarchy");
  if (hierarchy) a.hierarchy = hierarchy;
  const status = attr(child(el, "activity-status"), "code");
  if (status) a.status = status;
  const scope = attr(child(el, "activity-scope"), "code");
  if (scope) a.activityScope = scope;
  const collab = attr(child(el, "collaboration-type"), "code");
  if (collab) a.collaborationType = collab;
  const flow = attr(child(el, "default-flow-type"), "code");
  if (flow) a.defaultFlowType = flow;
  const finance = attr(child(el, "default-finance-type"), "code");
  if (finance) a.defaultFinanceType = finance;
  const tied = attr(child(el, "default-tied-status"), "code");
  if (tied) a.defaultTiedStatus = tied;
  const capital = attr(child(el, "capital-spend"), "percentage");
  if (capital) a.capitalSpend = capital;
  // A transaction needs a currency, its own or the activity's; without one its amount means nothing.
  for (const t of a.transactions) if (!t.value.currency && !a.defaultCurrency) throw new ActivityError("missing_currency", { line: el.line });
  return a;
}
