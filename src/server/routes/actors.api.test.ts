import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

type Actor = { code: string; type: string; level: string | null; countryCode: string | null; parentId: string | null };

describe("actors", () => {
  it("browses the hierarchy from the countries down", async () => {
    const roots = (await (await h.call("GET", "/api/v1/actors?parent=root&type=government&limit=500")).json()) as { items: Actor[] };
    const codes = roots.items.map((a) => a.code);
    for (const c of ["cn", "la", "mm", "th", "kh", "vn"]) expect(codes).toContain(c);
    const cn = (await (await h.call("GET", "/api/v1/actors/cn")).json()) as { children: { code: string }[] };
    expect(cn.children.map((c) => c.code)).toEqual(expect.arrayContaining(["cn-yunnan", "cn-guangxi", "cn-hainan", "cn-jiangsu"]));
    const yunnan = (await (await h.call("GET", "/api/v1/actors/cn-yunnan")).json()) as Actor & { parent: { code: string } };
    expect(yunnan).toMatchObject({ type: "government", level: "province", countryCode: "CN" });
    expect(yunnan.parent.code).toBe("cn");
  });

  it("finds zones and filters by type and country", async () => {
    const zones = (await (await h.call("GET", "/api/v1/actors?level=zone&limit=500")).json()) as { items: Actor[] };
    expect(zones.items.length).toBeGreaterThanOrEqual(2);
    const ngosVn = (await (await h.call("GET", "/api/v1/actors?type=ngo&country=VN&limit=500")).json()) as { items: Actor[] };
    for (const a of ngosVn.items) expect(a).toMatchObject({ type: "ngo", countryCode: "VN" });
    const search = (await (await h.call("GET", "/api/v1/actors?q=yunnan")).json()) as { items: Actor[] };
    expect(search.items.map((a) => a.code)).toContain("cn-yunnan");
  });

  it("lets staff register an actor, in the right place of the hierarchy", async () => {
    const body = { code: "la-test-district", type: "government", level: "district", parent: "la", country: "LA", name: { en: "Test district" } };
    const before = await countRows(h.database, "actors");
    expect((await h.call("POST", "/api/v1/actors", { body })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/actors", { as: "officer", body })).status).toBe(403);
    expect((await h.call("POST", "/api/v1/actors", { as: "secretariat", body: { ...body, level: undefined } })).status).toBe(400);
    expect((await h.call("POST", "/api/v1/actors", { as: "secretariat", body: { ...body, parent: "atlantis" } })).status).toBe(422);
    expect((await h.call("POST", "/api/v1/actors", { as: "secretariat", body: { ...body, country: "ZZ" } })).status).toBe(422);
    expect(await countRows(h.database, "actors")).toBe(before);
    const zone = await h.call("POST", "/api/v1/actors", { as: "secretariat", body: { ...body, code: "la-test-zone", level: "zone" } });
    expect(zone.status).toBe(201);
    const upward = await h.call("POST", "/api/v1/actors", { as: "secretariat", body: { ...body, code: "la-bad", level: "province", parent: "la-test-zone" } });
    expect(upward.status).toBe(422);
    expect((await h.call("POST", "/api/v1/actors", { as: "secretariat", body })).status).toBe(201);
    expect(await countRows(h.database, "actors")).toBe(before + 2);
  });

  it("lets an officer keep its own organisation's record, and no other", async () => {
    const own = await h.call("GET", "/api/v1/actors/cn-yunnan");
    const ok = await h.call("PATCH", "/api/v1/actors/cn-yunnan", { as: "officer", body: { website: "https://www.yn.gov.cn" }, headers: { "if-match": own.headers.get("etag")! } });
    expect(ok.status).toBe(200);
    const other = await h.call("GET", "/api/v1/actors/la");
    const refused = await h.call("PATCH", "/api/v1/actors/la", { as: "officer", body: { website: "https://example.org" }, headers: { "if-match": other.headers.get("etag")! } });
    expect(refused.status).toBe(403);
    const bad = await h.call("PATCH", "/api/v1/actors/cn-yunnan", { as: "officer", body: { website: "javascript:alert(1)" }, headers: { "if-match": ok.headers.get("etag")! } });
    expect(bad.status).toBe(400);
  });
});
