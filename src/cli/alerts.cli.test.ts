import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-alerts-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_DIGEST_DIR: join(dir, "digests"), CONCORD_LANG: "en", DATABASE_URL: "", CONCORD_SMTP_URL: "" };
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

  it("subscribes a user, lists only their alerts, and runs the daily digest once a day", () => {
    // Runs after the test above: the database is seeded and the accounts exist.
    const sub = run("alerts", "subscribe", "--as", "sec@alerts.concord", "--kinds", "phase_overdue,phase_suspended", "--channel", "file", "--json");
    expect(sub.status, sub.stderr).toBe(0);
    expect(JSON.parse(sub.stdout)).toMatchObject({ kinds: ["phase_overdue", "phase_suspended"], channel: "file", mechanismCode: null });
    // No SMTP server here, so no e-mail digest; an officer may not subscribe; an unknown kind is bad usage.
    const email = run("alerts", "subscribe", "--as", "an@alerts.concord", "--kinds", "funding_gap", "--channel", "email");
    expect(email.status).toBe(1);
    expect(email.stderr).toContain("SMTP");
    expect(run("alerts", "subscribe", "--as", "yn@alerts.concord", "--kinds", "funding_gap").status).toBe(1);
    expect(run("alerts", "subscribe", "--as", "sec@alerts.concord", "--kinds", "weather").status).toBe(2);

    const mine = JSON.parse(run("alerts", "--as", "sec@alerts.concord", "--mine", "--json").stdout) as { items: Alert[] };
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((a) => a.kind === "phase_overdue" || a.kind === "phase_suspended")).toBe(true);
    expect(run("alerts").status).toBe(2); // --as is still required to read

    const dry = run("alerts", "digest", "--dry-run");
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("sec@alerts.concord");
    expect(dry.stdout).toContain("Phase 2 of SAMPLE-MBZ-LOGISTICS was to end on 2026-06-30");
    expect(existsSync(join(dir, "digests"))).toBe(false);

    const today = new Date().toISOString().slice(0, 10);
    const sent = run("alerts", "digest", "--json");
    expect(sent.status, sent.stderr).toBe(0);
    expect((JSON.parse(sent.stdout) as { outcomes: { email: string; status: string }[] }).outcomes).toEqual([expect.objectContaining({ email: "sec@alerts.concord", status: "sent" })]);
    expect(readdirSync(join(dir, "digests", today))).toEqual(["sec@alerts.concord.txt"]);
    expect(readFileSync(join(dir, "digests", today, "sec@alerts.concord.txt"), "utf8")).toContain("[HIGH] Suspended phase — SAMPLE-RMZ-TRADE/2");

    const again = run("alerts", "digest");
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`No digest is due for ${today}.`);
    expect(run("alerts", "digest", "--date", "2026-02-30").status).toBe(2);
  }, 480_000);
});

