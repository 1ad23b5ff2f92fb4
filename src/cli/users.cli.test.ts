import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-users-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

describe("concord user disable / enable", () => {
  it("disables and enables an account by e-mail, in words and as JSON; a disabled user cannot act", () => {
    expect(run("seed").status).toBe(0);
    const created = run("user", "create", "--email", "Leaver@CLI.concord", "--name", "Leaver", "--role", "officer", "--org", "la", "--password", "long enough password");
    expect(created.status, created.stderr).toBe(0);

    const off = run("user", "disable", "leaver@cli.concord");
    expect(off.status, off.stderr).toBe(0);
    expect(off.stdout).toContain("Disabled leaver@cli.concord");
    // The CLI acts as a named user only while that user is enabled.
    const refused = run("token", "create", "--email", "leaver@cli.concord", "--name", "after");
    expect(refused.status).toBe(1);

    const again = run("user", "disable", "LEAVER@cli.concord", "--json");
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ email: "leaver@cli.concord", orgCode: "la", role: "officer", disabledAt: expect.any(String) });

    const on = run("user", "enable", "leaver@cli.concord", "--json");
    expect(on.status, on.stderr).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ email: "leaver@cli.concord", disabledAt: null });
    expect(run("token", "create", "--email", "leaver@cli.concord", "--name", "back").status).toBe(0);

    const unknown = run("user", "disable", "nobody@cli.concord");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("nobody@cli.concord");
    expect(unknown.stderr).not.toContain("{{");
  });
});
