import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountFor, englishPageAs, expectClean, launchBrowser, startServer, type Account, type Server } from "./support.js";

// A Mohan–Boten zone dispute: the secretariat makes MBZ escalate disputes by itself; the Mohan
// officer opens a case against Boten with a negotiation deadline seconds away; each side states
// its position; when the deadline passes, the server's own worker moves the case to joint-committee
// mediation; the secretariat records the settlement and the page shows the time it took. An
// officer of another organisation finds no such case.

let server: Server;
let browser: Browser;
const outside: string[] = [];
const MOHAN: Account = { role: "officer", email: "officer@mohan-zone.test", password: "Mohan zone e2e password" };
const BOTEN: Account = { role: "officer", email: "officer@boten-zone.test", password: "Boten zone e2e password" };
const TITLE = `Boten terminal handling fees ${Date.now().toString(36)}`;
/** Long enough for both sides to state their positions first, short enough to watch it pass. */
const DEADLINE_SECONDS = 40;

const pageAs = (who: Account): Promise<Page> => englishPageAs(browser, server, who, outside);

async function createZoneOfficers() {
  const admin = accountFor(server, "admin");
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: admin.email, password: admin.password }) });
  expect(signInRes.status).toBe(200);
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  for (const [who, name, org] of [
    [MOHAN, "Mohan zone officer", "cn-mohan"],
    [BOTEN, "Boten zone officer", "la-boten"],
  ] as const) {
    const res = await fetch(`${server.url}/api/v1/users`, { method: "POST", headers: { "content-type": "application/json", origin: server.url, cookie }, body: JSON.stringify({ email: who.email, name, role: who.role, org, password: who.password }) });
    expect(res.status, await res.clone().text()).toBe(201);
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await createZoneOfficers();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

const currentStage = (page: Page) => page.getByTestId("stage-track").locator('li[aria-current="step"]');

describe("a Mohan–Boten zone dispute", () => {
  let code = "";

  it("lets the secretariat make MBZ escalate disputes automatically", async () => {
    const page = await pageAs(accountFor(server, "secretariat"));
    await page.goto(`${server.url}/mechanisms/MBZ`);
    const settings = page.getByTestId("mechanism-settings");
    await settings.getByRole("heading", { name: "Settings" }).waitFor();
    expect(await settings.getByTestId("auto-escalate").innerText()).toBe("No, on request");
    await settings.getByRole("button", { name: "Change settings" }).click();
    const form = settings.getByTestId("settings-form");
    await form.getByLabel("Escalate disputes automatically when a deadline passes").check();
    await expectClean(page, "mechanism settings form");
    await form.getByRole("button", { name: "Save settings" }).click();
    await settings.getByTestId("auto-escalate").filter({ hasText: "Yes" }).waitFor();
    await page.context().close();

    // Everyone signed in reads the settings; only staff may change them.
    const officer = await pageAs(accountFor(server, "officer"));
    await officer.goto(`${server.url}/mechanisms/MBZ`);
    await officer.getByTestId("auto-escalate").filter({ hasText: "Yes" }).waitFor();
    expect(await officer.getByRole("button", { name: "Change settings" }).count()).toBe(0);
    await officer.context().close();
  });

  it("lets the Mohan officer open a case against Boten with a deadline seconds ahead", async () => {
    const page = await pageAs(MOHAN);
    await page.goto(`${server.url}/disputes`);
    await page.getByRole("heading", { name: "Disputes", exact: true }).waitFor();
    const form = page.getByTestId("open-dispute");
    // One party is not a dispute.
    await form.getByLabel("Mechanism").selectOption("MBZ");
    await form.getByLabel("Title").fill(TITLE);
    await form.getByLabel("Parties").fill("cn-mohan");
    await form.getByRole("button", { name: "Open a case" }).click();
    await form.getByText("Name at least two parties.").waitFor();
    await form.getByLabel("Parties").fill("cn-mohan, la-boten");
    await form.getByLabel("Summary").fill("Handling fees at the Boten freight terminal doubled without notice.");
    const local = await page.evaluate((s) => {
      const d = new Date(Date.now() + s * 1000);
      const p = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    }, DEADLINE_SECONDS);
    await form.getByLabel("Negotiation deadline").fill(local);
    await expectClean(page, "open dispute form");
    await form.getByRole("button", { name: "Open a case" }).click();
    const link = form.getByRole("status").getByRole("link");
    await link.waitFor();
    code = (await link.innerText()).trim();
    expect(code).toMatch(/^DSP-\d{4}-\d{4}$/);
    await link.click();
    await page.getByRole("heading", { name: TITLE }).waitFor();
    expect(await currentStage(page).innerText()).toContain("Negotiation");
    expect(await page.getByTestId("dispute-deadline").innerText()).toContain("escalates automatically");

    await page.getByTestId("state-position").getByLabel("Position").fill("The fees follow the zone's 2024 tariff schedule.");
    await page.getByTestId("state-position").getByRole("button", { name: "State your position" }).click();
    await page.locator('[data-party="cn-mohan"]').getByText("2024 tariff schedule").waitFor();
    await expectClean(page, "dispute page, negotiation");
    await page.context().close();
  });

  it("lets Boten state its position beside Mohan's, and the worker escalate the case when the deadline passes", async () => {
    const page = await pageAs(BOTEN);
    await page.goto(`${server.url}/disputes`);
    const row = page.getByTestId("disputes-table").getByRole("row").filter({ hasText: TITLE });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Negotiation|Joint committee mediation/);
    await row.getByRole("link", { name: TITLE }).click();
    await page.getByRole("heading", { name: TITLE }).waitFor();
    await page.getByTestId("state-position").getByLabel("Position").fill("The schedule was never adopted by the joint committee.");
    await page.getByTestId("state-position").getByRole("button", { name: "State your position" }).click();
    await page.locator('[data-party="la-boten"]').getByText("never adopted").waitFor();
    expect(await page.locator('[data-party="cn-mohan"]').innerText()).toContain("2024 tariff schedule");

    // No one asks: the page follows the case until the worker moves it on.
    await currentStage(page).filter({ hasText: "Joint committee mediation" }).waitFor({ timeout: 120_000 });
    expect(await page.getByRole("list", { name: "Stage history" }).innerText()).toContain("deadline passed");
    await expectClean(page, "dispute page, joint committee");
    await page.context().close();
  });

  it("hides the case from an officer of another organisation", async () => {
    const page = await pageAs(accountFor(server, "officer"));
    await page.goto(`${server.url}/disputes/${code}`);
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("heading", { name: TITLE }).count()).toBe(0);
    const status = await page.evaluate(async (c) => (await fetch(`/api/v1/disputes/${c}`)).status, code);
    expect(status).toBe(404);
    await page.goto(`${server.url}/disputes`);
    await page.getByRole("heading", { name: "Disputes", exact: true }).waitFor();
    await page.getByText("Negotiation").first().waitFor();
    expect(await page.getByText(TITLE).count()).toBe(0);
    await page.context().close();
  });

  it("lets the secretariat record the settlement, and shows the time to settle", async () => {
    const page = await pageAs(accountFor(server, "secretariat"));
    await page.goto(`${server.url}/disputes/${code}`);
    await page.getByRole("heading", { name: TITLE }).waitFor();
    const settle = page.getByTestId("settle");
    await settle.getByRole("button", { name: "Record settlement" }).click();
    await settle.locator("[data-field-error]").waitFor();
    await settle.getByLabel("Terms of settlement").fill("Fees return to the 2023 level until the joint committee adopts a schedule.");
    await settle.getByRole("button", { name: "Record settlement" }).click();
    await page.getByTestId("dispute-status").filter({ hasText: "Settled" }).waitFor();
    expect(await page.getByTestId("time-to-settle").innerText()).toMatch(/^Closed in \d+(\.\d)? days$/);
    expect(await page.getByTestId("dispute-deadline").innerText()).toContain("2023 level");
    expect(await page.getByTestId("settle").count()).toBe(0);
    await expectClean(page, "settled dispute");
    await page.goto(`${server.url}/disputes`);
    const row = page.getByTestId("disputes-table").getByRole("row").filter({ hasText: TITLE });
    expect(await row.innerText()).toMatch(/Settled[\s\S]*Closed in/);
    await page.context().close();
  });
});
