import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-backup-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (data: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, CONCORD_DATA_DIR: join(dir, data), CONCORD_LANG: "en", DATABASE_URL: "" }, encoding: "utf8", timeout: 120_000 });
/** The rows of a backup file, without its header (which holds the time it was written). */
const body = (file: string) => gunzipSync(readFileSync(file)).toString("utf8").split("\n").slice(1);

describe("concord backup / restore", () => {
  it("copies one embedded database into another, refusing to overwrite unless asked", () => {
    expect(run("a", "seed").status).toBe(0);
    const first = join(dir, "a.concord-backup");
    const written = run("a", "backup", first);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toMatch(/Backup .* written: \d+ tables, \d+ rows/);

    const restored = run("b", "restore", first, "--json");
    expect(restored.status, restored.stderr).toBe(0);
    expect((JSON.parse(restored.stdout) as { counts: Record<string, number> }).counts.actors).toBeGreaterThan(10);
    const again = run("b", "restore", first);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already holds data");
    expect(run("b", "restore", first, "--replace").status).toBe(0);

    const second = join(dir, "b.concord-backup");
    expect(run("b", "backup", second).status).toBe(0);
    expect(body(second)).toEqual(body(first));
  }, 300_000);
});
