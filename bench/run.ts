/**
 * `npm run bench`: builds the reference-scale dataset in a throwaway PostgreSQL, serves the API
 * from a second process, and times each API call against its peer in the same run: the very
 * SQL statements the verb sends, replayed directly on one connection. Prints one table and
 * writes bench/results.json. BENCH_SCALE=small runs the same at 1% for a quick check.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { makeContext, SYSTEM, type Principal } from "../src/core/context.js";
import { openDatabase } from "../src/db/client.js";
import { generateDataset, SCALES, type Scale } from "../src/db/generate.js";
import { loadReference } from "../src/db/seed/load.js";
import { reference } from "../src/db/seed/reference.js";
import { portfolioSummary } from "../src/modules/portfolio/summary.js";
import { getProject, listProjects } from "../src/modules/projects/read.js";
import { ZProjectListQuery } from "../src/modules/projects/schemas.js";
import { createToken } from "../src/modules/tokens/tokens.js";
import { createUser } from "../src/modules/users/create.js";
import { createDatabase, startPgServer } from "../test/pg-server.js";
import { PG_SETTINGS } from "./pg-settings.js";
import { benchDuplicates } from "./duplicates-eval.js";
import { benchIatiImport } from "./iati-import.js";
import { benchModels } from "./models.js";
import { benchStartup } from "./startup.js";
import { percentile } from "./stats.js";

const scale = (process.env.BENCH_SCALE ?? "reference") as Scale;
if (!(scale in SCALES)) throw new Error(`BENCH_SCALE must be one of ${Object.keys(SCALES).join(", ")}`);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const root = fileURLToPath(new URL("..", import.meta.url));

type Row = { work: string; figure: string; peer: string; ratio: string; target: string; pass: boolean | null; detail?: Record<string, number> };

const ms = (n: number) => `${n.toFixed(2)} ms`;

function printTable(rows: Row[]) {
  const widths = [Math.max(...rows.map((r) => r.work.length)), 34, 34, 6, 28];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 8)).join("  ");
  process.stdout.write(`\n${line(["work", "figure", "peer", "ratio", "target", "result"])}\n`);
  for (const r of rows) process.stdout.write(`${line([r.work, r.figure, r.peer, r.ratio, r.target, r.pass === null ? "—" : r.pass ? "pass" : "FAIL"])}\n`);
}

/** The work names the models' rows start with (bench/models.ts). */
const MODEL_ROWS = ["evolutionary-game sweep", "network:", "exact Shapley", "partner matching"];
const STARTUP_ROWS = ["embedded start", "web UI initial JavaScript"];
const API_ROWS = ["concord generate", "project list", "project page", "portfolio dashboard"];

type Results = { scale: string; date: string; rerun?: Record<string, string>; machine: { cpus: number; node: string }; rows: Row[] };

/**
 * Prints the table and writes results.json. A partial run (BENCH_ONLY) replaces only the rows
 * starting with its prefixes and records when they were measured; the file's date stays the full
 * run's. A partial run at another scale than the file's is printed only, so no file mixes scales.
 */
function report(rows: Row[], scale: Scale, partial?: { name: string; prefixes: readonly string[] }) {
  printTable(rows);
  const file = new URL("./results.json", import.meta.url);
  const machine = { cpus: cpus().length, node: process.version };
  let out: Results = { scale, date: new Date().toISOString(), machine, rows };
  if (partial) {
    const last = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Results) : null;
    if (!last || last.scale !== scale) return;
    const mine = (r: Row) => partial.prefixes.some((p) => r.work.startsWith(p));
    out = { scale, date: last.date, rerun: { ...last.rerun, [partial.name]: out.date }, machine, rows: [...last.rows.filter((r) => !mine(r)), ...rows] };
  }
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
}

const LOAD = { clients: 32, seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 20), maxRequests: 20_000 };

/**
 * The dashboard's aggregates under load: 32 clients from a second process on loopback for a
 * bounded time, against the portfolio verb's own statements replayed one after another on a
 * direct connection (their p95 over 50 runs).
 */
async function benchDashboard(base: string, token: string, direct: pg.Client, verb: () => Promise<unknown>, capture: (on: boolean) => { query: string; params: unknown[] }[]): Promise<Row> {
  const plan = capture(true);
  await verb();
  const statements = [...plan];
  capture(false);
  const sqlTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    for (const q of statements) await direct.query(q.query, q.params as unknown[]);
    sqlTimes.push(performance.now() - t0);
  }
  const load = spawnSync(process.execPath, ["--import", "tsx", "bench/load.ts", `${base}/api/v1/portfolio`, token, String(LOAD.clients), String(LOAD.seconds), String(LOAD.maxRequests)], { cwd: root, encoding: "utf8", timeout: (LOAD.seconds + 120) * 1000 });
  if (load.status !== 0) throw new Error(`load generator failed: ${load.stderr}`);
  const r = JSON.parse(load.stdout.trim().split("\n").pop()!) as { requests: number; errors: number; seconds: number; rps: number; p50: number; p95: number };
  const s95 = percentile(sqlTimes, 95);
  return {
    work: `portfolio dashboard under load (GET /portfolio, ${LOAD.clients} clients from a second process, ${r.requests} requests in ${r.seconds.toFixed(1)} s)`,
    figure: `p95 ${ms(r.p95)}, ${r.rps.toFixed(0)} req/s${r.errors ? `, ${r.errors} errors` : ""}`,
    peer: `direct SQL p95 ${ms(s95)} (one client)`,
    ratio: `${(r.p95 / s95).toFixed(2)}×`,
    target: "p95 ≤ 50 ms; ≥ 400 req/s; ≤ 1.5× SQL",
    pass: r.errors === 0 && r.p95 <= 50 && r.rps >= 400 && r.p95 / s95 <= 1.5,
    detail: { ...r, sqlP95: s95, sqlP50: percentile(sqlTimes, 50) },
  };
}

/** IATI import into its own database, so the file's activities meet no generated data. */
async function benchIatiRow(server: { url: string }): Promise<Row> {
  const iatiUrl = await createDatabase(server, "concord_bench_iati");
  const iatiDb = await openDatabase({ url: iatiUrl });
  await iatiDb.migrate();
  await loadReference(iatiDb.db, reference);
  await iatiDb.close();
  process.stdout.write("IATI import...\n");
  return benchIatiImport(root, iatiUrl, scale === "reference" ? 500 : 5);
}

async function main() {
  const rows: Row[] = [];
  // Duplicate detection needs no database: BENCH_ONLY=duplicates reruns just its rows.
  if (process.env.BENCH_ONLY === "duplicates") {
    rows.push(...(await benchDuplicates(scale === "reference" ? 100_000 : 1_000)));
    report(rows, scale, { name: "duplicates", prefixes: ["duplicates:"] });
    return;
  }
  // Neither does the embedded start or the web bundle: BENCH_ONLY=startup.
  if (process.env.BENCH_ONLY === "startup") {
    rows.push(...(await benchStartup(root)));
    report(rows, scale, { name: "startup", prefixes: STARTUP_ROWS });
    return;
  }
  // The models need no database either: BENCH_ONLY=models reruns their rows.
  if (process.env.BENCH_ONLY === "models") {
    rows.push(...(await benchModels(scale === "reference" ? "reference" : "small")));
    report(rows, scale, { name: "models", prefixes: MODEL_ROWS });
    return;
  }
  // The IATI import needs only its own empty database: BENCH_ONLY=iati.
  if (process.env.BENCH_ONLY === "iati") {
    const server = await startPgServer({ settings: PG_SETTINGS });
    try {
      rows.push(await benchIatiRow(server));
      report(rows, scale, { name: "iati", prefixes: ["IATI import"] });
    } finally {
      await server.stop();
    }
    return;
  }
  // BENCH_ONLY=api: the generation and the API rows on the generated data, nothing else.
  const apiOnly = process.env.BENCH_ONLY === "api";
  if (process.env.BENCH_ONLY && !apiOnly) throw new Error("BENCH_ONLY may be 'duplicates', 'models', 'startup', 'iati' or 'api'");
  process.stdout.write(`scale: ${scale}\nstarting PostgreSQL...\n`);
  const server = await startPgServer({ settings: PG_SETTINGS });
  let api: ChildProcess | undefined;
  try {
    const url = await createDatabase(server, "concord_bench");
    const captured: { query: string; params: unknown[] }[] = [];
    let capturing = false;
    const database = await openDatabase({ url, poolSize: 4, onQuery: (query, params) => capturing && captured.push({ query, params }) });
    await database.migrate();
    await loadReference(database.db, reference);
    const gen = await generateDataset(database, { scale, seed: 1 });
    process.stdout.write(`generated: ${JSON.stringify(gen)}\n`);
    rows.push({ work: `concord generate --scale ${scale}`, figure: `${gen.seconds} s`, peer: "—", ratio: "—", target: scale === "reference" ? "≤ 120 s" : "—", pass: scale === "reference" ? gen.seconds <= 120 : null });

    const sys = makeContext(database.db, SYSTEM, { channel: "cli" });
    const user = await createUser(sys, { email: "bench@concord.bench", name: "Bench analyst", password: "bench password 1", role: "analyst", org: "vn" });
    const principal: Principal = { kind: "user", userId: user.id, orgId: user.orgId, role: user.role, email: user.email, name: user.name };
    const ctx = makeContext(database.db, principal, { channel: "api" });
    const { token } = await createToken(ctx, { name: "bench" });

    api = spawn(process.execPath, ["bin/concord.js", "serve", "--port", "0", "--no-seed"], { cwd: root, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "inherit"] });
    const base = await new Promise<string>((resolve, reject) => {
      let out = "";
      api!.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      api!.once("exit", (code) => reject(new Error(`API exited ${code}: ${out}`)));
    });
    const direct = new pg.Client({ connectionString: url });
    direct.on("error", () => {}); // the server stops at the end of the run; nothing to report then
    await direct.connect();

    // Fifty projects the analyst may see, spread over the whole table.
    const visible = await direct.query<{ code: string }>("select code from projects where code like 'g1-p%' and visibility <> 'restricted' order by md5(code) limit 50");
    const code = (i: number) => visible.rows[i % visible.rows.length]!.code;
    const scenarios = [
      {
        work: "project list: filter, sort (GET /projects?status=active&country=LA&sort=-budget)",
        path: () => "/api/v1/projects?status=active&country=LA&sort=-budget&limit=50",
        verb: () => listProjects(ctx, ZProjectListQuery.parse({ status: "active", country: "LA", sort: "-budget", limit: 50 })),
        target: 30,
      },
      {
        work: "project list: search (GET /projects?q=agriculture)",
        path: () => "/api/v1/projects?q=agriculture&limit=50",
        verb: () => listProjects(ctx, ZProjectListQuery.parse({ q: "agriculture", limit: 50 })),
        target: 30,
      },
      {
        work: "project page (GET /projects/{code}: parties, phases, transactions, reports)",
        path: (i: number) => `/api/v1/projects/${code(i)}`,
        verb: (i: number) => getProject(ctx, code(i)),
        target: 20,
      },
    ];

    for (const s of scenarios) {
      // The peer: the statements the verb sends, captured once per distinct request.
      const plans = new Map<string, { query: string; params: unknown[] }[]>();
      for (let i = 0; i < 50; i++) {
        const key = s.path(i);
        if (plans.has(key)) continue;
        captured.length = 0;
        capturing = true;
        await s.verb(i);
        capturing = false;
        plans.set(key, [...captured]);
      }
      const timeApi = async (i: number) => {
        const t0 = performance.now();
        const res = await fetch(`${base}${s.path(i)}`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${s.path(i)} answered ${res.status}`);
        return performance.now() - t0;
      };
      const timeSql = async (i: number) => {
        const plan = plans.get(s.path(i % 50))!;
        const t0 = performance.now();
        for (const q of plan) await direct.query(q.query, q.params as unknown[]);
        return performance.now() - t0;
      };
      for (let i = 0; i < WARMUP; i++) {
        await timeApi(i);
        await timeSql(i);
      }
      // Alternate the two so drift on a shared machine hits both alike.
      const apiTimes: number[] = [];
      const sqlTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        apiTimes.push(await timeApi(i % 50));
        sqlTimes.push(await timeSql(i % 50));
      }
      const a95 = percentile(apiTimes, 95);
      const s95 = percentile(sqlTimes, 95);
      const ratio = a95 / s95;
      rows.push({
        work: s.work,
        figure: `p95 ${ms(a95)} (p50 ${ms(percentile(apiTimes, 50))})`,
        peer: `direct SQL p95 ${ms(s95)} (p50 ${ms(percentile(sqlTimes, 50))})`,
        ratio: `${ratio.toFixed(2)}×`,
        target: `p95 ≤ ${s.target} ms; ≤ 1.5× SQL`,
        pass: a95 <= s.target && ratio <= 1.5,
        detail: { apiP50: percentile(apiTimes, 50), apiP95: a95, sqlP50: percentile(sqlTimes, 50), sqlP95: s95, runs: RUNS },
      });
    }
    process.stdout.write("dashboard under load...\n");
    rows.push(await benchDashboard(base, token, direct, () => portfolioSummary(ctx, {}), (on) => {
      captured.length = 0;
      capturing = on;
      return captured;
    }));
    await direct.end();
    await database.close();
    if (apiOnly) {
      report(rows, scale, { name: "api", prefixes: API_ROWS });
      return;
    }

    rows.push(await benchIatiRow(server));
    process.stdout.write("duplicate detection...\n");
    rows.push(...(await benchDuplicates(scale === "reference" ? 100_000 : 1_000)));
    process.stdout.write("models...\n");
    rows.push(...(await benchModels(scale === "reference" ? "reference" : "small")));
    process.stdout.write("embedded start and web bundle...\n");
    rows.push(...(await benchStartup(root)));

    report(rows, scale);
  } catch (err) {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  } finally {
    api?.kill("SIGTERM");
    await server.stop();
  }
}

await main();
