import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-fund-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });
const file = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
};

describe("concord call / application / phase / exposure", () => {
  it("walks a call, an application and a suspension from the command line, as named users", () => {
    expect(run("seed").status).toBe(0);
    for (const [email, role, org] of [["sec@cli.concord", "secretariat", "lmc-secretariat"], ["yn@cli.concord", "officer", "cn-yunnan"]]) {
      const r = run("user", "create", "--email", email!, "--name", role!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }
    const callFile = file("call.json", {
      code: "CLI-CALL",
      mechanism: "LMC",
      fund: { en: "LMC Special Fund" },
      title: { en: "Always-open test call" },
      opensAt: "2020-01-01T00:00:00Z",
      closesAt: "2099-12-31T23:59:59Z",
      ceiling: "500000.00",
      rubric: [{ code: "relevance", name: { en: "Relevance" }, weight: 1, min: 0, max: 10 }],
    });
    expect(run("call", "create", "--as", "yn@cli.concord", "--file", callFile).status).toBe(1);
    const created = run("call", "create", "--as", "sec@cli.concord", "--file", callFile);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/CLI-CALL.*open/);
    expect(JSON.parse(run("call", "list", "--state", "open", "--json").stdout).items.map((c: { code: string }) => c.code)).toContain("CLI-CALL");

    const appFile = file("app.json", {
      call: "CLI-CALL",
      code: "CLI-APP",
      title: { en: "Border clinic twinning" },
      lead: "cn-yunnan",
      coApplicants: ["la-luangnamtha"],
      requested: "100000.00",
      phases: [{ name: { en: "Only phase" }, startDate: "2027-01-01", endDate: "2027-12-31", budget: "100000.00" }],
    });
    expect(run("application", "create", "--as", "yn@cli.concord", "--file", appFile).stdout).toMatch(/CLI-APP: draft/);
    const revised = run("application", "update", "CLI-APP", "--as", "yn@cli.concord", "--file", file("upd.json", { title: { en: "Border clinic twinning, revised" } }), "--json");
    expect(revised.status, revised.stderr).toBe(0);
    expect(JSON.parse(revised.stdout).title.en).toBe("Border clinic twinning, revised");
    expect(run("application", "update", "CLI-APP", "--as", "yn@cli.concord", "--file", file("bad.json", { call: "other" })).status).toBe(2);
    const doc = join(dir, "letter.pdf");
    writeFileSync(doc, "%PDF-1.4\n%%EOF\n");
    expect(run("application", "attach", "CLI-APP", doc, "--as", "yn@cli.concord").stdout).toMatch(/Attached letter.pdf/);
    expect(run("application", "act", "CLI-APP", "submit", "--as", "yn@cli.concord").stdout).toMatch(/submitted/);
    const screened = run("application", "act", "CLI-APP", "screen", "--as", "sec@cli.concord", "--json");
    expect(JSON.parse(screened.stdout)).toMatchObject({ status: "screened" });
    expect(run("application", "act", "CLI-APP", "reject", "--as", "sec@cli.concord").status).toBe(2);
    expect(run("application", "show", "CLI-APP", "--as", "yn@cli.concord").stdout).toMatch(/✓ cross_border/);

    const out = join(dir, "annual.html");
    const annual = run("report", "annual", "--mechanism", "LMC", "--year", "2026", "--lang", "th", "--out", out);
    expect(annual.status, annual.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("รายงานความก้าวหน้าประจำปี 2026");
    expect(run("report", "annual", "--mechanism", "LMC", "--year", "26", "--out", out).status).toBe(2);

    const gapRun = run("gap", "--by", "country", "--json");
    expect(gapRun.status, gapRun.stderr).toBe(0);
    expect(JSON.parse(gapRun.stdout).items.find((i: { key: string }) => i.key === "LA")).toMatchObject({ gap: "1650000.00" });
    expect(run("gap", "--by", "galaxy").status).toBe(2);
    expect(run("report", "late", "--as", "sec@cli.concord", "--project", "SAMPLE-MBZ-LOGISTICS").stdout).toMatch(/SAMPLE-MBZ-LOGISTICS phase 2: 2025-07-01 – 2025-09-30, \d+ days late/);
    expect(run("report", "review", "SAMPLE-MBZ-LOGISTICS", "not-an-id", "accept", "--as", "sec@cli.concord").status).toBe(2);

    const tx = run("transaction", "SAMPLE-LMC-RICE", "--as", "sec@cli.concord", "--file", file("tx.json", { type: "disbursement", value: "50000.00", valueDate: "2026-02-01", phase: 1 }));
    expect(tx.stdout, tx.stderr).toMatch(/Totals of SAMPLE-LMC-RICE: .*disbursement 50000.00 USD/);
    expect(run("transaction", "SAMPLE-LMC-RICE", "--as", "sec@cli.concord", "--file", file("tx2.json", { type: "disbursement", value: "999999.00", valueDate: "2026-02-01" })).status).toBe(1);
    const rep = run("report", "submit", "SAMPLE-MBZ-LOGISTICS", "--as", "yn@cli.concord", "--file", file("rep.json", { phase: 2, periodStart: "2025-07-01", periodEnd: "2025-09-30", dueDate: "2025-10-30", narrative: "Yard works resumed.", indicators: [{ name: "Yard area paved (m²)", target: 20000, value: 12500 }] }));
    expect(rep.stdout, rep.stderr).toMatch(/SAMPLE-MBZ-LOGISTICS phase 2 submitted/);

    const suspend = run("phase", "SAMPLE-MBZ-LOGISTICS", "2", "suspend", "--as", "sec@cli.concord", "--reason", "change_of_government", "--country", "LA");
    expect(suspend.status, suspend.stderr).toBe(0);
    expect(suspend.stdout).toMatch(/active → suspended/);
    expect(run("phase", "SAMPLE-MBZ-LOGISTICS", "0", "resume", "--as", "sec@cli.concord").status).toBe(2);
    expect(run("terminate", "SAMPLE-RMZ-TRADE", "--as", "yn@cli.concord", "--reason", "x").status).toBe(1);
    expect(run("terminate", "SAMPLE-RMZ-TRADE", "--as", "sec@cli.concord", "--reason", "Border closed indefinitely").stdout).toMatch(/SAMPLE-RMZ-TRADE terminated; sunk cost 650000.00 USD/);
    expect(run("exposure", "--as", "sec@cli.concord").stdout).toMatch(/LA: 1 suspended phase\(s\), \d+ project\(s\) exposed/);
  }, 360_000); // about twenty CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
