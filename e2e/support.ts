import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const ARTIFACTS = join(ROOT, "e2e/artifacts");

export type Account = { role: "admin" | "secretariat" | "officer" | "reviewer" | "analyst"; email: string; password: string };
export type Server = { url: string; accounts: Account[]; stop: () => Promise<void> };

/**
 * Starts `concord serve` on a free loopback port with a fresh embedded database, and reads the
 * demo accounts it prints. CONCORD_E2E_URL (+ CONCORD_E2E_ACCOUNTS, a JSON file) points the tests
 * at a server that is already running instead.
 */
export async function startServer(): Promise<Server> {
  if (process.env.CONCORD_E2E_URL) {
    const accounts = JSON.parse(readFileSync(process.env.CONCORD_E2E_ACCOUNTS ?? "", "utf8")) as Account[];
    return { url: process.env.CONCORD_E2E_URL, accounts, stop: async () => {} };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "concord-e2e-"));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, "bin/concord.js"), "serve", "--port", "0", "--host", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, CONCORD_DATA_DIR: dataDir, CONCORD_LANG: "en", DATABASE_URL: "", LOG_LEVEL: "warn", CONCORD_WORKER_INTERVAL_MS: "500" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = await new Promise<string>((resolve, reject) => {
    let buf = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${buf}${err}`)), 150_000);
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      if (buf.includes("Ctrl-C")) {
        clearTimeout(timer);
        resolve(buf);
      }
    });
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${buf}${err}`));
    });
  });
  const url = /(http:\/\/\S+:\d+)/.exec(out)?.[1];
  if (!url) throw new Error(`no URL in: ${out}`);
  const accounts = [...out.matchAll(/^\s+(admin|secretariat|officer|reviewer|analyst)\s+(\S+@\S+)\s+(\S+)\s*$/gm)].map((m) => ({ role: m[1] as Account["role"], email: m[2]!, password: m[3]! }));
  return {
    url: url.replace("localhost", "127.0.0.1"),
    accounts,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with a fresh profile and nothing that talks to the network on its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    // playwright-core gives every launch a fresh temporary --user-data-dir.
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
}

/** A fresh browser profile: no cookies, no saved language; the server's CSP applies as in real use. */
export async function newContext(browser: Browser, opts: { locale?: string } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: opts.locale ?? "en-GB", viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  return context;
}

/** Fails on any request to a host other than the Concord server: everything must be served locally. */
export function forbidOutsideRequests(page: Page, baseUrl: string, outside: string[]) {
  const origin = new URL(baseUrl).origin;
  page.on("request", (r) => {
    const u = r.url();
    if (u.startsWith("data:") || u.startsWith("blob:")) return;
    if (new URL(u).origin !== origin) outside.push(u);
  });
}

export async function signIn(page: Page, baseUrl: string, account: Account) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.locator('input[name="email"]').fill(account.email);
  await page.locator('input[name="password"]').fill(account.password);
  await page.locator('form button[type="submit"]').click();
  await page.getByTestId("who-am-i").waitFor();
}

const AXE_SOURCE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

type AxeViolation = { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] };
declare global {
  interface Window {
    axe?: { run: (ctx: Document, opts: Record<string, unknown>) => Promise<{ violations: AxeViolation[] }> };
  }
}

/** Serious and critical axe-core violations on the current page, as readable strings. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not block.
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const result = await page.evaluate(() => window.axe!.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(", ")}`);
}

/** Text on the page that looks like an untranslated key: the app brackets missing keys as ⟦key⟧. */
export async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.locator("body").innerText();
  const bracketed = [...text.matchAll(/⟦[^⟧]*⟧/g)].map((m) => m[0]);
  // Dotted lower-case identifiers such as "dashboard.byPillar" would be a key shown as-is.
  const dotted = [...text.matchAll(/\b(?:app|nav|lang|role|auth|common|portal|dashboard|projects?|form|mechanisms|actors|events|status|phaseStatus|reportStatus|visibility|partyRole|memberRole|actorType|govLevel|organKind|eventKind|transaction|fund|callState|applicationStatus|applicationRole|screeningRule|phaseAction|suspendReason|gapBy|imports|iati|meeting|agreements|inbox|consultations|disputes|bulletins|bulletinCategory|feedback|alerts|compare|duplicates|provinces|models|network|partners|factor)\.[a-zA-Z_.]+\b/g)].map((m) => m[0]);
  return [...bracketed, ...dotted];
}

/**
 * The fonts Chromium actually used to draw an element's text (DevTools protocol), so a test can
 * tell real Lao, Thai, Khmer or Burmese glyphs from boxes drawn by a fallback.
 */
export async function fontsUsed(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    return fonts.filter((f) => f.glyphCount > 0).map((f) => f.familyName);
  } finally {
    await cdp.detach();
  }
}

/** The demo account of a role, as the server printed it. */
export function accountFor(server: Server, role: Account["role"]): Account {
  const a = server.accounts.find((x) => x.role === role);
  if (!a) throw new Error(`no demo account for ${role}`);
  return a;
}

/** A page signed in as one account, reading English, that records any request leaving the server. */
export async function englishPageAs(browser: Browser, server: Server, who: Account, outside: string[]): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  forbidOutsideRequests(page, server.url, outside);
  await signIn(page, server.url, who);
  if ((await page.evaluate(() => document.documentElement.lang)) !== "en") {
    await page.locator(".lang-switcher select").selectOption("en");
    await page.waitForFunction(() => document.documentElement.lang === "en");
  }
  return page;
}

/** No accessibility violation and no untranslated key on the page. */
export async function expectClean(page: Page, what: string) {
  expect(await axeViolations(page), what).toEqual([]);
  expect(await rawKeys(page), what).toEqual([]);
}
