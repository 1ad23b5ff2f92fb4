import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountFor, englishPageAs, expectClean, launchBrowser, startServer, type Account, type Server } from "./support.js";

// Repeated construction in the browser: the secretariat imports AidData's Mekong records; an officer
// drafting a new project whose title repeats one of them (Cambodia's Morodok Techo National Stadium,
// GCDF 48887) sees it flagged in the "Possible duplicates" panel before submitting, and can still
// submit; an analyst reads the portfolio's likely duplicate pairs on /duplicates.

const GCDF_MEKONG = fileURLToPath(new URL("../../shared/data/gcdf/gcdf2_final_df_mekong5_subset.csv", import.meta.url));

let server: Server;
let browser: Browser;
const outside: string[] = [];
const account = (role: Account["role"]) => accountFor(server, role);
const pageAs = (who: Account): Promise<Page> => englishPageAs(browser, server, who, outside);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

describe("repeated-construction detection", () => {
  it("imports the GCDF Mekong records", async () => {
    const secretariat = await pageAs(account("secretariat"));
    await secretariat.goto(`${server.url}/imports`);
    const form = secretariat.getByTestId("import-form");
    await form.locator('select[name="kind"]').selectOption("gcdf");
    await form.locator('input[name="file"]').setInputFiles(GCDF_MEKONG);
    await form.getByRole("button", { name: "Upload and import" }).click();
    const job = secretariat.getByTestId("import-job");
    await job.getByTestId("import-summary").waitFor({ timeout: 120_000 });
    expect((await job.getByTestId("summary-created").innerText()).trim()).toBe("249");
  }, 180_000);

  it("flags a draft that repeats a GCDF project while it is typed, and still lets it be submitted", async () => {
    const officer = await pageAs(account("officer"));
    await officer.goto(`${server.url}/projects/new`);
    const panel = officer.getByTestId("duplicate-panel");
    await panel.getByRole("heading", { name: "Possible duplicates" }).waitFor();
    expect(await panel.getByRole("status").innerText()).toContain("Type a title");

    await officer.locator('input[name="titleEn"]').fill("Morodok Techo National Stadium construction");
    await officer.locator('input[name="startDate"]').fill("2016-01-01");
    const match = panel.getByTestId("duplicate-match").filter({ hasText: "GCDF-48887" });
    await match.waitFor({ timeout: 30_000 });
    expect(await match.innerText()).toContain("Morodok Techo National Stadium");
    expect(await match.innerText()).toMatch(/Similar title \(\d+%\)/);
    expect(await match.getByRole("link").getAttribute("href")).toBe("/projects/GCDF-48887");
    expect(await panel.getByTestId("duplicate-count").innerText()).toMatch(/^Existing projects that look like this one: \d+\./);
    await expectClean(officer, "project form with possible duplicates");

    // A title that repeats nothing clears the panel.
    await officer.locator('input[name="titleEn"]').fill("Teacher training in mathematics for Yunnan border schools");
    await panel.getByTestId("duplicate-none").waitFor({ timeout: 30_000 });

    // The check is advice: the proposal goes in.
    await officer.locator('input[name="titleEn"]').fill("Morodok Techo National Stadium construction");
    await match.waitFor({ timeout: 30_000 });
    await officer.locator('input[name="code"]').fill("DUP-E2E-STADIUM");
    await officer.getByRole("button", { name: "Submit proposal" }).click();
    await officer.waitForURL("**/projects/DUP-E2E-STADIUM");
  }, 120_000);

  it("lists the portfolio's likely duplicate pairs for an analyst, and not for an officer", async () => {
    const analyst = await pageAs(account("analyst"));
    await analyst.goto(`${server.url}/duplicates`);
    const table = analyst.getByTestId("duplicate-pairs");
    await table.waitFor({ timeout: 30_000 });
    // AidData links 34187 (interest-free loan) and 34188 (grant) for the same fertilizer plant.
    const row = table.locator("tbody tr").filter({ hasText: "GCDF-34187" }).filter({ hasText: "GCDF-34188" });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain("Same country (VN)");
    expect(await analyst.getByTestId("download-csv").getAttribute("href")).toContain("format=csv");
    await expectClean(analyst, "duplicates page");

    // A higher threshold lists fewer pairs.
    const before = await table.locator("tbody tr").count();
    await analyst.getByLabel("Lowest score").fill("0.9");
    await expect.poll(async () => (await analyst.getByTestId("duplicate-pairs").count()) === 0 || (await table.locator("tbody tr").count()) < before, { timeout: 30_000 }).toBe(true);

    const officer = await pageAs(account("officer"));
    await officer.goto(`${server.url}/duplicates`);
    await officer.getByRole("alert").waitFor();
    expect(await officer.getByTestId("duplicate-pairs").count()).toBe(0);
  }, 120_000);
});
