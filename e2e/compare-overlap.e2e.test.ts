import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, accountFor, englishPageAs, expectClean, forbidOutsideRequests, launchBrowser, newContext, startServer, type Server } from "./support.js";

// Overlap with other mechanisms in the browser: the public and the secretariat see the LMC's
// membership overlap with the Mekong-US (LMI), Mekong-Japan (MJC), GMS and MRC mechanisms, with the
// API's figures; the secretariat downloads it as CSV and the heat map as PNG; a sample project's
// page lists another mechanism's project in the same country, sector and years.

const MECHANISMS = ["LMC", "LMI", "MJC", "GMS", "MRC"];
const NEIGHBOUR = "OVL-E2E-MRC-ROADS";

let server: Server;
let browser: Browser;
const outside: string[] = [];

type Matrix = { codes: string[]; cells: number[][] };
type Overlap = { matrices: Record<string, Matrix> };

async function apiOverlap(): Promise<Overlap> {
  const res = await fetch(`${server.url}/api/v1/compare/overlap?mechanisms=${MECHANISMS.join(",")}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Overlap;
}

/** The figures of a matrix table as shown: codes of its rows and each cell's exact value. */
async function tableOf(page: Page, kind: string): Promise<Matrix> {
  const table = page.getByTestId(`matrix-${kind}`);
  await table.waitFor();
  return table.evaluate((t) => ({
    codes: [...t.querySelectorAll("tbody th")].map((th) => th.textContent ?? ""),
    cells: [...t.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => Number(td.getAttribute("data-value")))),
  }));
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // An MRC road project in Laos over the years of the LMC's sample logistics project (21010, 2024–2027).
  const admin = accountFor(server, "admin");
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: admin.email, password: admin.password }) });
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const created = await fetch(`${server.url}/api/v1/projects`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, cookie },
    body: JSON.stringify({ code: NEIGHBOUR, mechanism: "MRC", title: { en: "Mekong river-port access roads" }, visibility: "public", sector: "21010", startDate: "2025-01-01", endDate: "2028-12-31", parties: [{ actor: "la", role: "lead" }] }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  // Approved, so the public sees it beside the sample project.
  const etag = (await fetch(`${server.url}/api/v1/projects/${NEIGHBOUR}`, { headers: { cookie } })).headers.get("etag")!;
  const approved = await fetch(`${server.url}/api/v1/projects/${NEIGHBOUR}`, { method: "PATCH", headers: { "content-type": "application/json", origin: server.url, cookie, "if-match": etag }, body: JSON.stringify({ status: "approved" }) });
  expect(approved.status, await approved.clone().text()).toBe(200);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

describe("overlap with other mechanisms", () => {
  it("shows the public the LMC's membership overlap with the API's figures", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    forbidOutsideRequests(page, server.url, outside);
    await page.goto(`${server.url}/compare`);
    await page.getByRole("heading", { name: "Overlap with other mechanisms", level: 2 }).waitFor();
    const api = await apiOverlap();
    expect(await tableOf(page, "members")).toEqual(api.matrices.members);
    const lmc = page.getByTestId("matrix-members").locator("tbody tr").first();
    expect((await lmc.innerText()).replace(/\s+/g, " ").trim()).toBe("LMC 1.00 0.71 0.71 0.75 0.67");
    await page.getByTestId("overlap-membership").getByTestId("overlap-chart").waitFor();
    // Outside actors in the LMC's priority areas: the MRC's road in Laos, in the connectivity area.
    const connectivity = page.getByTestId("outside-activity").getByTestId("outside-connectivity");
    const row = connectivity.locator("tbody tr").filter({ hasText: NEIGHBOUR });
    await row.waitFor();
    expect((await row.innerText()).replace(/\s+/g, " ")).toMatch(/MRC.*OVL-E2E-MRC-ROADS.*LA.*21010.*2025–2028/);
    const href = await page.getByTestId("outside-activity").getByTestId("download-csv").getAttribute("href");
    const csv = parse(await (await fetch(new URL(href!, server.url))).text()) as string[][];
    expect(csv.find((r) => r[5] === NEIGHBOUR)).toEqual(["connectivity", "la", expect.any(String), "MRC", "1", NEIGHBOUR, "LA", "21010", "0", "USD", "2025", "2028"]);
    await expectClean(page, "compare page, public");
    await page.getByTestId("outside-activity").screenshot({ path: join(ARTIFACTS, "compare-outside-activity.png") });
    await context.close();
  });

  it("lets the secretariat change the measure and the mechanisms, and download the CSV and the heat map", async () => {
    const page = await englishPageAs(browser, server, accountFor(server, "secretariat"), outside);
    await page.goto(`${server.url}/compare`);
    const section = page.getByTestId("overlap");
    const api = await apiOverlap();
    expect(await tableOf(page, "members")).toEqual(api.matrices.members);

    // The CSV holds the same figures, one row per kind and ordered pair.
    const [csvDownload] = await Promise.all([page.waitForEvent("download"), section.getByTestId("download-csv").click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^concord-overlap-\d{8}\.csv$/);
    const [head, ...rows] = parse(readFileSync((await csvDownload.path())!)) as string[][];
    expect(head).toEqual(["Kind", "Mechanism A", "Mechanism B", "Value"]);
    expect(rows).toHaveLength(Object.keys(api.matrices).length * 25);
    const members = api.matrices.members!;
    for (const [kind, a, b, v] of rows.filter((r) => r[0] === "members")) expect(Number(v)).toBe(members.cells[members.codes.indexOf(a!)]![members.codes.indexOf(b!)]);

    // The heat map as a PNG image.
    const membership = page.getByTestId("overlap-membership");
    await membership.getByTestId("overlap-chart").waitFor();
    const [png] = await Promise.all([page.waitForEvent("download"), membership.getByTestId("download-png").click()]);
    expect(png.suggestedFilename()).toBe("concord-overlap-members-LMC-LMI-MJC-GMS-MRC.png");
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(5_000);

    // Another measure of the same group, and fewer mechanisms.
    await membership.getByLabel("Measure").selectOption("memberCountries");
    expect(await tableOf(page, "memberCountries")).toEqual(api.matrices.memberCountries);
    await section.getByTestId("overlap-mechanisms").getByLabel("MRC", { exact: true }).uncheck();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="matrix-memberCountries"] tbody tr').length === 4);
    expect((await tableOf(page, "memberCountries")).codes).toEqual(["LMC", "LMI", "MJC", "GMS"]);
    await expectClean(page, "compare page, secretariat");
    await page.getByTestId("overlap").screenshot({ path: join(ARTIFACTS, "compare-overlap.png") });
  });

  it("lists another mechanism's project in the same country, sector and years on a project's page", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    forbidOutsideRequests(page, server.url, outside);
    await page.goto(`${server.url}/projects/SAMPLE-MBZ-LOGISTICS`);
    const section = page.getByTestId("project-overlap");
    await section.getByRole("heading", { name: "Other mechanisms in the same place" }).waitFor();
    const row = section.locator("tbody tr").filter({ hasText: NEIGHBOUR });
    await row.waitFor();
    const text = (await row.innerText()).replace(/\s+/g, " ");
    expect(text).toContain("MRC");
    expect(text).toContain("Country");
    expect(text).toContain("Same sector: 21010");
    expect(text).toContain("Both run 2025–2027");
    const href = await section.getByTestId("download-csv").getAttribute("href");
    const csv = await fetch(new URL(href!, server.url));
    expect(csv.status).toBe(200);
    const lines = parse(await csv.text()) as string[][];
    expect(lines.slice(1).map((r) => r[1])).toContain(NEIGHBOUR);
    await expectClean(page, "project page with its overlap");
    await context.close();
  });
});
