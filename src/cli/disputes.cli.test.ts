import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-dispute-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

describe("concord dispute / mechanism settings", () => {
  it("sets a mechanism's settings and walks a case from opening to settlement, as named users", () => {
    expect(run("seed").status).toBe(0);
    for (const [email, role, org] of [["sec@cli.concord", "secretariat", "lmc-secretariat"], ["mohan@cli.concord", "officer", "cn-mohan"], ["boten@cli.concord", "officer", "la-boten"], ["th@cli.concord", "officer", "th"]]) {
      const r = run("user", "create", "--email", email!, "--name", role!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }
    const set = run("mechanism", "settings", "MBZ", "--as", "sec@cli.concord", "--dispute-days", "negotiation=30,joint-committee=45", "--auto-escalate", "--reminder-days", "14,3", "--json");
    expect(set.status, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ code: "MBZ", disputeAutoEscalate: true, reminderDays: [14, 3], disputeStageDays: { negotiation: 30, joint_committee: 45, third_party: 180 } });
    expect(run("mechanism", "settings", "MBZ").stdout).toMatch(/negotiation=30,joint_committee=45.*auto-escalate yes.*14,3/);
    expect(run("mechanism", "settings", "MBZ", "--dispute-days", "mediation=3").status).toBe(2);
    expect(run("mechanism", "settings", "MBZ", "--as", "mohan@cli.concord", "--no-auto-escalate").status).toBe(1);

    const opened = run("dispute", "open", "--as", "mohan@cli.concord", "--mechanism", "MBZ", "--title", "Terminal fees", "--party", "cn-mohan", "--party", "la-boten", "--json");
    expect(opened.status, opened.stderr).toBe(0);
    const d = JSON.parse(opened.stdout) as { code: string; daysLeft: number; stage: string };
    expect(d).toMatchObject({ stage: "negotiation", daysLeft: 30 });
    expect(run("dispute", "open", "--as", "th@cli.concord", "--mechanism", "MBZ", "--title", "x", "--party", "cn-mohan", "--party", "la-boten").status).toBe(1);
    expect(run("dispute", "open", "--as", "mohan@cli.concord", "--mechanism", "MBZ", "--title", "x", "--party", "cn-mohan").status).toBe(2);

    expect(run("dispute", "position", d.code, "--as", "boten@cli.concord", "--text", "Fees exceed the agreed schedule.").stdout).toMatch(/for la-boten/);
    expect(run("dispute", "show", d.code, "--as", "th@cli.concord").status).toBe(1);
    expect(run("dispute", "list", "--as", "th@cli.concord").stdout).toMatch(/No cases/);
    expect(run("dispute", "escalate", d.code, "--as", "boten@cli.concord").stdout).toMatch(/joint-committee mediation, open[\s\S]*45 days left/);
    const closed = run("dispute", "close", d.code, "--as", "sec@cli.concord", "--outcome", "settled", "--text", "Fees cut by a third.");
    expect(closed.stdout, closed.stderr).toMatch(/settled[\s\S]*Closed after 0 days — Fees cut by a third\./);
    const shown = JSON.parse(run("dispute", "show", d.code, "--as", "mohan@cli.concord", "--json").stdout) as { status: string; entries: { body: string }[] };
    expect(shown).toMatchObject({ status: "settled", entries: [{ body: "Fees exceed the agreed schedule." }] });
  }, 480_000); // about twenty CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
