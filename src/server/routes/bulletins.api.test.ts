import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canSeeBulletin } from "../../modules/bulletins/policy.js";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.addUser("ynPolice", "officer", "cn-yunnan-police");
  await h.addUser("ynAnalyst", "analyst", "cn-yunnan-police");
  await h.addUser("lnPolice", "officer", "la-luangnamtha-police");
  await h.addUser("lnReviewer", "reviewer", "la-luangnamtha-police");
  await h.addUser("mmPolice", "officer", "mm-shan");
});
afterAll(() => h?.close());

type Org = { actorCode: string };
type Bulletin = { id: string; code: string; title: string; body: string; category: string; sender: Org; recipients: Org[]; version: number };
type Page = { items: Bulletin[]; total: number };
type Audit = { items: { entity: string; entityId: string; action: string; after: unknown; before: unknown }[]; total: number };

const send = (as: string | undefined, body: unknown) => h.call("POST", "/api/v1/bulletins", { as, body });
const valid = { category: "drug_trafficking", title: "Joint patrol on the Nanla river", body: "Shipment expected near Boten; details attached.", recipients: ["la-luangnamtha-police"] };

describe("bulletins", () => {
  let b: Bulletin;

  it("sends a bulletin from the user's own organisation to the ones it names", async () => {
    const res = await send("ynPolice", valid);
    expect(res.status).toBe(201);
    b = (await res.json()) as Bulletin;
    expect(b.code).toMatch(/^BUL-\d{4}-/);
    expect(b.sender.actorCode).toBe("cn-yunnan-police");
    expect(b.recipients.map((r) => r.actorCode)).toEqual(["la-luangnamtha-police"]);
    expect(b.body).toBe(valid.body);
  });

  it("lets every role of both named organisations read it, by code and by id", async () => {
    for (const as of ["ynPolice", "ynAnalyst", "lnPolice", "lnReviewer"]) {
      for (const ref of [b.code, b.id]) {
        const res = await h.call("GET", `/api/v1/bulletins/${ref}`, { as });
        expect(res.status, `${as} ${ref}`).toBe(200);
        expect(((await res.json()) as Bulletin).title).toBe(valid.title);
      }
      const page = (await (await h.call("GET", "/api/v1/bulletins?q=nanla", { as })).json()) as Page;
      expect(page.items.map((x) => x.code)).toEqual([b.code]);
      expect(page.total).toBe(1);
    }
    const body = (await (await h.call("GET", "/api/v1/bulletins?q=Boten", { as: "lnPolice" })).json()) as Page;
    expect(body.items.map((x) => x.code)).toEqual([b.code]);
    const none = (await (await h.call("GET", "/api/v1/bulletins?q=nothing-like-this", { as: "lnPolice" })).json()) as Page;
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it("exports the list as CSV for the named organisations, and audits the export", async () => {
    const res = await h.call("GET", "/api/v1/bulletins?format=csv&lang=en", { as: "lnPolice" });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split(/\r\n/);
    expect(lines[0]).toContain("Code");
    expect(lines.slice(1).some((l) => l.includes(b.code) && l.includes("la-luangnamtha-police"))).toBe(true);
    const reads = (await (await h.call("GET", `/api/v1/bulletins/${b.code}/reads`, { as: "ynPolice" })).json()) as { items: { action: string; orgCode: string }[] };
    expect(reads.items.some((r) => r.action === "export" && r.orgCode === "la-luangnamtha-police")).toBe(true);
  });

  it("writes an audit row for every read, with no title or text in it", async () => {
    const before = await countRows(h.database, "audit_log");
    expect((await h.call("GET", `/api/v1/bulletins/${b.code}`, { as: "lnReviewer" })).status).toBe(200);
    expect(await countRows(h.database, "audit_log")).toBe(before + 1);
    await h.call("GET", "/api/v1/bulletins", { as: "lnReviewer" });
    expect(await countRows(h.database, "audit_log")).toBe(before + 2);
    const reads = (await (await h.call("GET", `/api/v1/bulletins/${b.id}/reads`, { as: "lnReviewer" })).json()) as { items: { action: string; userName: string; orgCode: string }[] };
    expect(reads.items.slice(0, 2).map((r) => [r.action, r.userName, r.orgCode])).toEqual([
      ["list", "lnReviewer", "la-luangnamtha-police"],
      ["read", "lnReviewer", "la-luangnamtha-police"],
    ]);
    const rows = (await h.database.db.execute(sql`select before, after from audit_log where entity = 'bulletin'`)) as unknown as { rows: unknown[] };
    const text = JSON.stringify(rows.rows);
    expect(text).toContain("cn-yunnan-police");
    expect(text).not.toMatch(/Nanla|Boten|Shipment/);
  });

  it("keeps bulletin rows of the audit log for the named organisations", async () => {
    await h.addUser("ynAdmin", "admin", "cn-yunnan-police");
    const own = (await (await h.call("GET", `/api/v1/audit?entity=bulletin&entityId=${b.id}`, { as: "ynAdmin" })).json()) as Audit;
    expect(own.total).toBeGreaterThan(0);
    for (const as of ["admin", "secretariat"]) {
      const res = (await (await h.call("GET", `/api/v1/audit?entity=bulletin&limit=500`, { as })).json()) as Audit;
      expect(res).toMatchObject({ items: [], total: 0 });
      const all = (await (await h.call("GET", `/api/v1/audit?limit=500`, { as })).json()) as Audit;
      expect(all.items.some((r) => r.entityId === b.id)).toBe(false);
    }
  });

  it("adds recipients for the sending organisation only", async () => {
    expect((await h.call("POST", `/api/v1/bulletins/${b.code}/recipients`, { as: "lnPolice", body: { recipients: ["mm-shan"] } })).status).toBe(403);
    expect((await h.call("POST", `/api/v1/bulletins/${b.code}/recipients`, { as: "ynAnalyst", body: { recipients: ["mm-shan"] } })).status).toBe(403);
    expect((await h.call("GET", `/api/v1/bulletins/${b.code}`, { as: "mmPolice" })).status).toBe(404);
    expect((await h.call("POST", `/api/v1/bulletins/${b.code}/recipients`, { as: "mmPolice", body: { recipients: ["mm-shan"] } })).status).toBe(404);
    const res = await h.call("POST", `/api/v1/bulletins/${b.code}/recipients`, { as: "ynPolice", body: { recipients: ["mm-shan", "la-luangnamtha-police"] } });
    expect(res.status).toBe(200);
    const after = (await res.json()) as Bulletin;
    expect(after.recipients.map((r) => r.actorCode).sort()).toEqual(["la-luangnamtha-police", "mm-shan"]);
    expect(after.version).toBe(2);
    expect((await h.call("GET", `/api/v1/bulletins/${b.code}`, { as: "mmPolice" })).status).toBe(200);
    const bad = await h.call("POST", `/api/v1/bulletins/${b.code}/recipients`, { as: "ynPolice", body: { recipients: ["cn-yunnan-police"] } });
    expect(bad.status).toBe(422);
  });

  it("refuses the public, reviewers and analysts, and bad input, writing nothing", async () => {
    const before = [await countRows(h.database, "bulletins"), await countRows(h.database, "bulletin_recipients"), await countRows(h.database, "audit_log")];
    expect((await send(undefined, valid)).status).toBe(401);
    expect((await send("reviewer", valid)).status).toBe(403);
    expect((await send("analyst", valid)).status).toBe(403);
    expect((await send("ynAnalyst", valid)).status).toBe(403);
    for (const body of [
      { ...valid, recipients: [] },
      { ...valid, title: "" },
      { ...valid, title: "x".repeat(301) },
      { ...valid, body: "x".repeat(20_001) },
      { ...valid, category: "gossip" },
      { ...valid, sender: "cn" },
      { ...valid, lang: "fr" },
    ]) {
      const res = await send("ynPolice", body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "validation_failed" } });
    }
    const self = await send("ynPolice", { ...valid, recipients: ["cn-yunnan-police"] });
    expect(self.status).toBe(422);
    expect(await self.json()).toMatchObject({ error: { code: "rule_violated", details: [{ path: "recipients.0", code: "bulletin_recipient_is_sender" }] } });
    const unknown = await send("ynPolice", { ...valid, recipients: ["la-luangnamtha-police", "atlantis"] });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: { details: [{ path: "recipients.1", code: "unknown_actor" }] } });
    expect([await countRows(h.database, "bulletins"), await countRows(h.database, "bulletin_recipients"), await countRows(h.database, "audit_log")]).toEqual(before);
  });

  it("accepts the largest title and text, counted in characters (Burmese takes three bytes each)", async () => {
    const res = await send("secretariat", { ...valid, title: "မ".repeat(300), body: "မ".repeat(20_000), lang: "my", recipients: ["cn-yunnan-police"] });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Bulletin).sender.actorCode).toBe("lmc-secretariat");
  });

  it("lists exactly what the single-read rule allows, for every account (the SQL twin agrees with the pure rule)", async () => {
    await send("lnPolice", { ...valid, title: "Reply from Luang Namtha", recipients: ["cn-yunnan-police", "th"] });
    const named = (await h.database.db.execute(sql`select b.id, b.sender_actor_id as sender, coalesce(array_agg(r.actor_id::text) filter (where r.actor_id is not null), '{}') as recipients from bulletins b left join bulletin_recipients r on r.bulletin_id = b.id group by b.id`)) as unknown as { rows: { id: string; sender: string; recipients: string[] }[] };
    const orgIds = (await h.database.db.execute(sql`select code, id from actors`)) as unknown as { rows: { code: string; id: string }[] };
    const idOf = new Map(orgIds.rows.map((r) => [r.code, r.id]));
    expect(named.rows.length).toBeGreaterThanOrEqual(3);
    for (const [key, u] of Object.entries(h.users)) {
      const principal = { kind: "user" as const, userId: u.userId, orgId: idOf.get(u.org)!, role: u.role, email: u.email, name: key };
      const expected = named.rows.filter((r) => canSeeBulletin(principal, { senderOrgId: r.sender, recipientOrgIds: r.recipients })).map((r) => r.id).sort();
      const page = (await (await h.call("GET", "/api/v1/bulletins?limit=500", { as: key })).json()) as Page;
      expect(page.items.map((b) => b.id).sort(), key).toEqual(expected);
      expect(page.total, key).toBe(expected.length);
      for (const r of named.rows) expect((await h.call("GET", `/api/v1/bulletins/${r.id}`, { as: key })).status, key).toBe(expected.includes(r.id) ? 200 : 404);
    }
    const public_ = (await (await h.call("GET", "/api/v1/bulletins?limit=500")).json()) as Page;
    expect(public_).toMatchObject({ items: [], total: 0 });
  });
});
