import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { AppError } from "../../core/errors.js";

const run = promisify(execFile);

/** Debian's Chromium, or the browser CONCORD_CHROMIUM names. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CONCORD_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/**
 * Prints a self-contained HTML page to PDF with headless Chromium on this machine: no outside
 * service, and the page's fonts are the system's Noto fonts, so every script prints.
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const browser = chromiumPath();
  if (!browser) throw new AppError("pdf_unavailable");
  const dir = mkdtempSync(join(tmpdir(), "concord-pdf-"));
  try {
    const input = join(dir, "report.html");
    const output = join(dir, "report.pdf");
    writeFileSync(input, html);
    await run(
      browser,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        `--user-data-dir=${join(dir, "profile")}`,
        "--no-pdf-header-footer",
        `--print-to-pdf=${output}`,
        `file://${input}`,
      ],
      { timeout: 90_000 },
    );
    if (!existsSync(output)) throw new AppError("pdf_unavailable");
    return readFileSync(output);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("pdf_unavailable", { cause: err });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
