import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

const newMechanism = { code: "TEST-M", name: { en: "Test mechanism", th: "กลไกทดสอบ" }, foundedOn: "2020-01-01" };

describe("GET /api/v1/mechanisms", () => {
  it("lists the LMC with its six member countries, to anyone", async () => {
    const res = await h.call("GET", "/api/v1/mechanisms?limit=100");
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { code: string; members: { countryCode: string | null; role: string }[] }[]; total: number };
    const lmc = page.items.find((m) => m.code === "LMC");
    expect(lmc).toBeDefined();
    const countries = new Set(lmc!.members.map((m) => m.countryCode));
    expect([...countries].sort()).toEqual(["CN", "KH", "LA", "MM", "TH", "VN"]);
    for (const code of ["LMI", "MJC", "GMS", "MRC"]) expect(page.items.map((m) => m.code)).toContain(code);
    expect(page.total).toBe(page.items.length);
  });

  it("filters by member and pages", async () => {
    const res = await h.call("GET", "/api/v1/mechanisms?member=la&limit=2&offset=0&sort=-code");
    const page = (await res.json()) as { items: { code: string }[]; total: number; limit: number };
    expect(res.status).toBe(200);
    expect(page.limit).toBe(2);
    expect(page.items.length).toBeLessThanOrEqual(2);
    expect(page.total).toBeGreaterThanOrEqual(2);
    const codes = page.items.map((m) => m.code);
    expect(codes).toEqual([...codes].sort().reverse());
  });

  it("rejects a malformed query with 400 and the error shape", async () => {
    const res = await h.call("GET", "/api/v1/mechanisms?limit=0");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { path: string }[] } };
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details[0]!.path).toBe("limit");
  });
});

describe("GET /api/v1/mechanisms/{ref}", () => {
  it("returns the LMC 3+5 framework with an ETag", async () => {
    const res = await h.call("GET", "/api/v1/mechanisms/LMC");
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toMatch(/^"\d+"$/);
    const m = (await res.json()) as { pillars: unknown[]; priorityAreas: { code: string }[]; organs: unknown[] };
    expect(m.pillars).toHaveLength(3);
    expect(m.priorityAreas.map((a) => a.code).sort()).toEqual(["agriculture-poverty", "connectivity", "cross-border-economic", "production-capacity", "water-resources"]);
    expect(m.organs.length).toBeGreaterThan(0);
  });

  it("answers 404 in the caller's language for an unknown mechanism", async () => {
    const res = await h.call("GET", "/api/v1/mechanisms/NOPE", { headers: { "accept-language": "th-TH,th;q=0.9" } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toMatch(/[\u0E00-\u0E7F]/); // Thai script
  });
});

describe("POST /api/v1/mechanisms", () => {
  it("refuses the public with 401 and writes nothing", async () => {
    const before = await countRows(h.database, "mechanisms");
    const res = await h.call("POST", "/api/v1/mechanisms", { body: newMechanism });
    expect(res.status).toBe(401);
    expect(await countRows(h.database, "mechanisms")).toBe(before);
  });

  it.each(["officer", "reviewer", "analyst"])("refuses a %s with 403 and writes nothing", async (as) => {
    const before = await countRows(h.database, "mechanisms");
    const res = await h.call("POST", "/api/v1/mechanisms", { as, body: newMechanism });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect(await countRows(h.database, "mechanisms")).toBe(before);
  });

  it("refuses malformed JSON with 400 and writes nothing", async () => {
    const before = await countRows(h.database, "mechanisms");
    const audit = await countRows(h.database, "audit_log");
    const res = await h.call("POST", "/api/v1/mechanisms", { as: "secretariat", rawBody: '{"code": "X",', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
    expect(await countRows(h.database, "mechanisms")).toBe(before);
    expect(await countRows(h.database, "audit_log")).toBe(audit);
  });

  it("refuses a body that is not JSON with 415", async () => {
    const res = await h.call("POST", "/api/v1/mechanisms", { as: "secretariat", rawBody: "code=X", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(415);
  });

  it("names each invalid field", async () => {
    const res = await h.call("POST", "/api/v1/mechanisms", { as: "secretariat", body: { code: "bad code!", name: { en: "" }, foundedOn: "2020-02-30", extra: 1 } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { path: string; message: string }[] } };
    const paths = body.error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["code", "name.en", "foundedOn"]));
    expect(body.error.details.find((d) => d.path === "foundedOn")!.message).toMatch(/calendar/);
  });

  it("creates for the secretariat, with an audit row in the same transaction", async () => {
    const res = await h.call("POST", "/api/v1/mechanisms", { as: "secretariat", body: newMechanism });
    expect(res.status).toBe(201);
    const m = (await res.json()) as { id: string; code: string; version: number };
    expect(m.code).toBe("TEST-M");
    const audit = await h.call("GET", `/api/v1/audit?entity=mechanism&entityId=${m.id}`, { as: "admin" });
    const entries = (await audit.json()) as { items: { action: string; userId: string }[] };
    expect(entries.items).toHaveLength(1);
    expect(entries.items[0]).toMatchObject({ action: "create", userId: h.users.secretariat!.userId });
  });

  it("refuses a duplicate code with 409", async () => {
    const res = await h.call("POST", "/api/v1/mechanisms", { as: "admin", body: newMechanism });
    expect(res.status).toBe(409);
  });
});

describe("PATCH /api/v1/mechanisms/{ref}", () => {
  it("requires If-Match (428), refuses a stale one (412) and accepts the current one", async () => {
    const get = await h.call("GET", "/api/v1/mechanisms/TEST-M");
    const etag = get.headers.get("etag")!;
    const patch = { name: { en: "Renamed test mechanism" } };

    expect((await h.call("PATCH", "/api/v1/mechanisms/TEST-M", { as: "secretariat", body: patch })).status).toBe(428);

    const ok = await h.call("PATCH", "/api/v1/mechanisms/TEST-M", { as: "secretariat", body: patch, headers: { "if-match": etag } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).not.toBe(etag);

    const stale = await h.call("PATCH", "/api/v1/mechanisms/TEST-M", { as: "secretariat", body: { name: { en: "Lost update" } }, headers: { "if-match": etag } });
    expect(stale.status).toBe(412);
    const now = (await (await h.call("GET", "/api/v1/mechanisms/TEST-M")).json()) as { name: { en: string } };
    expect(now.name.en).toBe("Renamed test mechanism");
  });

  it("lets exactly one of two concurrent writers win", async () => {
    const etag = (await h.call("GET", "/api/v1/mechanisms/TEST-M")).headers.get("etag")!;
    const results = await Promise.all(
      ["A", "B"].map((x) => h.call("PATCH", "/api/v1/mechanisms/TEST-M", { as: "admin", body: { name: { en: `Writer ${x}` } }, headers: { "if-match": etag } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
  });

  it("refuses an officer with 403 even with a valid If-Match", async () => {
    const etag = (await h.call("GET", "/api/v1/mechanisms/TEST-M")).headers.get("etag")!;
    const res = await h.call("PATCH", "/api/v1/mechanisms/TEST-M", { as: "officer", body: { name: { en: "x" } }, headers: { "if-match": etag } });
    expect(res.status).toBe(403);
  });
});

describe("POST /api/v1/mechanisms/{ref}/members", () => {
  it("adds a member for staff and refuses an unknown actor with 422", async () => {
    const ok = await h.call("POST", "/api/v1/mechanisms/TEST-M/members", { as: "secretariat", body: { actor: "la", role: "member", since: "2021-01-01" } });
    expect(ok.status).toBe(201);
    const bad = await h.call("POST", "/api/v1/mechanisms/TEST-M/members", { as: "secretariat", body: { actor: "nowhere", role: "member" } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe("actor");
    const bad2 = await h.call("POST", "/api/v1/mechanisms/TEST-M/members", { as: "officer", body: { actor: "la", role: "member" } });
    expect(bad2.status).toBe(403);
  });
});
