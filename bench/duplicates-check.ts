/**
 * `npx tsx bench/duplicates-check.ts`: latency of one draft check through the API
 * (POST /api/v1/duplicates/check, src/modules/duplicates/check.ts) on embedded PGlite holding the
 * reference data plus AidData's GCDF records — the Mekong subset (249 rows) unless DUP_GCDF=full
 * (the whole file). The index over every project is kept and rebuilt only after a project or organisation changed, so
 * a check is a fingerprint read, a lookup and the caller's visibility filter; the first check after
 * a write pays the rebuild, reported separately. Medians and p95 over DUP_RUNS
 * (default 30) checks after a warm-up; also the portfolio scan. Nothing here is a test.
 */
import { fileURLToPath } from "node:url";
import { makeContext, SYSTEM } from "../src/core/context.js";
import { openDatabase } from "../src/db/client.js";
import { loadReference } from "../src/db/seed/load.js";
import { reference } from "../src/db/seed/reference.js";
import { importGcdf } from "../src/modules/imports/gcdf.js";
import { createToken } from "../src/modules/tokens/tokens.js";
import { createUser } from "../src/modules/users/create.js";
import { createApp } from "../src/server/app.js";
import { percentile } from "./stats.js";

const FILE = fileURLToPath(new URL(`../../shared/data/gcdf/${process.env.DUP_GCDF === "full" ? "gcdf2_final_df.csv" : "gcdf2_final_df_mekong5_subset.csv"}`, import.meta.url));
const RUNS = Number(process.env.DUP_RUNS ?? 30);


const database = await openDatabase({ dataDir: "memory://" });
await database.migrate();
await loadReference(database.db, reference);
const sys = makeContext(database.db, SYSTEM, { channel: "cli" });
await importGcdf(sys, [FILE], {}, {});
const token = async (email: string, role: "officer" | "analyst", org: string) => {
  const u = await createUser(sys, { email, name: role, password: "correct horse battery", role, org });
  return (await createToken(makeContext(database.db, { kind: "user", userId: u.id, orgId: u.orgId, role, email, name: role }), { name: "bench" })).token;
};
const officer = await token("officer@bench.concord", "officer", "cn-yunnan");
const analyst = await token("analyst@bench.concord", "analyst", "vn");
const app = createApp({ database, now: () => new Date(), trustProxy: true });

const drafts = [
  { title: { en: "Morodok Techo National Stadium construction" }, countries: ["KH"], startYear: 2016, endYear: 2021 },
  { title: { th: "ศูนย์กลางโลจิสติกส์ข้ามแดนโม่ฮาน-บ่อเต็น" }, countries: ["LA"], sector: "21010", startYear: 2025 },
  { title: { en: "Hydropower plant construction on the Nam Ou river" }, description: { en: "A run-of-river hydropower station with a transmission line to the grid." }, parties: ["cn-yunnan", "la-luangnamtha"], sector: "23220" },
];

async function timed(f: () => Promise<Response>): Promise<number> {
  const t = performance.now();
  const res = await f();
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  return performance.now() - t;
}

const check = (i: number) => () =>
  Promise.resolve(app.request("/api/v1/duplicates/check", { method: "POST", headers: { authorization: `Bearer ${officer}`, "content-type": "application/json" }, body: JSON.stringify(drafts[i % drafts.length]) }));
const scan = () => Promise.resolve(app.request("/api/v1/duplicates", { headers: { authorization: `Bearer ${analyst}` } }));

for (let i = 0; i < 5; i++) await timed(check(i));
const checks: number[] = [];
for (let i = 0; i < RUNS; i++) checks.push(await timed(check(i)));
// After a write the first check rebuilds the index (load every project, segment, index).
const cold: number[] = [];
for (let i = 0; i < 5; i++) {
  await database.db.execute("update projects set version = version + 1 where code = 'SAMPLE-LMC-RICE'");
  cold.push(await timed(check(i)));
}
await timed(scan);
const scans: number[] = [];
for (let i = 0; i < Math.max(5, Math.floor(RUNS / 3)); i++) scans.push(await timed(scan));
const projects = ((await database.db.execute("select count(*)::int as n from projects")) as unknown as { rows: { n: number }[] }).rows[0]!.n;
const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log(`projects: ${projects} (reference + ${process.env.DUP_GCDF === "full" ? "full GCDF file" : "GCDF Mekong subset"}), PGlite in memory`);
console.log(`draft check (POST /api/v1/duplicates/check): median ${ms(percentile(checks, 50))}, p95 ${ms(percentile(checks, 95))} over ${checks.length}`);
console.log(`first draft check after a project write (index rebuilt): median ${ms(percentile(cold, 50))} over ${cold.length}`);
console.log(`portfolio scan (GET /api/v1/duplicates): median ${ms(percentile(scans, 50))}, p95 ${ms(percentile(scans, 95))} over ${scans.length}`);
await database.close();
