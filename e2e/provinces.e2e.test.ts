import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, expectClean, forbidOutsideRequests, launchBrowser, newContext, startServer, type Server } from "./support.js";

// The local-government view as the public sees it: Yunnan and Guangxi side by side on /provinces,
// then Yunnan's profile; and the same profile in Chinese.

let server: Server;
let browser: Browser;
const outside: string[] = [];

async function publicPage(locale?: string): Promise<Page> {
  const context = await newContext(browser, { locale });
  const page = await context.newPage();
  forbidOutsideRequests(page, server.url, outside);
  return page;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("provinces and states compared", () => {
  it("shows Yunnan and Guangxi side by side to the public, sorts, and opens Yunnan's profile", async () => {
    const page = await publicPage();
    await page.goto(`${server.url}/provinces`);
    const table = page.getByTestId("provinces-table");
    await table.waitFor();
    const yunnan = page.getByTestId("province-cn-yunnan");
    const guangxi = page.getByTestId("province-cn-guangxi");
    await expect(yunnan.getByRole("rowheader").innerText()).resolves.toBe("Yunnan Province");
    await expect(guangxi.getByRole("rowheader").innerText()).resolves.toBe("Guangxi Zhuang Autonomous Region");
    // Sorted by projects, most first: Yunnan leads
    const first = table.locator("tbody tr").first();
    expect(await first.getAttribute("data-testid")).toBe("province-cn-yunnan");
    expect(await yunnan.innerText()).toContain("Border and cross-border economic zones (3)");
    expect(await guangxi.innerText()).toContain("Agriculture and poverty reduction (1)");
    await page.locator(".chart canvas, .chart svg").first().waitFor();
    // The chart compares any figure, or how often each province uses one cooperation mode
    await page.getByTestId("province-metric").selectOption("mode:governors_forum");
    await page.getByRole("img", { name: /Records using: Governors' forums and local consultations/ }).waitFor();
    expect(await page.getByTestId("download-csv").getAttribute("href")).toMatch(/^\/api\/v1\/provinces\?format=csv&lang=en$/);

    await page.getByTestId("sort-events").click();
    await expect(table.locator("thead th[aria-sort='descending']").innerText()).resolves.toContain("Events and meetings");
    await page.getByTestId("sort-name").click();
    expect(await table.locator("thead th[aria-sort='ascending']").count()).toBe(1);
    await expectClean(page, "province comparison");
    await page.screenshot({ path: join(ARTIFACTS, "provinces.png"), fullPage: true });

    await yunnan.getByRole("link", { name: "Yunnan Province" }).click();
    await page.waitForURL(/\/provinces\/cn-yunnan$/);
    await page.getByRole("heading", { level: 1, name: "Yunnan Province" }).waitFor();
    expect(await page.getByTestId("province-kpi-projects").innerText()).toBe("4");
    const projects = page.getByTestId("province-projects");
    await projects.getByRole("link", { name: "Ruili–Muse single-window border trade" }).waitFor();
    expect(await projects.innerText()).toContain("cn-ruili-zone");
    expect(await page.getByRole("link", { name: /GMS Economic Corridor Governors/ }).count()).toBeGreaterThan(0);
    await expectClean(page, "Yunnan's profile");
    await page.screenshot({ path: join(ARTIFACTS, "province-yunnan.png"), fullPage: true });
    await page.context().close();
  }, 180_000);

  it("renders the profile in Chinese", async () => {
    const page = await publicPage("zh-CN");
    await page.goto(`${server.url}/provinces/cn-yunnan`);
    await page.getByRole("heading", { level: 1, name: "云南省" }).waitFor();
    await page.getByRole("heading", { level: 2, name: "合作模式" }).waitFor();
    expect(await page.locator("main").innerText()).toContain("边境和跨境经济合作区");
    await expectClean(page, "Yunnan's profile in Chinese");
    await page.context().close();
    expect(outside).toEqual([]);
  }, 120_000);
});
