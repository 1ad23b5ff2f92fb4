/**
 * A real, throwaway PostgreSQL server for tests, started from the machine's PostgreSQL binaries
 * (`initdb`, `postgres`; Debian package `postgresql`).
 *
 * - initdb into a fresh temporary directory (trust auth, superuser `concord`, UTF8, C.UTF-8 / C locale);
 * - `postgres` listens on 127.0.0.1 only, on a free port, with its Unix socket in the temp dir and
 *   durability switched off (fsync, synchronous_commit, full_page_writes);
 * - PostgreSQL refuses to run as root: when this process is root the server runs as an
 *   unprivileged user (CONCORD_TEST_PG_USER, else `postgres`, else a `concord-pg` system user created
 *   with useradd, else `nobody`), via spawn's uid/gid, and the temp dir is chowned to that user;
 * - no orphans: stop() shuts the server down and removes the temp dir; if the process exits without it,
 *   'exit'/'SIGINT'/'SIGTERM'/'SIGHUP' handlers kill the server synchronously, and a detached watchdog
 *   (which notices its stdin pipe closing) covers a process killed with SIGKILL.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from "node:child_process";
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type PgServer = { url: string; stop(): Promise<void> };

export type StartPgServerOptions = {
  log?: (line: string) => void;
  /** How long to wait for the server to accept connections (default 30 000 ms). */
  timeoutMs?: number;
  /** Server settings beyond the test defaults (`-c name=value`), e.g. the bench's memory sizes. */
  settings?: Record<string, string>;
};

const SUPERUSER = "concord";
const DEFAULT_DB = "concord_test";

// ---------------------------------------------------------------------------------------------
// Binaries

export type PgBinaries = { initdb: string; postgres: string; binDir: string };

function isExecutable(file: string): boolean {
  try {
    return statSync(file).isFile() && (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

function debianBinDirs(): string[] {
  const root = "/usr/lib/postgresql";
  try {
    return readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a)) // newest first
      .map((v) => path.join(root, v, "bin"));
  } catch {
    return [];
  }
}

/**
 * Finds `initdb` and `postgres` (from the same installation): CONCORD_TEST_PG_BIN if set, else PATH,
 * else /usr/lib/postgresql/<newest>/bin. Throws an error naming the missing binary and how to install it.
 */
export function findPgBinaries(): PgBinaries {
  const candidates: string[] = [];
  const override = process.env.CONCORD_TEST_PG_BIN;
  if (override) candidates.push(override);
  const initdbOnPath = onPath("initdb");
  if (initdbOnPath) {
    candidates.push(path.dirname(initdbOnPath));
    try {
      candidates.push(path.dirname(realpathSync(initdbOnPath))); // /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb
    } catch {
      /* dangling link: ignore */
    }
  }
  candidates.push(...debianBinDirs());

  // Prefer a directory holding both, so initdb and postgres are of the same version.
  for (const dir of candidates) {
    const initdb = path.join(dir, "initdb");
    const postgres = path.join(dir, "postgres");
    if (isExecutable(initdb) && isExecutable(postgres)) return { initdb, postgres, binDir: dir };
  }
  const initdb = candidates.map((d) => path.join(d, "initdb")).find(isExecutable);
  const postgres = onPath("postgres") ?? candidates.map((d) => path.join(d, "postgres")).find(isExecutable);
  if (initdb && postgres) return { initdb, postgres, binDir: path.dirname(initdb) };
  const missing = [initdb ? undefined : "initdb", postgres ? undefined : "postgres"].filter((b) => b !== undefined);
  throw new Error(
    `PostgreSQL test server: cannot find the ${missing.map((b) => `\`${b}\``).join(" and ")} binar${missing.length > 1 ? "ies" : "y"} ` +
      `(looked in ${override ? "CONCORD_TEST_PG_BIN, " : ""}PATH and /usr/lib/postgresql/*/bin). ` +
      `Install PostgreSQL's server binaries: on Debian/Ubuntu \`apt-get install postgresql\` ` +
      `(or postgresql-15), or point CONCORD_TEST_PG_BIN at a directory holding initdb and postgres. ` +
      `Set CONCORD_TEST_PG=0 to run without the PostgreSQL test server.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Running as root

type RunAs = { uid: number; gid: number; user: string } | undefined;

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync("id", ["-u", name], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  const u = Number(uid.stdout.trim());
  const g = Number(gid.stdout.trim());
  return Number.isInteger(u) && Number.isInteger(g) && u !== 0 ? { uid: u, gid: g } : undefined;
}

let cachedRunAs: { value: RunAs } | undefined;

/** The unprivileged user the server runs as when we are root; undefined when we are not root. */
function resolveRunAs(log: (line: string) => void): RunAs {
  if (cachedRunAs) return cachedRunAs.value;
  let value: RunAs;
  if (typeof process.getuid === "function" && process.getuid() === 0) {
    const wanted = process.env.CONCORD_TEST_PG_USER;
    const names = wanted ? [wanted] : ["postgres", "concord-pg"];
    for (const name of names) {
      const found = lookupUser(name);
      if (found) {
        value = { ...found, user: name };
        break;
      }
    }
    if (!value && !wanted) {
      const r = spawnSync("useradd", ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "concord-pg"], { encoding: "utf8" });
      const found = lookupUser("concord-pg");
      if (found) {
        log(`created system user concord-pg (uid ${found.uid}) to run PostgreSQL as non-root`);
        value = { ...found, user: "concord-pg" };
      } else {
        log(`useradd concord-pg failed (${(r.stderr || r.error?.message || "").trim()}); falling back to nobody`);
        const nobody = lookupUser("nobody");
        if (nobody) value = { ...nobody, user: "nobody" };
      }
    }
    if (!value) {
      throw new Error(
        `PostgreSQL test server: running as root, and no unprivileged user to run PostgreSQL as ` +
          `(${wanted ? `CONCORD_TEST_PG_USER=${wanted} does not exist` : "no postgres user, useradd failed, no nobody user"}).`,
      );
    }
  }
  cachedRunAs = { value };
  return value;
}

/** Whether `runAs` can read, write and enter `dir` (checked as that user). */
function accessibleTo(dir: string, runAs: RunAs): boolean {
  if (!runAs) return true;
  const r = spawnSync("sh", ["-c", 'test -r "$1" && test -w "$1" && test -x "$1"', "sh", dir], { uid: runAs.uid, gid: runAs.gid, cwd: "/" });
  return r.status === 0;
}

/** mkdtemp under os.tmpdir() (or /tmp if the server's user cannot reach os.tmpdir()), owned by that user. */
function makeBaseDir(runAs: RunAs): string {
  const roots = [os.tmpdir(), "/tmp"].filter((d, i, a) => a.indexOf(d) === i);
  for (const root of roots) {
    const dir = mkdtempSync(path.join(root, "concord-pg-"));
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    if (accessibleTo(dir, runAs)) return dir;
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`PostgreSQL test server: user ${runAs?.user} cannot use a temporary directory under ${roots.join(" or ")}`);
}

// ---------------------------------------------------------------------------------------------
// Processes

/** Environment for the server's processes: ours, minus libpq variables that could redirect them. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PG")) env[k] = v;
  return env;
}

function spawnOpts(base: string, runAs: RunAs, extra: SpawnOptions = {}): SpawnOptions {
  return { cwd: base, env: serverEnv(), ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}), ...extra };
}

function run(cmd: string, args: string[], opts: SpawnOptions): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (err) => resolve({ code: -1, output: output + String(err) }));
    child.on("close", (code) => resolve({ code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("could not get a free port"))));
    });
  });
}

/** Linux: alive and not a zombie. Elsewhere: signal 0 succeeds. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    if (existsSync("/proc/self/stat")) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function tryKill(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

function readLog(file: string, maxChars = 8000): string {
  try {
    const text = readFileSync(file, "utf8");
    return text.length > maxChars ? `…${text.slice(-maxChars)}` : text;
  } catch {
    return "(no server log)";
  }
}

/**
 * A detached `sh` that waits for its stdin to close (this process exited, however it died), then
 * shuts the postmaster down and removes the temp dir. stop() and the exit handlers kill it first.
 */
function startWatchdog(pid: number, base: string): ChildProcess | undefined {
  const script = [
    'while read -r _; do :; done',
    'kill -0 "$1" 2>/dev/null || { rm -rf "$2"; exit 0; }',
    'kill -QUIT "$1" 2>/dev/null',
    'i=0; while kill -0 "$1" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done',
    'kill -0 "$1" 2>/dev/null && kill -KILL "$1" 2>/dev/null',
    'rm -rf "$2"',
  ].join("\n");
  try {
    const dog = spawn("sh", ["-c", script, "concord-pg-watchdog", String(pid), base], { stdio: ["pipe", "ignore", "ignore"], detached: true, cwd: "/" });
    dog.on("error", () => {});
    dog.stdin?.on("error", () => {});
    dog.unref();
    (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return dog;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Cleanup on exit

type Live = { cleanupSync(): void };
const live = new Set<Live>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
let handlersInstalled = false;

function cleanupAllSync(): void {
  for (const s of [...live]) s.cleanupSync();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanupAllSync();
  uninstallHandlers();
  // We were maybe the only listener, which disabled the default action: re-raise so the process still dies.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", cleanupAllSync);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.removeListener("exit", cleanupAllSync);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

// ---------------------------------------------------------------------------------------------
// Server

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function urlFor(port: number, database: string): string {
  return `postgres://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, ssl: false, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function initdb(bins: PgBinaries, base: string, dataDir: string, runAs: RunAs, log: (line: string) => void): Promise<void> {
  let lastOutput = "";
  for (const locale of ["C.UTF-8", "C"]) {
    const args = ["-D", dataDir, "-A", "trust", "-U", SUPERUSER, "--encoding=UTF8", `--locale=${locale}`, "--no-sync"];
    log(`initdb ${args.join(" ")}`);
    const r = await run(bins.initdb, args, spawnOpts(base, runAs));
    if (r.code === 0) return;
    lastOutput = r.output;
    log(`initdb with --locale=${locale} failed (exit ${r.code})`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  throw new Error(`PostgreSQL test server: initdb failed:\n${lastOutput}`);
}

/**
 * Starts a throwaway PostgreSQL server and creates the database `concord_test` on it.
 * Resolves to its URL (`postgres://concord@127.0.0.1:PORT/concord_test`) and a stop() that shuts it
 * down and removes its temporary directory.
 */
export async function startPgServer(opts: StartPgServerOptions = {}): Promise<PgServer> {
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const bins = findPgBinaries();
  const runAs = resolveRunAs(log);
  if (runAs) log(`running as root: PostgreSQL runs as ${runAs.user} (uid ${runAs.uid})`);

  const base = makeBaseDir(runAs);
  const dataDir = path.join(base, "data");
  const logFile = path.join(base, "postgres.log");
  // A Unix socket path is limited to ~107 bytes; skip the socket rather than fail on a long TMPDIR.
  const socketDir = path.join(base, ".s.PGSQL.65535").length < 100 ? base : "";

  let postmaster: ChildProcess | undefined;
  let watchdog: ChildProcess | undefined;
  let stopped = false;

  const cleanupSync = (): void => {
    if (stopped) return;
    stopped = true;
    live.delete(entry);
    if (live.size === 0) uninstallHandlers();
    tryKill(watchdog?.pid, "SIGKILL");
    const pid = postmaster?.pid;
    if (pid && isAlive(pid)) {
      tryKill(pid, "SIGQUIT"); // immediate shutdown: the postmaster SIGQUITs its children and waits for them
      const deadline = Date.now() + 5000;
      while (isAlive(pid) && Date.now() < deadline) sleepSync(20);
      if (isAlive(pid)) tryKill(pid, "SIGKILL");
    }
    rmSync(base, { recursive: true, force: true });
  };
  const entry: Live = { cleanupSync };
  live.add(entry);
  installHandlers();

  try {
    await initdb(bins, base, dataDir, runAs, log);

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const fd = openSync(logFile, "a");
      if (runAs) chownSync(logFile, runAs.uid, runAs.gid);
      const args = [
        "-D", dataDir,
        "-p", String(port),
        "-c", "listen_addresses=127.0.0.1",
        "-c", `unix_socket_directories=${socketDir}`,
        "-c", "fsync=off",
        "-c", "synchronous_commit=off",
        "-c", "full_page_writes=off",
        "-c", "max_connections=200",
        ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
      ];
      log(`postgres ${args.join(" ")}`);
      const child = spawn(bins.postgres, args, spawnOpts(base, runAs, { stdio: ["ignore", fd, fd] }));
      closeSync(fd);
      postmaster = child;
      let exited: string | undefined;
      child.on("error", (err) => (exited = `could not start postgres: ${err.message}`));
      child.on("exit", (code, signal) => (exited ??= `postgres exited (${signal ?? `code ${code}`})`));
      child.unref();
      if (child.pid) watchdog = startWatchdog(child.pid, base);

      const adminUrl = urlFor(port, "postgres");
      const deadline = Date.now() + timeoutMs;
      let lastError = "";
      let ready = false;
      while (!ready) {
        if (exited || stopped) break;
        try {
          await withClient(adminUrl, (c) => c.query("select 1"));
          ready = true;
        } catch (err) {
          lastError = err instanceof Error ? err.message : String(err);
          if (Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      if (ready) break;

      const serverLog = readLog(logFile);
      if (exited && attempt < 3 && /could not bind|address already in use/i.test(serverLog)) {
        log(`port ${port} was taken; retrying`);
        tryKill(watchdog?.pid, "SIGKILL");
        continue;
      }
      throw new Error(
        `PostgreSQL test server did not come up on 127.0.0.1:${port} ` +
          `(${exited ?? (stopped ? "stopped" : `not accepting connections after ${timeoutMs} ms: ${lastError}`)}).\n` +
          `Server log:\n${serverLog}`,
      );
    }

    await withClient(urlFor(port, "postgres"), (c) => c.query(`CREATE DATABASE ${quoteIdent(DEFAULT_DB)} TEMPLATE template0`));
    const url = urlFor(port, DEFAULT_DB);
    log(`PostgreSQL test server ready: ${url} (data in ${dataDir})`);

    return {
      url,
      async stop() {
        if (stopped) return;
        const child = postmaster;
        if (child?.pid && isAlive(child.pid)) {
          const exit = new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) resolve();
            else child.once("exit", () => resolve());
          });
          tryKill(watchdog?.pid, "SIGKILL");
          child.kill("SIGQUIT");
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          await exit;
          clearTimeout(timer);
        }
        cleanupSync();
        log("PostgreSQL test server stopped");
      },
    };
  } catch (err) {
    cleanupSync();
    throw err;
  }
}

/**
 * Creates a fresh, empty database `name` on the server (`server.url` may point at any of its
 * databases) and returns its URL. Each test file can so have a database of its own.
 */
export async function createDatabase(server: Pick<PgServer, "url"> | PgServer, name: string): Promise<string> {
  if (!name || name.length > 63) throw new Error(`createDatabase: invalid database name ${JSON.stringify(name)} (1 to 63 characters)`);
  const admin = new URL(server.url);
  admin.pathname = "/postgres";
  await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`));
  const url = new URL(server.url);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}
