import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-network-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

type Result = { level: string; measure: string; series: string; pairs: { a: { code: string }; b: { code: string }; shared: number; mode: string | null; warnings: string[]; years: number[] }[] };

describe("concord network", () => {
  it("prints the network, and the symbiosis of each pair with --level, --measure and --json", () => {
    expect(run("seed").status).toBe(0);
    const user = run("user", "create", "--email", "an@cli.concord", "--name", "Analyst", "--role", "analyst", "--org", "vn", "--password", "long enough password");
    expect(user.status, user.stderr).toBe(0);
    const net = run("network");
    expect(net.status, net.stderr).toBe(0);
    expect(net.stdout).toMatch(/\d+ actors, \d+ links/);

    const json = run("network", "symbiosis", "--json");
    expect(json.status, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout) as Result;
    expect(r).toMatchObject({ level: "country", measure: "count", series: "cumulative" });
    expect(r.pairs).toHaveLength(15);
    expect(new Set(r.pairs.flatMap((p) => [p.a.code, p.b.code]))).toEqual(new Set(["CN", "KH", "LA", "MM", "TH", "VN"]));

    // The sample projects span a few years: the fit says it cannot estimate rather than print a mode.
    const human = run("network", "symbiosis", "--limit", "3");
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout.trim().split("\n")).toHaveLength(3);
    expect(human.stdout).toMatch(/^CN–LA \(\d+ shared, 20\d\d–20\d\d\): Too few years/m);

    const actors = JSON.parse(run("network", "symbiosis", "--level", "actor", "--measure", "money", "--limit", "5", "--as", "an@cli.concord", "--json").stdout) as Result;
    expect(actors).toMatchObject({ level: "actor", measure: "money" });
    expect(actors.pairs.length).toBeGreaterThan(0);
    expect(actors.pairs.length).toBeLessThanOrEqual(5);
    expect(actors.pairs[0]!.shared).toBeGreaterThanOrEqual(actors.pairs.at(-1)!.shared);

    expect(run("network", "symbiosis", "--level", "province").status).not.toBe(0);
  }, 300_000); // eight CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
