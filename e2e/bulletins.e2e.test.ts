import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountFor, englishPageAs, expectClean, forbidOutsideRequests, launchBrowser, newContext, startServer, type Account, type Server } from "./support.js";

// A restricted bulletin between two police forces across the China–Laos border: the Yunnan
// officer sends it in the browser, the Luang Namtha officer opens it and the read log shows the
// read; the LMC admin, Yunnan's foreign-affairs officer and the public find no trace of it.

let server: Server;
let browser: Browser;
const outside: string[] = [];
const MARKER = `Quillfeather${Date.now().toString(36)}`;
const YN: Account = { role: "officer", email: "officer@yunnan-police.test", password: "Yunnan police e2e password" };
const LN: Account = { role: "officer", email: "officer@luangnamtha-police.test", password: "Luang Namtha police e2e password" };

const pageAs = (who: Account): Promise<Page> => englishPageAs(browser, server, who, outside);

async function createPoliceUsers() {
  const admin = accountFor(server, "admin");
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: admin.email, password: admin.password }) });
  expect(signInRes.status).toBe(200);
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  for (const [who, name, org] of [
    [YN, "Yunnan police officer", "cn-yunnan-police"],
    [LN, "Luang Namtha police officer", "la-luangnamtha-police"],
  ] as const) {
    const res = await fetch(`${server.url}/api/v1/users`, { method: "POST", headers: { "content-type": "application/json", origin: server.url, cookie }, body: JSON.stringify({ email: who.email, name, role: who.role, org, password: who.password }) });
    expect(res.status, await res.clone().text()).toBe(201);
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await createPoliceUsers();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

describe("restricted bulletins", () => {
  let code = "";

  it("lets the Yunnan police officer send a bulletin to Luang Namtha", async () => {
    const page = await pageAs(YN);
    await page.goto(`${server.url}/bulletins`);
    await page.getByRole("heading", { name: "Restricted bulletins" }).waitFor();
    await page.getByTestId("send-bulletin").click();
    const form = page.getByTestId("bulletin-form");
    // Sending nothing names every missing field.
    await form.getByRole("button", { name: "Send", exact: true }).click();
    await form.getByText("Give the bulletin a title.").waitFor();
    await form.getByLabel("Category").selectOption("drug_trafficking");
    await form.getByLabel("Recipients").fill("la-luangnamtha-police");
    await form.getByLabel("Title").fill(`${MARKER}: shipment expected at Boten`);
    await form.getByLabel("Text").fill(`A shipment (${MARKER}) is expected to cross at the Mohan–Boten gate on Friday night.`);
    await expectClean(page, "bulletin form");
    await form.getByRole("button", { name: "Send", exact: true }).click();
    await page.waitForURL(/\/bulletins\/BUL-/);
    code = decodeURIComponent(page.url().split("/bulletins/")[1]!);
    await page.getByRole("heading", { name: new RegExp(MARKER) }).waitFor();
    await page.getByText("Luang Namtha Provincial Police Headquarters").waitFor();
    await expectClean(page, "bulletin page (sender)");
    await page.context().close();
  });

  it("shows it to the Luang Namtha officer, who opens it, and the read log shows the read", async () => {
    const page = await pageAs(LN);
    await page.goto(`${server.url}/bulletins`);
    const table = page.getByTestId("bulletins");
    await table.getByRole("link", { name: new RegExp(MARKER) }).waitFor();
    await page.getByLabel("Search title and text").fill(MARKER);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await table.getByRole("link", { name: new RegExp(MARKER) }).click();
    await page.waitForURL(`**/bulletins/${code}`);
    await page.getByTestId("bulletin-body").filter({ hasText: "Mohan–Boten gate" }).waitFor();
    const log = page.getByTestId("bulletin-reads");
    await log.getByRole("row").filter({ hasText: "Luang Namtha police officer" }).filter({ hasText: "Opened" }).first().waitFor();
    expect(await log.innerText()).toContain("la-luangnamtha-police");
    await expectClean(page, "bulletin page (recipient)");
    await page.context().close();
  });

  for (const who of ["admin", "officer", "public"] as const) {
    it(`shows ${who === "officer" ? "the Yunnan foreign-affairs officer" : `the ${who}`} no such bulletin, and "not found" at its address`, async () => {
      let page: Page;
      if (who === "public") {
        page = await (await newContext(browser)).newPage();
        forbidOutsideRequests(page, server.url, outside);
      } else page = await pageAs(accountFor(server, who));
      await page.goto(`${server.url}/bulletins`);
      await page.getByRole("heading", { name: "Restricted bulletins" }).waitFor();
      await page.getByText("Nothing to show yet.").waitFor();
      expect(await page.content()).not.toContain(MARKER);
      // The send button appears once the account has loaded; the public never gets one.
      if (who === "public") expect(await page.getByTestId("send-bulletin").count()).toBe(0);
      else await page.getByTestId("send-bulletin").waitFor();
      await page.goto(`${server.url}/bulletins/${code}`);
      await page.getByRole("heading", { name: "Page not found" }).waitFor();
      expect(await page.content()).not.toContain(MARKER);
      await expectClean(page, `bulletin page (${who})`);
      await page.context().close();
    });
  }
});
