import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-compare-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });
const RBO_FILE = resolve(process.cwd(), "../shared/data/tfdd/TFDD_RBODatabase_20131015.csv");

describe("concord compare (side by side)", () => {
  it("prints profiles, Table 4-1 and RBO scores, and lets the secretariat enter the LMC's values", () => {
    expect(run("seed").status).toBe(0);
    for (const [email, role, org] of [["sec@compare.concord", "secretariat", "lmc-secretariat"], ["yn@compare.concord", "officer", "cn-yunnan"]]) {
      const r = run("user", "create", "--email", email!, "--name", role!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }
    const imported = run("import", "events", RBO_FILE, "--format", "tfdd-rbo");
    // Exit 1: the database has rows the importer skips (with reasons); the rest, the MRC's included, load.
    expect([0, 1], imported.stderr).toContain(imported.status);

    // Profiles, as JSON and as long-form CSV
    const json = run("compare", "mechanisms", "--mechanisms", "LMC,MRC", "--json");
    expect(json.status, json.stderr).toBe(0);
    const data = JSON.parse(json.stdout) as { mechanisms: { code: string; roles: Record<string, number>; water: { basins: string[] } }[] };
    expect(data.mechanisms.map((p) => [p.code, p.roles])).toEqual([
      ["LMC", { lead: 1, member: 5 }],
      ["MRC", { member: 4, observer: 2 }],
    ]);
    expect(data.mechanisms[1]!.water.basins).toEqual(["MEKO"]);
    const human = run("compare", "mechanisms", "--mechanisms", "LMC");
    expect(human.stdout).toMatch(/^LMC\n {2}Members: lead 1, member 5/);
    expect(human.stdout).toContain("Meetings by diplomatic track: I ");
    const csv = run("compare", "mechanisms", "--mechanisms", "MRC", "--csv");
    expect(csv.stdout.split("\r\n")).toEqual(expect.arrayContaining(["mechanism,measure,key,value", "MRC,members_by_role,observer,2"]));
    expect(run("compare", "mechanisms", "--mechanisms", "NOPE").status).toBe(1);

    // Table 4-1: NGOs in Viet Nam
    const table = run("compare", "participants");
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/VN\s+17\s+111\s+32/);
    expect(table.stdout).toContain("seed 002 Table 4-1");

    // The MRC scored from the imported TFDD database: (11/15 + 1 + 8/9)/3
    const mrc = JSON.parse(run("compare", "rbo", "--organisation", "MRCX", "--json").stdout) as { overall: number };
    expect(mrc.overall).toBeCloseTo(118 / 135, 12);
    const weights = join(dir, "weights.json");
    writeFileSync(weights, JSON.stringify({ levels: { governance: 2 } }));
    const weighted = JSON.parse(run("compare", "rbo", "--organisation", "MRCX", "--weights", weights, "--json").stdout) as { overall: number };
    expect(weighted.overall).toBeCloseTo((11 / 15 + 1 + (2 * 8) / 9) / 4, 12);
    expect(run("compare", "rbo", "--organisation", "MRCX").stdout).toMatch(/Overall score: 0\.874/);

    // The LMC's values, entered by the secretariat; an officer may not
    const values = join(dir, "lmc.json");
    writeFileSync(values, JSON.stringify({ INT_TREATY: 0, INT_MULTILATERAL: 1, INS_SECRETARIAT: 1, GOV_PUBLIC: null }));
    const saved = run("compare", "rbo-assess", "LMC", "--as", "sec@compare.concord", "--values", values, "--source", "Sanya Declaration 2016", "--json");
    expect(saved.status, saved.stderr).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ mechanism: "LMC", source: "Sanya Declaration 2016", values: { INT_TREATY: 0, GOV_PUBLIC: null } });
    expect(run("compare", "rbo-assess", "LMC", "--as", "sec@compare.concord", "--values", values).stdout).toContain("Saved the assessment of LMC: 4 indicator values.");
    expect(run("compare", "rbo-assess", "LMC", "--as", "yn@compare.concord", "--values", values).status).toBe(1);
    writeFileSync(values, JSON.stringify({ INT_TREATY: 2 }));
    const bad = run("compare", "rbo-assess", "LMC", "--as", "sec@compare.concord", "--values", values);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("INT_TREATY");
  }, 480_000); // a dozen CLI processes, each opening the embedded database: slow on a shared 2-core machine
});
