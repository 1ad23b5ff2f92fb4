import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

describe("the API as a whole", () => {
  it("publishes an OpenAPI 3.1 document that a standard validator accepts", async () => {
    const res = await h.call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/mechanisms", "/api/v1/projects/{ref}", "/api/v1/auth/sign-in"]));
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("answers unknown routes with the error shape", async () => {
    const res = await h.call("GET", "/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("refuses a body over the size limit with 413", async () => {
    const huge = JSON.stringify({ code: "BIG", name: { en: "x".repeat(2 * 1024 * 1024) } });
    const res = await h.call("POST", "/api/v1/mechanisms", { as: "admin", rawBody: huge, headers: { "content-type": "application/json", "content-length": String(huge.length) } });
    expect(res.status).toBe(413);
  });

  it("sends security headers and a request id", async () => {
    const res = await h.call("GET", "/api/v1/mechanisms");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("reports health", async () => {
    expect(await (await h.call("GET", "/healthz")).json()).toMatchObject({ ok: true });
  });

  it.each([
    ["/api/v1/projects/%00", 400],
    ["/api/v1/projects?limit=abc", 400],
    ["/api/v1/projects?offset=-1", 400],
    ["/api/v1/actors?country=Z", 400],
    ["/api/v1/events?from=yesterday", 400],
    ["/api/v1/audit?since=not-a-date", 401],
  ])("never answers a hostile read %s with a 5xx", async (path, status) => {
    const res = await h.call("GET", path);
    expect(res.status).toBe(status);
  });
});
