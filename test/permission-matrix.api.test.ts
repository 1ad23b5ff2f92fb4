import { writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContext, SYSTEM } from "../src/core/context.js";
import { rowsOf } from "../src/db/rows.js";
import { notify } from "../src/modules/inbox/notify.js";
import { createHarness, type Harness } from "./support/app.js";

/**
 * The permission matrix: every operation of the OpenAPI document × every caller × a record of the
 * officer's own organisation, one of another organisation and a restricted one, against the
 * allowed set written out below (derived from src/core/policy and the verbs). The table is the
 * specification; the test fails when an operation of the document has no row, when a row names
 * an operation the document lacks, and when any call answers other than its cell.
 *
 * Cells, one per caller in the order of CALLERS:
 *   ok   the call, with a valid body, succeeds (2xx)
 *   401  refused: sign in first
 *   403  refused: signed in but not entitled. A refusal by role comes before the record is looked
 *        up, so it is 403 even on a record the caller may not see: it tells nothing of the record.
 *   404  refused: the caller may not know the record exists
 *   422  refused: a record the body names is unknown to the caller (one it may not see is as
 *        unknown as one that does not exist)
 *   ~    allowed past authorisation, but the record's state may refuse it (409/422): only where no
 *        record in the starting state can be made cheaply (an import running in this process)
 * Every call carries a valid body, so a refusal is the policy's and not the validator's. Refused
 * calls of a row run first and must change no row of any table; writes that move a record's
 * state get a fresh record per allowed caller. Lists must show exactly the fixture's records that
 * the single read allows. MATRIX_PROBLEMS=<file> writes the differences to a file.
 */

const CALLERS = ["public", "admin", "secretariat", "officer", "otherOfficer", "reviewer", "analyst"] as const;
type Caller = (typeof CALLERS)[number];
type Rec = "own" | "other" | "restricted";
/** Seven cells in CALLERS order, separated by spaces. */
type Cells = string;
/** One expectation for an operation without a record in its path, or one per record. */
type Expect = Cells | Partial<Record<Rec, Cells>>;
type Send = { query?: string; body?: unknown; rawBody?: Uint8Array; headers?: Record<string, string> };
type Row = {
  expect: Expect;
  /** Query string and body of a valid call; `n` is unique per call, for codes and e-mails. */
  send?: (f: Fixture, rec: Rec, as: Caller, n: number) => Send | Promise<Send>;
  /** The path, where it is not the template's with the fixture's record. */
  url?: (f: Fixture, rec: Rec) => string;
  /**
   * For a write that moves a record's state: a fresh record of the same kind and organisation, in
   * the state the write starts from, for each allowed caller (refused callers try the fixture's).
   * Returns the path to call.
   */
  fresh?: (rec: Rec, as: Caller) => Promise<string>;
  /** Waits for what an allowed call set going in the background. */
  settle?: (responseBody: string) => Promise<void>;
  /** Writes that move a record's state run after every other row. */
  state?: boolean;
};

const NOW = new Date("2026-11-22T10:00:00Z");
let h: Harness;
let n = 0;
let sources = 0;
/** A new client address for each anonymous comment: the public's comments are rate-limited per source. */
const newSource = () => `10.${9 + Math.floor(++sources / 250)}.${sources % 250}.1`;

// Own: the officer's organisation (cn-yunnan). Other: the other officer's and the reviewer's (th).
// Restricted: restricted to th and la, so the officer and staff may not see it, th's reviewer may.
type Fixture = {
  project: Record<Rec, string>;
  report: Record<Rec, string>;
  agreement: Record<Rec, string>;
  obligation: Record<Rec, string>;
  event: Record<Rec, string>;
  consultation: Record<Rec, string>;
  dispute: Record<Rec, string>;
  document: Record<Rec, string>;
  bulletin: Record<Rec, string>;
  application: Record<Rec, string>;
  attachment: Record<Rec, string>;
  need: Record<Rec, string>;
  offer: Record<Rec, string>;
  token: Record<Rec, string>;
  inbox: Record<Rec, string>;
  reviewed: string;
  importJob: string;
  comment: string;
  mechanism: string;
  call: string;
};
let f: Fixture;

const ORG: Record<Rec, string> = { own: "cn-yunnan", other: "th", restricted: "th" };
const OWNER: Record<Rec, Caller> = { own: "officer", other: "otherOfficer", restricted: "otherOfficer" };
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

async function ok<T>(res: Response | Promise<Response>, status = 201): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}
const post = <T>(as: Caller, path: string, body: unknown, status = 201) => ok<T>(h.call("POST", path, { as, body }), status);
const etag = async (as: Caller, path: string) => (await h.call("GET", path, { as })).headers.get("etag") ?? "";

const projectBody = (lead: string, extra: Record<string, unknown> = {}) => ({
  mechanism: "LMC",
  pillar: "economic-sustainable",
  priorityArea: "agriculture-poverty",
  title: { en: `Matrix rice seed trials ${lead}` },
  visibility: "public",
  startDate: "2026-01-01",
  endDate: "2027-12-31",
  budget: "900000.00",
  currency: "USD",
  parties: [{ actor: lead, role: "lead" }, { actor: "la", role: "partner" }],
  ...extra,
});
const callBody = (code: string) => ({
  code,
  mechanism: "LMC",
  fund: { en: "LMC Special Fund" },
  title: { en: `Matrix call ${code}` },
  opensAt: "2026-11-01T00:00:00Z",
  closesAt: "2026-12-31T23:59:59Z",
  eligibleCountries: ["CN", "KH", "LA", "MM", "TH", "VN"],
  ceiling: "500000.00",
  rubric: [{ code: "relevance", name: { en: "Relevance" }, weight: 1, min: 0, max: 10 }],
  reviewersPerApplication: 1,
});
const applicationBody = (lead: string, extra: Record<string, unknown> = {}) => ({
  call: "MX-CALL",
  title: { en: `Matrix cold chain ${lead}` },
  lead,
  coApplicants: ["la-luangnamtha"],
  requested: "100000.00",
  startDate: "2027-01-01",
  endDate: "2027-12-31",
  phases: [{ name: { en: "Phase 1" }, startDate: "2027-01-01", endDate: "2027-12-31", budget: "100000.00", deliverables: ["Store"] }],
  ...extra,
});
const disputeParties: Record<Rec, string[]> = { own: ["cn-yunnan", "la"], other: ["th", "kh"], restricted: ["th", "kh"] };
const eventBody = (extra: Record<string, unknown> = {}) => ({ kind: "local_consultation", date: "2026-03-10", title: { en: "Matrix border consultation" }, participants: ["cn-yunnan", "la"], ...extra });

async function buildFixture(): Promise<Fixture> {
  const recs: Rec[] = ["own", "other", "restricted"];
  const project = {} as Record<Rec, string>;
  const report = {} as Record<Rec, string>;
  const agreement = {} as Record<Rec, string>;
  const obligation = {} as Record<Rec, string>;
  const event = {} as Record<Rec, string>;
  for (const rec of recs) {
    const as = OWNER[rec];
    const p = await post<{ code: string }>(as, "/api/v1/projects", projectBody(ORG[rec], rec === "restricted" ? { visibility: "restricted" } : {}));
    project[rec] = p.code;
    // Published, so the public sees the own and other projects; the restricted one stays proposed.
    if (rec !== "restricted") await ok(h.call("PATCH", `/api/v1/projects/${p.code}`, { as: "admin", body: { status: "approved" }, headers: { "if-match": await etag("admin", `/api/v1/projects/${p.code}`) } }), 200);
    await post(as, `/api/v1/projects/${p.code}/phases`, { name: { en: "Phase one" }, startDate: "2026-01-01", endDate: "2026-12-31", budget: "100000.00" });
    await post(as, `/api/v1/projects/${p.code}/reports`, { phase: 1, periodStart: "2026-01-01", periodEnd: "2026-06-30", dueDate: "2026-07-31", narrative: "Half-year progress." });
    report[rec] = (await rowsOf<{ id: string }>(h.database.db.execute(sql`select r.id from progress_reports r join projects p on p.id = r.project_id where p.code = ${p.code}`)))[0]!.id;
    agreement[rec] = `MX-AGR-${rec.toUpperCase()}`;
    await post(as, `/api/v1/projects/${p.code}/agreements`, { code: agreement[rec], title: { en: "Grant agreement" }, signedOn: "2026-02-01", signatories: [ORG[rec], "la"] });
    const o = await post<{ code: string }>(as, `/api/v1/agreements/${agreement[rec]}/obligations`, { owner: ORG[rec], title: { en: "Deliver the seed stock" }, dueDate: "2027-03-01" });
    obligation[rec] = o.code;
    const e = await post<{ code: string }>(as, "/api/v1/events", eventBody(rec === "restricted" ? { visibility: "restricted", participants: ["th", "la"] } : { participants: [ORG[rec], "la"] }));
    event[rec] = e.code;
  }
  const consultation = {} as Record<Rec, string>;
  consultation.own = (await post<{ code: string }>("officer", "/api/v1/consultations", { mechanism: "MRC", subject: "dam", title: { en: "Matrix dam (cn)" }, proposer: "cn", affectedParties: ["la", "mm"] })).code;
  consultation.other = (await post<{ code: string }>("otherOfficer", "/api/v1/consultations", { mechanism: "MRC", subject: "dam", title: { en: "Matrix dam (th)" }, proposer: "th", affectedParties: ["la", "kh"] })).code;
  consultation.restricted = consultation.other;

  const dispute = {} as Record<Rec, string>;
  const document = {} as Record<Rec, string>;
  for (const rec of ["own", "other"] as const) {
    dispute[rec] = (await post<{ code: string }>(OWNER[rec], "/api/v1/disputes", { mechanism: "LMC", title: { en: `Matrix terminal fees ${rec}` }, parties: disputeParties[rec] })).code;
    document[rec] = (await ok<{ id: string }>(h.call("POST", `/api/v1/disputes/${dispute[rec]}/documents?filename=survey.pdf`, { as: OWNER[rec], rawBody: PDF, headers: { "content-type": "application/pdf" } }))).id;
  }
  dispute.restricted = dispute.other;
  document.restricted = document.other;

  const bulletin = {} as Record<Rec, string>;
  bulletin.own = (await post<{ code: string }>("officer", "/api/v1/bulletins", { category: "drug_trafficking", title: "Matrix patrol", body: "Shipment expected.", recipients: ["la"] })).code;
  bulletin.other = (await post<{ code: string }>("otherOfficer", "/api/v1/bulletins", { category: "drug_trafficking", title: "Matrix patrol", body: "Shipment expected.", recipients: ["kh"] })).code;
  bulletin.restricted = bulletin.other;

  await post("secretariat", "/api/v1/calls", callBody("MX-CALL"));
  const application = {} as Record<Rec, string>;
  const attachment = {} as Record<Rec, string>;
  application.own = (await post<{ code: string }>("officer", "/api/v1/applications", applicationBody("cn-yunnan"))).code;
  application.other = (await post<{ code: string }>("otherOfficer", "/api/v1/applications", applicationBody("th", { coApplicants: ["la"] }))).code;
  application.restricted = application.other;
  for (const rec of ["own", "other"] as const)
    attachment[rec] = (await ok<{ id: string }>(h.call("POST", `/api/v1/applications/${application[rec]}/attachments?filename=plan.pdf`, { as: OWNER[rec], rawBody: PDF, headers: { "content-type": "application/pdf" } }))).id;
  attachment.restricted = attachment.other;
  const reviewed = (await post<{ code: string }>("officer", "/api/v1/applications", applicationBody("cn-yunnan"))).code;
  await post("officer", `/api/v1/applications/${reviewed}/actions`, { action: "submit" }, 200);
  await post("secretariat", `/api/v1/applications/${reviewed}/actions`, { action: "screen" }, 200);
  await post("secretariat", `/api/v1/applications/${reviewed}/reviewers`, { reviewers: [h.users.reviewer!.email] }, 200);

  const need = {} as Record<Rec, string>;
  const offer = {} as Record<Rec, string>;
  for (const rec of ["own", "other"] as const) {
    need[rec] = (await post<{ id: string }>(OWNER[rec], "/api/v1/postings", { kind: "need", factor: "capital", title: { en: `Matrix need ${rec}` }, sector: "311", places: ["cn-yunnan"] })).id;
    offer[rec] = (await post<{ id: string }>(OWNER[rec], "/api/v1/postings", { kind: "offer", factor: "capital", title: { en: `Matrix offer ${rec}` }, sector: "311", places: ["cn-yunnan"] })).id;
  }
  need.restricted = need.other;
  offer.restricted = offer.other;

  const token = {} as Record<Rec, string>;
  for (const rec of ["own", "other"] as const) token[rec] = (await post<{ id: string }>(OWNER[rec], "/api/v1/tokens", { name: "matrix" })).id;
  token.restricted = token.other;

  const job = await ok<{ id: string }>(h.call("POST", "/api/v1/imports?kind=iati&filename=a.xml", { as: "secretariat", rawBody: new TextEncoder().encode('<?xml version="1.0"?><iati-activities version="2.03"></iati-activities>'), headers: { "content-type": "application/xml" } }), 202);
  await importFinished(job.id);
  const comment = await post<{ id: string }>("officer", "/api/v1/comments", { subject: "project", ref: project.own, lang: "en", body: "When does the trial start?" });
  await post("admin", "/api/v1/mechanisms", { code: "MX-MECH", name: { en: "Matrix mechanism" } });

  // One inbox message for each officer's organisation.
  const inbox = {} as Record<Rec, string>;
  const sys = makeContext(h.database.db, SYSTEM, { channel: "cli" });
  for (const rec of ["own", "other"] as const) {
    const [org] = await rowsOf<{ id: string }>(h.database.db.execute(sql`select id from actors where code = ${ORG[rec]}`));
    await notify(sys, [{ orgId: org!.id }], { message: "matrix", entity: "project", entityId: org!.id });
    const [row] = await rowsOf<{ id: string }>(h.database.db.execute(sql`select id from inbox_items where org_id = ${org!.id} and message = 'matrix'`));
    inbox[rec] = row!.id;
  }
  inbox.restricted = inbox.other;

  return { project, report, agreement, obligation, event, consultation, dispute, document, bulletin, application, attachment, need, offer, token, inbox, reviewed, importJob: job.id, comment: comment.id, mechanism: "MX-MECH", call: "MX-CALL" };
}

/** A fresh published project (the restricted one stays proposed) with one phase and a submitted report. */
async function freshProject(rec: Rec): Promise<{ code: string; report: string }> {
  const as = OWNER[rec];
  const { code } = await post<{ code: string }>(as, "/api/v1/projects", projectBody(ORG[rec], rec === "restricted" ? { visibility: "restricted" } : {}));
  if (rec !== "restricted") await ok(h.call("PATCH", `/api/v1/projects/${code}`, { as: "admin", body: { status: "approved" }, headers: { "if-match": await etag("admin", `/api/v1/projects/${code}`) } }), 200);
  await post(as, `/api/v1/projects/${code}/phases`, { name: { en: "Phase one" }, startDate: "2026-01-01", endDate: "2026-12-31", budget: "100000.00" });
  await post(as, `/api/v1/projects/${code}/reports`, { phase: 1, periodStart: "2026-01-01", periodEnd: "2026-06-30", dueDate: "2026-07-31", narrative: "Half-year progress." });
  const [r] = await rowsOf<{ id: string }>(h.database.db.execute(sql`select r.id from progress_reports r join projects p on p.id = r.project_id where p.code = ${code}`));
  return { code, report: r!.id };
}
const CONSULTATION: Record<Rec, { proposer: string; affectedParties: string[] }> = {
  own: { proposer: "cn", affectedParties: ["la", "mm"] },
  other: { proposer: "th", affectedParties: ["la", "kh"] },
  restricted: { proposer: "th", affectedParties: ["la", "kh"] },
};
/** A fresh notification, taken as far as the given stage by the secretariat. */
async function freshConsultation(rec: Rec, stage: "submitted" | "returned" | "forwarded" | "consulting"): Promise<string> {
  const { code } = await post<{ code: string }>(OWNER[rec], "/api/v1/consultations", { mechanism: "MRC", subject: "dam", title: { en: "Matrix dam" }, ...CONSULTATION[rec] });
  if (stage === "returned") await post("secretariat", `/api/v1/consultations/${code}/check`, { complete: false, reason: "Add the sediment study." }, 200);
  if (stage === "forwarded" || stage === "consulting") await post("secretariat", `/api/v1/consultations/${code}/check`, { complete: true }, 200);
  if (stage === "consulting") for (const party of CONSULTATION[rec].affectedParties) await post("secretariat", `/api/v1/consultations/${code}/receipt`, { party }, 200);
  return `/api/v1/consultations/${code}`;
}
const freshDispute = async (rec: Rec) =>
  `/api/v1/disputes/${(await post<{ code: string }>(OWNER[rec], "/api/v1/disputes", { mechanism: "LMC", title: { en: "Matrix fees" }, parties: disputeParties[rec] })).code}`;
const freshComment = async () => {
  const { id } = await ok<{ id: string }>(h.call("POST", "/api/v1/comments", { headers: { "x-forwarded-for": newSource() }, body: { subject: "project", ref: f.project.own, lang: "en", body: "When does it start?" } }));
  return `/api/v1/comments/${id}`;
};
const freshApplication = async (rec: Rec, screened: boolean) => {
  const { code } = await post<{ code: string }>(OWNER[rec], "/api/v1/applications", applicationBody(ORG[rec], rec === "own" ? {} : { coApplicants: ["la"] }));
  if (screened) {
    await post(OWNER[rec], `/api/v1/applications/${code}/actions`, { action: "submit" }, 200);
    await post("secretariat", `/api/v1/applications/${code}/actions`, { action: "screen" }, 200);
  }
  return `/api/v1/applications/${code}`;
};

/** An import runs in the background: waiting for it keeps its writes out of a later refused call's window. */
async function importFinished(id: string): Promise<void> {
  for (let i = 0; ; i++) {
    const { status } = await ok<{ status: string }>(h.call("GET", `/api/v1/imports/${id}`, { as: "secretariat" }), 200);
    if (status !== "running") return;
    expect(i, "the import finishes").toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The concrete path of an operation for one record. */
function concrete(template: string, rec: Rec): string {
  const kind = template.split("/")[3]!;
  const byKind: Record<string, (r: Rec) => string> = {
    projects: (r) => f.project[r],
    agreements: (r) => f.agreement[r],
    obligations: (r) => f.obligation[r],
    events: (r) => f.event[r],
    consultations: (r) => f.consultation[r],
    disputes: (r) => f.dispute[r],
    bulletins: (r) => f.bulletin[r],
    applications: (r) => f.application[r],
    postings: (r) => (template.endsWith("/needs") ? f.offer[r] : f.need[r]),
    tokens: (r) => f.token[r],
    inbox: (r) => f.inbox[r],
    actors: (r) => ORG[r],
    mechanisms: () => f.mechanism,
    calls: () => f.call,
    imports: () => f.importJob,
    comments: () => f.comment,
    zones: () => "cn-mohan",
    provinces: () => "cn-yunnan",
    compare: (r) => (template.includes("/projects/") ? f.project[r] : f.mechanism),
  };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === "seq") return "1";
    if (name === "id" && kind === "projects") return f.report[rec];
    if (name === "id" && kind === "disputes") return f.document[rec];
    if (name === "id" && kind === "applications") return f.attachment[rec];
    return byKind[kind]!(rec);
  });
}

/** The version a write must carry: a phase's is in its project, every other record's in its ETag. */
async function ifMatch(url: string, as: Caller): Promise<string> {
  const phase = /^(\/api\/v1\/projects\/[^/]+)\/phases\/(\d+)$/.exec(url);
  if (!phase) return etag(as, url);
  const project = (await (await h.call("GET", phase[1]!, { as })).json()) as { phases?: { seq: number; version: number }[] };
  return `"${project.phases?.find((p) => p.seq === Number(phase[2]))?.version ?? 0}"`;
}

const GAME = { C1: 3, C2: 2, dR1: 4, dR2: 3, S1: 5, S2: 4, L1: 2, L2: 1, F: 10, k1: 1.2, k2: 0.8, p: 0.5 };
const pdfUpload = (): Send => ({ query: "filename=matrix.pdf", rawBody: PDF, headers: { "content-type": "application/pdf" } });
const isStaff = (as: Caller) => as === "admin" || as === "secretariat";

// prettier-ignore
const MATRIX: Record<string, Row> = {
  //                                                 public admin secr officer other reviewer analyst
  "POST /api/v1/auth/sign-in":                      { expect: "ok ok ok ok ok ok ok", send: () => ({ body: { email: "analyst@test.concord", password: "correct horse battery" } }) },
  // It ends a cookie session; the matrix signs in with tokens, which it leaves alone.
  "POST /api/v1/auth/sign-out":                     { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/me":                                 { expect: "401 ok ok ok ok ok ok" },
  "PATCH /api/v1/me":                               { expect: "401 ok ok ok ok ok ok", send: (_f, _r, as) => ({ body: { name: as } }) },
  "GET /api/v1/users":                              { expect: "401 ok 403 403 403 403 403" },
  "POST /api/v1/users":                             { expect: "401 ok 403 403 403 403 403", send: (_f, _r, _as, i) => ({ body: { email: `matrix${i}@test.concord`, name: "Matrix", password: "correct horse battery staple", role: "analyst", org: "vn" } }) },
  // Refused callers aim at the analyst (left as it is); the admin disables or enables an account of its own.
  "POST /api/v1/users/{id}/disable":                { expect: "401 ok 403 403 403 403 403", state: true, url: () => `/api/v1/users/${h.users.analyst!.userId}/disable`, fresh: async () => `/api/v1/users/${(await h.addUser(`matrixLeaver${++n}`, "analyst", "vn")).userId}/disable` },
  "POST /api/v1/users/{id}/enable":                 { expect: "401 ok 403 403 403 403 403", state: true, url: () => `/api/v1/users/${h.users.analyst!.userId}/enable`, fresh: async () => { const u = await h.addUser(`matrixReturner${++n}`, "analyst", "vn"); await h.call("POST", `/api/v1/users/${u.userId}/disable`, { as: "admin" }); return `/api/v1/users/${u.userId}/enable`; } },
  "GET /api/v1/tokens":                             { expect: "401 ok ok ok ok ok ok" },
  "POST /api/v1/tokens":                            { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { name: "matrix" } }) },
  "DELETE /api/v1/tokens/{id}":                     { expect: { own: "401 404 404 ok 404 404 404", other: "401 404 404 404 ok 404 404" } },

  "GET /api/v1/mechanisms":                         { expect: "ok ok ok ok ok ok ok" },
  "POST /api/v1/mechanisms":                        { expect: "401 ok ok 403 403 403 403", send: (_f, _r, _as, i) => ({ body: { code: `MX-M${i}`, name: { en: "Matrix" } } }) },
  "GET /api/v1/mechanisms/{ref}":                   { expect: "ok ok ok ok ok ok ok" },
  "PATCH /api/v1/mechanisms/{ref}":                 { expect: "401 ok ok 403 403 403 403", send: () => ({ body: { description: { en: "Matrix" } } }) },
  "POST /api/v1/mechanisms/{ref}/members":          { expect: "401 ok ok 403 403 403 403", send: () => ({ body: { actor: "la", role: "member" } }) },
  "PATCH /api/v1/mechanisms/{ref}/settings":        { expect: "401 ok ok 403 403 403 403", send: () => ({ body: { reminderDays: [7] } }) },
  "GET /api/v1/mechanisms/{ref}/annual-report":     { expect: "ok ok ok ok ok ok ok", send: () => ({ query: "year=2026" }) },

  "GET /api/v1/actors":                             { expect: "ok ok ok ok ok ok ok" },
  "POST /api/v1/actors":                            { expect: "401 ok ok 403 403 403 403", send: (_f, _r, _as, i) => ({ body: { code: `mx-actor-${i}`, type: "ngo", country: "LA", name: { en: "Matrix NGO" } } }) },
  "GET /api/v1/actors/{ref}":                       { expect: { own: "ok ok ok ok ok ok ok", other: "ok ok ok ok ok ok ok" } },
  "PATCH /api/v1/actors/{ref}":                     { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403" }, send: () => ({ body: { website: "https://example.org/" } }) },
  "GET /api/v1/actors/{ref}/fulfilment":            { expect: { own: "ok ok ok ok ok ok ok", other: "ok ok ok ok ok ok ok" } },

  "GET /api/v1/projects":                           { expect: "ok ok ok ok ok ok ok" },
  "POST /api/v1/projects":                          { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403" }, send: (_f, rec) => ({ body: projectBody(ORG[rec]) }) },
  "GET /api/v1/projects/{ref}":                     { expect: { own: "ok ok ok ok ok ok ok", other: "ok ok ok ok ok ok ok", restricted: "404 404 404 404 ok ok 404" } },
  "PATCH /api/v1/projects/{ref}":                   { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 404" }, send: () => ({ body: { description: { en: "Matrix" } } }) },
  "POST /api/v1/projects/{ref}/phases":             { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 404" }, send: () => ({ body: { name: { en: "Another phase" } } }) },
  "PATCH /api/v1/projects/{ref}/phases/{seq}":      { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 404" }, send: () => ({ body: { deliverables: ["Seed stock"] } }) },
  "POST /api/v1/projects/{ref}/transactions":       { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 404" }, send: () => ({ body: { type: "outgoing_commitment", value: "1000.00", valueDate: "2026-03-01" } }) },
  "POST /api/v1/projects/{ref}/reports":            { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 404" }, send: () => ({ body: { phase: 1, periodStart: "2026-07-01", periodEnd: "2026-09-30", dueDate: "2026-10-31", narrative: "Quarter." } }) },
  "POST /api/v1/projects/{ref}/phases/{seq}/transitions": { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 404" }, state: true, fresh: async (rec) => `/api/v1/projects/${(await freshProject(rec)).code}/phases/1/transitions`, send: () => ({ body: { action: "start" } }) },
  "GET /api/v1/projects/{ref}/phases/{seq}/history": { expect: { own: "ok ok ok ok ok ok ok", other: "ok ok ok ok ok ok ok", restricted: "404 404 404 404 ok ok 404" } },
  "POST /api/v1/projects/{ref}/terminate":          { fresh: async (rec) => `/api/v1/projects/${(await freshProject(rec)).code}/terminate`, expect: { own: "401 ok ok 403 403 403 403", other: "401 ok ok 403 403 403 403", restricted: "401 404 404 403 403 403 403" }, state: true, send: () => ({ body: { reason: "Matrix" } }) },
  "POST /api/v1/projects/{ref}/reports/{id}/review": { fresh: async (rec) => { const p = await freshProject(rec); return `/api/v1/projects/${p.code}/reports/${p.report}/review`; }, expect: { own: "401 ok ok 403 403 403 403", other: "401 ok ok 403 403 403 403", restricted: "401 404 404 403 403 403 403" }, state: true, send: () => ({ body: { decision: "accept" } }) },
  "POST /api/v1/projects/{ref}/agreements":         { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 404" }, send: (_f, rec) => ({ body: { title: { en: "Side letter" }, signedOn: "2026-03-01", signatories: [ORG[rec], "la"] } }) },
  "GET /api/v1/projects/{ref}/duplicates":          { expect: { own: "401 ok ok ok ok ok ok", other: "401 ok ok ok ok ok ok", restricted: "401 404 404 404 ok ok 404" } },
  "GET /api/v1/exposure":                           { expect: "401 ok ok 403 403 403 ok" },

  "GET /api/v1/agreements":                         { expect: "ok ok ok ok ok ok ok" },
  "POST /api/v1/agreements":                        { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403" }, send: (_f, rec) => ({ body: { kind: "mou", title: { en: "Matrix MoU" }, signedOn: "2026-03-01", signatories: [ORG[rec], "la"] } }) },
  "GET /api/v1/agreements/{ref}":                   { expect: { own: "ok ok ok ok ok ok ok", other: "ok ok ok ok ok ok ok", restricted: "404 404 404 404 ok ok 404" } },
  "POST /api/v1/agreements/{ref}/obligations":      { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 403" }, send: (_f, rec) => ({ body: { owner: ORG[rec], title: { en: "Report yearly" }, dueDate: "2027-06-01" } }) },
  "GET /api/v1/obligations":                        { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/obligations/rates":                  { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/obligations/{ref}":                  { expect: { own: "ok ok ok ok ok ok ok", other: "ok ok ok ok ok ok ok", restricted: "404 404 404 404 ok ok 404" } },
  "PATCH /api/v1/obligations/{ref}":                { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 403" }, send: () => ({ body: { description: { en: "Matrix" } } }) },
  "POST /api/v1/obligations/{ref}/fulfilment":      { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 403" }, send: () => ({ body: { status: "fulfilled", fulfilledOn: "2026-10-01", evidence: "Delivery note" } }) },

  "GET /api/v1/calls":                              { expect: "ok ok ok ok ok ok ok" },
  "POST /api/v1/calls":                             { expect: "401 ok ok 403 403 403 403", send: (_f, _r, _as, i) => ({ body: callBody(`MX-C${i}`) }) },
  "GET /api/v1/calls/{ref}":                        { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/applications":                       { expect: "ok ok ok ok ok ok ok" },
  "POST /api/v1/applications":                      { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403" }, send: (_f, rec) => ({ body: applicationBody(ORG[rec], rec === "own" ? {} : { coApplicants: ["la"] }) }) },
  "GET /api/v1/applications/{ref}":                 { expect: { own: "404 ok ok ok 404 404 404", other: "404 ok ok 404 ok ok 404" } },
  "PATCH /api/v1/applications/{ref}":               { expect: { own: "401 ok ok ok 404 404 404", other: "401 ok ok 404 ok 403 404" }, send: () => ({ body: { summary: "Matrix" } }) },
  "POST /api/v1/applications/{ref}/actions":        { expect: { own: "401 403 403 ok 404 404 404", other: "401 403 403 404 ok 403 404" }, state: true, fresh: async (rec) => `${await freshApplication(rec, false)}/actions`, send: () => ({ body: { action: "submit" } }) },
  "POST /api/v1/applications/{ref}/reviewers":      { expect: { own: "401 ok ok 403 404 404 404", other: "401 ok ok 404 403 403 404" }, state: true, fresh: async (rec) => `${await freshApplication(rec, true)}/reviewers`, send: () => ({ body: { reviewers: [h.users.reviewerVn!.email] } }) },
  // Own: an application of the officer's organisation, screened, with th's reviewer assigned. Other: th's own draft.
  "POST /api/v1/applications/{ref}/review":         { expect: { own: "401 403 403 403 403 ok 403", other: "401 403 403 403 403 403 403" }, url: (fx, rec) => `/api/v1/applications/${rec === "own" ? fx.reviewed : fx.application.other}/review`, send: () => ({ body: { scores: [{ criterion: "relevance", score: 7 }], comment: "Sound." } }) },
  "POST /api/v1/applications/{ref}/attachments":    { expect: { own: "401 ok ok ok 404 404 404", other: "401 ok ok 404 ok 403 404" }, send: pdfUpload },
  "GET /api/v1/applications/{ref}/attachments/{id}": { expect: { own: "404 ok ok ok 404 404 404", other: "404 ok ok 404 ok ok 404" } },

  "GET /api/v1/reports/late":                       { expect: "401 ok ok ok ok ok ok" },
  "GET /api/v1/funding-gap":                        { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/exchange-rates":                     { expect: "ok ok ok ok ok ok ok" },
  "POST /api/v1/exchange-rates":                    { expect: "401 ok ok 403 403 403 403", send: (_f, _r, _as, i) => ({ body: { currency: "THB", date: `2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, "0")}`, usdPerUnit: "0.028" } }) },

  "GET /api/v1/events":                             { expect: "ok ok ok ok ok ok ok" },
  "POST /api/v1/events":                            { expect: "401 ok ok ok ok 403 403", send: () => ({ body: eventBody({ participants: ["la"] }) }) },
  "GET /api/v1/events/tracks":                      { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/events/{ref}":                       { expect: { own: "ok ok ok ok ok ok ok", other: "ok ok ok ok ok ok ok", restricted: "404 404 404 404 ok ok 404" } },
  "PATCH /api/v1/events/{ref}":                     { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 404" }, send: () => ({ body: { description: { en: "Matrix" } } }) },
  "POST /api/v1/events/{ref}/outcomes":             { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 404 404 404 ok 403 404" }, send: () => ({ body: { text: { en: "Patrols agreed" } } }) },
  "PUT /api/v1/events/{ref}/track":                 { expect: { own: "401 ok ok 403 403 403 403", other: "401 ok ok 403 403 403 403", restricted: "401 404 404 404 403 403 404" }, send: () => ({ body: { track: "II", reason: "Matrix" } }) },

  "GET /api/v1/water/rbos":                         { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/water/treaties":                     { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/water/basins":                       { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/water/intensity":                    { expect: "ok ok ok ok ok ok ok", send: () => ({ query: "mechanism=MRC" }) },

  "POST /api/v1/imports":                           { expect: "401 ok ok 403 403 403 403", send: () => ({ query: "kind=iati&filename=a.xml", rawBody: new TextEncoder().encode('<?xml version="1.0"?><iati-activities version="2.03"></iati-activities>'), headers: { "content-type": "application/xml" } }), settle: (body) => importFinished((JSON.parse(body) as { id: string }).id) },
  "GET /api/v1/imports":                            { expect: "401 ok ok 403 403 403 403" },
  "GET /api/v1/imports/{id}":                       { expect: "401 ok ok 403 403 403 403" },
  // Only a job running in this process can be cancelled; the fixture's has finished (races: test/faults).
  "POST /api/v1/imports/{id}/cancel":               { expect: "401 ~ ~ 403 403 403 403", state: true },
  "GET /api/v1/exports/iati":                       { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/portfolio":                          { expect: "ok ok ok ok ok ok ok" },

  "GET /api/v1/consultations":                      { expect: "401 ok ok ok ok ok ok" },
  "POST /api/v1/consultations":                     { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 422 422 403 ok 403 403" }, send: (fx, rec) => ({ body: { mechanism: "MRC", subject: "dam", title: { en: "Matrix weir" }, proposer: rec === "own" ? "cn" : "th", affectedParties: ["la"], project: fx.project[rec] } }) },
  "GET /api/v1/consultations/clocks":               { expect: "401 ok ok 403 403 403 403" },
  "GET /api/v1/consultations/{ref}":                { expect: { own: "401 ok ok ok ok ok ok", other: "401 ok ok ok ok ok ok" } },
  "POST /api/v1/consultations/{ref}/check":         { expect: { own: "401 ok ok 403 403 403 403", other: "401 ok ok 403 403 403 403" }, state: true, fresh: async (rec) => `${await freshConsultation(rec, "submitted")}/check`, send: () => ({ body: { complete: true } }) },
  "POST /api/v1/consultations/{ref}/resubmit":      { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403" }, state: true, fresh: async (rec) => `${await freshConsultation(rec, "returned")}/resubmit`, send: () => ({ body: { note: "Matrix" } }) },
  "POST /api/v1/consultations/{ref}/receipt":       { expect: { own: "401 ok ok 403 403 403 403", other: "401 ok ok 403 403 403 403" }, state: true, fresh: async (rec) => `${await freshConsultation(rec, "forwarded")}/receipt`, send: () => ({ body: { party: "la" } }) },
  "POST /api/v1/consultations/{ref}/entries":       { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403" }, state: true, fresh: async (rec) => `${await freshConsultation(rec, "consulting")}/entries`, send: () => ({ body: { kind: "note", body: "Matrix" } }) },
  "POST /api/v1/consultations/{ref}/extend":        { expect: { own: "401 ok ok 403 403 403 403", other: "401 ok ok 403 403 403 403" }, state: true, fresh: async (rec) => `${await freshConsultation(rec, "consulting")}/extend`, send: (_f, rec) => ({ body: { months: 1, decision: "Joint decision", agreedBy: [CONSULTATION[rec].proposer, ...CONSULTATION[rec].affectedParties] } }) },
  "POST /api/v1/consultations/{ref}/close":         { expect: { own: "401 ok ok 403 403 403 403", other: "401 ok ok 403 403 403 403" }, state: true, fresh: async (rec) => `${await freshConsultation(rec, "consulting")}/close`, send: () => ({ body: { outcome: "agreed" } }) },

  "GET /api/v1/disputes/stats":                     { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/disputes":                           { expect: "ok ok ok ok ok ok ok" },
  // About the record's project; one a caller may not see is as unknown to it as a missing one (422).
  "POST /api/v1/disputes":                          { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403", restricted: "401 422 422 403 ok 403 403" }, send: (fx, rec) => ({ body: { mechanism: "LMC", title: { en: "Matrix fees" }, parties: disputeParties[rec], project: fx.project[rec] } }) },
  "GET /api/v1/disputes/{ref}":                     { expect: { own: "404 ok ok ok 404 404 404", other: "404 ok ok 404 ok ok 404" } },
  "POST /api/v1/disputes/{ref}/entries":            { expect: { own: "401 ok ok ok 404 404 404", other: "401 ok ok 404 ok 403 404" }, send: (_f, _r, as) => ({ body: { kind: isStaff(as) ? "note" : "position", body: "Matrix" } }) },
  "POST /api/v1/disputes/{ref}/documents":          { expect: { own: "401 ok ok ok 404 404 404", other: "401 ok ok 404 ok 403 404" }, send: pdfUpload },
  "GET /api/v1/disputes/{ref}/documents/{id}":      { expect: { own: "404 ok ok ok 404 404 404", other: "404 ok ok 404 ok ok 404" } },
  "POST /api/v1/disputes/{ref}/escalate":           { expect: { own: "401 ok ok ok 404 404 404", other: "401 ok ok 404 ok 403 404" }, state: true, fresh: async (rec) => `${await freshDispute(rec)}/escalate`, send: () => ({ body: { reason: "Talks stalled" } }) },
  "POST /api/v1/disputes/{ref}/close":              { expect: { own: "401 ok ok 403 404 404 404", other: "401 ok ok 404 403 403 404" }, state: true, fresh: async (rec) => `${await freshDispute(rec)}/close`, send: () => ({ body: { outcome: "settled", text: "Agreed." } }) },

  "GET /api/v1/bulletins":                          { expect: "ok ok ok ok ok ok ok" },
  "POST /api/v1/bulletins":                         { expect: "401 ok ok ok ok 403 403", send: () => ({ body: { category: "other", title: "Matrix", body: "Matrix", recipients: ["mm"] } }) },
  "GET /api/v1/bulletins/{ref}":                    { expect: { own: "404 404 404 ok 404 404 404", other: "404 404 404 404 ok ok 404" } },
  "GET /api/v1/bulletins/{ref}/reads":              { expect: { own: "404 404 404 ok 404 404 404", other: "404 404 404 404 ok ok 404" } },
  "POST /api/v1/bulletins/{ref}/recipients":        { expect: { own: "401 404 404 ok 404 404 404", other: "401 404 404 404 ok 403 404" }, send: () => ({ body: { recipients: ["mm"] } }) },

    // Each caller from its own address: the public's comments are rate-limited per source.
  "POST /api/v1/comments":                          { expect: "ok ok ok ok ok ok ok", send: (fx) => ({ headers: { "x-forwarded-for": newSource() }, body: { subject: "project", ref: fx.project.own, lang: "en", body: "A question from the matrix." } }) },
  "GET /api/v1/comments":                           { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/comments/stats":                     { expect: "ok ok ok ok ok ok ok" },
  "POST /api/v1/comments/{id}/moderate":            { expect: "401 ok ok 403 403 403 403", state: true, fresh: async () => `${await freshComment()}/moderate`, send: () => ({ body: { decision: "publish" } }) },
  "POST /api/v1/comments/{id}/answer":              { expect: "401 ok ok 403 403 403 403", state: true, fresh: async () => `${await freshComment()}/answer`, send: () => ({ body: { answer: "In spring.", lang: "en" } }) },

  "GET /api/v1/inbox":                              { expect: "401 ok ok ok ok ok ok" },
  "POST /api/v1/inbox/read-all":                    { expect: "401 ok ok ok ok ok ok" },
  "POST /api/v1/inbox/{id}/read":                   { expect: { own: "401 404 404 ok 404 404 404", other: "401 404 404 404 ok ok 404" } },
  "GET /api/v1/alerts":                             { expect: "401 ok ok 403 403 403 ok" },
  "GET /api/v1/alerts/subscription":                { expect: "401 ok ok 403 403 403 ok" },
  "PUT /api/v1/alerts/subscription":                { expect: "401 ok ok 403 403 403 ok", send: () => ({ body: { kinds: ["late_report"] } }) },

  "GET /api/v1/compare/overlap":                    { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/compare/participants":               { expect: "ok ok ok ok ok ok ok", send: () => ({ query: "type=ngo" }) },
  // No TFDD database is imported here: the route is public, and for everyone the organisation is unknown.
  "GET /api/v1/compare/rbo":                        { expect: "404 404 404 404 404 404 404", send: () => ({ query: "organisation=MRC" }) },
  "POST /api/v1/compare/rbo/score":                 { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { values: {} } }) },
  "GET /api/v1/compare/outside-activity":           { expect: "ok ok ok ok ok ok ok", send: () => ({ query: "mechanism=LMC" }) },
  "GET /api/v1/compare/projects/{ref}/overlap":     { expect: { own: "ok ok ok ok ok ok ok", other: "ok ok ok ok ok ok ok", restricted: "404 404 404 404 ok ok 404" } },
  "GET /api/v1/compare/mechanisms":                 { expect: "ok ok ok ok ok ok ok", send: () => ({ query: "mechanisms=LMC,MRC" }) },
  "GET /api/v1/compare/rbo/assessments":            { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/compare/rbo/assessments/{mechanism}": { expect: "ok ok ok ok ok ok ok" },
  "PUT /api/v1/compare/rbo/assessments/{mechanism}": { expect: "401 ok ok 403 403 403 403", send: () => ({ body: { values: {} } }) },
  "GET /api/v1/compare/rbo/assessments/{mechanism}/score": { expect: "ok ok ok ok ok ok ok" },

  "POST /api/v1/duplicates/check":                  { expect: "401 ok ok ok ok 403 403", send: () => ({ body: { title: { en: "Matrix rice seed trials" } } }) },
  "GET /api/v1/duplicates":                         { expect: "401 ok ok 403 403 403 ok" },
  "GET /api/v1/provinces":                          { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/provinces/{ref}":                    { expect: "ok ok ok ok ok ok ok" },

  "POST /api/v1/models/games/analyze":              { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { model: "bimatrix", params: { a: [[3, 0], [5, 1]], b: [[3, 5], [0, 1]] } } }) },
  "POST /api/v1/models/games/simulate":             { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { model: "bimatrix", params: { a: [[3, 0], [5, 1]], b: [[3, 5], [0, 1]] }, from: [0.5, 0.5], until: 1 } }) },
  "POST /api/v1/models/games/sweep":                { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { model: "two-governments", params: GAME, x: { name: "F", from: 0, to: 40, steps: 2 }, y: { name: "p", from: 0, to: 1, steps: 2 }, starts: 2 } }) },
  "POST /api/v1/models/share/shapley":              { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { game: { contributions: [1, 2] } } }) },
  "POST /api/v1/models/share/nash":                 { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { game: { players: 2, values: { "": 0, "1": 1, "2": 2, "1,2": 5 } } } }) },
  "POST /api/v1/models/share/core":                 { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { game: { players: 2, values: { "": 0, "1": 1, "2": 2, "1,2": 5 } }, allocation: [2, 3] } }) },
  "POST /api/v1/models/symbiosis/classify":         { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { a12: 0.2, a21: 0.3 } }) },
  "POST /api/v1/models/symbiosis/simulate":         { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { params: { a12: 0.2, a21: 0.3 }, from: [0.1, 0.1], until: 1 } }) },
  "POST /api/v1/models/symbiosis/fit":              { expect: "401 ok ok ok ok ok ok", send: () => ({ body: { x: [1, 2, 3, 4, 5, 6], y: [2, 3, 4, 5, 6, 7] } }) },

  "GET /api/v1/postings":                           { expect: "401 ok ok ok ok ok ok" },
  "POST /api/v1/postings":                          { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403" }, send: (_f, rec) => ({ body: { actor: ORG[rec], kind: "need", factor: "technology", title: { en: "Matrix need" } } }) },
  "GET /api/v1/postings/{id}":                      { expect: { own: "401 ok ok ok ok ok ok", other: "401 ok ok ok ok ok ok" } },
  "PATCH /api/v1/postings/{id}":                    { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403" }, send: () => ({ body: { unit: "USD" } }) },
  "GET /api/v1/postings/{id}/matches":              { expect: { own: "401 ok ok ok ok ok ok", other: "401 ok ok ok ok ok ok" } },
  "GET /api/v1/postings/{id}/needs":                { expect: { own: "401 ok ok ok ok ok ok", other: "401 ok ok ok ok ok ok" } },
  "POST /api/v1/postings/{id}/application":         { expect: { own: "401 ok ok ok 403 403 403", other: "401 ok ok 403 ok 403 403" }, state: true, send: (fx, rec) => ({ body: { offer: fx.offer[rec === "own" ? "other" : "own"], call: fx.call, requested: "1000.00" } }) },
  "GET /api/v1/zones/{ref}/partner-groups":         { expect: "401 ok ok ok ok ok ok" },
  "GET /api/v1/network":                            { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/network/symbiosis":                  { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/countries":                          { expect: "ok ok ok ok ok ok ok" },
  "GET /api/v1/audit":                              { expect: "401 ok ok 403 403 403 403" },
};

/** A hash of every table's content, to prove a refused write changed nothing. */
let hashSql: string;
async function tableHashes(): Promise<Record<string, string>> {
  const [row] = await rowsOf<Record<string, string>>(h.database.db.execute(sql.raw(hashSql)));
  return row!;
}

beforeAll(async () => {
  h = await createHarness({ now: () => NOW });
  // A reviewer from a country in neither application, to be assigned to both.
  await h.addUser("reviewerVn", "reviewer", "vn");
  f = await buildFixture();
  const tables = await rowsOf<{ name: string }>(h.database.db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`));
  // Tokens record their last use and sessions their activity on every call, refused or not.
  const volatile = new Set(["api_tokens", "sessions"]);
  hashSql = `select ${tables
    .filter((t) => !volatile.has(t.name))
    .map((t) => `(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from "${t.name}" x) as "${t.name}"`)
    .join(", ")}`;
}, 120_000);
afterAll(() => h?.close());

type Operation = { parameters?: { name: string; in: string }[] };
type Doc = { paths: Record<string, Record<string, Operation>> };

function cellsOf(row: Row, rec: Rec | null): string[] {
  const raw = typeof row.expect === "string" ? row.expect : row.expect[rec!]!;
  const cells = raw.trim().split(/\s+/);
  if (cells.length !== CALLERS.length) throw new Error(`${raw}: ${cells.length} cells`);
  return cells;
}

describe("the permission matrix", () => {
  it("has exactly one row for every operation of the OpenAPI document", async () => {
    const doc = (await (await h.call("GET", "/openapi.json")).json()) as Doc;
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).filter((m) => ["get", "post", "put", "patch", "delete"].includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
    expect(Object.keys(MATRIX).filter((k) => !documented.includes(k)), "rows for operations the document lacks").toEqual([]);
    expect(documented.filter((k) => !(k in MATRIX)), "operations without a row").toEqual([]);
    for (const [op, row] of Object.entries(MATRIX)) {
      // One line of cells, or one per record (in the path, or named in the body of a create).
      if (typeof row.expect !== "string") for (const rec of Object.keys(row.expect) as Rec[]) cellsOf(row, rec);
      else cellsOf(row, null);
    }
  });

  it("answers every operation × caller × record exactly as the table says, and a refused write changes nothing", async () => {
    const problems: string[] = [];
    const rows = Object.entries(MATRIX);
    // Reads first, then writes, then the writes that move a record's state.
    const rank = (op: string, r: Row) => (op.startsWith("GET ") ? 0 : r.state ? 2 : 1);
    rows.sort((a, b) => rank(...a) - rank(...b));
    for (const [op, row] of rows) {
      const [method, template] = op.split(" ") as [string, string];
      const recs: (Rec | null)[] = typeof row.expect === "string" ? [null] : (Object.keys(row.expect) as Rec[]);
      const calls = recs.flatMap((rec) => cellsOf(row, rec).map((cell, i) => ({ rec, as: CALLERS[i]!, cell, refused: /^\d/.test(cell) })));
      const call = async ({ rec, as, cell, refused }: (typeof calls)[number]) => {
        const fixed = row.url ? row.url(f, rec ?? "own") : concrete(template, rec ?? "own");
        const url = row.fresh && !refused ? await row.fresh(rec ?? "own", as) : fixed;
        const s = row.send ? await row.send(f, rec ?? "own", as, ++n) : {};
        const headers: Record<string, string> = { ...(s.headers ?? {}) };
        if (method === "PATCH") headers["if-match"] = await ifMatch(url, refused ? OWNER[rec ?? "own"] : as);
        const full = s.query ? `${url}?${s.query}` : url;
        const res = await h.call(method, full, { as: as === "public" ? undefined : as, headers, ...(s.rawBody ? { rawBody: s.rawBody } : s.body !== undefined ? { body: s.body } : {}) });
        const text = await res.text();
        const good = refused ? String(res.status) === cell : cell === "ok" ? res.status < 300 : res.status < 500 && ![401, 403, 404].includes(res.status);
        if (!good) problems.push(`${op} [${rec ?? "-"}] as ${as}: expected ${cell}, got ${res.status} ${text.slice(0, 160)}`);
        if (res.ok && row.settle) await row.settle(text);
      };
      // Every refused call first, so that no allowed caller's write can hide a refused one's.
      const before = method !== "GET" ? await tableHashes() : null;
      for (const c of calls.filter((c) => c.refused)) await call(c);
      if (before) {
        const after = await tableHashes();
        const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
        if (changed.length) problems.push(`${op}: a refused call changed ${changed.join(", ")}`);
      }
      for (const c of calls.filter((c) => !c.refused)) await call(c);
    }
    if (process.env.MATRIX_PROBLEMS) writeFileSync(process.env.MATRIX_PROBLEMS, problems.join("\n"));
    expect(problems).toEqual([]);
  }, 300_000);

  it("lists exactly the fixture's records that a single read allows, for every caller", async () => {
    // Each list, the record kind it holds, and the single read whose cells say who may see each record.
    const lists: [string, keyof Fixture, string][] = [
      ["/api/v1/projects?limit=500", "project", "GET /api/v1/projects/{ref}"],
      ["/api/v1/agreements?limit=500", "agreement", "GET /api/v1/agreements/{ref}"],
      ["/api/v1/obligations?limit=500", "obligation", "GET /api/v1/obligations/{ref}"],
      ["/api/v1/events?limit=500&from=2026-01-01", "event", "GET /api/v1/events/{ref}"],
      ["/api/v1/applications?limit=500", "application", "GET /api/v1/applications/{ref}"],
      ["/api/v1/disputes?limit=500", "dispute", "GET /api/v1/disputes/{ref}"],
      ["/api/v1/bulletins?limit=500", "bulletin", "GET /api/v1/bulletins/{ref}"],
      ["/api/v1/consultations?limit=500", "consultation", "GET /api/v1/consultations/{ref}"],
      ["/api/v1/postings?limit=500", "need", "GET /api/v1/postings/{id}"],
    ];
    const problems: string[] = [];
    for (const [url, kind, read] of lists) {
      const row = MATRIX[read]!;
      for (const [i, as] of CALLERS.entries()) {
        const res = await h.call("GET", url, { as: as === "public" ? undefined : as });
        const page = res.status === 200 ? ((await res.json()) as { items: unknown[]; total: number }) : null;
        if (page && page.total > page.items.length) problems.push(`${url} as ${as}: ${page.total} items, more than one page`);
        const listed = JSON.stringify(page?.items ?? []);
        for (const rec of Object.keys(row.expect) as Rec[]) {
          const code = (f[kind] as Record<Rec, string>)[rec];
          const allowed = cellsOf(row, rec)[i] === "ok";
          if (listed.includes(`"${code}"`) !== allowed) problems.push(`${url} as ${as}: ${rec} ${code} ${allowed ? "missing" : "listed"} (${res.status})`);
        }
      }
    }
    if (process.env.MATRIX_PROBLEMS) writeFileSync(`${process.env.MATRIX_PROBLEMS}.lists`, problems.join("\n"));
    expect(problems).toEqual([]);
  });
});
