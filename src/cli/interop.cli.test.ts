import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildIatiFile } from "../../bench/iati-import.js";
import { openDatabase } from "../db/client.js";
import { sql } from "drizzle-orm";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const DATA = resolve(process.cwd(), "../shared/data/iati");
const dir = mkdtempSync(join(tmpdir(), "concord-interop-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

// Each test spawns the CLI a few times; on a loaded 2-core CI machine that takes longer than vitest's default.
describe("concord import iati", { timeout: 240_000 }, () => {
  it("imports the shared files, says what it did, and changes nothing the second time", () => {
    const files = ["iaticloud_example_203_file_NL-MFA.xml", "iaticloud_media_DFID_GB-1-109616_v201.xml"].map((f) => join(DATA, f));
    const first = run("import", "iati", ...files, "--codelists", resolve(process.cwd(), "../shared/data/iati-ref/codelists-nonembedded"));
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("Read 21 records: 21 created, 0 updated, 0 unchanged, 0 skipped; 113 transactions");
    // Not a terminal: progress comes as plain lines on standard error.
    expect(first.stderr).toMatch(/100% .* 21 records/);
    const again = JSON.parse(run("import", "iati", ...files, "--json").stdout);
    expect(again).toMatchObject({ records: 21, created: 0, updated: 0, unchanged: 21, skipped: [] });
  });

  it("exits 1 and lists file, line and reason when records were skipped; 1 with a message for a missing file", () => {
    const bad = join(dir, "bad.xml");
    writeFileSync(bad, `<iati-activities version="2.03">\n<iati-activity><iati-identifier>XM-CLI-1</iati-identifier><reporting-org ref="XM-CLI"><narrative>P</narrative></reporting-org><title><narrative>T</narrative></title><transaction><transaction-type code="3"/><transaction-date iso-date="2021-02-30"/><value value-date="2021-02-01" currency="USD">1</value></transaction></iati-activity>\n</iati-activities>\n`);
    const r = run("import", "iati", bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("bad.xml:2 XM-CLI-1 — transaction/transaction-date is not a date: \"2021-02-30\"");
    const missing = run("import", "iati", join(dir, "nope.xml"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("nope.xml");
    expect(run("import", "events", bad).status).toBe(2);
  });

  it("stops cleanly on Ctrl-C: exit 130, and every activity it counted is there whole", async () => {
    const built = await buildIatiFile(12);
    try {
      const child = spawn(process.execPath, [BIN, "import", "iati", built.file, "--json"], { env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      let sent = false;
      child.stderr.on("data", (d) => {
        stderr += d;
        // The first progress line comes after the first batch was handed to the database.
        if (!sent && /records/.test(stderr)) {
          sent = true;
          child.kill("SIGINT");
        }
      });
      const [code] = (await once(child, "exit")) as [number];
      expect(code, stderr).toBe(130);
      const summary = JSON.parse(stdout) as { cancelled: boolean; created: number; records: number };
      expect(summary.cancelled).toBe(true);
      expect(summary.created).toBeGreaterThan(0);
      expect(summary.created).toBeLessThan(built.activities);
      const database = await openDatabase({ dataDir: env.CONCORD_DATA_DIR });
      try {
        const res = (await database.db.execute(sql`
          select count(*)::int as projects,
                 count(*) filter (where n <> expected)::int as partial
          from (
            select p.external_id, (select count(*) from transactions t where t.project_id = p.id) as n,
                   jsonb_array_length(p.external_detail->'transactions') as expected
            from projects p where p.external_id ~ '-C[0-9]+$'
          ) x`)) as unknown as { rows: { projects: number; partial: number }[] };
        expect(res.rows[0]).toEqual({ projects: summary.created, partial: 0 });
      } finally {
        await database.close();
      }
    } finally {
      rmSync(built.file, { force: true });
    }
  });
});
