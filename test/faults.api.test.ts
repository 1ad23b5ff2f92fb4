import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { connect, createServer, type Server, type Socket } from "node:net";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeContext, SYSTEM } from "../src/core/context.js";
import { openDatabase } from "../src/db/client.js";
import { loadReference } from "../src/db/seed/load.js";
import { reference } from "../src/db/seed/reference.js";
import { createToken } from "../src/modules/tokens/tokens.js";
import { createUser } from "../src/modules/users/create.js";
import { createDatabase } from "./pg-server.js";
import { TEST_DB } from "./support/app.js";

// Faults, proven with real processes: SIGKILL part-way through an import, a burst of API writes
// and a job; SIGTERM with a request in flight; the database going away under a running server.
// PostgreSQL only: PGlite is one connection inside one process, so it can neither be shared with
// a process we kill nor lose its connection, and its locks cannot hold a writer part-way.
// Part-way is made deterministic with table and row locks held from the test's own connection:
// the process under test blocks inside its transaction, and is killed there.

const BIN = join(import.meta.dirname, "../bin/concord.js");
const IATI = resolve(process.cwd(), "../shared/data/iati");
const IATI_FILES = ["iaticloud_example_203_file_NL-MFA.xml", "iaticloud_media_DFID_GB-1-109616_v201.xml", "iaticloud_MAEC_IATI_INDONESIA.xml"].map((f) => join(IATI, f));
const IATI_FIRST = join(IATI, "IATI_activity-standard-example-annotated-203.xml");

let counter = 0;
const children = new Set<ChildProcessWithoutNullStreams>();
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

type Db = { url: string; sql: pg.Client; token: string; close: () => Promise<void> };

/** A fresh database with the reference data, an officer's API token and a connection of the test's own. */
async function freshDatabase(): Promise<Db> {
  const url = await createDatabase({ url: inject("pgUrl") }, `faults_${process.pid}_${Date.now().toString(36)}_${counter++}`);
  const database = await openDatabase({ url, poolSize: 2 });
  await database.migrate();
  await loadReference(database.db, reference);
  const sys = makeContext(database.db, SYSTEM, { channel: "cli" });
  const u = await createUser(sys, { email: "officer@faults.concord", name: "Officer", password: "correct horse battery", role: "officer", org: "cn-yunnan" });
  const { token } = await createToken(makeContext(database.db, { kind: "user", userId: u.id, orgId: u.orgId, role: u.role, email: u.email, name: "Officer" }), { name: "faults" });
  await database.close();
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  return { url, sql, token, close: () => sql.end() };
}

const rows = async <T>(db: Db, text: string, params: unknown[] = []) => (await db.sql.query(text, params)).rows as T[];
const count = async (db: Db, text: string, params: unknown[] = []) => Number((await rows<{ n: string }>(db, text, params))[0]!.n);

function start(url: string, args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: url, CONCORD_LANG: "en", LOG_LEVEL: "warn" } });
  children.add(child);
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  return child;
}

/** Runs a CLI command to its end. */
function run(url: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(url, args);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: string) => (stdout += d));
  child.stderr.on("data", (d: string) => (stderr += d));
  return new Promise((res) => child.on("exit", (code) => res({ code, stdout, stderr })));
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => res({ code, signal }));
  });

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The backend of another session waiting for a lock on `table`, once there is one. */
const lockWaiter = (db: Db, table: string) =>
  until(`a session blocked on ${table}`, async () => (await rows<{ pid: number }>(db, `select pid from pg_locks where not granted and relation = $1::regclass and database = (select oid from pg_database where datname = current_database())`, [table]))[0]?.pid);

/** Waits until PostgreSQL has noticed a killed client and rolled its transaction back. */
const backendGone = (db: Db, pid: number) => until(`backend ${pid} to end`, async () => (await count(db, `select count(*) as n from pg_stat_activity where pid = $1`, [pid])) === 0);

/** `concord serve` on a free port; resolves with its base URL once it listens. */
async function serve(url: string): Promise<{ child: ChildProcessWithoutNullStreams; base: string; port: number; log: () => string }> {
  const child = start(url, ["serve", "--no-seed", "--no-worker", "--port", "0", "--host", "127.0.0.1"]);
  let out = "";
  const base = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no banner: ${out}`)), 60_000);
    child.stdout.on("data", (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && out.includes("\n")) {
        clearTimeout(timer);
        res(m[1]!.replace("localhost", "127.0.0.1"));
      }
    });
    child.stderr.on("data", (d: string) => (out += d));
    child.once("exit", (code) => rej(new Error(`serve exited ${code}: ${out}`)));
  });
  return { child, base, port: Number(new URL(base).port), log: () => out };
}

const proposal = (n: number) => ({
  mechanism: "LMC",
  pillar: "economic-sustainable",
  priorityArea: "agriculture-poverty",
  title: { en: `Fault burst ${n}` },
  visibility: "public",
  startDate: "2026-01-01",
  endDate: "2027-12-31",
  budget: "1000.00",
  currency: "USD",
  parties: [
    { actor: "cn-yunnan", role: "lead" },
    { actor: "la", role: "partner" },
  ],
});

describe.skipIf(TEST_DB !== "postgres")("faults (real processes on PostgreSQL)", () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db?.close());

  it("an IATI import killed inside a batch leaves no half-written activity; running it again completes, with one audit row per project", async () => {
    const first = await run(db.url, ["import", "iati", IATI_FIRST, "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const firstCreated = (JSON.parse(first.stdout) as { created: number }).created;
    expect(firstCreated).toBeGreaterThan(0);
    const txBefore = await count(db, `select count(*) as n from transactions`);
    const actorsBefore = await count(db, `select count(*) as n from actors`);

    // Audit rows are written last in each batch's transaction: holding the table stops the
    // import with its projects, parties and transactions written but not committed.
    await db.sql.query("begin");
    await db.sql.query("lock table audit_log in exclusive mode");
    const child = start(db.url, ["import", "iati", ...IATI_FILES]);
    const pid = await lockWaiter(db, "audit_log");
    child.kill("SIGKILL");
    expect((await exited(child)).signal).toBe("SIGKILL");
    await db.sql.query("rollback");
    await backendGone(db, pid);

    expect(await count(db, `select count(*) as n from projects where external_source = 'iati'`)).toBe(firstCreated);
    expect(await count(db, `select count(*) as n from transactions`)).toBe(txBefore);
    expect(await count(db, `select count(*) as n from actors`)).toBe(actorsBefore);
    expect(await count(db, `select count(*) as n from audit_log where entity = 'project' and action = 'import_create'`)).toBe(firstCreated);

    const again = await run(db.url, ["import", "iati", IATI_FIRST, ...IATI_FILES, "--json"]);
    expect(again.code, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout) as { records: number; created: number; unchanged: number; updated: number };
    expect(summary).toMatchObject({ records: 105, created: 105 - firstCreated, unchanged: firstCreated, updated: 0 });
    expect(await count(db, `select count(*) as n from projects where external_source = 'iati'`)).toBe(105);
    // Exactly one creation row per imported project, naming it.
    expect(await count(db, `select count(*) as n from audit_log where entity = 'project' and action = 'import_create'`)).toBe(105);
    expect(await count(db, `select count(*) as n from projects p where p.external_source = 'iati' and (select count(*) from audit_log a where a.entity_id = p.id::text and a.action = 'import_create') <> 1`)).toBe(0);
    expect(await count(db, `select count(*) as n from audit_log where entity = 'project' and action = 'import_update'`)).toBe(0);
  });

  it("a server killed during a burst of writes keeps every acknowledged one, whole and audited once, and nothing half-written", async () => {
    let server = await serve(db.url);
    const outcomes: { n: number; status?: number; id?: string; code?: string }[] = [];
    let answered = 0;
    let killed = false;
    let cut: Promise<void> | undefined;
    // After a dozen answers, hold the audit table so the writes still running block inside their
    // transactions (project and parties written, audit row not), and kill the server there.
    const cutOff = async () => {
      await db.sql.query("begin");
      await db.sql.query("lock table audit_log in exclusive mode");
      const pid = await lockWaiter(db, "audit_log");
      server.child.kill("SIGKILL");
      killed = true;
      await exited(server.child);
      await db.sql.query("rollback");
      await backendGone(db, pid);
    };
    const burst = Array.from({ length: 50 }, async (_, n) => {
      try {
        const res = await fetch(`${server.base}/api/v1/projects`, { method: "POST", headers: { authorization: `Bearer ${db.token}`, "content-type": "application/json" }, body: JSON.stringify(proposal(n)) });
        const body = (await res.json()) as { id?: string; code?: string };
        outcomes.push({ n, status: res.status, id: body.id, code: body.code });
      } catch {
        outcomes.push({ n });
      }
      if (++answered === 12) cut = cutOff();
    });
    await Promise.all(burst);
    await cut;
    expect(killed).toBe(true);
    const acked = outcomes.filter((o) => o.status !== undefined && o.status >= 200 && o.status < 300);
    expect(outcomes.filter((o) => o.status !== undefined && (o.status < 200 || o.status >= 300))).toEqual([]);
    expect(acked.length).toBeGreaterThanOrEqual(12);
    expect(acked.length).toBeLessThan(50); // the kill cut some off

    server = await serve(db.url);
    try {
      for (const o of acked) {
        const res = await fetch(`${server.base}/api/v1/projects/${o.code}`, { headers: { authorization: `Bearer ${db.token}` } });
        expect(res.status, o.code).toBe(200);
        expect(((await res.json()) as { title: { en: string } }).title.en).toBe(`Fault burst ${o.n}`);
      }
    } finally {
      server.child.kill("SIGTERM");
      await exited(server.child);
    }
    // Writes in flight at the kill either committed whole (with their answer lost) or left nothing.
    const stored = await rows<{ id: string; title: string; parties: string; audits: string }>(
      db,
      `select p.id, p.title->>'en' as title,
              (select count(*) from project_parties pp where pp.project_id = p.id) as parties,
              (select count(*) from audit_log a where a.entity = 'project' and a.entity_id = p.id::text and a.action = 'create') as audits
       from projects p where p.title->>'en' like 'Fault burst %'`,
    );
    for (const o of acked) expect(stored.map((s) => s.id)).toContain(o.id);
    for (const s of stored) expect({ title: s.title, parties: Number(s.parties), audits: Number(s.audits) }).toEqual({ title: s.title, parties: 2, audits: 1 });
    expect(new Set(stored.map((s) => s.title)).size).toBe(stored.length);
  });

  it("a job whose worker is killed mid-run stays due, and the next worker runs it exactly once", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await db.sql.query(`delete from jobs`);
    await db.sql.query(`insert into jobs (kind, key, run_at, payload) values ('alerts.digest', $1, now() - interval '1 minute', $2)`, [`alerts.digest:${today}`, { date: today }]);
    // The digest's last step schedules tomorrow's: holding that row stops the run inside its transaction.
    await db.sql.query(`insert into jobs (kind, key, run_at, payload, status) values ('alerts.digest', $1, now() + interval '2 days', $2, 'cancelled')`, [`alerts.digest:${tomorrow}`, { date: tomorrow }]);
    await db.sql.query("begin");
    await db.sql.query(`select id from jobs where key = $1 for update`, [`alerts.digest:${tomorrow}`]);
    const child = start(db.url, ["worker", "--once", "--json"]);
    // pg_stat_activity is a snapshot fixed for the length of a transaction: look from outside it.
    const watch = new pg.Client({ connectionString: db.url });
    await watch.connect();
    const pid = await until("the worker to block", async () => (await watch.query<{ pid: number }>(`select pid from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`)).rows[0]?.pid).finally(() => watch.end());
    child.kill("SIGKILL");
    await exited(child);
    await db.sql.query("rollback");
    await backendGone(db, pid);

    const job = async (date: string) => (await rows<{ status: string; attempts: number; done_by: string | null }>(db, `select status, attempts, done_by from jobs where key = $1`, [`alerts.digest:${date}`]))[0]!;
    expect(await job(today)).toEqual({ status: "pending", attempts: 0, done_by: null });
    expect((await job(tomorrow)).status).toBe("cancelled");

    const second = await run(db.url, ["worker", "--once", "--json"]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ ran: 1 });
    const done = await job(today);
    expect(done).toMatchObject({ status: "done", attempts: 1 });
    expect(done.done_by).toMatch(/:\d+$/);
    expect((await job(tomorrow)).status).toBe("pending");
    // Nothing else is due: the next pass would run nothing.
    expect(await count(db, `select count(*) as n from jobs where status = 'pending' and run_at <= now()`)).toBe(0);
    expect(await count(db, `select count(*) as n from jobs`)).toBe(2);
  });

  it("SIGTERM lets the request in flight finish, refuses new connections, and exits 0", async () => {
    // src/cli/cli.test.ts proves the plain SIGTERM exit; this adds a request held in flight.
    const server = await serve(db.url);
    await db.sql.query("begin");
    await db.sql.query("lock table projects in exclusive mode");
    // Whatever happens below, the lock is let go, so a failure here cannot block the tests after it.
    let released = false;
    const release = async () => {
      if (!released) await db.sql.query("commit");
      released = true;
    };
    try {
      const slow = fetch(`${server.base}/api/v1/projects`, { method: "POST", headers: { authorization: `Bearer ${db.token}`, "content-type": "application/json" }, body: JSON.stringify(proposal(1000)) });
      await lockWaiter(db, "projects");
      server.child.kill("SIGTERM");
      const refused = await until("the listener to close", () =>
        new Promise<string | false>((res) => {
          const s: Socket = connect(server.port, "127.0.0.1");
          s.once("connect", () => {
            s.destroy();
            res(false);
          });
          s.once("error", (err: NodeJS.ErrnoException) => res(err.code ?? "error"));
        }),
      );
      // A connection racing the listener's close may be accepted and reset at once rather than refused: either way it is not served.
      expect(["ECONNREFUSED", "ECONNRESET"]).toContain(refused);
      expect(server.child.exitCode).toBeNull(); // still draining
      await release();
      const res = await slow;
      expect(res.status).toBe(201);
      expect(await exited(server.child)).toEqual({ code: 0, signal: null });
    } finally {
      await release();
    }
  });

  it("the database going away mid-request gives 503 with Retry-After, and the same server recovers by itself", async () => {
    // A TCP relay between the server and PostgreSQL plays the database going away and coming
    // back on the same address, without touching the PostgreSQL the other tests share.
    const pgPort = Number(new URL(db.url).port);
    const sockets = new Set<Socket>();
    const relay = (): Server =>
      createServer((client) => {
        const upstream = connect(pgPort, "127.0.0.1");
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("error", () => {});
          s.on("close", () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
    let proxy = relay();
    await new Promise<void>((res) => proxy.listen(0, "127.0.0.1", res));
    const proxyPort = (proxy.address() as { port: number }).port;
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxyPort);
    const server = await serve(viaProxy.toString());
    const get = () => fetch(`${server.base}/api/v1/mechanisms`, { headers: { "accept-language": "en" } });
    try {
      expect((await get()).status).toBe(200);

      await db.sql.query("begin");
      await db.sql.query("lock table mechanisms in access exclusive mode");
      const inFlight = get();
      await lockWaiter(db, "mechanisms");
      await new Promise<void>((res) => {
        proxy.close(() => res());
        for (const s of sockets) s.destroy();
      });
      await db.sql.query("rollback");
      const cut = await inFlight;
      for (const res of [cut, await get(), await fetch(`${server.base}/healthz`)]) {
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "unavailable", message: expect.any(String) });
      }

      // The failures are logged, but never with the query's parameters (here an e-mail address and a password's check).
      const signIn = await fetch(`${server.base}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "10.77.0.1" }, body: JSON.stringify({ email: "officer@faults.concord", password: "correct horse battery" }) });
      expect(signIn.status).toBe(503);
      await until("the failure to be logged", async () => server.log().includes(`"path":"/api/v1/auth/sign-in"`));
      expect(server.log()).not.toMatch(/officer@faults\.concord|correct horse battery|params/);
      expect(server.log()).toMatch(/ECONNREFUSED/);

      proxy = relay();
      await new Promise<void>((res) => proxy.listen(proxyPort, "127.0.0.1", res));
      const back = await until("the server to answer again", async () => {
        const res = await get();
        return res.status === 200 ? res : false;
      });
      expect(((await back.json()) as { items: { code: string }[] }).items.map((m) => m.code)).toContain("LMC");
      expect(server.child.exitCode).toBeNull(); // the same process, never restarted
    } finally {
      // A failure between begin and rollback must not leave the lock for the tests after it.
      await db.sql.query("rollback").catch(() => {});
      server.child.kill("SIGTERM");
      await exited(server.child);
      proxy.close();
      for (const s of sockets) s.destroy();
    }
  });
});
