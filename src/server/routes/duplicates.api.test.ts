import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { makeContext, SYSTEM } from "../../core/context.js";
import { importGcdf } from "../../modules/imports/gcdf.js";

const MEKONG = resolve(process.cwd(), "../shared/data/gcdf/gcdf2_final_df_mekong5_subset.csv");

type Reason = { kind: string; score: number; detail?: string; label: string };
type Match = { id: string; code: string; title: Record<string, string>; mechanism: string; externalSource: string | null; link: string; score: number; reasons: Reason[]; sameMechanism: boolean };
type Check = { threshold: number; searched: number; items: Match[] };
type Pair = { a: Match; b: Match; score: number; reasons: Reason[] };
type Scan = { threshold: number; searched: number; total: number; items: Pair[] };

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-24T10:00:00Z") });
  // AidData's 249 Mekong records, as `concord import gcdf` stores them (public projects GCDF-<id>).
  await importGcdf(makeContext(h.database.db, SYSTEM, { channel: "cli" }), [MEKONG], {}, {});
}, 120_000);
afterAll(() => h?.close());

const check = async (body: unknown, as = "officer") => {
  const res = await h.call("POST", "/api/v1/duplicates/check", { as, body });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Check;
};
const codes = (c: { items: { code: string }[] }) => c.items.map((m) => m.code);

describe("POST /api/v1/duplicates/check", () => {
  it("finds the reference logistics hub from a Thai draft, with translated reasons and a link", async () => {
    const audits = await countRows(h.database, "audit_log");
    const res = await h.call("POST", "/api/v1/duplicates/check?lang=th", {
      as: "officer",
      body: { title: { th: "ศูนย์กลางโลจิสติกส์ข้ามแดนโม่ฮาน-บ่อเต็น" }, countries: ["la"], sector: "21010", startYear: 2025, endYear: 2026, mechanism: "LMC" },
    });
    expect(res.status).toBe(200);
    const out = (await res.json()) as Check;
    expect(out.searched).toBeGreaterThan(249);
    const hub = out.items[0]!;
    expect(hub).toMatchObject({ code: "SAMPLE-MBZ-LOGISTICS", mechanism: "LMC", link: "/projects/SAMPLE-MBZ-LOGISTICS", sameMechanism: true });
    expect(hub.score).toBeGreaterThanOrEqual(out.threshold);
    expect(hub.reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(["title", "country", "sector", "years"]));
    expect(hub.reasons.find((r) => r.kind === "title")!.label).toMatch(/^ชื่อคล้ายกัน \(\d+%\)$/);
    expect(hub.reasons.find((r) => r.kind === "country")!.label).toBe("ประเทศเดียวกัน (LA)");
    // Reading only: nothing audited.
    expect(await countRows(h.database, "audit_log")).toBe(audits);
  });

  it("finds it from a Chinese draft whose parties place it in Yunnan, as the secretariat", async () => {
    const out = await check({ title: { zh: "磨憨—磨丁跨境物流枢纽建设" }, parties: ["cn-yunnan", "no-such-org-yet"] }, "secretariat");
    expect(codes(out)[0]).toBe("SAMPLE-MBZ-LOGISTICS");
    expect(out.items[0]!.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "province", detail: "cn-yunnan", label: "Same province or state (cn-yunnan)" })]));
    expect(out.items[0]!.sameMechanism).toBe(false);
  });

  it("flags a proposal that repeats an imported GCDF project", async () => {
    const out = await check({ title: { en: "Morodok Techo National Stadium construction" }, countries: ["KH"], startYear: 2016, endYear: 2021 });
    expect(codes(out)).toContain("GCDF-48887");
    expect(out.items.find((m) => m.code === "GCDF-48887")).toMatchObject({ mechanism: "GCDF", externalSource: "gcdf", link: "/projects/GCDF-48887" });
    // Unrelated text finds nothing, however well place and years match.
    expect((await check({ title: { en: "Teacher training in mathematics" }, countries: ["KH"], startYear: 2016 })).items).toEqual([]);
  });

  it("never returns a restricted project to anyone its organisations do not include", async () => {
    const title = "Dragon fruit cold storage cooperative in Dien Bien";
    const res = await h.call("POST", "/api/v1/projects", {
      as: "officer",
      body: { code: "DUP-RESTRICTED", mechanism: "LMC", title: { en: title }, visibility: "restricted", sector: "31120", parties: [{ actor: "cn-yunnan", role: "lead" }] },
    });
    expect(res.status).toBe(201);
    const draft = { title: { en: title }, countries: ["CN"] };
    expect(codes(await check(draft, "officer"))).toContain("DUP-RESTRICTED");
    expect(codes(await check(draft, "otherOfficer"))).not.toContain("DUP-RESTRICTED");
    // Not even staff of another organisation: restricted records stay between their parties.
    expect(codes(await check(draft, "secretariat"))).not.toContain("DUP-RESTRICTED");
    const scan = await h.call("GET", "/api/v1/duplicates?threshold=0.3&limit=5000", { as: "analyst" });
    const pairs = ((await scan.json()) as Scan).items;
    expect(pairs.some((p) => p.a.code === "DUP-RESTRICTED" || p.b.code === "DUP-RESTRICTED")).toBe(false);
  });

  it("sees a project's edit at once (the kept index is rebuilt when a project changes)", async () => {
    const before = { title: { en: "Dragon fruit cold storage cooperative in Dien Bien" } };
    expect(codes(await check(before))).toContain("DUP-RESTRICTED");
    const read = await h.call("GET", "/api/v1/projects/DUP-RESTRICTED", { as: "officer" });
    const patched = await h.call("PATCH", "/api/v1/projects/DUP-RESTRICTED", { as: "officer", body: { title: { en: "Mango drying workshop for Xishuangbanna growers" } }, headers: { "if-match": read.headers.get("etag")! } });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect(codes(await check(before))).not.toContain("DUP-RESTRICTED");
    expect(codes(await check({ title: { en: "Mango drying workshop for Xishuangbanna growers" } }))).toContain("DUP-RESTRICTED");
  });

  it("refuses the public (401), and roles that do not propose (403)", async () => {
    const body = { title: { en: "Anything at all" } };
    expect((await h.call("POST", "/api/v1/duplicates/check", { body })).status).toBe(401);
    for (const as of ["reviewer", "analyst"]) {
      const res = await h.call("POST", "/api/v1/duplicates/check", { as, body });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    }
  });

  it("refuses bad drafts with the documented error shape", async () => {
    const bad: [unknown, number, string?][] = [
      [{}, 400, "title"],
      [{ title: {} }, 400, "title"],
      [{ title: { en: "  " } }, 400, "title"],
      [{ title: { xx: "Road" } }, 400],
      [{ title: { en: "Road" }, sector: "roads" }, 400, "sector"],
      [{ title: { en: "Road" }, countries: ["Laos"] }, 400, "countries.0"],
      [{ title: { en: "Road" }, startYear: 2030, endYear: 2020 }, 400, "endYear"],
      [{ title: { en: "Road" }, limit: 0 }, 400, "limit"],
      [{ title: { en: "Road" }, extra: true }, 400],
      [{ title: { en: "Road" }, mechanism: "NOPE" }, 422, "mechanism"],
    ];
    for (const [body, status, path] of bad) {
      const res = await h.call("POST", "/api/v1/duplicates/check", { as: "officer", body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      const err = (await res.json()) as { error: { code: string; message: string; details?: { path?: string }[] } };
      expect(err.error.code).toBe(status === 400 ? "validation_failed" : "rule_violated");
      if (path) expect(err.error.details?.map((d) => d.path)).toContain(path);
    }
    const raw = await h.call("POST", "/api/v1/duplicates/check", { as: "officer", rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(raw.status).toBe(400);
    const missing = await h.call("POST", "/api/v1/duplicates/check", { as: "officer", body: { title: { en: "Road" }, exclude: "NOPE-404" } });
    expect(missing.status).toBe(404);
  });
});

describe("GET /api/v1/projects/{ref}/duplicates", () => {
  it("lists a GCDF record's repeats without the record itself", async () => {
    const res = await h.call("GET", "/api/v1/projects/GCDF-34188/duplicates", { as: "analyst" });
    expect(res.status).toBe(200);
    const out = (await res.json()) as Check & { project: string };
    expect(out.project).toBe("GCDF-34188");
    expect(codes(out)).not.toContain("GCDF-34188");
    // AidData links 34188 (the grant) with 34187 (the interest-free loan) for the same fertilizer plant.
    expect(codes(out)).toContain("GCDF-34187");
    for (let i = 1; i < out.items.length; i++) expect(out.items[i - 1]!.score).toBeGreaterThanOrEqual(out.items[i]!.score);
  });

  it("is 404 for an unknown or invisible project, 401 for the public, 400 for a bad threshold", async () => {
    expect((await h.call("GET", "/api/v1/projects/NOPE/duplicates", { as: "analyst" })).status).toBe(404);
    expect((await h.call("GET", "/api/v1/projects/DUP-RESTRICTED/duplicates", { as: "otherOfficer" })).status).toBe(404);
    expect((await h.call("GET", "/api/v1/projects/DUP-RESTRICTED/duplicates", { as: "officer" })).status).toBe(200);
    expect((await h.call("GET", "/api/v1/projects/GCDF-34188/duplicates")).status).toBe(401);
    expect((await h.call("GET", "/api/v1/projects/GCDF-34188/duplicates?threshold=2", { as: "analyst" })).status).toBe(400);
  });
});

describe("GET /api/v1/duplicates", () => {
  it("lists every likely pair once, best first, for analysts and staff", async () => {
    const res = await h.call("GET", "/api/v1/duplicates", { as: "analyst" });
    expect(res.status).toBe(200);
    const scan = (await res.json()) as Scan;
    expect(scan.total).toBeGreaterThan(0);
    const keys = scan.items.map((p) => [p.a.id, p.b.id].sort().join(":"));
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of scan.items) {
      expect(p.a.id).not.toBe(p.b.id);
      expect(p.score).toBeGreaterThanOrEqual(scan.threshold);
    }
    for (let i = 1; i < scan.items.length; i++) expect(scan.items[i - 1]!.score).toBeGreaterThanOrEqual(scan.items[i]!.score);
    // Each pair is listed with its lower code first.
    expect(scan.items.some((p) => p.a.code === "GCDF-34187" && p.b.code === "GCDF-34188")).toBe(true);

    const lower = (await (await h.call("GET", "/api/v1/duplicates?threshold=0.4&limit=3", { as: "secretariat" })).json()) as Scan;
    expect(lower.total).toBeGreaterThanOrEqual(scan.total);
    expect(lower.items.length).toBe(3);
    const gcdf = (await (await h.call("GET", "/api/v1/duplicates?mechanism=GCDF", { as: "secretariat" })).json()) as Scan;
    expect(gcdf.items.length).toBeGreaterThan(0);
    for (const p of gcdf.items) expect([p.a.mechanism, p.b.mechanism]).toContain("GCDF");
    const lmc = (await (await h.call("GET", "/api/v1/duplicates?mechanism=LMC&threshold=0.3", { as: "secretariat" })).json()) as Scan;
    for (const p of lmc.items) expect([p.a.mechanism, p.b.mechanism]).toContain("LMC");
  });

  it("exports the pairs as CSV in the asked language", async () => {
    const res = await h.call("GET", "/api/v1/duplicates?format=csv&lang=vi&limit=5", { as: "analyst" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/concord-duplicates-\d{8}\.csv/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("Điểm,Dự án A,Tên A,Cơ chế A,Dự án B,Tên B,Cơ chế B,Lý do");
    expect(lines.length).toBe(6);
  });

  it("refuses the public, officers and reviewers, and bad filters", async () => {
    expect((await h.call("GET", "/api/v1/duplicates")).status).toBe(401);
    for (const as of ["officer", "reviewer"]) expect((await h.call("GET", "/api/v1/duplicates", { as })).status).toBe(403);
    expect((await h.call("GET", "/api/v1/duplicates?threshold=abc", { as: "analyst" })).status).toBe(400);
    expect((await h.call("GET", "/api/v1/duplicates?threshold=0.1", { as: "analyst" })).status).toBe(400);
    expect((await h.call("GET", "/api/v1/duplicates?limit=0", { as: "analyst" })).status).toBe(400);
    const r422 = await h.call("GET", "/api/v1/duplicates?mechanism=NOPE", { as: "analyst" });
    expect(r422.status).toBe(422);
    expect(await r422.json()).toMatchObject({ error: { code: "rule_violated" } });
  });
});
