import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const GCDF = resolve(process.cwd(), "../shared/data/gcdf/gcdf2_final_df_mekong5_subset.csv");
const dir = mkdtempSync(join(tmpdir(), "concord-duplicates-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

type Match = { code: string; score: number; link: string; reasons: { kind: string; label: string }[] };

describe("concord duplicates", () => {
  it("checks a draft, lists a project's repeats and scans the portfolio", () => {
    expect(run("seed").status).toBe(0);
    expect(run("import", "gcdf", GCDF).status).toBe(0);
    for (const [email, role, org] of [["yn@dup.concord", "officer", "cn-yunnan"], ["an@dup.concord", "analyst", "vn"]]) {
      const r = run("user", "create", "--email", email!, "--name", role!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }

    // A Thai title repeating the reference logistics hub, from the options.
    const thai = run("duplicates", "check", "--as", "yn@dup.concord", "--title", "ศูนย์กลางโลจิสติกส์ข้ามแดนโม่ฮาน-บ่อเต็น", "--title-lang", "th", "--country", "LA", "--sector", "21010", "--from", "2025", "--to", "2026", "--json");
    expect(thai.status, thai.stderr).toBe(0);
    const first = (JSON.parse(thai.stdout) as { items: Match[] }).items[0]!;
    expect(first).toMatchObject({ code: "SAMPLE-MBZ-LOGISTICS", link: "/projects/SAMPLE-MBZ-LOGISTICS" });

    // An imported GCDF project, from a draft file, in plain text.
    const file = join(dir, "draft.json");
    writeFileSync(file, JSON.stringify({ title: { en: "Morodok Techo National Stadium construction" }, countries: ["KH"], startYear: 2016 }));
    const human = run("duplicates", "check", "--as", "yn@dup.concord", "--file", file);
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/GCDF-48887\s+Chinese Government provides RMB 1 billion grant for Morodok Techo National Stadium/);
    expect(human.stdout).toContain("Similar title");
    expect(human.stdout).toMatch(/\d+ projects searched/);

    const project = run("duplicates", "project", "GCDF-34188", "--as", "an@dup.concord", "--json");
    expect(project.status, project.stderr).toBe(0);
    expect((JSON.parse(project.stdout) as { items: Match[] }).items.map((m) => m.code)).toContain("GCDF-34187");

    const scan = run("duplicates", "scan", "--as", "an@dup.concord", "--mechanism", "GCDF");
    expect(scan.status, scan.stderr).toBe(0);
    expect(scan.stdout).toMatch(/pairs shown; \d+ projects searched\./);
    const csv = run("duplicates", "scan", "--as", "an@dup.concord", "--csv", "--limit", "3");
    expect(csv.status, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split("\r\n");
    expect(lines[0]).toBe("Score,Project A,Title A,Mechanism A,Project B,Title B,Mechanism B,Reasons");
    expect(lines.length).toBe(4);

    // Refused: an officer scanning, an analyst drafting, a bad sector, no title, an unknown project.
    expect(run("duplicates", "scan", "--as", "yn@dup.concord").status).toBe(1);
    expect(run("duplicates", "check", "--as", "an@dup.concord", "--title", "Road").status).toBe(1);
    expect(run("duplicates", "check", "--as", "yn@dup.concord", "--title", "Road", "--sector", "roads").status).not.toBe(0);
    expect(run("duplicates", "check", "--as", "yn@dup.concord").status).not.toBe(0);
    expect(run("duplicates", "project", "NOPE", "--as", "an@dup.concord").status).toBe(1);
  }, 600_000); // a dozen CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
