import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, accountFor, englishPageAs, expectClean, launchBrowser, startServer, type Server } from "./support.js";

// Alerts in the browser: the secretariat sees live alerts from the reference data on the
// dashboard, follows them to /alerts, filters them, and subscribes to two kinds with a daily
// digest file; an officer sees no alerts panel.

let server: Server;
let browser: Browser;
const outside: string[] = [];
// Digest files of the server's worker stay out of the checkout.
const digestDir = mkdtempSync(join(tmpdir(), "concord-e2e-digests-"));

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  process.env.CONCORD_DIGEST_DIR = digestDir;
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  delete process.env.CONCORD_DIGEST_DIR;
  rmSync(digestDir, { recursive: true, force: true });
  expect(outside).toEqual([]);
});

describe("alerts", () => {
  it("shows the secretariat live alerts on the dashboard and keeps its subscription", async () => {
    const page = await englishPageAs(browser, server, accountFor(server, "secretariat"), outside);
    await page.goto(`${server.url}/dashboard`);
    const panel = page.getByTestId("alerts-panel");
    await panel.getByRole("heading", { name: "Live alerts" }).waitFor();
    // The reference data's customs-yard phase was to end on 30 June 2026 and is still active.
    await panel.getByText("Phase 2 of SAMPLE-MBZ-LOGISTICS was to end on 2026-06-30", { exact: false }).waitFor();
    expect(Number(await panel.getByTestId("alerts-count-high").textContent())).toBeGreaterThan(0);
    await panel.getByRole("link", { name: "SAMPLE-MBZ-LOGISTICS/2" }).first().waitFor();
    await expectClean(page, "dashboard with alerts");
    await panel.screenshot({ path: join(ARTIFACTS, "alerts-dashboard-panel.png") });

    await panel.getByTestId("alerts-see-all").click();
    await page.waitForURL(`${server.url}/alerts`);
    await page.getByRole("heading", { name: "Alerts", level: 1 }).waitFor();
    const table = page.getByTestId("alerts-table");
    await table.getByRole("link", { name: "SAMPLE-MBZ-LOGISTICS/2" }).waitFor();
    await page.getByLabel("Kind of alert").selectOption("phase_suspended");
    await table.getByText("Phase 2 of SAMPLE-RMZ-TRADE is suspended", { exact: false }).waitFor();
    await page.waitForFunction(() => !document.querySelector("[data-testid=alerts-table]")?.textContent?.includes("SAMPLE-MBZ-LOGISTICS/2"));
    expect(await table.locator("tbody tr").count()).toBe(1);

    const form = page.getByTestId("alerts-subscription");
    await form.getByRole("checkbox", { name: "Phase past its end date" }).check();
    await form.getByRole("checkbox", { name: "Suspended phase" }).check();
    await form.getByRole("radio", { name: "Daily digest as a file on the server" }).check();
    // No SMTP server behind this one: the e-mail digest cannot be chosen.
    expect(await form.getByRole("radio", { name: /Daily digest by e-mail/ }).isDisabled()).toBe(true);
    await form.getByRole("button", { name: "Save subscription" }).click();
    await form.getByTestId("alerts-subscription-saved").waitFor();
    await expectClean(page, "alerts page");
    await page.screenshot({ path: join(ARTIFACTS, "alerts-page.png"), fullPage: true });

    await page.reload();
    const kept = page.getByTestId("alerts-subscription");
    await kept.waitFor();
    expect(await kept.getByRole("checkbox", { name: "Phase past its end date" }).isChecked()).toBe(true);
    expect(await kept.getByRole("checkbox", { name: "Suspended phase" }).isChecked()).toBe(true);
    expect(await kept.getByRole("checkbox", { name: "Funding gap" }).isChecked()).toBe(false);
    expect(await kept.getByRole("radio", { name: "Daily digest as a file on the server" }).isChecked()).toBe(true);
    // Only my subscription: the two kinds, nothing else.
    await page.getByRole("checkbox", { name: "Only my subscription" }).check();
    await page.getByTestId("alerts-table").getByRole("link", { name: "SAMPLE-RMZ-TRADE/2" }).waitFor();
    const kinds = await page.getByTestId("alerts-table").locator("tbody tr td:nth-child(2)").allTextContents();
    expect(new Set(kinds)).toEqual(new Set(["Phase past its end date", "Suspended phase"]));
    await page.context().close();
  });

  it("shows an officer no alerts panel, and no alerts page", async () => {
    const page = await englishPageAs(browser, server, accountFor(server, "officer"), outside);
    await page.goto(`${server.url}/dashboard`);
    await page.getByTestId("kpi-projects").waitFor();
    await page.getByRole("heading", { name: "By status" }).waitFor();
    expect(await page.getByTestId("alerts-panel").count()).toBe(0);
    await page.goto(`${server.url}/alerts`);
    await page.getByRole("alert").waitFor();
    expect(await page.getByTestId("alerts-table").count()).toBe(0);
    await expectClean(page, "alerts page for an officer");
    await page.context().close();
  });
});
