/**
 * The IATI import row of `npm run bench`: a large activity file made by repeating the shared real
 * activities under new identifiers, imported by `concord import iati` (a child process, so its
 * peak memory is its own) into the bench's PostgreSQL, against `xmllint --stream --noout` reading
 * the same file.
 */
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { once } from "node:events";

const DATA = resolve(process.cwd(), "../shared/data/iati");

/** The activity elements of the shared files, as text. */
function activityTexts(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(DATA).filter((x) => x.endsWith(".xml"))) {
    const xml = readFileSync(join(DATA, f), "utf8");
    let at = 0;
    for (;;) {
      const start = xml.indexOf("<iati-activity ", at);
      if (start < 0) break;
      const end = xml.indexOf("</iati-activity>", start) + "</iati-activity>".length;
      out.push(xml.slice(start, end));
      at = end;
    }
  }
  return out;
}

/** Writes a file of about `megabytes` MB; each copy of an activity gets its own identifier. */
export async function buildIatiFile(megabytes: number): Promise<{ file: string; activities: number; bytes: number }> {
  const file = join(tmpdir(), `concord-bench-iati-${megabytes}mb.xml`);
  const acts = activityTexts();
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2026-01-01T00:00:00Z">\n`);
  let bytes = 0;
  let n = 0;
  for (let copy = 1; bytes < megabytes * 1024 * 1024; copy++) {
    for (const a of acts) {
      const text = a.replace(/<iati-identifier>\s*([^<]*?)\s*<\/iati-identifier>/, (_m, id: string) => `<iati-identifier>${id}-C${copy}</iati-identifier>`);
      bytes += Buffer.byteLength(text) + 1;
      n++;
      await write(`${text}\n`);
    }
  }
  await write(`</iati-activities>\n`);
  out.end();
  await once(out, "finish");
  return { file, activities: n, bytes: statSync(file).size };
}

/** Runs a command, sampling its peak resident memory from /proc while it runs. */
async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakMb: number; stdout: string; code: number | null }> {
  const started = process.hrtime.bigint();
  const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "ignore"] });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  let peakKb = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // The process has exited between samples.
    }
  };
  const timer = setInterval(sample, 50);
  const [code] = (await once(child, "exit")) as [number | null];
  clearInterval(timer);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMb: peakKb / 1024, stdout, code };
}

export async function benchIatiImport(root: string, databaseUrl: string, megabytes: number) {
  const built = await buildIatiFile(megabytes);
  try {
    const peer = await timed("xmllint", ["--stream", "--noout", built.file], process.env);
    const run = await timed(process.execPath, [join(root, "bin/concord.js"), "import", "iati", built.file, "--json"], { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" });
    if (run.code !== 0) throw new Error(`concord import iati exited ${run.code}: ${run.stdout.slice(0, 500)}`);
    const summary = JSON.parse(run.stdout) as { records: number; created: number; skipped: unknown[]; transactions: number };
    if (summary.created !== built.activities) throw new Error(`imported ${summary.created} of ${built.activities} activities`);
    const rate = built.activities / run.seconds;
    const ratio = run.seconds / peer.seconds;
    return {
      work: `IATI import, ${(built.bytes / 1048576).toFixed(0)} MB, ${built.activities} activities`,
      figure: `${Math.round(rate)} activities/s, ${run.seconds.toFixed(1)} s, peak ${run.peakMb.toFixed(0)} MB`,
      peer: `xmllint --stream ${peer.seconds.toFixed(1)} s (peak ${peer.peakMb.toFixed(0)} MB)`,
      ratio: `${ratio.toFixed(2)}×`,
      target: "≥ 5,000/s; ≤ 300 MB; ≤ 4× xmllint",
      pass: rate >= 5000 && run.peakMb <= 300 && ratio <= 4,
      detail: { activities: built.activities, bytes: built.bytes, seconds: run.seconds, peakMb: run.peakMb, xmllintSeconds: peer.seconds, transactions: summary.transactions },
    };
  } finally {
    rmSync(built.file, { force: true });
  }
}
