import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";

let clock = new Date("2026-11-20T08:00:00Z");
const advance = (hours: number) => (clock = new Date(clock.getTime() + hours * 3_600_000));
let h: Harness;

async function project(code: string, visibility: string, approve: boolean) {
  const created = await h.call("POST", "/api/v1/projects", {
    as: "officer",
    body: {
      code,
      mechanism: "LMC",
      pillar: "economic-sustainable",
      priorityArea: "connectivity",
      title: { en: `Project ${code}` },
      visibility,
      budget: "100000.00",
      parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "la-luangnamtha", role: "partner" }],
    },
  });
  expect(created.status).toBe(201);
  if (!approve) return;
  const etag = (await h.call("GET", `/api/v1/projects/${code}`, { as: "secretariat" })).headers.get("etag")!;
  expect((await h.call("PATCH", `/api/v1/projects/${code}`, { as: "secretariat", body: { status: "approved" }, headers: { "if-match": etag } })).status).toBe(200);
}

beforeAll(async () => {
  h = await createHarness({ now: () => clock });
  await project("FB-PUBLIC", "public", true);
  await project("FB-DRAFT", "public", false);
  await project("FB-INTERNAL", "internal", true);
  const ev = (code: string, visibility: string) =>
    h.call("POST", "/api/v1/events", { as: "officer", body: { code, kind: "consultation", date: "2026-05-01", title: { en: code }, visibility, participants: ["cn-yunnan", "la"] } });
  expect((await ev("FB-EV-PUBLIC", "public")).status).toBe(201);
  expect((await ev("FB-EV-CLOSED", "restricted")).status).toBe(201);
});
afterAll(() => h?.close());

type Comment = { id: string; status: string; body: string; lang: string; answer: string | null; responseHours: number | null; subjectCode: string | null; [k: string]: unknown };
type Page = { items: Comment[]; total: number };
type ErrorBody = { error: { code: string; message: string; details?: { path: string; code: string; message: string }[] } };

const khmer = "សូមពន្យល់ពីពេលវេលាដែលផ្លូវថ្មីនឹងបើកសម្រាប់អ្នកភូមិ។";
let address = 0;
/** Each test writes from its own address unless it means to hit the limit. */
const from = (ip = `203.0.113.${++address}`) => ({ "x-forwarded-for": ip });
const post = (body: Record<string, unknown>, opts: { as?: string; ip?: string } = {}) =>
  h.call("POST", "/api/v1/comments", { as: opts.as, body, headers: from(opts.ip) });
const comment = { subject: "project", ref: "FB-PUBLIC", lang: "km", body: khmer, authorName: "Sokha", authorEmail: "sokha@example.org" };

describe("public comments", () => {
  let id: string;

  it("takes a comment from anyone, without signing in, as pending", async () => {
    const res = await post(comment);
    expect(res.status).toBe(201);
    const c = (await res.json()) as Comment;
    id = c.id;
    expect(c).toMatchObject({ status: "pending", body: khmer, lang: "km", authorName: "Sokha" });
    expect(JSON.stringify(c)).not.toContain("sokha@example.org");
    expect(c).not.toHaveProperty("sourceHash");
    // Nothing on the portal yet.
    const portal = (await (await h.call("GET", "/api/v1/comments?subject=project&ref=FB-PUBLIC")).json()) as Page;
    expect(portal.items).toHaveLength(0);
    // Signed-in users comment the same way; a public event takes comments too.
    expect((await post({ ...comment, lang: "en", body: "When will the bridge open?" }, { as: "analyst" })).status).toBe(201);
    expect((await post({ subject: "event", ref: "FB-EV-PUBLIC", lang: "th", body: "ขอบคุณสำหรับการประชุม" })).status).toBe(201);
  });

  it("audits the comment without the e-mail address or the source hash", async () => {
    const res = (await h.database.db.execute(`select after::text as a from audit_log where entity = 'comment' and entity_id = '${id}'`)) as unknown as { rows: { a: string }[] };
    expect(res.rows.length).toBe(1);
    expect(res.rows[0]!.a).toContain("Sokha");
    expect(res.rows[0]!.a).not.toContain("sokha@example.org");
    expect(res.rows[0]!.a).not.toMatch(/source/i);
  });

  it("says not found for what the public cannot see, writing nothing", async () => {
    const before = await countRows(h.database, "comments");
    for (const [subject, ref] of [["project", "FB-DRAFT"], ["project", "FB-INTERNAL"], ["project", "NO-SUCH"], ["event", "FB-EV-CLOSED"]]) {
      // Even a signed-in party of the project: comments are for the portal.
      for (const as of [undefined, "officer"]) {
        const res = await post({ ...comment, subject, ref }, { as });
        expect(res.status, `${subject} ${ref} ${as}`).toBe(404);
        expect(((await res.json()) as ErrorBody).error.code).toBe("not_found");
      }
    }
    expect(await countRows(h.database, "comments")).toBe(before);
  });

  it("refuses bad input with the error shape, writing nothing", async () => {
    const before = await countRows(h.database, "comments");
    const bad: [Record<string, unknown>, string][] = [
      [{ ...comment, body: "   " }, "body"],
      [{ ...comment, body: "x".repeat(4001) }, "body"],
      [{ ...comment, body: "https://spam.example www.more.example" }, "body"],
      [{ ...comment, body: "bell\u0007here" }, "body"],
      [{ ...comment, lang: "fr" }, "lang"],
      [{ ...comment, authorEmail: "nobody" }, "authorEmail"],
      [{ ...comment, authorName: "n".repeat(81) }, "authorName"],
      [{ ...comment, subject: "call" }, "subject"],
    ];
    for (const [body, path] of bad) {
      const res = await post(body);
      expect(res.status, path).toBe(400);
      const err = (await res.json()) as ErrorBody;
      expect(err.error.code).toBe("validation_failed");
      expect(err.error.details?.map((d) => d.path)).toContain(path);
    }
    const links = (await (await post({ ...comment, body: "https://spam.example" })).json()) as ErrorBody;
    expect(links.error.details?.[0]?.message).toBe("A comment must say something besides links.");
    const huge = await h.call("POST", "/api/v1/comments", { rawBody: JSON.stringify({ ...comment, body: "ក".repeat(9000) }), headers: { "content-type": "application/json", ...from() } });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as ErrorBody).error.code).toBe("payload_too_large");
    expect(await countRows(h.database, "comments")).toBe(before);
  });

  it("limits one source to 5 comments in 10 minutes and 20 a day, with Retry-After", async () => {
    const ip = "198.51.100.7";
    for (let i = 0; i < 5; i++) expect((await post({ ...comment, body: `Question ${i}` }, { ip })).status).toBe(201);
    const before = await countRows(h.database, "comments");
    const refused = await post({ ...comment, body: "One more" }, { ip });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("600");
    expect(((await refused.json()) as ErrorBody).error.code).toBe("rate_limited");
    expect(await countRows(h.database, "comments")).toBe(before);
    // Another address is not held back.
    expect((await post({ ...comment, body: "From elsewhere" })).status).toBe(201);
    // After the window, three more bursts fill the day.
    for (let burst = 0; burst < 3; burst++) {
      advance(0.25);
      for (let i = 0; i < 5; i++) expect((await post({ ...comment, body: `Later ${burst}.${i}` }, { ip })).status).toBe(201);
    }
    advance(0.25);
    const daily = await post({ ...comment, body: "Twenty-first" }, { ip });
    expect(daily.status).toBe(429);
    expect(Number(daily.headers.get("retry-after"))).toBe(24 * 3600 - 4 * 900);
  });

  it("counts an IPv6 network, not each address in it, as one source", async () => {
    for (let i = 1; i <= 5; i++) expect((await post({ ...comment, body: `From v6 ${i}` }, { ip: `2001:db8:1:2::${i}` })).status).toBe(201);
    expect((await post({ ...comment, body: "From v6 again" }, { ip: "2001:db8:1:2:ffff::9" })).status).toBe(429);
    expect((await post({ ...comment, body: "From the next network" }, { ip: "2001:db8:1:3::1" })).status).toBe(201);
  });
});

describe("moderation and answers", () => {
  const queue = async (query: string, as = "secretariat") => (await (await h.call("GET", `/api/v1/comments?${query}`, { as })).json()) as Page;

  it("keeps moderation to staff", async () => {
    const pending = await queue("status=pending&limit=500");
    const target = pending.items[0]!;
    for (const as of ["officer", "reviewer", "analyst"]) {
      expect((await h.call("POST", `/api/v1/comments/${target.id}/moderate`, { as, body: { decision: "publish" } })).status).toBe(403);
      expect((await h.call("POST", `/api/v1/comments/${target.id}/answer`, { as, body: { answer: "Yes", lang: "en" } })).status).toBe(403);
      expect((await h.call("GET", "/api/v1/comments?status=pending", { as })).status).toBe(403);
    }
    expect((await h.call("POST", `/api/v1/comments/${target.id}/moderate`, { body: { decision: "publish" } })).status).toBe(401);
    expect((await h.call("GET", "/api/v1/comments?status=pending")).status).toBe(401);
    expect((await h.call("POST", `/api/v1/comments/00000000-0000-4000-8000-000000000000/moderate`, { as: "secretariat", body: { decision: "publish" } })).status).toBe(404);
    expect((await queue("status=pending&limit=500")).total).toBe(pending.total);
  });

  it("lists the queue pending first with its age, publishes, rejects with a reason, and answers", async () => {
    advance(2);
    const all = await queue("limit=500");
    expect(all.items[0]!.status).toBe("pending");
    const khmerComment = all.items.find((c) => c.body === khmer)!;
    expect(khmerComment.subjectCode).toBe("FB-PUBLIC");
    expect(khmerComment.ageHours).toBeGreaterThan(2);
    expect(khmerComment).not.toHaveProperty("authorEmail");
    const km = await queue("lang=km&status=pending&unanswered=true&limit=500");
    expect(km.items.every((c) => c.lang === "km")).toBe(true);

    const noReason = await h.call("POST", `/api/v1/comments/${khmerComment.id}/moderate`, { as: "secretariat", body: { decision: "reject" } });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as ErrorBody).error.details?.[0]?.path).toBe("reason");

    const published = await h.call("POST", `/api/v1/comments/${khmerComment.id}/moderate`, { as: "secretariat", body: { decision: "publish" } });
    expect(published.status).toBe(200);
    expect(((await published.json()) as Comment).status).toBe("published");
    const again = await h.call("POST", `/api/v1/comments/${khmerComment.id}/moderate`, { as: "secretariat", body: { decision: "publish" } });
    expect(again.status).toBe(422);

    const spam = all.items.find((c) => c.body === "Question 0")!;
    const rejected = await h.call("POST", `/api/v1/comments/${spam.id}/moderate`, { as: "admin", body: { decision: "reject", reason: "Repeated questions" } });
    expect(rejected.status).toBe(200);
    expect((await h.call("POST", `/api/v1/comments/${spam.id}/answer`, { as: "secretariat", body: { answer: "No", lang: "en" } })).status).toBe(422);

    const answer = "ផ្លូវនឹងបើកនៅខែមករា ឆ្នាំ២០២៧។";
    const answered = await h.call("POST", `/api/v1/comments/${khmerComment.id}/answer`, { as: "secretariat", body: { answer, lang: "km" } });
    expect(answered.status).toBe(200);
    expect((await answered.json()) as Comment).toMatchObject({ answer, answerLang: "km", status: "published" });
    expect((await h.call("POST", `/api/v1/comments/${khmerComment.id}/answer`, { as: "secretariat", body: { answer: "Again", lang: "en" } })).status).toBe(422);

    // Answering a pending comment publishes it in the same step.
    const thai = all.items.find((c) => c.lang === "th")!;
    const both = await h.call("POST", `/api/v1/comments/${thai.id}/answer`, { as: "secretariat", body: { answer: "ขอบคุณครับ", lang: "th" } });
    expect(((await both.json()) as Comment).status).toBe("published");
  });

  it("shows the portal only published comments with answer and response time, never e-mail or source", async () => {
    const res = await h.call("GET", "/api/v1/comments?subject=project&ref=FB-PUBLIC");
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    expect(page.items.map((c) => c.status)).toEqual(["published"]);
    const c = page.items[0]!;
    expect(c.body).toBe(khmer);
    expect(c.answer).toBe("ផ្លូវនឹងបើកនៅខែមករា ឆ្នាំ២០២៧។");
    expect(c.responseHours).toBeGreaterThan(2);
    expect(c.rejectReason).toBeNull();
    const text = JSON.stringify(page);
    expect(text).not.toContain("sokha@example.org");
    expect(text).not.toMatch(/sourceHash|authorEmail/);
    // The public cannot ask for the queue, nor for comments on what it cannot see.
    expect((await h.call("GET", "/api/v1/comments?subject=project&ref=FB-INTERNAL")).status).toBe(404);
    expect((await h.call("GET", "/api/v1/comments?ref=FB-PUBLIC")).status).toBe(422);
    const everything = (await (await h.call("GET", "/api/v1/comments?limit=500")).json()) as Page;
    expect(everything.items.every((x) => x.status === "published")).toBe(true);
    expect(everything.total).toBe(2);
  });

  it("audits every moderation and answer, never with an address or a source hash", async () => {
    const res = (await h.database.db.execute(`select action, coalesce(before::text, '') || coalesce(after::text, '') as t from audit_log where entity = 'comment'`)) as unknown as { rows: { action: string; t: string }[] };
    const actions = res.rows.map((r) => r.action);
    for (const a of ["create", "publish", "reject", "answer"]) expect(actions).toContain(a);
    const hashes = (await h.database.db.execute(`select distinct source_hash as s from comments`)) as unknown as { rows: { s: string }[] };
    for (const r of res.rows) {
      expect(r.t).not.toContain("@example.org");
      for (const { s } of hashes.rows) expect(r.t).not.toContain(s);
    }
    // Addresses are kept only as keyed hashes.
    expect(hashes.rows.every((r) => /^[0-9a-f]{64}$/.test(r.s))).toBe(true);
  });

  it("gives public counts and response times", async () => {
    const res = await h.call("GET", "/api/v1/comments/stats");
    expect(res.status).toBe(200);
    const s = (await res.json()) as { pending: number; publishedUnanswered: number; answered: number; medianResponseHours: number; p90ResponseHours: number };
    expect(s.answered).toBe(2);
    expect(s.publishedUnanswered).toBe(0);
    expect(s.pending).toBe((await queue("status=pending&limit=500")).total);
    expect(s.medianResponseHours).toBeGreaterThan(2);
    expect(s.p90ResponseHours).toBeGreaterThanOrEqual(s.medianResponseHours);
  });
});
