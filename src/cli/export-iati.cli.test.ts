import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const XSD = resolve(process.cwd(), "../shared/data/iati-ref/schema-2.03/iati-activities-schema.xsd");
const dir = mkdtempSync(join(tmpdir(), "concord-iati-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 180_000 });
const out = (name: string) => join(dir, name);
const leftovers = () => readdirSync(dir).filter((f) => f.endsWith(".part"));

describe("concord export iati", () => {
  it("writes the public's projects to a valid file, narrows by filters, and reports for scripts with --json", () => {
    expect(run("seed").status).toBe(0);
    const r = run("export", "iati", "--out", out("all.xml"), "--json");
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { file: string; activities: number; bytes: number };
    expect(summary).toEqual({ file: out("all.xml"), activities: 4, bytes: statSync(out("all.xml")).size });
    const lint = spawnSync("/usr/bin/xmllint", ["--noout", "--schema", XSD, out("all.xml")], { encoding: "utf8" });
    expect(lint.status, lint.stderr).toBe(0);

    const one = run("export", "iati", "--out", out("rmz.xml"), "--mechanism", "RMZ", "--status", "suspended");
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/Wrote 1 IATI activities \(\d+ bytes\) to .*rmz\.xml/);
    expect(readFileSync(out("rmz.xml"), "utf8")).toContain("<iati-identifier>XE-EXAMPLE-CONCORD-SAMPLE-RMZ-TRADE</iati-identifier>");
    expect(leftovers()).toEqual([]);
  });

  it("refuses bad filters as bad usage and leaves an existing file as it was when the export fails", () => {
    writeFileSync(out("keep.xml"), "previous export");
    expect(run("export", "iati", "--out", out("keep.xml"), "--country", "LAO").status).toBe(2);
    expect(run("export", "iati", "--out", out("keep.xml"), "--status", "bogus").status).toBe(2);
    expect(run("export", "iati").status).toBe(2);
    const unknown = run("export", "iati", "--out", out("keep.xml"), "--as", "nobody@cli.concord");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/nobody@cli\.concord/);
    expect(readFileSync(out("keep.xml"), "utf8")).toBe("previous export");
    expect(leftovers()).toEqual([]);
  });

  it("stops on Ctrl-C without leaving a half-written file", async () => {
    // A thousand generated projects make an export long enough to interrupt.
    expect(run("generate", "--scale", "small").status).toBe(0);
    expect(run("user", "create", "--email", "sec@cli.concord", "--name", "Sec", "--role", "secretariat", "--org", "lmc-secretariat", "--password", "long enough password").status).toBe(0);
    writeFileSync(out("big.xml"), "previous export");
    const child = spawn(process.execPath, [BIN, "export", "iati", "--out", out("big.xml"), "--as", "sec@cli.concord"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    // Interrupt once the export has started writing its temporary file.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && !leftovers().some((f) => statSync(join(dir, f)).size > 0)) await new Promise((r) => setTimeout(r, 10));
    expect(leftovers()).toHaveLength(1);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/Export interrupted: no file was written/);
    expect(readFileSync(out("big.xml"), "utf8")).toBe("previous export");
    expect(leftovers()).toEqual([]);
    expect(existsSync(out("big.xml.part"))).toBe(false);
  }, 240_000);
});
