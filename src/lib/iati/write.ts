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
 * IATI 2.03 activity XML from `IatiActivity` records. Elements come in the order of the 2.03
 * schema's sequences (iati-activities-schema.xsd: the order is part of validity), empty optional
 * elements are left out, and where the schema requires something the record lacks, the writer
 * uses what the record does say rather than writing an invalid document: a title stands in for a
 * missing description, the reporting organisation for a missing participating organisation, a
 * transaction's date for its value date. Values the schema cannot hold (an amount that is not a
 * decimal, a date that is not a date) drop the element that carries them.
 *
 * The document is produced as a stream of strings, one activity per chunk, so an export of any
 * size holds one activity in memory at a time.
 */

/** The version written on the document; activities keep their own origin only in Concord. */
export const IATI_VERSION = "2.03";

type Attrs = Record<string, string | number | boolean | null | undefined>;
/** A small element tree, built per activity and serialized with indentation. */
type X = { name: string; attrs: Attrs; kids: X[]; text?: string };

// XML 1.0 forbids most control characters (even escaped) and unpaired surrogates; they are dropped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeText(s: string): string {
  return s.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

export function escapeAttr(s: string): string {
  return s
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

/** An element; falsy children (a `cond && el(...)` that did not hold) are dropped. */
const el = (name: string, attrs: Attrs = {}, kids: (X | null | undefined | false | "")[] = [], text?: string): X => ({
  name,
  attrs,
  kids: kids.filter((k): k is X => !!k),
  text,
});

function serialize(x: X, depth: number, out: string[]): void {
  const pad = "  ".repeat(depth);
  const attrs = Object.entries(x.attrs)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${escapeAttr(typeof v === "boolean" ? (v ? "1" : "0") : String(v))}"`)
    .join("");
  if (x.text !== undefined) out.push(`${pad}<${x.name}${attrs}>${escapeText(x.text)}</${x.name}>\n`);
  else if (!x.kids.length) out.push(`${pad}<${x.name}${attrs}/>\n`);
  else {
    out.push(`${pad}<${x.name}${attrs}>\n`);
    for (const k of x.kids) serialize(k, depth + 1, out);
    out.push(`${pad}</${x.name}>\n`);
  }
}

// ---- values the schema types constrain ----------------------------------------------------------

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** An xsd:decimal, or undefined when the text is not one. */
export function decimal(s: string | undefined | null): string | undefined {
  if (s === undefined || s === null) return undefined;
  const t = String(s).trim();
  return DECIMAL.test(t) ? t : undefined;
}

/** An xsd:date (`YYYY-MM-DD`); a date-time is cut to its date. */
export function isoDate(s: string | undefined | null): string | undefined {
  if (!s) return undefined;
  const m = /^(-?\d{4,}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?(T.*)?$/.exec(s.trim());
  if (!m) return undefined;
  const d = new Date(`${m[1]}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[1] ? undefined : m[1];
}

/** An xsd:dateTime; a bare date becomes midnight of that day. */
export function isoDateTime(s: string | undefined | null): string | undefined {
  if (!s) return undefined;
  const t = s.trim();
  if (/^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(t)) return t;
  const d = isoDate(t);
  return d && /^-?\d{4,}-\d{2}-\d{2}$/.test(t) ? `${d}T00:00:00` : undefined;
}

const positiveInt = (s: string | undefined) => (s && /^\d+$/.test(s.trim()) && Number(s) > 0 ? String(Number(s)) : undefined);
const nonNegativeInt = (s: string | undefined) => (s && /^\d+$/.test(s.trim()) ? String(Number(s)) : undefined);

// ---- building blocks ----------------------------------------------------------------------------

const narrative = (n: Narrative) => el("narrative", { "xml:lang": n.lang }, [], n.text);
const narratives = (list: Narrative[] | undefined) => (list ?? []).filter((n) => n.text.trim() !== "").map(narrative);

/** A textRequiredType element (title, description, comment…): left out when it has no text. */
function textEl(name: string, list: Narrative[] | undefined, attrs: Attrs = {}): X | null {
  const ns = narratives(list);
  return ns.length ? el(name, attrs, ns) : null;
}

function value(v: IatiValue, fallbackDate: string | undefined): X | null {
  const amount = decimal(v.amount);
  const valueDate = isoDate(v.valueDate) ?? isoDate(fallbackDate);
  if (amount === undefined || !valueDate) return null;
  return el("value", { currency: v.currency, "value-date": valueDate }, [], amount);
}

function org(name: string, o: IatiOrg | undefined, activityIdAttr: string): X | null {
  if (!o) return null;
  const ns = narratives(o.narratives);
  if (!o.ref && !ns.length && !o.activityId) return null;
  return el(name, { ref: o.ref, [activityIdAttr]: o.activityId, type: o.type }, ns);
}

const coded = (name: string, c: IatiCoded, extra: Attrs = {}) =>
  el(name, { code: c.code, vocabulary: c.vocabulary, "vocabulary-uri": c.vocabularyUri, ...extra }, narratives(c.narratives));

function budget(b: IatiBudget): X | null {
  const start = isoDate(b.periodStart);
  const end = isoDate(b.periodEnd);
  const v = value(b.value, b.periodStart);
  if (!start || !end || !v) return null;
  return el("budget", { type: b.type, status: b.status }, [el("period-start", { "iso-date": start }), el("period-end", { "iso-date": end }), v]);
}

function plannedDisbursement(p: IatiPlannedDisbursement): X | null {
  const start = isoDate(p.periodStart);
  const v = value(p.value, p.periodStart);
  if (!start || !v) return null;
  const end = isoDate(p.periodEnd);
  return el("planned-disbursement", { type: p.type }, [
    el("period-start", { "iso-date": start }),
    end && el("period-end", { "iso-date": end }),
    v,
    org("provider-org", p.provider, "provider-activity-id"),
    org("receiver-org", p.receiver, "receiver-activity-id"),
  ]);
}

function transaction(t: IatiTransaction): X | null {
  const date = isoDate(t.date);
  const v = value(t.value, t.date);
  if (!date || !v || !t.type) return null;
  return el("transaction", { ref: t.ref, humanitarian: t.humanitarian }, [
    el("transaction-type", { code: t.type }),
    el("transaction-date", { "iso-date": date }),
    v,
    textEl("description", t.description),
    org("provider-org", t.provider, "provider-activity-id"),
    org("receiver-org", t.receiver, "receiver-activity-id"),
    t.disbursementChannel && el("disbursement-channel", { code: t.disbursementChannel }),
    // Transaction sectors carry no percentage in the schema.
    ...t.sectors.map((s) => coded("sector", { ...s, percentage: undefined })),
    t.recipientCountry && el("recipient-country", { code: t.recipientCountry.code }, narratives(t.recipientCountry.narratives)),
    t.recipientRegion && coded("recipient-region", { ...t.recipientRegion, percentage: undefined }),
    t.flowType && el("flow-type", { code: t.flowType }),
    t.financeType && el("finance-type", { code: t.financeType }),
    ...t.aidTypes.map((a) => el("aid-type", { code: a.code, vocabulary: a.vocabulary })),
    t.tiedStatus && el("tied-status", { code: t.tiedStatus }),
  ]);
}

function location(l: IatiLocation): X {
  const lat = Number(l.point?.lat);
  const lng = Number(l.point?.lng);
  const point = l.point && Number.isFinite(lat) && Number.isFinite(lng) ? el("point", { srsName: l.point.srsName ?? "http://www.opengis.net/def/crs/EPSG/0/4326" }, [el("pos", {}, [], `${lat} ${lng}`)]) : null;
  return el("location", { ref: l.ref }, [
    l.locationReach && el("location-reach", { code: l.locationReach }),
    ...l.locationIds.filter((i) => i.code && i.vocabulary).map((i) => el("location-id", { vocabulary: i.vocabulary, code: i.code })),
    textEl("name", l.name),
    textEl("description", l.description),
    textEl("activity-description", l.activityDescription),
    ...l.administrative.filter((a) => a.code && a.vocabulary).map((a) => el("administrative", { vocabulary: a.vocabulary, level: nonNegativeInt(a.level), code: a.code })),
    point,
    l.exactness && el("exactness", { code: l.exactness }),
    l.locationClass && el("location-class", { code: l.locationClass }),
    l.featureDesignation && el("feature-designation", { code: l.featureDesignation }),
  ]);
}

function documentLink(d: IatiDocumentLink): X | null {
  // Category is required by the schema: a link that names none is left out rather than given an invented one.
  if (!d.url || !d.categories.length) return null;
  const title = textEl("title", d.title) ?? el("title", {}, [el("narrative", {}, [], d.url)]);
  const date = isoDate(d.date);
  return el("document-link", { url: d.url, format: d.format || "application/octet-stream" }, [
    title,
    textEl("description", d.description),
    ...d.categories.map((c) => el("category", { code: c })),
    ...d.languages.map((l) => el("language", { code: l })),
    date && el("document-date", { "iso-date": date }),
  ]);
}

function indicator(i: IatiIndicator): X | null {
  const title = textEl("title", i.title);
  if (!title || !i.measure) return null;
  return el("indicator", { measure: i.measure, ascending: i.ascending, "aggregation-status": i.aggregationStatus }, [
    title,
    textEl("description", i.description),
    ...i.baselines.map((b) => {
      const iso = isoDate(b.isoDate);
      // The schema requires the year; the date says it when the year was not given.
      const year = positiveInt(b.year) ?? (iso ? positiveInt(iso.slice(0, 4)) : undefined);
      return year ? el("baseline", { year, "iso-date": iso, value: b.value }, [textEl("comment", b.comment)]) : null;
    }),
    ...i.periods.map((p) => {
      const start = isoDate(p.start);
      const end = isoDate(p.end);
      if (!start || !end) return null;
      return el("period", {}, [
        el("period-start", { "iso-date": start }),
        el("period-end", { "iso-date": end }),
        ...p.targets.map((t) => el("target", { value: t.value }, [textEl("comment", t.comment)])),
        ...p.actuals.map((a) => el("actual", { value: a.value }, [textEl("comment", a.comment)])),
      ]);
    }),
  ]);
}

function result(r: IatiResult): X | null {
  const title = textEl("title", r.title);
  const indicators = r.indicators.map(indicator).filter((x): x is X => !!x);
  // A result needs a title and at least one indicator to be valid.
  if (!title || !indicators.length || !r.type) return null;
  return el("result", { type: r.type, "aggregation-status": r.aggregationStatus }, [title, textEl("description", r.description), ...indicators]);
}

/** Derives an ActivityStatus from the dates when a record has none: the schema requires one. */
function statusOf(a: IatiActivity): string {
  if (a.status) return a.status;
  const has = (t: string) => a.dates.some((d) => d.type === t);
  return has("4") ? "4" : has("2") ? "2" : "1";
}

/** The element tree of one activity, in schema order. */
function activityElement(a: IatiActivity): X {
  const titles = narratives(a.titles);
  const title = titles.length ? titles : [el("narrative", {}, [], a.identifier)];
  const descriptions = a.descriptions.map((d) => textEl("description", d.narratives, { type: d.type })).filter((x): x is X => !!x);
  const reportingNarratives = narratives(a.reportingOrg.narratives);
  const participating = a.participatingOrgs
    .filter((o) => o.role)
    .map((o) => el("participating-org", { ref: o.ref, type: o.type, role: o.role, "activity-id": o.activityId, "crs-channel-code": o.crsChannelCode }, narratives(o.narratives)));
  const dates = a.dates
    .map((d) => ({ d, iso: isoDate(d.isoDate) }))
    .filter((x) => x.iso && x.d.type)
    .map(({ d, iso }) => el("activity-date", { type: d.type, "iso-date": iso }, narratives(d.narratives)));

  return el(
    "iati-activity",
    {
      "last-updated-datetime": isoDateTime(a.lastUpdated),
      "xml:lang": a.lang,
      "default-currency": a.defaultCurrency,
      humanitarian: a.humanitarian,
      hierarchy: a.hierarchy && /^[+-]?\d+$/.test(a.hierarchy) ? a.hierarchy : undefined,
    },
    [
      el("iati-identifier", {}, [], a.identifier),
      // ref and type are required: an unknown one is written empty, which the schema allows and the rules report.
      el("reporting-org", { ref: a.reportingOrg.ref ?? "", type: a.reportingOrg.type ?? "", "secondary-reporter": a.reportingOrg.secondaryReporter }, reportingNarratives.length ? reportingNarratives : [el("narrative", {}, [], a.reportingOrg.ref ?? "")]),
      el("title", {}, title),
      ...(descriptions.length ? descriptions : [el("description", {}, title)]),
      ...(participating.length
        ? participating
        : [el("participating-org", { ref: a.reportingOrg.ref, type: a.reportingOrg.type, role: "2" }, reportingNarratives)]),
      ...a.otherIdentifiers
        .filter((o) => o.ref && o.type)
        .map((o) =>
          el("other-identifier", { ref: o.ref, type: o.type }, [o.ownerOrg && (o.ownerOrg.ref || o.ownerOrg.narratives.length) ? el("owner-org", { ref: o.ownerOrg.ref }, narratives(o.ownerOrg.narratives)) : null]),
        ),
      el("activity-status", { code: statusOf(a) }),
      ...dates,
      a.activityScope && el("activity-scope", { code: a.activityScope }),
      ...a.recipientCountries.map((c) => el("recipient-country", { code: c.code, percentage: decimal(c.percentage) }, narratives(c.narratives))),
      ...a.recipientRegions.map((r) => coded("recipient-region", { ...r, percentage: undefined }, { percentage: decimal(r.percentage) })),
      ...a.locations.map(location),
      ...a.sectors.map((s) => coded("sector", { ...s, percentage: undefined }, { percentage: decimal(s.percentage) })),
      ...a.policyMarkers.map((p) => el("policy-marker", { vocabulary: p.vocabulary, code: p.code, significance: p.significance })),
      a.collaborationType && el("collaboration-type", { code: a.collaborationType }),
      a.defaultFlowType && el("default-flow-type", { code: a.defaultFlowType }),
      a.defaultFinanceType && el("default-finance-type", { code: a.defaultFinanceType }),
      ...a.defaultAidTypes.map((d) => el("default-aid-type", { code: d.code, vocabulary: d.vocabulary })),
      a.defaultTiedStatus && el("default-tied-status", { code: a.defaultTiedStatus }),
      ...a.budgets.map(budget),
      ...a.plannedDisbursements.map(plannedDisbursement),
      decimal(a.capitalSpend) !== undefined && el("capital-spend", { percentage: decimal(a.capitalSpend) }),
      ...a.transactions.map(transaction),
      ...a.documentLinks.map(documentLink),
      ...a.relatedActivities.filter((r) => r.ref && r.type).map((r) => el("related-activity", { ref: r.ref, type: r.type })),
      ...a.results.map(result),
    ],
  );
}

/** One activity as XML text, indented for its place inside `<iati-activities>`. */
export function activityXml(a: IatiActivity, depth = 1): string {
  const out: string[] = [];
  serialize(activityElement(a), depth, out);
  return out.join("");
}

export type WriteOptions = {
  /** The file's generated-datetime; defaults to now. */
  generatedAt?: Date;
};

/** The opening of an activities document, up to and including the root's start tag. */
export function documentStart(opts: WriteOptions = {}): string {
  const at = (opts.generatedAt ?? new Date()).toISOString();
  return `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="${IATI_VERSION}" generated-datetime="${at}">\n`;
}

export const DOCUMENT_END = "</iati-activities>\n";

/**
 * The whole document as a stream of strings: the header, one chunk per activity, the end tag.
 * Activities are pulled one at a time, so the source can be a database cursor. A document with
 * no activity is still well-formed XML (the schema itself asks for at least one).
 */
export async function* writeIatiActivities(activities: AsyncIterable<IatiActivity> | Iterable<IatiActivity>, opts: WriteOptions = {}): AsyncGenerator<string> {
  yield documentStart(opts);
  for await (const a of activities) yield activityXml(a);
  yield DOCUMENT_END;
}
