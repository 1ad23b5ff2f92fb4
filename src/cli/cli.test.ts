import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dataDir = mkdtempSync(join(tmpdir(), "concord-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: dataDir, CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

describe("concord CLI", () => {
  it("explains itself and each command", () => {
    const top = run("--help");
    expect(top.status).toBe(0);
    for (const cmd of ["serve", "migrate", "seed", "user", "token", "call", "application", "phase", "exposure", "report", "generate", "worker"]) expect(top.stdout).toContain(cmd);
    expect(top.stdout).toMatch(/Exit codes/);
    for (const args of [["serve"], ["migrate"], ["seed"], ["user", "create"], ["token", "create"], ["call", "create"], ["application", "act"], ["phase"], ["exposure"], ["report", "late"]]) {
      const r = run(...args, "--help");
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stdout.length, args.join(" ")).toBeGreaterThan(80);
    }
    expect(run("user", "create", "--help").stdout).toContain("--org");
  });

  it("exits 2 on bad usage", () => {
    expect(run("no-such-command").status).toBe(2);
    expect(run("user", "create", "--email", "x@y.z").status).toBe(2);
    expect(run("user", "create", "--email", "x@y.z", "--name", "X", "--role", "emperor", "--org", "la").status).toBe(2);
    expect(run("serve", "--port", "eighty").status).toBe(2);
    expect(run("generate", "--scale", "galactic").status).toBe(2);
    expect(run("generate", "--seed", "minus-one").status).toBe(2);
  });

  it("migrates, seeds, creates a user and a token, with --json for scripts", () => {
    expect(run("migrate").status).toBe(0);
    const seed = run("seed", "--json");
    expect(seed.status).toBe(0);
    expect(JSON.parse(seed.stdout)).toMatchObject({ mechanisms: expect.any(Number) });
    const again = run("seed", "--json");
    expect(JSON.parse(again.stdout)).toEqual({ countries: 0, actors: 0, mechanisms: 0, memberships: 0, events: 0, projects: 0 });

    const user = run("user", "create", "--email", "cli.officer@test.concord", "--name", "CLI Officer", "--role", "officer", "--org", "la", "--json");
    expect(user.status, user.stderr).toBe(0);
    const created = JSON.parse(user.stdout) as { email: string; role: string; password: string };
    expect(created).toMatchObject({ email: "cli.officer@test.concord", role: "officer" });
    expect(created.password.length).toBeGreaterThanOrEqual(10);

    const dup = run("user", "create", "--email", "cli.officer@test.concord", "--name", "CLI Officer", "--role", "officer", "--org", "la");
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);

    const badOrg = run("user", "create", "--email", "x@test.concord", "--name", "X", "--role", "officer", "--org", "atlantis", "--password", "long enough pw");
    expect(badOrg.status).toBe(1);
    expect(badOrg.stderr).toMatch(/atlantis/);

    const token = run("token", "create", "--email", "cli.officer@test.concord", "--name", "ci", "--json");
    expect(token.status, token.stderr).toBe(0);
    expect(JSON.parse(token.stdout).token).toMatch(/^cct_/);

    // Nothing is due in a fresh database: one pass of the worker fires nothing and exits.
    const worker = run("worker", "--once", "--json");
    expect(worker.status, worker.stderr).toBe(0);
    expect(JSON.parse(worker.stdout)).toEqual({ ran: 0 });
  });

  it("serves the API with the reference data and the demo accounts printed", async () => {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], { env: { ...env, CONCORD_DATA_DIR: join(dataDir, "serve") } });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let buf = "";
        const timer = setTimeout(() => reject(new Error(`no banner: ${buf}`)), 90_000);
        child.stdout.on("data", (d: Buffer) => {
          buf += d.toString();
          if (buf.includes("Ctrl-C")) {
            clearTimeout(timer);
            resolve(buf);
          }
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${buf}`)));
      });
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
      expect(out).toMatch(/admin@concord\.demo\s+\S{10,}/);
      expect(out).toMatch(/Timers .* run in this process/);
      const password = /officer\s+officer@concord\.demo\s+(\S+)/.exec(out)![1]!;
      const mechanisms = (await (await fetch(`${url}/api/v1/mechanisms`)).json()) as { items: { code: string }[] };
      expect(mechanisms.items.map((m) => m.code)).toContain("LMC");
      const signIn = await fetch(`${url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "officer@concord.demo", password }) });
      expect(signIn.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    expect(child.exitCode).toBe(0);
  });
});
