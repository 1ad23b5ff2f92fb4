import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, accountFor, englishPageAs, expectClean, launchBrowser, newContext, startServer, type Server } from "./support.js";

// Models in the browser: an analyst analyses the two-government game of seed 002 (the worked
// example: a saddle at (0.25, 0.2) between two ESSs), draws its phase portrait, sweeps the fine
// and the checking probability, shares a three-party project's gains, and classifies a symbiosis.

let server: Server;
let browser: Browser;
const outside: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("models page", () => {
  it("analyses, sweeps, shares and classifies, with charts and tables", async () => {
    const page = await englishPageAs(browser, server, accountFor(server, "analyst"), outside);
    await page.goto(`${server.url}/models`);
    await page.getByRole("button", { name: "Analyse" }).click();
    const eq = page.getByTestId("equilibria");
    await eq.waitFor();
    await expect.poll(() => eq.locator("tr", { hasText: "(0.25, 0.2)" }).locator("td[data-type]").getAttribute("data-type")).toBe("saddle");
    expect(await eq.locator('td[data-type="ess"]').count()).toBe(2);
    await page.getByTestId("phase-portrait").locator("canvas").first().waitFor();

    // A small sweep: 3 × 3 values of F and p, 3 × 3 starts each.
    await page.getByLabel("Steps per axis").fill("3");
    await page.getByLabel("Starting states per population").fill("3");
    await page.getByRole("button", { name: "Run the sweep" }).click();
    const table = page.getByTestId("sweep-table");
    await table.waitFor();
    await page.getByTestId("sweep-heatmap").locator("canvas").first().waitFor();
    // With F = 40 and every check made (p = 1), every start ends at (1, 1).
    await page.getByLabel("Show the share ending at").selectOption("1,1");
    expect(await table.locator("tbody tr").last().locator("td").last().textContent()).toBe("100%");

    await page.getByRole("button", { name: "Compute the shares" }).click();
    const shares = page.getByTestId("shares");
    await shares.waitFor();
    expect(await shares.locator("tbody tr td:nth-child(2)").allTextContents()).toEqual(["3", "4", "5"]);
    expect(await page.getByTestId("core").textContent()).toContain("is in the core");

    await page.getByRole("button", { name: "Classify" }).click();
    await expect.poll(() => page.getByTestId("symbiosis-mode").textContent()).toContain("asymmetric mutualism");
    expect(outside).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "models.png"), fullPage: true });
    await expectClean(page, "models page");
  });

  it("shows the public the collaboration network, its central actors and brokers", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${server.url}/network`);
    await page.getByTestId("network-summary").waitFor();
    await page.getByTestId("network-graph").locator("canvas").first().waitFor();
    // Yunnan is a party to most reference projects and meetings: the most central actor and the first broker.
    expect(await page.getByTestId("network-top-pagerank").locator("tbody th").first().textContent()).toMatch(/Yunnan/);
    expect(await page.getByTestId("network-top-brokerage").locator("tbody th").first().textContent()).toMatch(/Yunnan/);
    const api = (await (await fetch(`${server.url}/api/v1/network`)).json()) as { nodes: unknown[] };
    expect(await page.getByTestId("network-summary").textContent()).toContain(`${api.nodes.length} actors`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "network.png"), fullPage: true });
    await expectClean(page, "network page");
  });

  it("refuses the public", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${server.url}/models`);
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/sign in/i);
  });
});
