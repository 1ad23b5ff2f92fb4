import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, accountFor, englishPageAs, expectClean, forbidOutsideRequests, launchBrowser, newContext, startServer, type Account, type Server } from "./support.js";

// Prior notification and consultation after the MRC's procedure: a Thai officer notifies a
// mainstream dam to Laos, Cambodia and Viet Nam; the secretariat checks it and forwards it; Laos
// acknowledges receipt itself and the secretariat records Cambodia's and Viet Nam's; the clock
// starts; a reply and a technical review go on the record; the period is extended once by joint
// decision (refused first without Viet Nam) and the consultation closes agreed with conditions.

let server: Server;
let browser: Browser;
const outside: string[] = [];
const TITLE = `Pak Beng mainstream dam ${Date.now().toString(36)}`;
const TH: Account = { role: "officer", email: "officer@th-water.test", password: "Thai water e2e password" };
const LA: Account = { role: "officer", email: "officer@la-water.test", password: "Lao water e2e password" };

const pageAs = (who: Account): Promise<Page> => englishPageAs(browser, server, who, outside);

async function createOfficers() {
  const admin = accountFor(server, "admin");
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: admin.email, password: admin.password }) });
  expect(signInRes.status).toBe(200);
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  for (const [who, name, org] of [
    [TH, "Thai water officer", "th"],
    [LA, "Lao water officer", "la"],
  ] as const) {
    const res = await fetch(`${server.url}/api/v1/users`, { method: "POST", headers: { "content-type": "application/json", origin: server.url, cookie }, body: JSON.stringify({ email: who.email, name, role: who.role, org, password: who.password }) });
    expect(res.status, await res.clone().text()).toBe(201);
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await createOfficers();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

/** The status badge once the page shows it. */
const expectStatus = (page: Page, status: string) => page.locator(".meta .badge").filter({ hasText: status }).waitFor();
const timelineKinds = (page: Page) => page.getByTestId("timeline").locator("li").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-kind")));

describe("prior consultation of a Thai dam", () => {
  let path = "";

  it("keeps consultations from the public", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    forbidOutsideRequests(page, server.url, outside);
    await page.goto(`${server.url}/consultations`);
    await page.getByRole("alert").filter({ hasText: "Sign in to see prior consultations." }).waitFor();
    expect(await page.getByTestId("consultations").count()).toBe(0);
    await context.close();
  });

  it("lets the Thai officer notify the dam to Laos, Cambodia and Viet Nam", async () => {
    const page = await pageAs(TH);
    await page.goto(`${server.url}/consultations`);
    await page.getByRole("heading", { name: "Prior consultation", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Notify a project" }).click();
    const form = page.getByTestId("notify-form");
    await form.getByRole("button", { name: "Submit notification" }).click();
    await form.locator("[data-field-error]").first().waitFor();
    await form.getByLabel("Mechanism").selectOption("MRC");
    await form.getByLabel("Subject").selectOption("dam");
    await form.getByLabel("Title (English)").fill(TITLE);
    await form.getByLabel("Description (English)").fill("A run-of-river hydropower dam on the Mekong mainstream, 912 MW.");
    // Thailand proposes: it is not offered as an affected country.
    expect(await form.getByRole("checkbox", { name: "Thailand" }).count()).toBe(0);
    for (const c of ["Laos", "Cambodia", "Viet Nam"]) await form.getByRole("checkbox", { name: c }).check();
    await expectClean(page, "notify form");
    await form.getByRole("button", { name: "Submit notification" }).click();
    await page.waitForURL(/\/consultations\/PNC-/);
    path = new URL(page.url()).pathname;
    await page.getByRole("heading", { name: TITLE }).waitFor();
    await expectStatus(page, "Submitted");
    await page.getByTestId("next-step").filter({ hasText: "Completeness check by the secretariat" }).waitFor();
    expect(await timelineKinds(page)).toEqual(["submitted"]);
    // The proposer cannot check its own notification, only withdraw it.
    expect(await page.getByTestId("forward").count()).toBe(0);
    await page.getByTestId("close").waitFor();
    await expectClean(page, "submitted consultation");
    await page.context().close();
  });

  it("lets the secretariat check it, forward it and record receipts for Cambodia and Viet Nam", async () => {
    const sec = await pageAs(accountFor(server, "secretariat"));
    await sec.goto(`${server.url}${path}`);
    await sec.getByTestId("forward").getByRole("button").click();
    await expectStatus(sec, "Forwarded");
    await sec.getByTestId("next-step").filter({ hasText: "Waiting for receipt from KH, LA, VN" }).waitFor();

    const la = await pageAs(LA);
    await la.goto(`${server.url}${path}`);
    await la.getByTestId("receive").getByRole("button", { name: "Acknowledge receipt" }).click();
    await la.getByTestId("parties").getByRole("row").filter({ hasText: "Lao" }).filter({ hasNotText: "Not yet received" }).waitFor();
    await la.getByTestId("clock-panel").getByText(/The clock has not started/).waitFor();

    await sec.reload();
    for (const party of ["kh", "vn"]) {
      const form = sec.getByTestId("receive");
      await form.getByLabel("Party").selectOption(party);
      await form.getByRole("button", { name: "Record receipt for a party" }).click();
      if (party === "kh") await sec.getByTestId("next-step").filter({ hasText: "Waiting for receipt from VN" }).waitFor();
    }
    await expectStatus(sec, "In consultation");
    const clock = sec.getByTestId("clock-panel");
    await clock.locator("progress").waitFor();
    expect(await clock.innerText()).toMatch(/Days left: 18\d/);
    await sec.getByTestId("next-step").filter({ hasText: "Consultation period ends" }).waitFor();
    await expectClean(sec, "consultation with a running clock");
    await sec.screenshot({ path: join(ARTIFACTS, "consultation-clock.png"), fullPage: true });
    await sec.context().close();

    // Laos replies on the record.
    await la.reload();
    const rec = la.getByTestId("record");
    await rec.getByLabel("Kind of entry").selectOption("reply");
    await rec.getByLabel("Text").fill("Laos asks for the transboundary fisheries study before agreeing.");
    await rec.getByRole("button", { name: "Add to the record" }).click();
    await la.getByTestId("timeline").getByText("Laos asks for the transboundary fisheries study").waitFor();
    await la.context().close();
  });

  it("records a technical review, extends once by joint decision and closes agreed with conditions", async () => {
    const sec = await pageAs(accountFor(server, "secretariat"));
    await sec.goto(`${server.url}${path}`);
    const rec = sec.getByTestId("record");
    await rec.getByLabel("Kind of entry").selectOption("technical_review");
    await rec.getByLabel("Text").fill("Technical review: sediment transport and fish passage need design changes.");
    await rec.getByRole("button", { name: "Add to the record" }).click();
    await sec.getByTestId("timeline").getByText("Technical review: sediment transport").waitFor();

    const due = await sec.getByTestId("due-at").innerText();
    const ext = sec.getByTestId("extend");
    await ext.getByLabel("Months to add").fill("3");
    await ext.getByLabel("Joint decision").fill("MRC Joint Committee decision to extend by three months");
    for (const c of ["TH", "LA", "KH"]) await ext.getByRole("checkbox", { name: c, exact: true }).check();
    await ext.getByRole("button", { name: "Extend by joint decision" }).click();
    await sec.getByText("An extension needs the joint decision of every party; missing: vn.").waitFor();
    await ext.getByRole("checkbox", { name: "VN", exact: true }).check();
    await ext.getByRole("button", { name: "Extend by joint decision" }).click();
    await sec.getByTestId("extensions").filter({ hasText: "1" }).waitFor();
    expect(await sec.getByTestId("due-at").innerText()).not.toBe(due);

    const close = sec.getByTestId("close");
    await close.getByLabel("Outcome").selectOption("agreed_with_conditions");
    await close.getByRole("button", { name: "Close with an outcome" }).click();
    await close.getByText("An agreement with conditions needs the conditions.").waitFor();
    await close.getByLabel("Conditions").fill("Build the fish passage and sediment flushing gates as reviewed; share flow data daily.");
    await close.getByRole("button", { name: "Close with an outcome" }).click();
    await sec.getByTestId("outcome").filter({ hasText: "Agreed with conditions" }).waitFor();
    await expectStatus(sec, "Closed");
    await sec.getByTestId("conditions").filter({ hasText: "fish passage and sediment flushing" }).waitFor();
    expect(await timelineKinds(sec)).toEqual(["submitted", "forwarded", "received", "received", "received", "reply", "technical_review", "extension", "outcome"]);
    await sec.getByTestId("timeline").getByText("Period extended by 3 months · MRC Joint Committee decision").waitFor();
    await sec.getByTestId("clock-panel").getByText(/The clock stopped when the consultation closed/).waitFor();
    expect(await sec.getByTestId("close").count()).toBe(0);
    await expectClean(sec, "closed consultation");
    await sec.screenshot({ path: join(ARTIFACTS, "consultation-closed.png"), fullPage: true });

    await sec.goto(`${server.url}/consultations`);
    const row = sec.getByTestId("consultations").getByRole("row").filter({ hasText: TITLE });
    await row.filter({ hasText: "Closed" }).waitFor();
    expect(await row.innerText()).toContain("TH → KH, LA, VN");
    await expectClean(sec, "consultation list");
    await sec.screenshot({ path: join(ARTIFACTS, "consultations-list.png"), fullPage: true });
    await sec.context().close();
  });
});
