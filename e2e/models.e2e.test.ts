import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, accountFor, englishPageAs, expectClean, launchBrowser, newContext, startServer, type Account, type Server } from "./support.js";

// Models in the browser: an analyst analyses the two-government game of seed 002 (the worked
// example: a saddle at (0.25, 0.2) between two ESSs), draws its phase portrait, sweeps the fine
// and the checking probability, shares a three-party project's gains, and classifies a symbiosis.

let server: Server;
let browser: Browser;
const outside: string[] = [];

/** The API as one account (a session cookie), to set a scene without the browser. */
async function apiAs(who: Account) {
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: who.email, password: who.password }) });
  expect(signInRes.status).toBe(200);
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return (method: string, path: string, body?: unknown, ifMatch?: string) =>
    fetch(`${server.url}/api/v1${path}`, { method, headers: { "content-type": "application/json", origin: server.url, cookie, ...(ifMatch ? { "if-match": ifMatch } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
}

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

    // Symbiosis of each pair of the six LMC countries: the sample projects span too few years, so
    // each row gives the fit's warning rather than a mode; a pair's series open on demand.
    const pairs = page.getByTestId("symbiosis-pairs");
    await pairs.waitFor();
    expect(await pairs.locator("caption").textContent()).toContain("15 pairs");
    expect(await pairs.locator("tbody tr").count()).toBe(15);
    const sym = (await (await fetch(`${server.url}/api/v1/network/symbiosis`)).json()) as { pairs: { mode: string | null; warnings: string[] }[] };
    expect(await pairs.locator('tbody tr[data-mode="none"]').count()).toBe(sym.pairs.filter((p) => p.mode === null).length);
    expect(await pairs.locator("tbody").textContent()).toContain("Too few years");
    await pairs.locator("tbody tr").first().getByRole("button").click();
    await page.getByTestId("symbiosis-series").locator("tbody tr").first().waitFor();

    // Two enterprises whose portfolios grow and slow together over 2030–2036 (cumulative 1, 3, 6, 9, 11, 12, 13
    // and 2, 3, 5, 8, 10, 11, 12), most projects joint, approved and public: a fitted mode, shown with its reading.
    const call = await apiAs(accountFor(server, "secretariat"));
    for (const code of ["sym-alpha", "sym-beta"]) expect((await call("POST", "/actors", { code, type: "enterprise", country: "TH", name: { en: code === "sym-alpha" ? "Alpha Trading" : "Beta Logistics" } })).status).toBe(201);
    const X = [1, 3, 6, 9, 11, 12, 13];
    const Y = [2, 3, 5, 8, 10, 11, 12];
    let n = 0;
    for (let t = 0; t < X.length; t++) {
      const dx = X[t]! - (X[t - 1] ?? 0);
      const dy = Y[t]! - (Y[t - 1] ?? 0);
      const both = Math.min(dx, dy);
      const parties = [...Array(both).fill(["sym-alpha", "sym-beta"]), ...Array(dx - both).fill(["sym-alpha"]), ...Array(dy - both).fill(["sym-beta"])] as string[][];
      for (const p of parties) {
        const code = `E2E-SYM-${++n}`;
        const made = await call("POST", "/projects", { code, mechanism: "LMC", title: { en: code }, visibility: "public", startDate: `${2030 + t}-04-01`, parties: p.map((actor, i) => ({ actor, role: i ? "partner" : "lead" })) });
        expect(made.status, await made.clone().text()).toBe(201);
        expect((await call("PATCH", `/projects/${code}`, { status: "approved" }, (await call("GET", `/projects/${code}`)).headers.get("etag")!)).status).toBe(200);
      }
    }
    await page.reload();
    await page.getByLabel("Pairs of").selectOption("actor");
    const row = pairs.locator("tbody tr", { hasText: "Alpha Trading – Beta Logistics" });
    await row.waitFor();
    expect(await row.getAttribute("data-mode")).toBe("asymmetric-mutualism");
    expect(await row.textContent()).toContain("asymmetric mutualism");
    expect(await row.textContent()).toMatch(/Both gain; (Alpha Trading|Beta Logistics) gains more\./);
    expect(await row.textContent()).toContain("2030–2036 (7)");
    await row.getByRole("button").click();
    expect(await page.getByTestId("symbiosis-series").locator("tbody tr").count()).toBe(7);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "network.png"), fullPage: true });
    await expectClean(page, "network page");

    const zh = await (await newContext(browser, { locale: "zh-CN" })).newPage();
    await zh.goto(`${server.url}/network`);
    await zh.getByTestId("symbiosis-pairs").waitFor();
    expect(await zh.getByRole("heading", { name: "配对之间的共生关系" }).count()).toBe(1);
    await zh.getByLabel("配对对象").selectOption("actor");
    const zhRow = zh.getByTestId("symbiosis-pairs").locator('tbody tr[data-mode="asymmetric-mutualism"]', { hasText: "Alpha Trading" });
    await zhRow.waitFor();
    expect(await zhRow.textContent()).toContain("非对称互惠共生");
    expect(await zhRow.textContent()).toContain("双方都获益");
    await zh.screenshot({ path: join(ARTIFACTS, "network-zh.png"), fullPage: true });
    await expectClean(zh, "network page in Chinese");
  });

  it("refuses the public", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${server.url}/models`);
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/sign in/i);
  });
});
