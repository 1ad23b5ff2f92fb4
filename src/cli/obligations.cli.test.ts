import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-obligations-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

describe("concord agreement / obligation", () => {
  it("records an MoU, an obligation and its fulfilment, and shows the rate, as named users", () => {
    expect(run("seed").status).toBe(0);
    for (const [email, role, org] of [["sec@cli.concord", "secretariat", "lmc-secretariat"], ["yn@cli.concord", "officer", "cn-yunnan"], ["th@cli.concord", "officer", "th"]]) {
      const r = run("user", "create", "--email", email!, "--name", role!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }
    const mou = ["--title", "Border health MoU", "--signed-on", "2024-01-10", "--signatory", "cn-yunnan", "--signatory", "la-luangnamtha", "--mechanism", "LMC", "--code", "MOU-CLI"];
    expect(run("agreement", "create", "--as", "th@cli.concord", ...mou).status).toBe(1);
    const created = run("agreement", "create", "--as", "sec@cli.concord", ...mou);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/MOU-CLI recorded/);
    expect(run("agreement", "list", "--actor", "la-luangnamtha").stdout).toMatch(/MOU-CLI/);

    const added = run("obligation", "add", "MOU-CLI", "--as", "sec@cli.concord", "--owner", "cn-yunnan", "--title", "Open the joint clinic", "--due", "2024-06-30");
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/MOU-CLI-O1 added, due 2024-06-30/);
    const refused = run("obligation", "add", "MOU-CLI", "--as", "sec@cli.concord", "--owner", "th", "--title", "X", "--due", "2024-06-30");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/did not sign/);
    expect(run("obligation", "list", "--status", "overdue").stdout).toMatch(/MOU-CLI-O1.*OVERDUE/);

    const late = run("obligation", "fulfil", "MOU-CLI-O1", "--as", "yn@cli.concord", "--status", "fulfilled", "--on", "2024-07-15", "--evidence", "Opening minutes");
    expect(late.status).toBe(1);
    expect(late.stderr).toMatch(/"late"/);
    const ok = run("obligation", "fulfil", "MOU-CLI-O1", "--as", "yn@cli.concord", "--status", "late", "--on", "2024-07-15", "--evidence", "Opening minutes", "--json");
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ code: "MOU-CLI-O1", status: "late" });

    const show = run("agreement", "show", "MOU-CLI", "--as", "th@cli.concord");
    expect(show.stdout).toMatch(/Signed 2024-01-10 by cn-yunnan, la-luangnamtha/);
    expect(show.stdout).toMatch(/MOU-CLI-O1.*late/);
    const rates = run("obligation", "rates", "--mechanism", "LMC");
    expect(rates.stdout).toMatch(/cn-yunnan\s+2024 .*late 1.* 50%/);
    expect(JSON.parse(run("obligation", "rates", "--json").stdout).items[0]).toMatchObject({ actorCode: "cn-yunnan", year: 2024, rate: 0.5 });
  }, 480_000); // about fifteen CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
