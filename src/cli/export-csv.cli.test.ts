import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const GCDF = resolve(process.cwd(), "../shared/data/gcdf/gcdf2_final_df_mekong5_subset.csv");
const gcdf = parse(readFileSync(GCDF), { columns: true, bom: true }) as Record<string, string>[];
const dir = mkdtempSync(join(tmpdir(), "concord-csv-cli-"));
const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

const STATUS = { Completion: "completed", Implementation: "active", "Pipeline: Commitment": "approved", "Pipeline: Pledge": "proposed", Suspended: "suspended", Cancelled: "cancelled" };
const mapping = {
  kind: "projects",
  columns: {
    code: "id",
    "title.en": "Title",
    status: { column: "Status", map: STATUS },
    budget: "Amount (Constant USD2017)",
    lead: { column: "Funding Agencies", split: "|" },
  },
};

beforeAll(() => {
  expect(run("seed").status).toBe(0);
  writeFileSync(join(dir, "mapping.json"), JSON.stringify(mapping));
  const imported = run("import", "csv", GCDF, "--entity", "projects", "--mapping", join(dir, "mapping.json"), "--json");
  expect(imported.status, imported.stderr).toBe(0);
  expect(JSON.parse(imported.stdout)).toMatchObject({ records: gcdf.length, created: gcdf.length, skipped: [] });
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("concord export csv", { timeout: 240_000 }, () => {
  it("writes every row of a filtered list, and says how many", () => {
    const out = join(dir, "completed.csv");
    const r = run("export", "csv", "projects", "--mechanism", "CSV", "--status", "completed", "--out", out);
    expect(r.status, r.stderr).toBe(0);
    const expected = gcdf.filter((x) => x.Status === "Completion").length;
    expect(r.stdout.trim()).toBe(`Wrote ${expected} rows of projects to ${out}.`);
    const rows = parse(readFileSync(out), { bom: true }) as string[][];
    expect(rows[0]!.slice(0, 3)).toEqual(["Code", "Title", "Mechanism"]);
    expect(rows).toHaveLength(expected + 1);
    expect(new Set(rows.slice(1).map((x) => x[5]))).toEqual(new Set(["completed"]));
    // Written beside its destination and renamed: no part file is left.
    expect(readdirSync(dir).filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("starts with a BOM for Excel when asked, in the language asked", () => {
    const out = join(dir, "actors.csv");
    const r = run("export", "csv", "actors", "--type", "government", "--bom", "--lang", "th", "--out", out, "--json");
    expect(r.status, r.stderr).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows[0]![0]).toBe("รหัส");
    expect(JSON.parse(r.stdout)).toEqual({ list: "actors", rows: rows.length - 1, file: out });
  });

  it("refuses a filter the list does not have, or a bad value, as bad usage (exit 2), writing nothing", () => {
    const out = join(dir, "never.csv");
    const wrong = run("export", "csv", "projects", "--type", "ngo", "--out", out);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("type");
    expect(run("export", "csv", "projects", "--status", "dormant", "--out", out).status).toBe(2);
    expect(run("export", "csv", "budgets", "--out", out).status).toBe(2);
    expect(readdirSync(dir)).not.toContain("never.csv");
  });
});
