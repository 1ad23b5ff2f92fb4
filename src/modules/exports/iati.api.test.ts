import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, openTestDatabase, type Harness } from "../../../test/support/app.js";
import { makeContext, SYSTEM } from "../../core/context.js";
import type { Database } from "../../db/client.js";
import { loadReference } from "../../db/seed/load.js";
import { reference } from "../../db/seed/reference.js";
import { importIati } from "../imports/iati.js";

/**
 * The round trip: every IATI file of the shared data is imported, changed a little in Concord,
 * exported, checked against the 2.03 schema, and imported into a fresh database, which must then
 * hold the same activities with the same transaction sums per activity and type.
 */

const IATI_DIR = resolve(process.cwd(), "../shared/data/iati");
const XSD = resolve(process.cwd(), "../shared/data/iati-ref/schema-2.03/iati-activities-schema.xsd");
const FILES = readdirSync(IATI_DIR)
  .filter((f) => f.endsWith(".xml"))
  .sort()
  .map((f) => join(IATI_DIR, f));
const NOW = new Date("2026-11-22T10:00:00Z");

const dir = mkdtempSync(join(tmpdir(), "concord-iati-roundtrip-"));
let h: Harness;
let fresh: Database;
let exported: string;
let firstImport: Awaited<ReturnType<typeof importIati>>;

type Sums = Map<string, string>;

/** Transaction sums per activity identifier, type and currency, as exact decimal strings. */
async function transactionSums(database: Database): Promise<Sums> {
  const res = (await database.db.execute(sql`
    select p.external_id as id, t.type, t.currency, sum(t.value)::numeric(20,2)::text as total
    from transactions t join projects p on p.id = t.project_id
    where p.external_source = 'iati'
    group by p.external_id, t.type, t.currency`)) as unknown as { rows: { id: string; type: string; currency: string; total: string }[] };
  return new Map(res.rows.map((r) => [`${r.id} | ${r.type} | ${r.currency}`, r.total]));
}

async function identifiers(database: Database): Promise<string[]> {
  const res = (await database.db.execute(sql`select external_id as id from projects where external_source = 'iati' order by external_id`)) as unknown as { rows: { id: string }[] };
  return res.rows.map((r) => r.id);
}

beforeAll(async () => {
  h = await createHarness({ now: () => NOW });
  const sys = makeContext(h.database.db, SYSTEM, { channel: "cli", now: () => NOW });
  firstImport = await importIati(sys, FILES, {}, {});
}, 240_000);

afterAll(async () => {
  await h?.close();
  await fresh?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("IATI round trip: import → change in Concord → export → import into a fresh database", () => {
  it("imports the shared files", async () => {
    expect(firstImport.records).toBeGreaterThanOrEqual(1 + 83 + 13 + 8);
    expect(firstImport.created).toBeGreaterThan(90);
    expect((await identifiers(h.database)).length).toBe(firstImport.created);
  });

  it("lays Concord's changes over the imported activity: English title, and a transaction recorded since", async () => {
    const ref = encodeURIComponent("GB-1-109616");
    const before = await h.call("GET", `/api/v1/projects/${ref}`, { as: "admin" });
    expect(before.status).toBe(200);
    const patched = await h.call("PATCH", `/api/v1/projects/${ref}`, {
      as: "secretariat",
      body: { title: { en: "Integrated planning system, Sierra Leone (renamed in Concord)" } },
      headers: { "if-match": before.headers.get("etag")! },
    });
    expect(patched.status).toBe(200);
    const tx = await h.call("POST", `/api/v1/projects/${ref}/transactions`, { as: "secretariat", body: { type: "expenditure", value: "1234.56", valueDate: "2026-03-01", description: "Recorded in Concord" } });
    expect(tx.status).toBe(201);
  });

  it("exports every imported activity, valid against the IATI 2.03 schema", async () => {
    const res = await h.call("GET", "/api/v1/exports/iati?mechanism=IATI", { as: "admin" });
    expect(res.status).toBe(200);
    exported = await res.text();
    const file = join(dir, "export.xml");
    writeFileSync(file, exported);
    const lint = spawnSync("/usr/bin/xmllint", ["--noout", "--schema", XSD, file], { encoding: "utf8" });
    expect(lint.stderr).toMatch(/validates/);
    expect(lint.status).toBe(0);
    expect(exported.match(/<iati-activity[\s>]/g)).toHaveLength((await identifiers(h.database)).length);
    // The change made in Concord is in the file, beside the publisher's own narratives.
    expect(exported).toContain("<narrative xml:lang=\"en\">Integrated planning system, Sierra Leone (renamed in Concord)</narrative>");
    expect(exported).toContain("<narrative>Recorded in Concord</narrative>");
  });

  it("imports the export into a fresh database with the same activities and transaction sums per activity and type", async () => {
    fresh = await openTestDatabase();
    await fresh.migrate();
    await loadReference(fresh.db, reference);
    const file = join(dir, "export.xml");
    const summary = await importIati(makeContext(fresh.db, SYSTEM, { channel: "cli", now: () => NOW }), [file], {}, {});
    expect(summary.skipped).toEqual([]);
    const ids = await identifiers(h.database);
    expect(summary.created).toBe(ids.length);
    expect(await identifiers(fresh)).toEqual(ids);
    const [a, b] = [await transactionSums(h.database), await transactionSums(fresh)];
    expect(a.size).toBeGreaterThan(50);
    expect(b).toEqual(a);
    // The sums include the expenditure recorded in Concord; the title changed there made the trip too.
    const res = (await fresh.db.execute(sql`select title->>'en' as title from projects where external_id = 'GB-1-109616'`)) as unknown as { rows: { title: string }[] };
    expect(res.rows[0]!.title).toBe("Integrated planning system, Sierra Leone (renamed in Concord)");
  });

  it("keeps every element the importer read: the stored activities are equal after the trip, but for what Concord changed", async () => {
    type Detail = Record<string, unknown>;
    const stored = async (d: Database) =>
      new Map(((await d.db.execute(sql`select external_id as id, external_detail as x from projects where external_source = 'iati'`)) as unknown as { rows: { id: string; x: Detail }[] }).rows.map((r) => [r.id, r.x]));
    // The file's version and last-updated time change by design (2.03; the time of Concord's change); code names come from codelists.
    const comparable = ({ version, lastUpdated, codeNames, ...rest }: Detail) => (void version, void lastUpdated, void codeNames, rest);
    const [before, after] = [await stored(h.database), await stored(fresh)];
    const changed: string[] = [];
    for (const [id, x] of before) {
      const y = comparable(after.get(id)!);
      for (const [k, v] of Object.entries(comparable(x))) if (JSON.stringify(v) !== JSON.stringify(y[k])) changed.push(`${id} ${k}`);
    }
    expect(changed).toEqual(["GB-1-109616 titles", "GB-1-109616 transactions"]);
  });
});
