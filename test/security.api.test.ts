import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGS } from "../src/db/schema/common.js";
import { SESSION_DAYS } from "../src/modules/auth/sessions.js";
import { createApp } from "../src/server/app.js";
import { countRows, createHarness, type Harness } from "./support/app.js";

// Security basics across the whole app. Sign-in, sign-out, CSRF and token revocation each have
// their own cases in src/server/routes/auth.api.test.ts; this file covers what cuts across them.

const PASSWORD = "correct horse battery";
const DAY = 86_400_000;
let clock = new Date("2026-03-02T09:00:00Z");
let h: Harness;
const webRoot = mkdtempSync(join(tmpdir(), "concord-sec-web-"));
beforeAll(async () => {
  writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>Concord</title>");
  h = await createHarness({ now: () => clock });
});
afterAll(async () => {
  await h?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

const signIn = (email: string, password = PASSWORD, address = "10.20.0.1") =>
  h.call("POST", "/api/v1/auth/sign-in", { body: { email, password }, headers: { "x-forwarded-for": address } });
const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";

describe("security headers", () => {
  const expectHardened = (res: Response, what: string) => {
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp, what).toMatch(/default-src 'self'/);
    expect(csp, what).toMatch(/frame-ancestors 'none'/);
    expect(csp, what).toMatch(/object-src 'none'/);
    expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
    expect(res.headers.get("x-frame-options"), what).toMatch(/^(DENY|SAMEORIGIN)$/);
    expect(res.headers.get("referrer-policy"), what).toMatch(/no-referrer|same-origin|strict-origin/);
  };

  it("are on API answers, errors included, and on the UI's pages", async () => {
    expectHardened(await h.call("GET", "/api/v1/mechanisms"), "api 200");
    expectHardened(await h.call("GET", "/api/v1/me"), "api 401");
    expectHardened(await h.call("GET", "/api/v1/no-such-route"), "api 404");
    expectHardened(await h.call("POST", "/api/v1/projects", { as: "officer", rawBody: "{not json", headers: { "content-type": "application/json" } }), "api 400");
    const ui = createApp({ database: h.database, now: () => clock, webRoot });
    const page = await ui.request("/projects");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expectHardened(page, "ui page");
  });
});

describe("CSRF", () => {
  it("refuses a cookie-session write from another origin and leaves nothing; the same origin and bearer tokens pass", async () => {
    const cookie = cookieOf(await signIn(h.users.admin!.email));
    const before = await countRows(h.database, "api_tokens");
    const post = (headers: Record<string, string>) => h.call("POST", "/api/v1/tokens", { body: { name: "csrf probe" }, headers: { cookie, host: "concord.example", ...headers } });
    const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }, { origin: "https://concord.example.evil.example" }];
    for (const headers of foreign) {
      const res = await post(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("csrf_rejected");
    }
    expect(await countRows(h.database, "api_tokens")).toBe(before);
    expect((await post({ origin: "http://concord.example", "sec-fetch-site": "same-origin" })).status).toBe(201);
    // A bearer token is not sent by browsers on their own, so it carries no CSRF risk.
    expect((await h.call("POST", "/api/v1/tokens", { as: "admin", body: { name: "script" }, headers: { origin: "https://elsewhere.example" } })).status).toBe(201);
  });
});

describe("sessions", () => {
  it("expire after their lifetime without use, are refreshed by use, and end at sign-out", async () => {
    const start = clock;
    const cookie = cookieOf(await signIn(h.users.analyst!.email));
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie } })).status).toBe(200);
    clock = new Date(start.getTime() + (SESSION_DAYS - 1) * DAY);
    // Used within its lifetime, past half of it: extended by another full lifetime.
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie } })).status).toBe(200);
    clock = new Date(start.getTime() + (2 * SESSION_DAYS - 2) * DAY);
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie } })).status).toBe(200);
    clock = new Date(start.getTime() + (4 * SESSION_DAYS) * DAY);
    const stale = await h.call("GET", "/api/v1/me", { headers: { cookie } });
    expect(stale.status).toBe(401);
    expect(stale.headers.get("set-cookie") ?? "").toMatch(/concord_session=;/); // the browser is told to drop it

    const again = cookieOf(await signIn(h.users.analyst!.email));
    expect((await h.call("POST", "/api/v1/auth/sign-out", { headers: { cookie: again } })).status).toBe(204);
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie: again } })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/tokens", { body: { name: "after sign-out" }, headers: { cookie: again } })).status).toBe(401);
  });

  it("a disabled user's sessions and tokens stop working at once, and they cannot sign in", async () => {
    const u = await h.addUser("leaver", "officer", "la");
    const cookie = cookieOf(await signIn(u.email, PASSWORD, "10.20.0.9"));
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie } })).status).toBe(200);
    expect((await h.call("GET", "/api/v1/me", { as: "leaver" })).status).toBe(200);
    await h.database.db.execute(sql`update users set disabled_at = ${clock.toISOString()} where id = ${u.userId}`);
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie } })).status).toBe(401);
    expect((await h.call("GET", "/api/v1/me", { as: "leaver" })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/projects", { as: "leaver", body: {} })).status).toBe(401);
    expect((await signIn(u.email, PASSWORD, "10.20.0.9")).status).toBe(401);
  });
});

describe("password policy", () => {
  const create = (password: string, lang = "en", n = 0) =>
    h.call("POST", `/api/v1/users?lang=${lang}`, { as: "admin", body: { email: `pw${n}.${lang}@test.concord`, name: "Password Probe", password, role: "officer", org: "la" } });

  it("refuses a short or easily guessed password with a clear message in every language, writing nothing", async () => {
    const before = await countRows(h.database, "users");
    const messages = new Map<string, string[]>();
    for (const lang of LANGS) {
      const got: string[] = [];
      for (const [i, password] of ["short", "aaaaaaaaaaaa", "abababababab", "password123", "1234567890", "Qwertyuiop"].entries()) {
        const res = await create(password, lang, i);
        expect(res.status, `${lang} ${password}`).toBe(400);
        const body = (await res.json()) as { error: { code: string; details: { path: string; message: string }[] } };
        expect(body.error.code).toBe("validation_failed");
        const detail = body.error.details.find((d) => d.path === "password");
        expect(detail, `${lang} ${password}`).toBeDefined();
        expect(detail!.message).not.toMatch(/server\.|password_weak|^custom$/);
        got.push(detail!.message);
      }
      expect(got[0]).toMatch(/10/); // the too-short message names the minimum
      messages.set(lang, got);
    }
    // Each language has its own words, not English as a fallback.
    for (const lang of LANGS.filter((l) => l !== "en")) expect(messages.get(lang)![1], lang).not.toBe(messages.get("en")![1]);
    expect(messages.get("en")![1]).toMatch(/guess/);
    expect(await countRows(h.database, "users")).toBe(before);
    expect((await create("a long and varied pass phrase", "en", 99)).status).toBe(201);
  });
});

describe("logs", () => {
  it("never carry a password, a session cookie or a token, even when requests fail", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const logger = pino({ level: "trace" }, sink);
    const app = createApp({ database: h.database, logger, now: () => clock, trustProxy: true });
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request(path, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "10.20.1.1", ...headers }, body: JSON.stringify(body) });
    const wrongPassword = "Not-The-Right-One-4711";
    expect((await post("/api/v1/auth/sign-in", { email: h.users.reviewer!.email, password: wrongPassword })).status).toBe(401);
    const ok = await post("/api/v1/auth/sign-in", { email: h.users.reviewer!.email, password: PASSWORD });
    expect(ok.status).toBe(200);
    const cookie = cookieOf(ok);
    const sessionSecret = cookie.split("=")[1]!;
    const created = await post("/api/v1/tokens", { name: "log probe" }, { authorization: `Bearer ${h.users.admin!.token}` });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    expect((await app.request("/api/v1/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await app.request("/api/v1/me", { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(200);
    const newUserPassword = "Fresh pass phrase 9931";
    expect((await post("/api/v1/users", { email: "logged@test.concord", name: "Logged", password: newUserPassword, role: "officer", org: "la" }, { authorization: `Bearer ${h.users.admin!.token}` })).status).toBe(201);
    const log = lines.join("");
    for (const secret of [PASSWORD, wrongPassword, newUserPassword, sessionSecret, token, h.users.admin!.token]) expect(log.includes(secret), `a secret is in the log: ${secret.slice(0, 4)}…`).toBe(false);
  });
});
