import { statSync } from "node:fs";
import type { ImportKind } from "../../db/schema/interop.js";

/** One record the importer refused, with where it is in the file and why (a message key and its params). */
export type SkippedRecord = { file: string; line: number | null; id?: string; reason: string; params?: Record<string, string | number> };

/**
 * What an import did, printed at the end (and as `--json`), stored on the API's import job.
 * `records` counts what was read (activities, GCDF rows, events…); `created + updated + unchanged +
 * skipped.length === records` for every importer.
 */
export type ImportSummary = {
  kind: ImportKind;
  files: string[];
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: SkippedRecord[];
  transactions: number;
  organisations: { created: number; matched: number };
  /** Stopped by the user (Ctrl-C, a cancelled job) before the end; what was counted committed whole. */
  cancelled: boolean;
  seconds: number;
};

export type ImportProgress = { bytesDone: number; bytesTotal: number; records: number };

export type ImportOptions = {
  /** Aborting stops after the batch in flight: each record is written whole or not at all. */
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
};

export function emptySummary(kind: ImportKind, files: string[]): ImportSummary {
  return { kind, files, records: 0, created: 0, updated: 0, unchanged: 0, skipped: [], transactions: 0, organisations: { created: 0, matched: 0 }, cancelled: false, seconds: 0 };
}

/**
 * Lets the event loop breathe between batches. PGlite runs in this process: back-to-back
 * transactions would otherwise starve HTTP requests (a job's progress poll, its Stop button)
 * until the whole import ended.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reports progress through `opts.onProgress` at most four times a second (an import reads
 * thousands of records a second; the terminal and the job row need far fewer updates), and always
 * when forced at the end of a file. `bytesDone` counts from the first file's start.
 */
export function progressReporter(opts: ImportOptions, files: string[], summary: ImportSummary) {
  const bytesTotal = files.reduce((s, f) => s + statSync(f).size, 0);
  let last = 0;
  return {
    bytesTotal,
    report(bytesDone: number, force = false) {
      const now = Date.now();
      if (!force && now - last < 250) return;
      last = now;
      opts.onProgress?.({ bytesDone, bytesTotal, records: summary.records });
    },
  };
}
