import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-alerts-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

type Alert = { kind: string; severity: string; code: string; reason: string; link: string };

describe("concord alerts", () => {
  it("lists the reference data's alerts for staff and analysts, filtered, and refuses officers", () => {
    expect(run("seed").status).toBe(0);
    for (const [email, role, org] of [["sec@alerts.concord", "secretariat", "lmc-secretariat"], ["an@alerts.concord", "analyst", "vn"], ["yn@alerts.concord", "officer", "cn-yunnan"]]) {
      const r = run("user", "create", "--email", email!, "--name", role!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }
    // Computed at today's date: the customs-yard phase ended on 30 June 2026 and the Ruili–Muse roll-out is suspended.
    const all = run("alerts", "--as", "sec@alerts.concord", "--json");
    expect(all.status, all.stderr).toBe(0);
    const items = (JSON.parse(all.stdout) as { items: Alert[] }).items;
    expect(items).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: "phase_overdue", code: "SAMPLE-MBZ-LOGISTICS/2", link: "/projects/SAMPLE-MBZ-LOGISTICS" }),
      expect.objectContaining({ kind: "phase_suspended", code: "SAMPLE-RMZ-TRADE/2", severity: "high" }),
    ]));

    const human = run("alerts", "--as", "an@alerts.concord", "--kind", "phase_suspended");
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/HIGH\s+Suspended phase\s+SAMPLE-RMZ-TRADE\/2/);
    expect(human.stdout).toContain("Phase 2 of SAMPLE-RMZ-TRADE is suspended");
    expect(human.stdout).toContain("1 alerts");

    const lmc = JSON.parse(run("alerts", "--as", "sec@alerts.concord", "--mechanism", "LMC", "--json").stdout) as { items: (Alert & { mechanismCode: string })[] };
    expect(lmc.items.length).toBeGreaterThan(0);
    expect(lmc.items.every((a) => a.mechanismCode === "LMC")).toBe(true);

    expect(run("alerts", "--as", "sec@alerts.concord", "--kind", "dispute_deadline").stdout).toContain("No alerts.");
    expect(run("alerts", "--as", "yn@alerts.concord").status).toBe(1);
    expect(run("alerts", "--as", "sec@alerts.concord", "--mechanism", "NOPE").status).toBe(1);
    expect(run("alerts", "--as", "sec@alerts.concord", "--kind", "weather").status).not.toBe(0);
  }, 480_000); // a dozen CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
