import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-bulletin-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

describe("concord bulletin", () => {
  it("sends, lists, shows and logs reads for the named organisations only", () => {
    expect(run("seed").status).toBe(0);
    for (const [email, role, org] of [
      ["yn@cli.concord", "officer", "cn-yunnan-police"],
      ["ln@cli.concord", "analyst", "la-luangnamtha-police"],
      ["admin@cli.concord", "admin", "lmc-secretariat"],
    ]) {
      const r = run("user", "create", "--email", email!, "--name", email!.split("@")[0]!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }
    const sent = run("bulletin", "send", "--as", "yn@cli.concord", "--category", "fugitive", "--title", "Wanted person seen near Boten", "--body", "Photo and description follow.", "--to", "la-luangnamtha-police", "--json");
    expect(sent.status, sent.stderr).toBe(0);
    const b = JSON.parse(sent.stdout) as { code: string; recipients: { actorCode: string }[] };
    expect(b.recipients.map((r) => r.actorCode)).toEqual(["la-luangnamtha-police"]);

    expect(run("bulletin", "list", "--as", "ln@cli.concord", "--q", "boten").stdout).toContain(b.code);
    const shown = run("bulletin", "show", b.code, "--as", "ln@cli.concord");
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/from cn-yunnan-police to la-luangnamtha-police/);
    expect(shown.stdout).toContain("Photo and description follow.");
    const reads = JSON.parse(run("bulletin", "reads", b.code, "--as", "yn@cli.concord", "--json").stdout) as { items: { action: string; orgCode: string; channel: string }[] };
    expect(reads.items.map((r) => [r.action, r.orgCode, r.channel])).toEqual([
      ["read", "la-luangnamtha-police", "cli"],
      ["list", "la-luangnamtha-police", "cli"],
    ]);

    // Anyone else: an empty list, and "not found" for the bulletin itself.
    expect(JSON.parse(run("bulletin", "list", "--as", "admin@cli.concord", "--json").stdout)).toMatchObject({ items: [], total: 0 });
    const other = run("bulletin", "show", b.code, "--as", "admin@cli.concord");
    expect(other.status).not.toBe(0);
    expect(other.stdout + other.stderr).not.toContain("Wanted");
    expect(run("bulletin", "send", "--as", "ln@cli.concord", "--category", "other", "--title", "x", "--body", "y", "--to", "cn-yunnan-police").status).toBe(1);
    expect(run("bulletin", "send", "--as", "yn@cli.concord", "--category", "gossip", "--title", "x", "--body", "y", "--to", "la").status).not.toBe(0);
  }, 480_000); // a dozen CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
