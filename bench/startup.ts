/**
 * The embedded start and the web bundle (PERFORMANCE.md): how long `concord serve` on a fresh
 * PGlite directory takes to answer /healthz with the reference data loaded, and how many bytes
 * of JavaScript, gzip'd, the browser must load before the first page (the entry script and the
 * modules index.html preloads).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

type Row = { work: string; figure: string; peer: string; ratio: string; target: string; pass: boolean | null; detail?: Record<string, number> };

async function startOnce(root: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "concord-bench-start-"));
  const t0 = performance.now();
  const child = spawn(process.execPath, ["bin/concord.js", "serve", "--port", "0"], { cwd: root, env: { ...process.env, CONCORD_DATA_DIR: dir, DATABASE_URL: "", LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    for (;;) {
      const res = await fetch(`${base}/healthz`).catch(() => null);
      if (res?.ok) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return (performance.now() - t0) / 1000;
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchStartup(root: string): Promise<Row[]> {
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) starts.push(await startOnce(root));
  const median = [...starts].sort((a, b) => a - b)[1]!;

  const build = spawnSync("npm", ["run", "build:web"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`build:web failed: ${build.stderr}`);
  const html = readFileSync(join(root, "dist/web/index.html"), "utf8");
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = initial.map((f) => gzipSync(readFileSync(join(root, "dist/web", f)), { level: 9 }).length);
  const total = bytes.reduce((s, b) => s + b, 0);
  return [
    {
      work: "embedded start (concord serve on a fresh PGlite directory, reference data, until /healthz answers)",
      figure: `${median.toFixed(2)} s (median of 3)`,
      peer: "—",
      ratio: "—",
      target: "≤ 10 s",
      pass: median <= 10,
      detail: { median, min: Math.min(...starts), max: Math.max(...starts) },
    },
    {
      work: `web UI initial JavaScript (${initial.length} files: entry and preloaded modules)`,
      figure: `${(total / 1024).toFixed(0)} KB gzip`,
      peer: "—",
      ratio: "—",
      target: "≤ 400 KB gzip",
      pass: total <= 400 * 1024,
      detail: { bytes: total, files: initial.length },
    },
  ];
}
