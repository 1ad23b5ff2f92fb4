import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, openTestDatabase, TEST_DB, type Harness } from "../../test/support/app.js";
import { NOT_BACKED_UP, restoreBackup, writeBackup } from "./backup.js";
import { openDatabase, type Database } from "./client.js";
import { rowsOf } from "./rows.js";

const dir = mkdtempSync(join(tmpdir(), "concord-backup-"));
let h: Harness;
const opened: Database[] = [];
const fresh = async (kind: "pglite" | "postgres") => {
  const d = kind === TEST_DB ? await openTestDatabase() : await openDatabase({ dataDir: "memory://" });
  opened.push(d);
  return d;
};

/** Every table's rows as PostgreSQL renders them, sorted: two databases with equal snapshots hold the same data. */
async function snapshot(d: Database): Promise<Record<string, string[]>> {
  const tables = (await rowsOf<{ name: string }>(d.db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`))).filter(
    (t) => !NOT_BACKED_UP.includes(t.name),
  );
  const out: Record<string, string[]> = {};
  await d.db.transaction(async (tx) => {
    await tx.execute(sql`set local time zone 'UTC'`);
    for (const { name } of tables) out[name] = (await rowsOf<{ j: string }>(tx.execute(sql.raw(`select row_to_json(t)::text as j from "${name}" t order by 1`)))).map((r) => r.j);
  });
  return out;
}

beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
  // Data of every awkward type: a restricted project with money, a posting with arrays and a
  // double, an application with a binary attachment, and the audit rows they leave.
  const project = await h.call("POST", "/api/v1/projects", {
    as: "officer",
    body: { code: "BACKUP-1", mechanism: "LMC", title: { en: "Cold chain", zh: "冷链", my: "အအေးခန်း" }, visibility: "restricted", startDate: "2026-03-01", budget: "123456789012345.67", currency: "USD", parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "la", role: "partner" }] },
  });
  expect(project.status, await project.clone().text()).toBe(201);
  const posting = await h.call("POST", "/api/v1/postings", { as: "officer", body: { kind: "need", factor: "capital", title: { en: "Line \"one\"\nline two\\" }, places: ["la-boten", "la"], size: 0.1 + 0.2, unit: "USD" } });
  expect(posting.status, await posting.clone().text()).toBe(201);
  const call = await h.call("POST", "/api/v1/calls", {
    as: "secretariat",
    body: { code: "BACKUP-CALL", mechanism: "LMC", fund: { en: "LMC Special Fund" }, title: { en: "Backup call" }, opensAt: "2026-11-01T00:00:00Z", closesAt: "2026-12-31T23:59:59Z", ceiling: "500000.00", rubric: [{ code: "fit", name: { en: "Fit" }, weight: 1, min: 0, max: 10 }] },
  });
  expect(call.status, await call.clone().text()).toBe(201);
  const app = await h.call("POST", "/api/v1/applications", { as: "officer", body: { call: "BACKUP-CALL", code: "BACKUP-APP", title: { en: "Docs" }, lead: "cn-yunnan", coApplicants: ["la"], requested: "1000.00" } });
  expect(app.status, await app.clone().text()).toBe(201);
  // Every byte value, so an escaping mistake in the binary column cannot hide.
  const pdf = new Uint8Array([...new TextEncoder().encode("%PDF-1.4\n"), ...Array.from({ length: 256 }, (_, i) => i)]);
  const upload = await h.call("POST", "/api/v1/applications/BACKUP-APP/attachments?filename=all-bytes.pdf", { as: "officer", rawBody: pdf, headers: { "content-type": "application/pdf" } });
  expect(upload.status, await upload.clone().text()).toBe(201);
}, 120_000);
afterAll(async () => {
  for (const d of opened) await d.close().catch(() => {});
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("concord backup and restore", () => {
  it(`round-trips ${TEST_DB} → ${TEST_DB === "postgres" ? "PGlite → PostgreSQL" : "PGlite"} with every table identical`, async () => {
    const original = await snapshot(h.database);
    expect(original.audit_log!.length).toBeGreaterThan(0);
    expect(original.postings!.length).toBe(1);
    expect(original.attachments!.length).toBe(1);

    const first = join(dir, "first.concord-backup");
    const summary = await writeBackup(h.database, first);
    expect(summary.counts.actors).toBe(original.actors!.length);
    expect(summary.rows).toBe(Object.values(original).reduce((s, rows) => s + rows.length, 0));

    const other = await fresh("pglite");
    const restored = await restoreBackup(other, first);
    expect(restored.rows).toBe(summary.rows);
    expect(await snapshot(other)).toEqual(original);

    // And back: the copy's own backup restores into the suite's kind of database, still identical.
    const second = join(dir, "second.concord-backup");
    await writeBackup(other, second);
    const back = await fresh(TEST_DB);
    await restoreBackup(back, second);
    expect(await snapshot(back)).toEqual(original);

    // The audit log goes on numbering after the restored rows.
    const [{ max } = { max: 0 }] = await rowsOf<{ max: number }>(back.db.execute(sql`select max(id)::int as max from audit_log`));
    await back.db.execute(sql`insert into audit_log (channel, entity, entity_id, action) values ('cli', 'test', 'x', 'check')`);
    const [{ id } = { id: 0 }] = await rowsOf<{ id: number }>(back.db.execute(sql`select max(id)::int as id from audit_log`));
    expect(id).toBe(max + 1);
  });

  it("refuses a non-empty target, a truncated or foreign file, and a backup of another schema version, writing nothing", async () => {
    const file = join(dir, "refusals.concord-backup");
    await writeBackup(h.database, file);
    const target = await fresh("pglite");
    await target.migrate();
    const refuse = async (path: string, rule: string, opts = {}) => {
      await expect(restoreBackup(target, path, opts)).rejects.toMatchObject({ code: "rule_violated", params: { rule } });
      const [{ n } = { n: -1 }] = await rowsOf<{ n: number }>(target.db.execute(sql`select count(*)::int as n from actors`));
      return n;
    };
    const lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
    const truncated = join(dir, "truncated.concord-backup");
    writeFileSync(truncated, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join("\n")));
    expect(await refuse(truncated, "backup_truncated")).toBe(0);
    const garbage = join(dir, "garbage.concord-backup");
    writeFileSync(garbage, "not a backup");
    expect(await refuse(garbage, "backup_unreadable")).toBe(0);
    const header = JSON.parse(lines[0]!) as { migrations: string[] };
    const older = join(dir, "older.concord-backup");
    writeFileSync(older, gzipSync([JSON.stringify({ ...header, migrations: header.migrations.slice(0, -1) }), ...lines.slice(1)].join("\n")));
    expect(await refuse(older, "backup_schema")).toBe(0);

    await restoreBackup(target, file);
    const count = (await snapshot(target)).actors!.length;
    expect(await refuse(file, "restore_not_empty")).toBe(count);
    // --replace empties the database first, in the same transaction.
    await restoreBackup(target, file, { replace: true });
    expect(await snapshot(target)).toEqual(await snapshot(h.database));
  });
});
