import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

const signIn = (email: string, password: string, address = "10.0.0.1") =>
  h.call("POST", "/api/v1/auth/sign-in", { body: { email, password }, headers: { "x-forwarded-for": address } });

const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";

describe("sign-in, who-am-I and sign-out", () => {
  it("signs in with a session cookie that is HttpOnly and SameSite=Lax", async () => {
    const res = await signIn(h.users.officer!.email, "correct horse battery");
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^concord_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/); // plain http on localhost
    const me = await h.call("GET", "/api/v1/me", { headers: { cookie: cookieOf(res) } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: h.users.officer!.email, role: "officer", orgCode: "cn-yunnan" });
  });

  it("gives the same 401 for a wrong password and an unknown account", async () => {
    const wrong = await signIn(h.users.analyst!.email, "not the password", "10.0.0.2");
    const unknown = await signIn("nobody@test.concord", "not the password", "10.0.0.2");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("invalid_credentials");
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("invalid_credentials");
  });

  it("rate-limits guessing per account, even with the right password afterwards", async () => {
    const email = h.users.reviewer!.email;
    for (let i = 0; i < 5; i++) expect((await signIn(email, `guess-${i}-wrong`, `10.1.0.${i}`)).status).toBe(401);
    const limited = await signIn(email, "correct horse battery", "10.1.0.99");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("900");
  });

  it("rate-limits guessing per address across accounts", async () => {
    for (let i = 0; i < 20; i++) await signIn(`nobody${i}@test.concord`, "wrong-password", "10.9.9.9");
    expect((await signIn(h.users.admin!.email, "correct horse battery", "10.9.9.9")).status).toBe(429);
    expect((await signIn(h.users.admin!.email, "correct horse battery", "10.9.9.10")).status).toBe(200);
  });

  it("signs out: the cookie stops working", async () => {
    const res = await signIn(h.users.secretariat!.email, "correct horse battery", "10.0.0.3");
    const cookie = cookieOf(res);
    expect((await h.call("POST", "/api/v1/auth/sign-out", { headers: { cookie } })).status).toBe(204);
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie } })).status).toBe(401);
  });

  it("refuses a cookie-authenticated write from another site (CSRF)", async () => {
    const res = await signIn(h.users.secretariat!.email, "correct horse battery", "10.0.0.4");
    const cookie = cookieOf(res);
    const before = await countRows(h.database, "mechanisms");
    const body = { code: "CSRF-M", name: { en: "x" } };
    const cross = await h.call("POST", "/api/v1/mechanisms", { body, headers: { cookie, origin: "https://evil.example", host: "localhost" } });
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as { error: { code: string } }).error.code).toBe("csrf_rejected");
    expect(await countRows(h.database, "mechanisms")).toBe(before);
    const same = await h.call("POST", "/api/v1/mechanisms", { body, headers: { cookie, origin: "http://localhost", host: "localhost" } });
    expect(same.status).toBe(201);
  });

  it("remembers the user's language", async () => {
    const patch = await h.call("PATCH", "/api/v1/me", { as: "analyst", body: { locale: "lo" } });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ locale: "lo" });
    const err = await h.call("GET", "/api/v1/audit", { as: "analyst" });
    expect(err.status).toBe(403);
    expect(((await err.json()) as { error: { message: string } }).error.message).toMatch(/[\u0E80-\u0EFF]/); // Lao script
  });
});

describe("API tokens", () => {
  it("are shown once, listed without the secret, and stop working when revoked", async () => {
    const created = await h.call("POST", "/api/v1/tokens", { as: "officer", body: { name: "script" } });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect(token).toMatch(/^cct_/);
    const list = (await (await h.call("GET", "/api/v1/tokens", { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Record<string, unknown>[] };
    expect(list.items.some((t) => t.id === id)).toBe(true);
    expect(JSON.stringify(list)).not.toContain(token);
    // Another user cannot revoke it.
    expect((await h.call("DELETE", `/api/v1/tokens/${id}`, { as: "analyst" })).status).toBe(404);
    expect((await h.call("DELETE", `/api/v1/tokens/${id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await h.call("GET", "/api/v1/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it("stores only a hash of the secret", async () => {
    const { token } = (await (await h.call("POST", "/api/v1/tokens", { as: "analyst", body: { name: "hash check" } })).json()) as { token: string };
    const rows = (await h.database.db.execute("select token_hash, prefix from api_tokens" as never)) as unknown as { rows: { token_hash: string }[] };
    expect(rows.rows.some((r) => r.token_hash === token)).toBe(false);
  });

  it("refuses a bad bearer token with 401 rather than treating it as the public", async () => {
    expect((await h.call("GET", "/api/v1/mechanisms", { headers: { authorization: "Bearer cct_nonsense" } })).status).toBe(401);
  });
});

describe("users", () => {
  it("only an admin creates accounts; a weak password is refused", async () => {
    const body = { email: "new.officer@test.concord", name: "New Officer", password: "long enough password", role: "officer", org: "la" };
    expect((await h.call("POST", "/api/v1/users", { body })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/users", { as: "secretariat", body })).status).toBe(403);
    expect((await h.call("POST", "/api/v1/users", { as: "admin", body: { ...body, password: "short" } })).status).toBe(400);
    const ok = await h.call("POST", "/api/v1/users", { as: "admin", body });
    expect(ok.status).toBe(201);
    expect(JSON.stringify(await ok.json())).not.toContain("password");
    expect((await h.call("POST", "/api/v1/users", { as: "admin", body })).status).toBe(409);
    expect((await h.call("POST", "/api/v1/users", { as: "admin", body: { ...body, email: "x@test.concord", org: "atlantis" } })).status).toBe(422);
  });
});

describe("audit log", () => {
  it("is readable by admin and secretariat only, and has no write route", async () => {
    expect((await h.call("GET", "/api/v1/audit")).status).toBe(401);
    expect((await h.call("GET", "/api/v1/audit", { as: "officer" })).status).toBe(403);
    const res = await h.call("GET", "/api/v1/audit?limit=5", { as: "secretariat" });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { id: number }[] };
    expect(page.items.length).toBeGreaterThan(0);
    for (const method of ["POST", "PATCH", "DELETE"]) {
      const r = await h.call(method, "/api/v1/audit", { as: "admin", body: {} });
      expect([404, 405]).toContain(r.status);
    }
    const id = page.items[0]!.id;
    expect([404, 405]).toContain((await h.call("DELETE", `/api/v1/audit/${id}`, { as: "admin" })).status);
  });
});

describe("cookies behind https", () => {
  it("marks the session cookie Secure when a trusted proxy says the request came over https", async () => {
    const res = await h.call("POST", "/api/v1/auth/sign-in", {
      body: { email: h.users.admin!.email, password: "correct horse battery" },
      headers: { "x-forwarded-for": "10.5.5.5", "x-forwarded-proto": "https" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
  });
});
