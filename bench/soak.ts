/**
 * The soak run (PERFORMANCE.md, issue 9): `npx tsx bench/soak.ts` starts its own PostgreSQL,
 * generates a dataset (`SOAK_SCALE`, reference by default), serves the API from a second process
 * and keeps 32 clients busy for `SOAK_MINUTES` (30 by default) with the mix a working day
 * brings: project lists and searches, project pages, the dashboard, and offers posted and closed.
 * Each minute it samples the server's resident memory, latency percentiles and errors; at the end
 * it fits a line through memory and p95 after the first minutes (warm-up) and writes
 * `bench/soak-result.json`. It passes with no server error and no growth trend. Not part of
 * `npm test`: the maintainers run it.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { makeContext, SYSTEM, type Principal } from "../src/core/context.js";
import { rowsOf } from "../src/db/rows.js";
import { openDatabase } from "../src/db/client.js";
import { PG_SETTINGS } from "./pg-settings.js";
import { generateDataset, SCALES, type Scale } from "../src/db/generate.js";
import { loadReference } from "../src/db/seed/load.js";
import { reference } from "../src/db/seed/reference.js";
import { createToken } from "../src/modules/tokens/tokens.js";
import { createUser } from "../src/modules/users/create.js";
import { createDatabase, startPgServer } from "../test/pg-server.js";
import { percentile } from "./stats.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const scale = (process.env.SOAK_SCALE ?? "reference") as Scale;
if (!(scale in SCALES)) throw new Error(`SOAK_SCALE must be one of ${Object.keys(SCALES).join(", ")}`);
const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const CLIENTS = 32;
/** Minutes left out of the trend: caches fill and the JIT settles first. */
const WARMUP = Math.min(2, Math.max(0, MINUTES - 3));

type Minute = { minute: number; requests: number; errors: number; serverErrors: number; p50: number; p95: number; p99: number; rssMb: number };

/** Least-squares slope of y against x: the trend per minute. */
const slope = (xs: number[], ys: number[]) => {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  const num = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return den ? num / den : 0;
};

async function main() {
  process.stdout.write(`soak: ${MINUTES} min, ${CLIENTS} clients, scale ${scale}\nstarting PostgreSQL...\n`);
  const server = await startPgServer({ settings: PG_SETTINGS });
  const api = { child: undefined as ReturnType<typeof spawn> | undefined };
  try {
    const url = await createDatabase(server, "concord_soak");
    const database = await openDatabase({ url, poolSize: 4 });
    await database.migrate();
    await loadReference(database.db, reference);
    const gen = await generateDataset(database, { scale, seed: 1 });
    process.stdout.write(`generated in ${gen.seconds} s\n`);
    const sys = makeContext(database.db, SYSTEM, { channel: "cli" });
    const tokenFor = async (email: string, role: "analyst" | "officer", org: string) => {
      const u = await createUser(sys, { email, name: email, password: "soak password 1", role, org });
      const p: Principal = { kind: "user", userId: u.id, orgId: u.orgId, role: u.role, email: u.email, name: u.name };
      return (await createToken(makeContext(database.db, p, { channel: "api" }), { name: "soak" })).token;
    };
    const analyst = await tokenFor("analyst@soak.bench", "analyst", "vn");
    const officer = await tokenFor("officer@soak.bench", "officer", "cn-yunnan");
    // A sample of projects the analyst may open.
    const codes = await rowsOf<{ code: string }>(database.db.execute(sql`select code from projects where visibility <> 'restricted' order by md5(code) limit 200`));
    await database.close();

    api.child = spawn(process.execPath, ["bin/concord.js", "serve", "--port", "0", "--no-seed"], { cwd: root, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "inherit"] });
    const base = await new Promise<string>((resolve, reject) => {
      let out = "";
      api.child!.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      api.child!.once("exit", (code) => reject(new Error(`API exited ${code}: ${out}`)));
    });
    const pid = api.child.pid!;
    const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const call = (method: string, path: string, token: string, body?: unknown, extra: Record<string, string> = {}) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const data = body === undefined ? undefined : JSON.stringify(body);
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...extra, ...(data ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(data)) } : {}) };
        const req = request(`${base}${path}`, { method, agent, headers }, (res) => {
          let text = "";
          res.on("data", (d: Buffer) => (text += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          res.on("error", reject);
        });
        req.on("error", reject);
        if (data) req.write(data);
        req.end();
      });

    let n = 0;
    const code = () => codes[n++ % codes.length]!.code;
    /** One request of the day's mix; a write is followed by closing what it posted, so the data stays the same size. */
    const work: (() => Promise<number>)[] = [
      async () => (await call("GET", "/api/v1/projects?status=active&sort=-budget&limit=50", analyst)).status,
      async () => (await call("GET", "/api/v1/projects?q=water&limit=50", analyst)).status,
      async () => (await call("GET", `/api/v1/projects/${code()}`, analyst)).status,
      async () => (await call("GET", `/api/v1/projects/${code()}`, analyst)).status,
      async () => (await call("GET", "/api/v1/portfolio", analyst)).status,
      async () => {
        const posted = await call("POST", "/api/v1/postings", officer, { kind: "offer", factor: "technology", title: { en: `Soak offer ${n++}` }, places: ["la"] });
        if (posted.status !== 201) return posted.status;
        const { id } = JSON.parse(posted.text) as { id: string };
        return (await call("PATCH", `/api/v1/postings/${id}`, officer, { status: "closed" }, { "if-match": '"1"' })).status;
      },
    ];

    const minutes: Minute[] = [];
    let bucket: { times: number[]; errors: number; serverErrors: number } = { times: [], errors: 0, serverErrors: 0 };
    const end = Date.now() + MINUTES * 60_000;
    let i = 0;
    const client = async () => {
      while (Date.now() < end) {
        const job = work[i++ % work.length]!;
        const t0 = performance.now();
        const status = await job().catch(() => 0);
        bucket.times.push(performance.now() - t0);
        if (status === 0 || status >= 500) bucket.serverErrors++;
        if (status === 0 || status >= 400) bucket.errors++;
      }
    };
    const sampler = setInterval(() => {
      const b = bucket;
      bucket = { times: [], errors: 0, serverErrors: 0 };
      const m: Minute = { minute: minutes.length + 1, requests: b.times.length, errors: b.errors, serverErrors: b.serverErrors, p50: percentile(b.times, 50), p95: percentile(b.times, 95), p99: percentile(b.times, 99), rssMb: rssMb() };
      minutes.push(m);
      process.stdout.write(`${JSON.stringify(m)}\n`);
    }, 60_000);
    await Promise.all(Array.from({ length: CLIENTS }, client));
    clearInterval(sampler);
    agent.destroy();

    const steady = minutes.slice(WARMUP);
    const xs = steady.map((m) => m.minute);
    const rssSlope = slope(xs, steady.map((m) => m.rssMb));
    const p95Slope = slope(xs, steady.map((m) => m.p95));
    const errors = minutes.reduce((s, m) => s + m.errors, 0);
    const serverErrors = minutes.reduce((s, m) => s + m.serverErrors, 0);
    const meanP95 = steady.reduce((s, m) => s + m.p95, 0) / Math.max(1, steady.length);
    // "No growth trend": memory grows less than 1 MB a minute and p95 less than 2% of its mean a minute.
    const pass = serverErrors === 0 && errors === 0 && rssSlope < 1 && p95Slope < 0.02 * meanP95;
    const result = { date: new Date().toISOString(), scale, minutes: MINUTES, clients: CLIENTS, warmupMinutes: WARMUP, requests: minutes.reduce((s, m) => s + m.requests, 0), errors, serverErrors, rssSlopeMbPerMin: rssSlope, p95SlopeMsPerMin: p95Slope, meanP95Ms: meanP95, pass, perMinute: minutes };
    writeFileSync(new URL("./soak-result.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\nrequests ${result.requests}, errors ${errors} (server ${serverErrors}), memory trend ${rssSlope.toFixed(2)} MB/min, p95 trend ${p95Slope.toFixed(2)} ms/min (mean p95 ${meanP95.toFixed(1)} ms): ${pass ? "pass" : "FAIL"}\n`);
  } finally {
    api.child?.kill("SIGTERM");
    await server.stop();
  }
}

await main();
