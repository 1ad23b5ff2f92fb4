import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, accountFor, englishPageAs, expectClean, launchBrowser, startServer, type Account, type Server } from "./support.js";

// Mechanisms side by side in the browser: the administrator imports the TFDD river basin
// organisations database through the API; an analyst opens /compare and finds seed 002 Table 4-1
// and the MRC scored from the TFDD data, changes a weight and sees the score follow; the
// secretariat enters the LMC's indicator values and sees the LMC scored.

const RBO_FILE = resolve(process.cwd(), "../shared/data/tfdd/TFDD_RBODatabase_20131015.csv");

let server: Server;
let browser: Browser;
const outside: string[] = [];
const account = (role: Account["role"]) => accountFor(server, role);

/** The API as one account (a session cookie), to set a scene without the browser. */
async function apiAs(who: Account) {
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: who.email, password: who.password }) });
  expect(signInRes.status).toBe(200);
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return (method: string, path: string, body?: BodyInit, contentType = "application/json") => fetch(`${server.url}/api/v1${path}`, { method, headers: { "content-type": contentType, origin: server.url, cookie }, body });
}

type Score = { overall: number | null; basis: string };

const overallShown = async (page: Page, who: "MRC" | "LMC") => Number(await page.getByTestId(`rbo-overall-${who}`).getAttribute("data-value"));

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const admin = await apiAs(account("admin"));
  const started = await admin("POST", "/imports?kind=tfdd-rbo&filename=TFDD_RBODatabase_20131015.csv", readFileSync(RBO_FILE), "text/csv");
  expect(started.status, await started.clone().text()).toBe(202);
  const { id } = (await started.json()) as { id: string };
  for (let i = 0; i < 240; i++) {
    const job = (await (await admin("GET", `/imports/${id}`)).json()) as { status: string };
    if (job.status !== "running") {
      expect(job.status).toBe("done");
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the TFDD RBO import did not finish");
}, 240_000);

/** Water events on the Mekong as the TFDD events import records them: a basin, two ISO3 countries, a BAR value. */
async function mekongWaterEvents() {
  const sec = await apiAs(account("secretariat"));
  const events: [string, number, string[]][] = [
    ["1996-04-05", 4, ["THA", "LAO"]],
    ["1998-07-01", -2, ["KHM", "VNM"]],
    ["2002-03-10", 0, ["LAO", "VNM"]],
  ];
  for (const [i, [date, barScale, countryCodes]] of events.entries()) {
    const res = await sec("POST", "/events", JSON.stringify({ code: `E2E-WATER-${i}`, kind: "water_event", date, title: { en: `Mekong water event ${i}` }, barScale, basinCode: "MEKO", countryCodes }));
    expect(res.status, await res.clone().text()).toBe(201);
  }
}

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

describe("mechanisms side by side", () => {
  it("shows Table 4-1 and the MRC scored from the TFDD data, and rescores when a weight changes", async () => {
    const page = await englishPageAs(browser, server, account("analyst"), outside);
    await mekongWaterEvents();
    await page.goto(`${server.url}/compare`);
    await page.getByRole("heading", { name: "Mechanisms side by side", level: 2 }).waitFor();

    // Seed 002 Table 4-1: NGOs in Viet Nam
    await page.getByTestId("table-4-1").waitFor();
    await page.getByText("Source: seed 002 Table 4-1", { exact: true }).waitFor();
    expect(await page.getByTestId("table-4-1-VN-LMC").innerText()).toBe("17");
    expect(await page.getByTestId("table-4-1-VN-LMI").innerText()).toBe("111");
    expect(await page.getByTestId("table-4-1-VN-MJC").innerText()).toBe("32");

    // The side-by-side table: the MRC's observers, the LMC's lead
    const side = page.getByTestId("side-by-side-table");
    await side.waitFor();
    expect(await page.getByTestId("side-members-MRC").innerText()).toContain("Observer");
    expect(await page.getByTestId("side-members-LMC").innerText()).toContain("Lead member");
    await page.getByTestId("side-shares-chart").locator("canvas").waitFor();

    // Exports: the figures as CSV in long form, a chart as a PNG image
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("side-csv").click()]);
    expect(csv.suggestedFilename()).toMatch(/^concord-compare-mechanisms-\d{8}\.csv$/);
    const lines = readFileSync(await csv.path(), "utf8").split("\r\n");
    expect(lines[0]).toBe("mechanism,measure,key,value");
    expect(lines).toContain("MRC,members_by_role,observer,2");
    const [png] = await Promise.all([page.waitForEvent("download"), page.getByTestId("side-shares-chart-png").click()]);
    expect(png.suggestedFilename()).toBe("concord-participant-shares.png");
    expect(readFileSync(await png.path()).subarray(1, 4).toString("latin1")).toBe("PNG");

    // Water events of the MRC (its TFDD organisation's basin, the Mekong) per five years
    const water = page.getByTestId("side-water");
    await water.getByLabel("Mechanism").selectOption("MRC");
    await water.getByRole("table", { name: "Water events of MRC per five years" }).waitFor();
    const rows = await page.getByTestId("side-water-table").locator("tbody tr").allInnerTexts();
    expect(rows.map((r) => r.split("\t"))).toEqual([
      ["1995-1999", "2", "1", "0", "1", "1.000"],
      ["2000-2004", "1", "0", "1", "0", "0.000"],
    ]);
    await page.getByTestId("side-water-chart").locator("canvas").waitFor();

    // The MRC's overall score is the API's
    const api = await apiAs(account("analyst"));
    const mrc = (await (await api("GET", "/compare/rbo/assessments/MRC/score")).json()) as Score;
    expect(mrc.basis).toBe("tfdd");
    await page.getByTestId("rbo-mrc-source").getByText("Mekong River Commission", { exact: false }).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="rbo-overall-MRC"]')?.getAttribute("data-value") !== "");
    expect(await overallShown(page, "MRC")).toBeCloseTo(mrc.overall!, 12);
    expect(await page.getByTestId("rbo-overall-MRC").innerText()).toBe(mrc.overall!.toFixed(3));
    await expectClean(page, "comparison page");
    await page.getByTestId("side-by-side").screenshot({ path: join(ARTIFACTS, "compare-side-by-side.png") });

    // Weigh governance three times: the score follows, as the API scores it
    await page.getByTestId("rbo-level-weight-governance").fill("3");
    const expected = (await (await api("POST", "/compare/rbo/score", JSON.stringify({ organisation: "MRCX", weights: { levels: { governance: 3 } } }))).json()) as Score;
    expect(expected.overall).not.toBeCloseTo(mrc.overall!, 3);
    await page.getByTestId("rbo-overall-MRC").filter({ hasText: expected.overall!.toFixed(3) }).waitFor();
    expect(await overallShown(page, "MRC")).toBeCloseTo(expected.overall!, 12);
    // An indicator's weight too
    await page.getByLabel("Weight of Binding decisions").fill("0");
    await page.waitForFunction((before) => document.querySelector('[data-testid="rbo-overall-MRC"]')?.getAttribute("data-value") !== String(before), expected.overall);
    expect(await overallShown(page, "MRC")).toBeGreaterThan(expected.overall!);
    // Analysts read the LMC's values; they may not enter them
    expect(await page.getByTestId("rbo-lmc-form").count()).toBe(0);
  });

  it("lets the secretariat enter the LMC's values and shows the LMC's score", async () => {
    const page = await englishPageAs(browser, server, account("secretariat"), outside);
    await page.goto(`${server.url}/compare`);
    const form = page.getByTestId("rbo-lmc-form");
    await form.waitFor();
    await page.getByTestId("rbo-lmc-source").getByText("No values have been entered for the LMC yet.").waitFor();
    const values: Record<string, string> = { INT_TREATY: "0", INT_MULTILATERAL: "1", INT_INCLUSIVE: "1", INS_SECRETARIAT: "1", INS_FUNDING: "1", GOV_ISSUES: "1", GOV_PUBLIC: "0.5" };
    for (const [code, v] of Object.entries(values)) await page.getByTestId(`rbo-lmc-value-${code}`).fill(v);
    // A value out of range is refused before it is sent
    await page.getByTestId("rbo-lmc-value-GOV_MONITORING").fill("2");
    await form.getByRole("alert").getByText("between 0 and 1", { exact: false }).waitFor();
    expect(await page.getByTestId("rbo-lmc-save").isDisabled()).toBe(true);
    await page.getByTestId("rbo-lmc-value-GOV_MONITORING").fill("");
    await page.getByLabel("Source of the LMC's values").fill("LMC Sanya Declaration (2016), seed 002 §3.3");
    await page.getByTestId("rbo-lmc-save").click();
    await form.getByText("The LMC's values are saved.").waitFor();
    await page.getByTestId("rbo-lmc-source").getByText("Source: LMC Sanya Declaration (2016), seed 002 §3.3").waitFor();

    const api = await apiAs(account("secretariat"));
    const lmc = (await (await api("GET", "/compare/rbo/assessments/LMC/score")).json()) as Score;
    expect(lmc).toMatchObject({ basis: "assessment" });
    await page.getByTestId("rbo-overall-LMC").filter({ hasText: lmc.overall!.toFixed(3) }).waitFor();
    expect(await overallShown(page, "LMC")).toBeCloseTo(lmc.overall!, 12);
    await expectClean(page, "comparison page, secretariat");
    await page.getByTestId("rbo-section").screenshot({ path: join(ARTIFACTS, "compare-rbo-lmc.png") });

    // Others now read the values the secretariat entered
    const analyst = await englishPageAs(browser, server, account("analyst"), outside);
    await analyst.goto(`${server.url}/compare`);
    await analyst.getByTestId("rbo-lmc-source").getByText("Source: LMC Sanya Declaration (2016), seed 002 §3.3").waitFor();
    expect(await analyst.getByTestId("rbo-row-GOV_PUBLIC").innerText()).toContain("0.500");
  });
});
