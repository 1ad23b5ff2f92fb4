import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { rowsOf } from "../../db/rows.js";

const PASSWORD = "correct horse battery";
const NOW = new Date("2026-11-22T10:00:00Z");
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => NOW });
});
afterAll(() => h?.close());

type User = { id: string; email: string; orgCode: string; role: string; disabledAt: string | null };
type ErrorBody = { error: { code: string; message: string; details?: unknown } };

let source = 0;
const signIn = (email: string) => h.call("POST", "/api/v1/auth/sign-in", { body: { email, password: PASSWORD }, headers: { "x-forwarded-for": `10.30.0.${++source}` } });
const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";
const disable = (id: string, as?: string, lang = "en") => h.call("POST", `/api/v1/users/${id}/disable?lang=${lang}`, { as });
const enable = (id: string, as?: string) => h.call("POST", `/api/v1/users/${id}/enable`, { as });
const auditRows = async (id: string) =>
  rowsOf<{ action: string }>(h.database.db.execute(sql`select action from audit_log where entity = 'user' and entity_id = ${id} and action in ('disable', 'enable') order by at, action`));

describe("disabling and enabling a user", () => {
  it("an admin disables a user: their session and token get 401 at once, sign-in is refused; enabling restores sign-in", async () => {
    const u = await h.addUser("leaver", "officer", "la");
    const cookie = cookieOf(await signIn(u.email));
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie } })).status).toBe(200);
    expect((await h.call("GET", "/api/v1/me", { as: "leaver" })).status).toBe(200);

    const res = await disable(u.userId, "admin");
    expect(res.status).toBe(200);
    const body = (await res.json()) as User;
    expect(body).toMatchObject({ id: u.userId, email: u.email, orgCode: "la", role: "officer", disabledAt: NOW.toISOString() });
    // Sessions are deleted in the same transaction, not merely refused on their next use.
    const [sessionsLeft] = await rowsOf<{ n: number }>(h.database.db.execute(sql`select count(*)::int as n from sessions where user_id = ${u.userId}`));
    expect(sessionsLeft?.n).toBe(0);
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie } })).status).toBe(401);
    expect((await h.call("GET", "/api/v1/me", { as: "leaver" })).status).toBe(401);
    expect((await signIn(u.email)).status).toBe(401);
    const listed = (await (await h.call("GET", "/api/v1/users?limit=500", { as: "admin" })).json()) as { items: User[] };
    expect(listed.items.find((x) => x.id === u.userId)?.disabledAt).toBe(NOW.toISOString());

    // Again: nothing changes and no second audit row.
    expect((await disable(u.userId, "admin")).status).toBe(200);
    expect((await auditRows(u.userId)).map((r) => r.action)).toEqual(["disable"]);

    const back = await enable(u.userId, "admin");
    expect(back.status).toBe(200);
    expect(((await back.json()) as User).disabledAt).toBeNull();
    const again = await signIn(u.email);
    expect(again.status).toBe(200);
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie: cookieOf(again) } })).status).toBe(200);
    // Its token was stopped, not revoked: an account re-enabled after a mistake keeps its scripts.
    expect((await h.call("GET", "/api/v1/me", { as: "leaver" })).status).toBe(200);
    // The old cookie's session was deleted, so it stays dead.
    expect((await h.call("GET", "/api/v1/me", { headers: { cookie } })).status).toBe(401);
    expect((await auditRows(u.userId)).map((r) => r.action).sort()).toEqual(["disable", "enable"]);
  });

  it("refuses every role but admin, and the public, changing nothing", async () => {
    const u = await h.addUser("target", "analyst", "vn");
    const before = await countRows(h.database, "audit_log");
    for (const op of [disable, enable]) {
      expect((await op(u.userId)).status).toBe(401);
      for (const as of ["secretariat", "officer", "otherOfficer", "reviewer", "analyst"]) expect((await op(u.userId, as)).status, as).toBe(403);
    }
    // Not even one's own account.
    expect((await disable(u.userId, "target")).status).toBe(403);
    expect(await countRows(h.database, "audit_log")).toBe(before);
    expect((await h.call("GET", "/api/v1/me", { as: "target" })).status).toBe(200);
  });

  it("refuses an admin disabling themselves, with a clear message in the caller's language", async () => {
    const admin = h.users.admin!;
    const before = await countRows(h.database, "audit_log");
    const res = await disable(admin.userId, "admin");
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("rule_violated");
    expect(body.error.message).toMatch(/cannot disable your own account/);
    expect(body.error.message).not.toContain("{{");
    const th = (await (await disable(admin.userId, "admin", "th")).json()) as ErrorBody;
    expect(th.error.message).toContain("ไม่สามารถปิดใช้งานบัญชีของตนเอง");
    expect((await h.call("GET", "/api/v1/me", { as: "admin" })).status).toBe(200);
    expect(await countRows(h.database, "audit_log")).toBe(before);
  });

  it("answers 404 for an unknown user and 400 for an id that is not one", async () => {
    expect((await disable("00000000-0000-4000-8000-000000000000", "admin")).status).toBe(404);
    expect((await enable("00000000-0000-4000-8000-000000000000", "admin")).status).toBe(404);
    const bad = await disable("not-a-uuid", "admin");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.code).toBe("validation_failed");
  });
});
