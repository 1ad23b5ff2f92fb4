import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
  await h.addUser("reviewerKh", "reviewer", "kh");
  await h.addUser("reviewerLa", "reviewer", "la");
});
afterAll(() => h?.close());

type ErrorBody = { error: { code: string; details?: { path: string; code: string }[] } };
type App = {
  code: string;
  status: string;
  screening: { rule: string; passed: boolean }[] | null;
  decisionReason: string | null;
  reviews: { reviewerId: string; submitted: boolean; total: number | null }[];
  scoring: { mean: number | null; spread: number | null; needsModeration: boolean } | null;
  projectCode: string | null;
  attachments: { filename: string }[];
};

const SIX = ["CN", "KH", "LA", "MM", "TH", "VN"];
const call = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  mechanism: "LMC",
  fund: { en: "LMC Special Fund", zh: "澜湄合作专项基金" },
  title: { en: "LMC Special Fund 2026: connectivity and cross-border economy" },
  opensAt: "2026-11-01T00:00:00Z",
  closesAt: "2026-12-31T23:59:59Z",
  eligiblePillars: ["economic-sustainable"],
  eligibleCountries: SIX,
  ceiling: "500000.00",
  rubric: [
    { code: "relevance", name: { en: "Relevance to the priority areas" }, weight: 3, min: 0, max: 10 },
    { code: "feasibility", name: { en: "Feasibility" }, weight: 1, min: 1, max: 5 },
  ],
  reviewersPerApplication: 2,
  ...extra,
});
const phase = (n: number) => ({ name: { en: `Phase ${n}` }, startDate: `202${6 + n}-01-01`, endDate: `202${6 + n}-12-31`, budget: "150000.00", deliverables: [`Deliverable ${n}`] });
const application = (code: string, extra: Record<string, unknown> = {}) => ({
  call: "LMC-SF-2026",
  code,
  title: { en: "Mohan–Boten cold-chain corridor", lo: "ແລວທາງຫ້ອງເຢັນ ບໍ່ຫານ-ບໍ່ເຕັນ" },
  summary: "Refrigerated storage on both sides of the border.",
  lead: "cn-yunnan",
  coApplicants: ["la-luangnamtha"],
  pillar: "economic-sustainable",
  priorityArea: "connectivity",
  requested: "450000.00",
  startDate: "2027-01-01",
  endDate: "2029-12-31",
  phases: [phase(1), phase(2), phase(3)],
  ...extra,
});
const act = (ref: string, body: Record<string, unknown>, as?: string) => h.call("POST", `/api/v1/applications/${ref}/actions`, { as, body });
const get = async (ref: string, as: string) => (await (await h.call("GET", `/api/v1/applications/${ref}`, { as })).json()) as App;
const detail = async (res: Response) => ((await res.json()) as ErrorBody).error.details![0]!;

describe("calls for proposals", () => {
  it("are opened by the secretariat only, with every bad field named and nothing written", async () => {
    const before = await countRows(h.database, "calls");
    expect((await h.call("POST", "/api/v1/calls", { body: call("X") })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/calls", { as: "officer", body: call("X") })).status).toBe(403);
    const backwards = await h.call("POST", "/api/v1/calls", { as: "secretariat", body: call("X", { closesAt: "2026-10-01T00:00:00Z" }) });
    expect(backwards.status).toBe(400);
    expect((await detail(backwards)).path).toBe("closesAt");
    const range = await h.call("POST", "/api/v1/calls", { as: "secretariat", body: call("X", { rubric: [{ code: "a", name: { en: "A" }, weight: 1, min: 5, max: 5 }] }) });
    expect((await detail(range)).path).toBe("rubric.0.max");
    const pillar = await h.call("POST", "/api/v1/calls", { as: "secretariat", body: call("X", { eligiblePillars: ["space"] }) });
    expect(pillar.status).toBe(422);
    expect(await detail(pillar)).toMatchObject({ path: "eligiblePillars.0", code: "unknown_pillar" });
    expect(await countRows(h.database, "calls")).toBe(before);
  });

  it("are public, with their state computed from the window", async () => {
    expect((await h.call("POST", "/api/v1/calls", { as: "secretariat", body: call("LMC-SF-2026") })).status).toBe(201);
    const closed = call("LMC-SF-2025", { opensAt: "2025-03-01T00:00:00Z", closesAt: "2025-05-31T23:59:59Z" });
    expect((await h.call("POST", "/api/v1/calls", { as: "admin", body: closed })).status).toBe(201);
    expect((await h.call("POST", "/api/v1/calls", { as: "admin", body: closed })).status).toBe(409);
    const open = (await (await h.call("GET", "/api/v1/calls?state=open")).json()) as { items: { code: string; state: string }[] };
    expect(open.items.map((c) => c.code)).toEqual(["LMC-SF-2026"]);
    expect(((await (await h.call("GET", "/api/v1/calls/LMC-SF-2025")).json()) as { state: string }).state).toBe("closed");
  });
});

describe("the special-fund cycle", () => {
  it("lets an officer draft for its own organisation only", async () => {
    const before = await countRows(h.database, "applications");
    expect((await h.call("POST", "/api/v1/applications", { as: "otherOfficer", body: application("NOT-MINE") })).status).toBe(403);
    expect((await h.call("POST", "/api/v1/applications", { as: "reviewer", body: application("NOT-MINE") })).status).toBe(403);
    const unknown = await h.call("POST", "/api/v1/applications", { as: "officer", body: application("NOT-MINE", { coApplicants: ["atlantis"] }) });
    expect(await detail(unknown)).toMatchObject({ path: "coApplicants.0", code: "unknown_actor" });
    expect(await countRows(h.database, "applications")).toBe(before);
    const res = await h.call("POST", "/api/v1/applications", { as: "officer", body: application("YN-LN-COLD") });
    expect(res.status).toBe(201);
    expect(((await res.json()) as App).status).toBe("draft");
  });

  it("keeps applications from everyone but their parties, staff and assigned reviewers", async () => {
    for (const as of [undefined, "otherOfficer", "analyst", "reviewer"]) expect((await h.call("GET", "/api/v1/applications/YN-LN-COLD", { as })).status, String(as)).toBe(404);
    const list = (await (await h.call("GET", "/api/v1/applications?limit=100", { as: "otherOfficer" })).json()) as { items: { code: string }[] };
    expect(list.items.map((a) => a.code)).not.toContain("YN-LN-COLD");
    expect((await h.call("GET", "/api/v1/applications/YN-LN-COLD", { as: "secretariat" })).status).toBe(200);
    const search = (q: string) => h.call("GET", `/api/v1/applications?q=${encodeURIComponent(q)}`, { as: "secretariat" }).then(async (r) => ((await r.json()) as { items: { code: string }[] }).items.map((a) => a.code));
    expect(await search("ln-cold")).toEqual(["YN-LN-COLD"]);
    expect(await search("cold-chain corridor")).toContain("YN-LN-COLD");
    expect(await search("%")).toEqual([]);
  });

  it("refuses a late submission with a clear error", async () => {
    expect((await h.call("POST", "/api/v1/applications", { as: "officer", body: application("YN-LATE", { call: "LMC-SF-2025" }) })).status).toBe(201);
    const late = await act("YN-LATE", { action: "submit" }, "officer");
    expect(late.status).toBe(422);
    expect(await detail(late)).toMatchObject({ path: "call", code: "call_closed" });
    expect((await get("YN-LATE", "officer")).status).toBe("draft");
  });

  it("submits, then screens each eligibility rule", async () => {
    expect((await act("YN-LN-COLD", { action: "screen" }, "secretariat")).status).toBe(409);
    expect((await act("YN-LN-COLD", { action: "submit" }, "secretariat")).status).toBe(403);
    expect((await act("YN-LN-COLD", { action: "submit" }, "officer")).status).toBe(200);
    expect((await act("YN-LN-COLD", { action: "screen" }, "officer")).status).toBe(403);
    const screened = (await (await act("YN-LN-COLD", { action: "screen" }, "secretariat")).json()) as App;
    expect(screened.status).toBe("screened");
    expect(screened.screening!.every((c) => c.passed)).toBe(true);
    expect(screened.screening!.map((c) => c.rule)).toEqual(expect.arrayContaining(["cross_border", "eligible_countries", "eligible_pillar", "within_ceiling", "phase_budgets_match"]));
  });

  it("rejects at the screen an application with no partner across the border", async () => {
    await h.call("POST", "/api/v1/applications", { as: "officer", body: application("YN-GX-ONLY", { coApplicants: ["cn-guangxi"] }) });
    await act("YN-GX-ONLY", { action: "submit" }, "officer");
    const res = (await (await act("YN-GX-ONLY", { action: "screen" }, "secretariat")).json()) as App;
    expect(res.status).toBe("rejected");
    expect(res.screening!.filter((c) => !c.passed).map((c) => c.rule)).toEqual(["cross_border"]);
    expect(res.decisionReason).toMatch(/cross_border/);
  });

  it("assigns two reviewers, refusing a conflict of interest", async () => {
    const assign = (reviewers: string[], as = "secretariat") => h.call("POST", "/api/v1/applications/YN-LN-COLD/reviewers", { as, body: { reviewers } });
    const kh = h.users.reviewerKh!.email;
    expect((await assign([h.users.reviewer!.email, kh], "officer")).status).toBe(403);
    expect(await detail(await assign([kh]))).toMatchObject({ code: "reviewer_count" });
    expect(await detail(await assign([h.users.reviewerLa!.email, kh]))).toMatchObject({ path: "reviewers.0", code: "conflict_of_interest" });
    expect(await detail(await assign([h.users.analyst!.email, kh]))).toMatchObject({ path: "reviewers.0", code: "not_a_reviewer" });
    expect(await countRows(h.database, "reviews")).toBe(0);
    const ok = await assign([h.users.reviewer!.email, kh]);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as App).status).toBe("in_review");
  });

  it("takes each reviewer's scores once, within the rubric, and shows each only their own", async () => {
    const review = (as: string, relevance: number, feasibility: number) =>
      h.call("POST", "/api/v1/applications/YN-LN-COLD/review", { as, body: { scores: [{ criterion: "relevance", score: relevance }, { criterion: "feasibility", score: feasibility }], comment: "Scored against the rubric." } });
    expect((await act("YN-LN-COLD", { action: "approve" }, "secretariat")).status).toBe(422);
    const out = await review("reviewer", 11, 4);
    expect(out.status).toBe(422);
    expect(await detail(out)).toMatchObject({ path: "scores.0.score", code: "score_out_of_range" });
    expect((await review("reviewerLa", 5, 3)).status).toBe(404);
    expect((await review("reviewer", 9, 5)).status).toBe(200);
    expect((await review("reviewer", 9, 5)).status).toBe(409);
    const mine = await get("YN-LN-COLD", "reviewer");
    expect(mine.reviews).toHaveLength(1);
    expect(mine.reviews[0]!.total).toBe(92.5);
    expect(mine.scoring).toBeNull();
    expect((await review("reviewerKh", 3, 2)).status).toBe(200);
    expect((await get("YN-LN-COLD", "officer")).reviews).toEqual([]);
  });

  it("flags a wide spread for moderation, then approves into a three-phase project", async () => {
    const app = await get("YN-LN-COLD", "secretariat");
    expect(app.reviews.map((r) => r.total)).toEqual([92.5, 28.75]);
    expect(app.scoring).toEqual({ mean: 60.63, spread: 63.75, needsModeration: true });
    const unmoderated = await act("YN-LN-COLD", { action: "approve" }, "secretariat");
    expect(await detail(unmoderated)).toMatchObject({ path: "moderationNote", code: "moderation_required" });
    const projects = await countRows(h.database, "projects");
    const approved = await act("YN-LN-COLD", { action: "approve", moderationNote: "Moderation call held; feasibility concerns answered." }, "secretariat");
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as App)).toMatchObject({ status: "approved", projectCode: "YN-LN-COLD" });
    expect(await countRows(h.database, "projects")).toBe(projects + 1);
    const project = (await (await h.call("GET", "/api/v1/projects/YN-LN-COLD")).json()) as { status: string; budget: string; phases: { seq: number; status: string; budget: string }[]; parties: { actorCode: string; role: string }[] };
    expect(project.status).toBe("approved");
    expect(project.budget).toBe("450000.00");
    expect(project.phases.map((p) => [p.seq, p.status, p.budget])).toEqual([[1, "planned", "150000.00"], [2, "planned", "150000.00"], [3, "planned", "150000.00"]]);
    expect(project.parties.map((p) => `${p.actorCode}:${p.role}`).sort()).toEqual(["cn-yunnan:lead", "la-luangnamtha:partner", "lmc-secretariat:funder"]);
    expect((await act("YN-LN-COLD", { action: "reject", reason: "too late" }, "secretariat")).status).toBe(409);
  });

  it("records the signed agreement with the parties that signed it", async () => {
    const agreement = (body: Record<string, unknown>, as = "officer") => h.call("POST", "/api/v1/projects/YN-LN-COLD/agreements", { as, body });
    const body = { code: "YN-LN-COLD-GA", title: { en: "Grant agreement" }, signedOn: "2026-11-30", signatories: ["cn-yunnan", "la-luangnamtha", "lmc-secretariat"] };
    expect((await agreement(body, "otherOfficer")).status).toBe(403);
    expect((await agreement({ ...body, signatories: ["cn-yunnan"] })).status).toBe(400);
    const outsider = await agreement({ ...body, signatories: ["cn-yunnan", "th"] });
    expect(await detail(outsider)).toMatchObject({ path: "signatories.1", code: "signatory_not_party" });
    const ok = await agreement(body);
    expect(ok.status).toBe(201);
    const p = (await ok.json()) as { agreements: { code: string; signedOn: string; signatories: { actorCode: string }[] }[] };
    expect(p.agreements).toEqual([expect.objectContaining({ code: "YN-LN-COLD-GA", signedOn: "2026-11-30", signatories: [{ actorCode: "cn-yunnan", actorName: expect.anything() }, { actorCode: "la-luangnamtha", actorName: expect.anything() }, { actorCode: "lmc-secretariat", actorName: expect.anything() }] })]);
    expect((await agreement(body)).status).toBe(409);
  });

  it("asks for reasons to return, and lets exactly one of two simultaneous screens through", async () => {
    await h.call("POST", "/api/v1/applications", { as: "officer", body: application("YN-LN-TWICE") });
    await act("YN-LN-TWICE", { action: "submit" }, "officer");
    const noReason = await act("YN-LN-TWICE", { action: "return" }, "secretariat");
    expect(noReason.status).toBe(400);
    expect((await detail(noReason)).path).toBe("reason");
    const both = await Promise.all([act("YN-LN-TWICE", { action: "screen" }, "secretariat"), act("YN-LN-TWICE", { action: "screen" }, "admin")]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const returned = (await (await act("YN-LN-TWICE", { action: "return", reason: "Add the Lao partner's letter of support." }, "secretariat")).json()) as App;
    expect(returned).toMatchObject({ status: "returned", decisionReason: "Add the Lao partner's letter of support." });
    // The applicant revises the returned application, with If-Match, then submits it again.
    const revise = (body: Record<string, unknown>, headers: Record<string, string>, as = "officer") => h.call("PATCH", "/api/v1/applications/YN-LN-TWICE", { as, body, headers });
    const etag = (await h.call("GET", "/api/v1/applications/YN-LN-TWICE", { as: "officer" })).headers.get("etag")!;
    expect((await revise({ requested: "300000.00" }, {})).status).toBe(428);
    expect((await revise({ requested: "300000.00" }, { "if-match": etag }, "otherOfficer")).status).toBe(404);
    expect(await detail(await revise({ coApplicants: ["cn-yunnan"] }, { "if-match": etag }))).toMatchObject({ path: "coApplicants.0", code: "duplicate_party" });
    const revised = await revise({ requested: "300000.00", phases: [phase(1), phase(2)], coApplicants: ["la-luangnamtha", "la-boten"] }, { "if-match": etag });
    expect(revised.status).toBe(200);
    expect((await revise({ requested: "1.00" }, { "if-match": etag })).status).toBe(412);
    const after = (await revised.json()) as App & { requested: string; parties: { actorCode: string }[] };
    expect(after.requested).toBe("300000.00");
    expect(after.parties.map((p) => p.actorCode)).toEqual(["cn-yunnan", "la-boten", "la-luangnamtha"]);
    expect((await act("YN-LN-TWICE", { action: "submit" }, "officer")).status).toBe(200);
    const locked = await revise({ requested: "1.00" }, { "if-match": (await h.call("GET", "/api/v1/applications/YN-LN-TWICE", { as: "officer" })).headers.get("etag")! });
    expect(await detail(locked)).toMatchObject({ code: "application_not_editable" });
  });

  it("stores PDF and image attachments of a draft, checking type and size", async () => {
    await h.call("POST", "/api/v1/applications", { as: "officer", body: application("YN-DOCS") });
    const upload = (bytes: Uint8Array, type: string, as = "officer", filename = "budget.pdf") =>
      h.call("POST", `/api/v1/applications/YN-DOCS/attachments?filename=${encodeURIComponent(filename)}`, { as, rawBody: bytes, headers: { "content-type": type } });
    const pdf = new TextEncoder().encode("%PDF-1.4\n% a tiny test document\n%%EOF\n");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const before = await countRows(h.database, "attachments");
    expect((await upload(pdf, "application/pdf", "otherOfficer")).status).toBe(404);
    expect((await upload(pdf, "text/plain")).status).toBe(415);
    expect(await detail(await upload(png, "application/pdf"))).toMatchObject({ code: "attachment_type_mismatch" });
    expect((await upload(new Uint8Array(10 * 1024 * 1024 + 1), "application/pdf")).status).toBe(413);
    expect((await upload(pdf, "application/pdf", "officer", "../")).status).toBe(400);
    expect(await countRows(h.database, "attachments")).toBe(before);

    const saved = await upload(pdf, "application/pdf", "officer", "../../Budget plan.pdf");
    expect(saved.status).toBe(201);
    const info = (await saved.json()) as { id: string; filename: string; size: number };
    expect(info).toMatchObject({ filename: "Budget plan.pdf", size: pdf.length });
    expect((await upload(png, "image/png", "officer", "site.png")).status).toBe(201);

    const download = await h.call("GET", `/api/v1/applications/YN-DOCS/attachments/${info.id}`, { as: "secretariat" });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    expect((await h.call("GET", `/api/v1/applications/YN-DOCS/attachments/${info.id}`)).status).toBe(404);
    expect((await get("YN-DOCS", "officer")).attachments.map((a) => a.filename)).toEqual(["Budget plan.pdf", "site.png"]);

    await act("YN-DOCS", { action: "submit" }, "officer");
    expect(await detail(await upload(pdf, "application/pdf"))).toMatchObject({ code: "application_not_editable" });
  });

  it("records every step in the audit log", async () => {
    const { items } = (await (await h.call("GET", "/api/v1/audit?entity=application&limit=200", { as: "admin" })).json()) as { items: { action: string }[] };
    expect(new Set(items.map((i) => i.action))).toEqual(new Set(["create", "update", "submit", "screen", "assign_reviewers", "reviewers", "approve", "return"]));
    const uploads = (await (await h.call("GET", "/api/v1/audit?entity=attachment&limit=10", { as: "admin" })).json()) as { items: unknown[] };
    expect(uploads.items).toHaveLength(2);
  });
});
