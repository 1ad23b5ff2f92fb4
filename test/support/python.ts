import { spawnSync } from "node:child_process";

/**
 * Runs a Python 3 script (numpy, scipy and networkx are on the machine and CI installs them) with
 * JSON on stdin and returns the JSON it prints: the independent computation a model's test checks
 * its numbers against. A missing Python fails the test rather than skipping it.
 */
export function python<T>(script: string, input: unknown): T {
  const out = spawnSync("python3", ["-c", script], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 1 << 26 });
  if (out.error) throw out.error;
  if (out.status !== 0) throw new Error(`python3 exited ${out.status}: ${out.stderr}`);
  return JSON.parse(out.stdout) as T;
}
