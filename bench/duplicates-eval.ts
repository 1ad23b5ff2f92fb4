/**
 * `npx tsx bench/duplicates-eval.ts`: duplicate-project detection (src/lib/match/duplicates.ts)
 * against PERFORMANCE.md (full scan of 100,000 projects ≤ 10 s; one new proposal ≤ 50 ms) and its
 * precision and recall on the GCDF labelled set (src/lib/match/gcdf-eval.ts). Times are medians
 * of several runs after a warm-up, in this one process; nothing here is a test.
 * DUP_N sets the synthetic corpus size (default 100,000), DUP_RUNS the build and scan repeats (3).
 * bench/run.ts can add these rows to its table with `rows.push(...(await benchDuplicates()))`.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DUPLICATE_THRESHOLD, DuplicateIndex, type ProjectForMatch } from "../src/lib/match/duplicates.js";
import { evaluatePairs, evaluateScan, labelledSet, loadGcdfCorpus } from "../src/lib/match/gcdf-eval.js";
import { rng } from "../src/lib/random.js";
import { percentile } from "./stats.js";

const GCDF = new URL("../../shared/data/gcdf/", import.meta.url);
const N = Number(process.env.DUP_N ?? 100_000);
const RUNS = Number(process.env.DUP_RUNS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
};

/**
 * A synthetic portfolio of `n` projects built from GCDF's real titles: each takes a real title and
 * replaces about a third of its words with words drawn from the whole GCDF vocabulary, its numbers
 * with new ones, and gets a country, sector and years at random; 2% are planted near-duplicates of
 * an earlier synthetic project (one word changed, a year later, same country), so the scan has
 * something to find and a recall to report.
 */
export function synthetic(base: readonly ProjectForMatch[], n: number, seed = 11): { projects: ProjectForMatch[]; planted: [string, string][] } {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const vocab = [...new Set(base.flatMap((p) => p.title.split(/\s+/)).filter((w) => /^[A-Za-z][A-Za-z-]{3,}$/.test(w)))];
  const countries = [...new Set(base.flatMap((p) => p.countries))];
  const sectors = [...new Set(base.map((p) => p.sector).filter((s): s is string => !!s))];
  const projects: ProjectForMatch[] = [];
  const planted: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const id = `s${i}`;
    if (i > 10 && random() < 0.02) {
      const orig = projects[Math.floor(random() * i)]!;
      const words = orig.title.split(" ");
      words[Math.floor(random() * words.length)] = pick(vocab);
      projects.push({ ...orig, id, title: words.join(" "), startYear: (orig.startYear ?? 2010) + 1 });
      planted.push([orig.id, id]);
      continue;
    }
    const b = pick(base);
    const title = b.title
      .split(" ")
      .map((w) => (/\d/.test(w) ? String(Math.floor(random() * 1000)) : random() < 0.35 ? pick(vocab) : w))
      .join(" ");
    const start = 2000 + Math.floor(random() * 22);
    projects.push({ id, title, countries: [pick(countries)], sector: pick(sectors), startYear: start, endYear: start + Math.floor(random() * 5), lang: "en" });
  }
  return { projects, planted };
}

/**
 * The peer: the same titles joined by TF-IDF cosine in scipy (bench/peers/tfidf_selfjoin.py),
 * blocked by country like the scan. It times itself, leaving out the reading of its input.
 */
function tfidfPeer(projects: readonly ProjectForMatch[]): { pairs: number; seconds: number } | null {
  const input = projects.map((p) => JSON.stringify({ id: p.id, title: p.title, country: p.countries[0] ?? "" })).join("\n");
  const script = fileURLToPath(new URL("./peers/tfidf_selfjoin.py", import.meta.url));
  const out = spawnSync("python3", [script, String(DUPLICATE_THRESHOLD)], { input, encoding: "utf8", maxBuffer: 1 << 26 });
  if (out.status !== 0) return null;
  return JSON.parse(out.stdout) as { pairs: number; seconds: number };
}

/** A row of `npm run bench`'s table (bench/run.ts). */
export type DuplicateBenchRow = { work: string; figure: string; peer: string; ratio: string; target: string; pass: boolean | null; detail?: Record<string, number> };

/**
 * The rows bench/run.ts prints: precision and recall on the GCDF labelled sets, the full scan of
 * `n` synthetic projects (index build and scan, each a median of `runs` after a warm-up), and one
 * proposal against them (p95 of 270 queries after 30 warm-up ones).
 */
export async function benchDuplicates(n = N, runs = RUNS): Promise<DuplicateBenchRow[]> {
  const rows: DuplicateBenchRow[] = [];
  for (const file of ["gcdf2_final_df_mekong5_subset.csv", "gcdf2_final_df.csv"]) {
    const { projects, links } = await loadGcdfCorpus(new URL(file, GCDF).pathname);
    const index = DuplicateIndex.build(projects);
    const set = labelledSet(projects, links);
    const c = evaluatePairs(index, set);
    index.scan();
    const [found, scanMs] = time(() => index.scan());
    const s = evaluateScan(found, links);
    rows.push({
      work: `duplicates: precision/recall, GCDF ${file.includes("subset") ? "Mekong-5 subset" : "whole file"} (${projects.length} projects, ${links.length} linked pairs + ${set.length - links.length} negatives)`,
      figure: `P ${c.precision.toFixed(3)} R ${c.recall.toFixed(3)} F1 ${c.f1.toFixed(3)}`,
      peer: `full scan ${scanMs.toFixed(0)} ms: R ${s.recall.toFixed(3)}, P ≥ ${s.precision.toFixed(3)}`,
      ratio: "—",
      target: `threshold ${DUPLICATE_THRESHOLD}`,
      pass: null,
      detail: { tp: c.tp, fp: c.fp, fn: c.fn, tn: c.tn, scanPairs: s.tp + s.fp, scanMs },
    });
  }

  const { projects: base } = await loadGcdfCorpus(new URL("gcdf2_final_df.csv", GCDF).pathname);
  const { projects, planted } = synthetic(base, n);
  DuplicateIndex.build(projects.slice(0, 2000)).scan();
  const builds: number[] = [];
  let index = DuplicateIndex.build(projects);
  for (let r = 0; r < runs; r++) {
    const [built, ms] = time(() => DuplicateIndex.build(projects));
    index = built;
    builds.push(ms);
  }
  const scans: number[] = [];
  let found = index.scan();
  for (let r = 0; r < runs; r++) {
    const [f, ms] = time(() => index.scan());
    found = f;
    scans.push(ms);
  }
  const keys = new Set(found.map((p) => `${p.a}:${p.b}`));
  const recall = planted.filter(([a, b]) => keys.has(`${a}:${b}`) || keys.has(`${b}:${a}`)).length / planted.length;
  const buildS = median(builds) / 1000;
  const scanS = median(scans) / 1000;
  const peer = tfidfPeer(projects);
  rows.push({
    work: `duplicates: full scan, ${projects.length} synthetic projects (${planted.length} planted near-duplicates)`,
    figure: `${(buildS + scanS).toFixed(2)} s (index ${buildS.toFixed(2)} + scan ${scanS.toFixed(2)})`,
    peer: peer ? `scipy TF-IDF self-join ${peer.seconds.toFixed(2)} s (titles only)` : "python3 with scipy not found",
    ratio: peer ? `${((buildS + scanS) / peer.seconds).toFixed(2)}×` : "—",
    target: "≤ 10 s",
    pass: buildS + scanS <= 10,
    detail: { buildMs: median(builds), scanMs: median(scans), pairs: found.length, plantedRecall: recall, ...(peer ? { peerMs: peer.seconds * 1000, peerPairs: peer.pairs } : {}) },
  });

  // One proposal at a time, as the drafting form asks: a fresh variation of a real title each time.
  const { projects: proposals } = synthetic(base, 300, 99);
  for (const p of proposals.slice(0, 30)) index.query({ ...p, id: `q-${p.id}` });
  const queryMs = proposals.slice(30).map((p) => time(() => index.query({ ...p, id: `q-${p.id}` }))[1]);
  const p95 = percentile(queryMs, 95);
  rows.push({
    work: `duplicates: one proposal against ${projects.length} projects`,
    figure: `p95 ${p95.toFixed(2)} ms (p50 ${median(queryMs).toFixed(2)})`,
    peer: "—",
    ratio: "—",
    target: "≤ 50 ms",
    pass: p95 <= 50,
  });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of await benchDuplicates()) process.stdout.write(`${JSON.stringify(r)}\n`);
}
