import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountFor, englishPageAs, expectClean, launchBrowser, rawKeys, startServer, type Account, type Server } from "./support.js";

// The special-fund cycle in the browser: a call, an application, screening, two reviewers,
// moderation, approval, and the project's phases suspended and resumed.

let server: Server;
let browser: Browser;
const outside: string[] = [];
const REVIEWER2: Account = { role: "reviewer", email: "reviewer2@concord.demo", password: "second-reviewer-pass-2026" };
const CALL = "E2E-SF-CALL";
const APP = "E2E-YN-LN";
const RETURNED = "E2E-YN-LN-RET";

const account = (role: Account["role"]) => accountFor(server, role);
const pageAs = (who: Account): Promise<Page> => englishPageAs(browser, server, who, outside);

/** The API as one account (a session cookie), to set a scene without the browser. */
async function apiAs(who: Account) {
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: who.email, password: who.password }) });
  expect(signInRes.status).toBe(200);
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1${path}`, { method, headers: { "content-type": "application/json", origin: server.url, cookie, ...headers }, body: JSON.stringify(body) });
}

/** Creates the second reviewer (org kh) through the admin API before any browser work. */
async function createSecondReviewer() {
  const res = await (await apiAs(account("admin")))("POST", "/users", { email: REVIEWER2.email, name: "Second Reviewer", role: "reviewer", org: "kh", password: REVIEWER2.password });
  expect(res.status, await res.clone().text()).toBe(201);
}

const statusIs = (page: Page, text: string) => page.locator(".meta .badge", { hasText: text }).first().waitFor();

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await createSecondReviewer();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

describe("special-fund cycle", () => {
  let secretariat: Page;
  let officer: Page;

  it("lets the secretariat open a call whose window is open now", async () => {
    secretariat = await pageAs(account("secretariat"));
    await secretariat.goto(`${server.url}/calls`);
    await secretariat.getByRole("link", { name: "Open a call" }).click();
    const form = secretariat.locator('form[aria-label="Open a call"]');
    await form.locator('input[name="code"]').waitFor();
    await expectClean(secretariat, "call form");
    await form.locator('input[name="code"]').fill(CALL);
    await form.locator('input[name="title"]').fill("E2E special fund call: cross-border connectivity");
    await form.locator('input[name="fund"]').fill("LMC Special Fund");
    await form.locator('input[name="ceiling"]').fill("500000");
    await form.locator('input[name="rubric-0-code"]').fill("relevance");
    await form.locator('input[name="rubric-0-name"]').fill("Relevance to the priority areas");
    await form.locator('input[name="rubric-0-weight"]').fill("3");
    await form.getByRole("button", { name: "Add a criterion" }).click();
    await form.locator('input[name="rubric-1-code"]').fill("feasibility");
    await form.locator('input[name="rubric-1-name"]').fill("Feasibility");
    await form.locator('input[name="rubric-1-min"]').fill("1");
    await form.locator('input[name="rubric-1-max"]').fill("5");
    // A third row added and removed again.
    await form.getByRole("button", { name: "Add a criterion" }).click();
    await expect.poll(() => form.getByTestId("rubric-row").count()).toBe(3);
    await form.getByRole("button", { name: "Remove row 3" }).click();
    await expect.poll(() => form.getByTestId("rubric-row").count()).toBe(2);
    await form.locator('button[type="submit"]').click();
    await secretariat.waitForURL(`**/calls/${CALL}`);
    await secretariat.locator(".meta .badge", { hasText: "Open" }).waitFor();
    await secretariat.locator("#rubric").waitFor();
    expect(await secretariat.locator("table").last().innerText()).toContain("Feasibility");
    await expectClean(secretariat, "call page");
    await secretariat.goto(`${server.url}/calls`);
    await secretariat.getByTestId("calls").getByRole("link", { name: /E2E special fund call/ }).waitFor();
    await expectClean(secretariat, "calls list");
  });

  it("lets an officer apply with a cross-border co-applicant, keeping typed values when refused, and submit", async () => {
    officer = await pageAs(account("officer"));
    await officer.goto(`${server.url}/calls/${CALL}`);
    await officer.getByRole("link", { name: "Apply to this call" }).click();
    const form = officer.locator('form[aria-label="Apply to this call"]');
    await form.locator('input[name="title"]').waitFor();
    expect(await form.locator('input[name="lead"]').inputValue()).toBe("cn-yunnan");
    await form.locator('input[name="title"]').fill("Mohan–Boten cold-chain corridor");
    await form.locator('input[name="code"]').fill(APP);
    await form.locator('textarea[name="summary"]').fill("Refrigerated storage on both sides of the border.");
    await form.locator('input[name="requested"]').fill("300000");
    await form.locator('input[name="coApplicant-0"]').fill("atlantis");
    for (const [i, year] of [
      [0, 2027],
      [1, 2028],
    ] as const) {
      if (i > 0) await form.getByRole("button", { name: "Add a phase" }).click();
      await form.locator(`input[name="phase-${i}-name"]`).fill(`Phase ${i + 1}`);
      await form.locator(`input[name="phase-${i}-startDate"]`).fill(`${year}-01-01`);
      await form.locator(`input[name="phase-${i}-endDate"]`).fill(`${year}-12-31`);
      await form.locator(`input[name="phase-${i}-budget"]`).fill("150000");
      await form.locator(`input[name="phase-${i}-deliverables"]`).fill(`Deliverable ${i + 1}`);
    }
    await expectClean(officer, "application form");
    await form.locator('button[type="submit"]').click();
    // The server refuses the unknown co-applicant at its field; everything typed stays.
    const coError = form.locator('.field:has(input[name="coApplicant-0"]) [data-field-error]');
    await coError.waitFor();
    expect(await coError.innerText()).toMatch(/atlantis/);
    expect(await form.locator('input[name="title"]').inputValue()).toBe("Mohan–Boten cold-chain corridor");
    expect(await form.locator('input[name="phase-1-budget"]').inputValue()).toBe("150000");
    expect(officer.url()).toContain("/applications/new");
    await form.locator('input[name="coApplicant-0"]').fill("la-luangnamtha");
    await expect.poll(() => coError.count()).toBe(0);
    await form.locator('button[type="submit"]').click();
    await officer.waitForURL(`**/applications/${APP}`);
    await statusIs(officer, "Draft");

    // A PDF attached to the draft, then downloadable.
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
    await officer.locator('input[name="file"]').setInputFiles({ name: "budget.pdf", mimeType: "application/pdf", buffer: pdf });
    await officer.getByRole("button", { name: "Upload", exact: true }).click();
    const link = officer.getByTestId("attachments").getByRole("link", { name: "budget.pdf" });
    await link.waitFor();
    const download = await officer.request.get(new URL((await link.getAttribute("href"))!, server.url).toString());
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toContain("application/pdf");
    await expectClean(officer, "draft application");

    await officer.getByRole("button", { name: "Submit", exact: true }).click();
    await statusIs(officer, "Submitted");
  });

  it("lets the officer revise an application the secretariat returned, after a refused attempt and a conflict, and submit it again", async () => {
    // A second application, drafted and submitted through the API, then returned in the browser.
    const asOfficer = await apiAs(account("officer"));
    const phase = { name: { en: "Survey" }, startDate: "2027-01-01", endDate: "2027-06-30", budget: "100000", deliverables: ["Route survey"] };
    const created = await asOfficer("POST", "/applications", { call: CALL, code: RETURNED, title: { en: "Boten dry port" }, lead: "cn-yunnan", coApplicants: ["la-luangnamtha"], requested: "100000", phases: [phase] });
    expect(created.status, await created.clone().text()).toBe(201);
    expect((await asOfficer("POST", `/applications/${RETURNED}/actions`, { action: "submit" })).status).toBe(200);
    await secretariat.goto(`${server.url}/applications/${RETURNED}`);
    await statusIs(secretariat, "Submitted");
    const ret = secretariat.locator('form[aria-label="Return for changes"]');
    await ret.locator('textarea[name="reason"]').fill("Add a second phase for construction.");
    await ret.getByRole("button", { name: "Return for changes" }).click();
    await statusIs(secretariat, "Returned");

    // The officer sees the reason on the page and above the form, which holds the application's values.
    await officer.goto(`${server.url}/applications/${RETURNED}`);
    await statusIs(officer, "Returned");
    expect(await officer.getByTestId("return-reason").innerText()).toContain("Add a second phase for construction.");
    await officer.getByRole("link", { name: "Revise", exact: true }).click();
    await officer.waitForURL(`**/applications/${RETURNED}/revise`);
    const form = officer.locator('form[aria-label="Revise"]');
    await form.locator('input[name="title"]').waitFor();
    expect(await officer.getByTestId("return-reason").innerText()).toContain("Add a second phase for construction.");
    expect(await form.locator('input[name="title"]').inputValue()).toBe("Boten dry port");
    expect(await form.locator('input[name="coApplicant-0"]').inputValue()).toBe("la-luangnamtha");
    expect(await form.locator('input[name="phase-0-deliverables"]').inputValue()).toBe("Route survey");
    await expectClean(officer, "revise form");

    // An unknown co-applicant is refused at its field; everything typed stays.
    await form.locator('input[name="title"]').fill("Boten dry port and rail siding");
    await form.locator('input[name="requested"]').fill("250000");
    await form.getByRole("button", { name: "Add a phase" }).click();
    await form.locator('input[name="phase-1-name"]').fill("Construction");
    await form.locator('input[name="phase-1-startDate"]').fill("2027-07-01");
    await form.locator('input[name="phase-1-endDate"]').fill("2028-06-30");
    await form.locator('input[name="phase-1-budget"]').fill("150000");
    await form.locator('input[name="coApplicant-0"]').fill("atlantis");
    await form.getByRole("button", { name: "Save changes" }).click();
    const coError = form.locator('.field:has(input[name="coApplicant-0"]) [data-field-error]');
    await coError.waitFor();
    expect(await coError.innerText()).toMatch(/atlantis/);
    expect(await form.locator('input[name="title"]').inputValue()).toBe("Boten dry port and rail siding");
    expect(await form.locator('input[name="phase-1-budget"]').inputValue()).toBe("150000");
    expect(officer.url()).toContain("/revise");
    await expectClean(officer, "revise form with errors");

    // Someone else changes it meanwhile: saving is refused as stale, and a reload shows their version.
    const current = (await (await asOfficer("GET", `/applications/${RETURNED}`, undefined)).json()) as { version: number };
    expect((await asOfficer("PATCH", `/applications/${RETURNED}`, { summary: "Changed elsewhere." }, { "if-match": `"${current.version}"` })).status).toBe(200);
    await form.locator('input[name="coApplicant-0"]').fill("la-luangnamtha");
    await expect.poll(() => coError.count(), { timeout: 30_000 }).toBe(0);
    await form.getByRole("button", { name: "Save changes" }).click();
    const stale = officer.getByTestId("stale");
    await stale.waitFor();
    await stale.getByRole("button", { name: "Reload the application" }).click();
    await expect.poll(() => form.locator('textarea[name="summary"]').inputValue(), { timeout: 30_000 }).toBe("Changed elsewhere.");
    await stale.waitFor({ state: "detached" });

    // Typed again on the latest version, saved: the page shows the new values.
    await form.locator('input[name="title"]').fill("Boten dry port and rail siding");
    await form.locator('input[name="requested"]').fill("250000");
    await form.getByRole("button", { name: "Add a phase" }).click();
    await form.locator('input[name="phase-1-name"]').fill("Construction");
    await form.locator('input[name="phase-1-startDate"]').fill("2027-07-01");
    await form.locator('input[name="phase-1-endDate"]').fill("2028-06-30");
    await form.locator('input[name="phase-1-budget"]').fill("150000");
    await form.getByRole("button", { name: "Save changes" }).click();
    await officer.waitForURL(`**/applications/${RETURNED}`);
    await officer.locator("h1", { hasText: "Boten dry port and rail siding" }).waitFor();
    await statusIs(officer, "Returned");
    const page = await officer.locator("main").innerText();
    expect(page).toContain("Construction");
    expect(page).toContain("250,000");

    await officer.getByRole("button", { name: "Submit", exact: true }).click();
    await statusIs(officer, "Submitted");
    await expect.poll(() => officer.getByRole("link", { name: "Revise", exact: true }).count(), { timeout: 30_000 }).toBe(0);
  });

  it("lets the secretariat screen it and assign two reviewers", async () => {
    await secretariat.goto(`${server.url}/applications/${APP}`);
    await statusIs(secretariat, "Submitted");
    await secretariat.getByRole("button", { name: "Screen", exact: true }).click();
    await statusIs(secretariat, "Screened");
    const checks = await secretariat.getByTestId("screening").innerText();
    expect(checks).toContain("✓");
    expect(checks).not.toContain("✗");
    const assign = secretariat.getByTestId("assign-form");
    await assign.locator('input[name="reviewers.0"]').fill(account("reviewer").email);
    await assign.locator('input[name="reviewers.1"]').fill(REVIEWER2.email);
    await expectClean(secretariat, "screened application");
    await assign.getByRole("button", { name: "Assign reviewers" }).click();
    await statusIs(secretariat, "In review");
  });

  it("takes each reviewer's scores within the rubric", async () => {
    for (const [who, scores] of [
      [account("reviewer"), ["9", "5"]],
      [REVIEWER2, ["3", "2"]],
    ] as const) {
      const page = await pageAs(who);
      await page.goto(`${server.url}/applications/${APP}`);
      const form = page.getByTestId("review-form");
      // A score outside the criterion's range is caught at its field before anything is sent.
      await form.locator('input[name="scores.0.score"]').fill("11");
      await form.getByRole("button", { name: "Submit my review" }).click();
      const rangeError = form.locator('.field:has(input[name="scores.0.score"]) [data-field-error]');
      await rangeError.waitFor();
      expect(await rangeError.innerText()).toBe("Enter a number in the allowed range.");
      await form.locator('input[name="scores.0.score"]').fill(scores[0]);
      await expect.poll(() => rangeError.count()).toBe(0);
      await form.locator('input[name="scores.1.score"]').fill(scores[1]);
      await form.locator('textarea[name="comment"]').fill("Scored against the rubric.");
      await expectClean(page, "review form");
      await form.getByRole("button", { name: "Submit my review" }).click();
      await form.waitFor({ state: "detached" });
      await expect.poll(() => page.getByTestId("reviews").innerText()).toMatch(/\d/);
      await page.context().close();
    }
  });

  it("flags the spread for moderation, approves with a note, and links to the project", async () => {
    await secretariat.reload();
    await secretariat.getByTestId("needs-moderation").waitFor();
    const reviews = await secretariat.getByTestId("reviews").innerText();
    expect(reviews).toContain("92.5");
    expect(reviews).toContain("28.75");
    await expectClean(secretariat, "application in review");
    const approve = secretariat.getByTestId("approve-form");
    await approve.locator('textarea[name="moderationNote"]').fill("Moderation call held; feasibility concerns answered.");
    await approve.getByRole("button", { name: "Approve" }).click();
    await statusIs(secretariat, "Approved");
    await secretariat.getByTestId("project-link").click();
    await secretariat.waitForURL(`**/projects/${APP}`);
    await secretariat.getByTestId("phase-2").waitFor();
  });

  it("starts, suspends (change of government in LA) and resumes phase 2, keeping its history", async () => {
    const phase = secretariat.getByTestId("phase-2");
    await secretariat.getByTestId("phase-2-start").getByRole("button").click();
    await phase.locator(".badge", { hasText: "Under way" }).waitFor();
    const suspend = secretariat.getByTestId("phase-2-suspend");
    await suspend.locator('select[name="reason"]').selectOption("change_of_government");
    await suspend.locator('select[name="country"]').selectOption("LA");
    await expectClean(secretariat, "project page");
    await suspend.getByRole("button").click();
    await phase.locator(".badge", { hasText: "Suspended" }).waitFor();
    await secretariat.getByTestId("phase-2-resume").getByRole("button").click();
    await phase.locator(".badge", { hasText: "Under way" }).waitFor();
    await phase.getByRole("button", { name: "Phase history" }).click();
    const history = secretariat.getByTestId("phase-history-2");
    await expect.poll(() => history.locator("li").count()).toBe(3);
    expect(await history.innerText()).toContain("Change of government");
  });

  it("takes a progress report with an indicator on the project page, naming a bad field, and records an exchange rate", async () => {
    const form = secretariat.getByTestId("report-form");
    await form.locator('select[name="phase"]').selectOption("1");
    await form.locator('input[name="periodStart"]').fill("2027-01-01");
    await form.locator('input[name="periodEnd"]').fill("2027-03-31");
    await form.locator('input[name="dueDate"]').fill("2027-04-30");
    await form.locator('textarea[name="narrative"]').fill("Cold rooms ordered on both sides of the border.");
    await form.locator('input[name="spending"]').fill("12.345");
    await form.locator('input[name="indicator"]').fill("Cold rooms ordered");
    await form.locator('input[name="target"]').fill("4");
    await form.locator('input[name="value"]').fill("3");
    await form.getByRole("button", { name: "Submit a progress report" }).click();
    // Money has at most two decimals: the server's message lands at the field, and what was typed stays.
    await form.locator('input[name="spending"][aria-invalid="true"]').waitFor();
    expect(await form.locator('textarea[name="narrative"]').inputValue()).toBe("Cold rooms ordered on both sides of the border.");
    await form.locator('input[name="spending"]').fill("12345.00");
    await form.getByRole("button", { name: "Submit a progress report" }).click();
    const cell = secretariat.locator("td", { hasText: "Cold rooms ordered on both sides of the border." });
    await cell.waitFor();
    expect(await cell.locator(".indicators li").innerText()).toBe("Cold rooms ordered: 3 / 4");

    await secretariat.goto(`${server.url}/funding-gap`);
    const rate = secretariat.getByTestId("rate-form");
    await rate.waitFor();
    await rate.locator('input[name="currency"]').fill("THB");
    await rate.locator('input[name="date"]').fill("2026-01-01");
    await rate.locator('input[name="usdPerUnit"]').fill("0.0285");
    await rate.getByRole("button", { name: "Record an exchange rate" }).click();
    await expect.poll(() => rate.locator('input[name="currency"]').inputValue()).toBe("");
    await expectClean(secretariat, "funding gap with the rate form");
    const rates = (await (await fetch(`${server.url}/api/v1/exchange-rates?currency=THB`)).json()) as { items: { usdPerUnit: string }[] };
    expect(rates.items.map((r) => Number(r.usdPerUnit))).toEqual([0.0285]);
  });

  it("shows late reports, exposure and the funding gap to the secretariat", async () => {
    await secretariat.goto(`${server.url}/reports/late`);
    await expect.poll(() => secretariat.getByTestId("late-reports").locator("tbody tr").count()).toBeGreaterThan(0);
    await expectClean(secretariat, "late reports");
    await secretariat.goto(`${server.url}/exposure`);
    await secretariat.locator("h1", { hasText: "Exposure to suspensions" }).waitFor();
    await secretariat.locator("main table, main p.muted").first().waitFor();
    await expectClean(secretariat, "exposure");
    await secretariat.goto(`${server.url}/funding-gap`);
    await secretariat.getByTestId("funding-gap").waitFor();
    await secretariat.locator("#gap-by").selectOption("country");
    await expect.poll(() => secretariat.getByTestId("funding-gap").locator("thead th").first().innerText()).toBe("Country");
    await expectClean(secretariat, "funding gap");
    // The new pages speak every language: Lao here, with no raw keys, then back to English.
    await secretariat.locator(".lang-switcher select").selectOption("lo");
    await secretariat.locator("h1", { hasText: "ຊ່ອງຫວ່າງທຶນ" }).waitFor();
    expect(await rawKeys(secretariat)).toEqual([]);
    await secretariat.locator(".lang-switcher select").selectOption("en");
    await secretariat.locator("h1", { hasText: "Funding gap" }).waitFor();
  });

  it("links each mechanism to its annual report as a PDF", async () => {
    await secretariat.goto(`${server.url}/mechanisms/LMC`);
    const link = secretariat.getByTestId("annual-report-link");
    await link.waitFor();
    expect(await link.getAttribute("target")).toBe("_blank");
    const res = await secretariat.request.get(new URL((await link.getAttribute("href"))!, server.url).toString(), { timeout: 120_000 });
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
  });
});
