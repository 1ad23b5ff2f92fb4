import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountFor, englishPageAs, expectClean, launchBrowser, startServer, type Account, type Server } from "./support.js";

// The performance and commitment record in the browser: the secretariat records an MoU between
// Yunnan and Luang Namtha with an obligation already past its due date; the worker sends the
// overdue notice to Yunnan's inbox; the Yunnan officer reads it, records the fulfilment with its
// evidence, and the rate table shows Yunnan's obligation as fulfilled.

let server: Server;
let browser: Browser;
const outside: string[] = [];
/** The agreement's page, whose code the server generates. */
let agreementUrl = "";

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

describe("agreements, obligations and the inbox", () => {
  it("lets the secretariat record an MoU with an obligation", async () => {
    const page = await pageAs(account("secretariat"));
    await page.goto(`${server.url}/agreements`);
    await page.getByRole("heading", { name: "Agreements and MoUs", level: 1 }).waitFor();
    await page.getByRole("button", { name: "New agreement" }).click();
    const form = page.getByTestId("new-agreement");
    await form.getByRole("button", { name: "Record the agreement" }).click();
    // Nothing typed: the required fields say so before anything is sent.
    expect(await form.locator("[data-field-error]").count()).toBeGreaterThanOrEqual(3);
    await form.getByLabel("Title (English)").fill("Yunnan–Luang Namtha cross-border health MoU");
    await form.getByLabel("Signed on").fill("2025-01-15");
    await form.getByLabel("Signatories (codes)").fill("cn-yunnan, nowhere");
    await form.getByLabel("Mechanism (code, optional)").fill("LMC");
    await form.getByRole("button", { name: "Record the agreement" }).click();
    await form.locator("[data-field-error]").filter({ hasText: 'No organisation "nowhere" exists.' }).waitFor();
    await form.getByLabel("Signatories (codes)").fill("cn-yunnan, la-luangnamtha");
    await form.getByRole("button", { name: "Record the agreement" }).click();
    await page.getByTestId("agreements").getByRole("link", { name: "Yunnan–Luang Namtha cross-border health MoU" }).click();
    await page.waitForURL(/\/agreements\/MOU-/);
    agreementUrl = page.url();
    expect(await page.getByTestId("signatories").innerText()).toMatch(/Yunnan[\s\S]*Luang Namtha/);

    const add = page.getByTestId("add-obligation");
    await add.getByLabel("Organisation").selectOption("cn-yunnan");
    await add.getByLabel("What is owed (English)").fill("Open the joint border clinic at Mohan–Boten");
    await add.getByLabel("Due date").fill("2024-12-31");
    await add.getByRole("button", { name: "Add an obligation" }).click();
    await add.locator("[data-field-error]").filter({ hasText: "before the agreement was signed" }).waitFor();
    await add.getByLabel("Due date").fill("2025-06-30");
    await add.getByRole("button", { name: "Add an obligation" }).click();
    const row = page.locator("[data-testid^='obligation-MOU-']");
    await row.waitFor();
    expect(await row.innerText()).toContain("Open the joint border clinic");
    await expectClean(page, "agreement page (secretariat)");
    await page.context().close();
  });

  it("sends the overdue notice to Yunnan's inbox, and the officer records the fulfilment with evidence", async () => {
    const page = await pageAs(account("officer"));
    await page.goto(`${server.url}/inbox`);
    const inbox = page.getByTestId("inbox");
    // The worker runs every half second; the due date is long past, so the notice comes at once.
    await expect.poll(async () => {
      await page.reload();
      await page.getByTestId("inbox-unread").waitFor();
      return (await inbox.count()) ? inbox.innerText() : "";
    }, { timeout: 30_000 }).toMatch(/Overdue: obligation MOU-.*-O1 "Open the joint border clinic at Mohan–Boten" was due on 2025-06-30/);
    await expectClean(page, "inbox");
    await inbox.getByRole("button", { name: /^Mark read: Overdue/ }).click();
    await page.getByTestId("inbox-unread").filter({ hasText: "0 unread" }).waitFor();

    await page.goto(agreementUrl);
    const row = page.locator("[data-testid^='obligation-MOU-']");
    expect(await row.innerText()).toContain("Overdue");
    await page.locator("details.action summary").first().click();
    const form = page.locator("[data-testid^='fulfil-MOU-']");
    await form.getByLabel("Status").selectOption("fulfilled");
    await form.getByLabel("Fulfilled or assessed on").fill("2025-07-10");
    await form.locator("textarea[name=evidence]").fill("Clinic opened; minutes of the opening ceremony signed by both sides.");
    await form.getByRole("button", { name: "Record fulfilment" }).click();
    await form.locator("[data-field-error], [role=alert]").filter({ hasText: 'record it as "late"' }).first().waitFor();
    await form.getByLabel("Fulfilled or assessed on").fill("2025-06-20");
    await form.getByRole("button", { name: "Record fulfilment" }).click();
    await row.filter({ hasText: "Fulfilled" }).waitFor();
    expect(await row.innerText()).toContain("Clinic opened; minutes of the opening ceremony");
    expect(await row.innerText()).not.toContain("overdue");
    await page.context().close();
  });

  it("shows the fulfilment in the rate table", async () => {
    const page = await pageAs(account("analyst"));
    await page.goto(`${server.url}/agreements`);
    const rates = page.getByTestId("rates");
    await rates.waitFor();
    const yunnan = rates.locator("tr").filter({ hasText: "Yunnan" }).filter({ hasText: "2025" });
    await yunnan.waitFor();
    expect((await yunnan.innerText()).replace(/\s+/g, " ")).toMatch(/2025 1 1 0 0 0 0 100%/);
    await page.getByTestId("rate-chart").waitFor();
    expect(await page.getByText("Rate = (fulfilled on time + ½ × partly + ½ × late)").count()).toBe(1);
    await expectClean(page, "agreements list (analyst)");
    await page.context().close();
  });
});
