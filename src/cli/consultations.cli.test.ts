import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-consultation-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

describe("concord consultation", () => {
  it("walks a prior consultation from the command line, as named users", () => {
    expect(run("seed").status).toBe(0);
    for (const [email, role, org] of [["sec@pnc.concord", "secretariat", "lmc-secretariat"], ["th@pnc.concord", "officer", "th"], ["la@pnc.concord", "officer", "la"]]) {
      const r = run("user", "create", "--email", email!, "--name", role!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }
    const file = join(dir, "dam.json");
    writeFileSync(file, JSON.stringify({ code: "PNC-CLI", mechanism: "MRC", subject: "dam", title: { en: "Sanakham dam" }, proposer: "th", affectedParties: ["la"] }));
    expect(run("consultation", "submit", "--as", "la@pnc.concord", "--file", file).status).toBe(1);
    const sub = run("consultation", "submit", "--as", "th@pnc.concord", "--file", file);
    expect(sub.status, sub.stderr).toBe(0);
    expect(sub.stdout).toMatch(/PNC-CLI: submitted/);
    expect(run("consultation", "check", "PNC-CLI", "--as", "sec@pnc.concord", "--incomplete").status).toBe(2);
    expect(run("consultation", "check", "PNC-CLI", "--as", "sec@pnc.concord").stdout).toMatch(/PNC-CLI: forwarded/);
    const clocks = JSON.parse(run("consultation", "clocks", "--as", "sec@pnc.concord", "--json").stdout);
    expect(clocks.items[0]).toMatchObject({ code: "PNC-CLI", next: { kind: "receipt", waitingFor: ["la"] } });
    const rec = run("consultation", "receive", "PNC-CLI", "--as", "la@pnc.concord");
    expect(rec.status, rec.stderr).toBe(0);
    expect(rec.stdout).toMatch(/in_consultation\n.*days left/);
    expect(run("consultation", "record", "PNC-CLI", "--as", "la@pnc.concord", "--kind", "reply", "--body", "Laos requests the fisheries study").status).toBe(0);
    const partial = run("consultation", "extend", "PNC-CLI", "--as", "sec@pnc.concord", "--months", "2", "--decision", "Joint decision", "--agreed-by", "la");
    expect(partial.status).toBe(1);
    expect(partial.stderr).toMatch(/every party; missing: th/);
    const ext = run("consultation", "extend", "PNC-CLI", "--as", "sec@pnc.concord", "--months", "2", "--decision", "Joint decision", "--agreed-by", "la", "--agreed-by", "th", "--json");
    expect(ext.status, ext.stderr).toBe(0);
    expect(JSON.parse(ext.stdout).clock.extensions).toBe(1);
    expect(run("consultation", "close", "PNC-CLI", "--as", "sec@pnc.concord", "--outcome", "agreed_with_conditions", "--conditions", "Fish passage").stdout).toMatch(/PNC-CLI: closed/);
    const show = run("consultation", "show", "PNC-CLI", "--as", "la@pnc.concord");
    expect(show.stdout).toMatch(/reply +la Laos requests the fisheries study/);
    expect(show.stdout).toMatch(/Fish passage/);
    expect(run("consultation", "list", "--as", "la@pnc.concord", "--status", "closed").stdout).toMatch(/PNC-CLI +closed/);
  }, 360_000); // about twenty CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
