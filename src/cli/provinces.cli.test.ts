import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-provinces-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

type Row = { code: string; projects: number; events: number; money: { budget: string }; modes: { mode: string; total: number }[] };

describe("concord provinces", () => {
  it("lists, exports and shows the provinces and states to the public and to a named user", () => {
    expect(run("seed").status).toBe(0);
    const list = run("provinces", "list", "--country", "CN", "--json");
    expect(list.status, list.stderr).toBe(0);
    const items = (JSON.parse(list.stdout) as { items: Row[] }).items;
    expect(items.map((r) => r.code)).toEqual(expect.arrayContaining(["cn-yunnan", "cn-guangxi", "cn-hainan", "cn-jiangsu", "cn-gansu", "cn-zhejiang", "cn-xinjiang"]));
    const yn = items.find((r) => r.code === "cn-yunnan")!;
    expect(yn.projects).toBe(4);
    expect(yn.modes.map((m) => m.mode)).toEqual(expect.arrayContaining(["border_zone", "governors_forum"]));

    const csv = run("provinces", "list", "--country", "CN", "--csv");
    expect(csv.status, csv.stderr).toBe(0);
    const [head, ...rows] = parse(csv.stdout) as string[][];
    expect(head!.slice(0, 4)).toEqual(["Code", "Province or state", "Country", "Projects"]);
    expect(rows.map((r) => r[0])).toEqual(items.map((r) => r.code));

    const show = run("provinces", "show", "cn-yunnan");
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toContain("Yunnan Province");
    expect(show.stdout).toMatch(/SAMPLE-RMZ-TRADE\s+suspended\s+cn-ruili-zone:lead cn-yunnan:funder/);
    expect(show.stdout).toContain("GMS-2018-GOVERNORS");
    expect(show.stdout).toContain("Modes: Border and cross-border economic zones 3");

    // A signed-in user also sees the internal proposal Yunnan leads
    expect(run("user", "create", "--email", "an@prov.concord", "--name", "Analyst", "--role", "analyst", "--org", "vn", "--password", "long enough password").status).toBe(0);
    const signedIn = JSON.parse(run("provinces", "show", "cn-yunnan", "--as", "an@prov.concord", "--json").stdout) as { province: Row; projects: { code: string }[] };
    expect(signedIn.projects.map((p) => p.code)).toContain("SAMPLE-LMC-WATER-DATA");
    expect(signedIn.province.projects).toBe(5);

    const missing = run("provinces", "show", "cn-yn-xishuangbanna");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("cn-yn-xishuangbanna");
    expect(run("provinces", "list", "--mechanism", "NOPE").status).toBe(1);
  }, 480_000); // several CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
