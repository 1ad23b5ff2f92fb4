import type { ImportProgress } from "../modules/imports/common.js";
import { m } from "./common.js";

const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * Progress of a long import or export on standard error: a bar with rate and ETA redrawn in place
 * on a terminal; plain lines every few seconds when the output is a file or a pipe (CI logs, cron).
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  const tty = Boolean(stream.isTTY);
  let lastLine = 0;
  let drawn = false;
  return {
    update(p: ImportProgress) {
      const now = Date.now();
      const seconds = (now - started) / 1000;
      const share = p.bytesTotal ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
      const rate = seconds > 0 ? Math.round(p.records / seconds) : 0;
      const eta = share > 0 ? (seconds / share) * (1 - share) : Number.NaN;
      const params = { percent: Math.floor(share * 100), done: mb(p.bytesDone), total: mb(p.bytesTotal), records: p.records, rate, eta: clock(eta) };
      if (tty) {
        const width = 24;
        const filled = Math.round(share * width);
        stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${m("import.progress", params)}\x1b[K`);
        drawn = true;
      } else if (now - lastLine >= 5000 || share === 1) {
        lastLine = now;
        stream.write(`${m("import.progress", params)}\n`);
      }
    },
    /** Ends the bar's line so what follows starts on its own. */
    done() {
      if (tty && drawn) stream.write("\n");
    },
  };
}
