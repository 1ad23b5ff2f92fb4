import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountFor, englishPageAs, expectClean, launchBrowser, rawKeys, startServer, type Account, type Server } from "./support.js";

// Importing open data in the browser: the secretariat uploads the Netherlands foreign ministry's
// IATI file (13 activities, version 2.03) on /imports, watches the job end with its summary, and
// reads one imported project's IATI detail; then AidData's Mekong rows go in as plain CSV through a
// column mapping. The files are read where they lie, beside the repository.

const NL_MFA = fileURLToPath(new URL("../../shared/data/iati/iaticloud_example_203_file_NL-MFA.xml", import.meta.url));
const FILENAME = "iaticloud_example_203_file_NL-MFA.xml";
/** ICTJ 2013-2014: one sector, three transactions, a result with an indicator, a document link. */
const ACTIVITY = "NL-1-PPR-24706";
/** The AidData rows of the five Mekong countries, read as a plain CSV through a column mapping. */
const GCDF_MEKONG = fileURLToPath(new URL("../../shared/data/gcdf/gcdf2_final_df_mekong5_subset.csv", import.meta.url));
const CSV_MAPPING = {
  kind: "projects",
  columns: {
    code: "id",
    "title.en": "Title",
    lead: { column: "Funding Agencies", split: "|", actorType: "government" },
    countries: { column: "Recipient", map: { Cambodia: "KH", "Lao People's Democratic Republic": "LA", Myanmar: "MM", Thailand: "TH", "Viet Nam": "VN" } },
    budget: "Amount (Constant USD2017)",
    startDate: "Actual Implementation Start Date (MM/DD/YYYY)",
  },
  constants: { currency: "USD", source: "AidData, Global Chinese Development Finance Dataset, Version 2.0" },
};

let server: Server;
let browser: Browser;
const outside: string[] = [];

const account = (role: Account["role"]) => accountFor(server, role);
const pageAs = (who: Account): Promise<Page> => englishPageAs(browser, server, who, outside);

/** Uploads the IATI file through the form and waits for the job's summary. */
async function importNlMfa(page: Page) {
  await page.goto(`${server.url}/imports`);
  const form = page.getByTestId("import-form");
  await form.locator('select[name="kind"]').selectOption("iati");
  await form.locator('input[name="file"]').setInputFiles(NL_MFA);
  await form.getByRole("button", { name: "Upload and import" }).click();
  const job = page.getByTestId("import-job");
  await job.getByRole("heading", { name: new RegExp(`Import of ${FILENAME}`) }).waitFor();
  await job.getByTestId("import-summary").waitFor({ timeout: 120_000 });
  const fact = async (key: string) => (await job.getByTestId(`summary-${key}`).innerText()).trim();
  return { job, fact };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

describe("importing open data", () => {
  let secretariat: Page;

  it("shows the import page to the secretariat only", async () => {
    const officer = await pageAs(account("officer"));
    expect(await officer.locator("header nav").innerText()).not.toContain("Import data");
    await officer.goto(`${server.url}/imports`);
    await officer.getByRole("alert").filter({ hasText: "Only the secretariat and administrators import data." }).waitFor();
    expect(await officer.getByTestId("import-form").count()).toBe(0);
    await officer.context().close();

    secretariat = await pageAs(account("secretariat"));
    await secretariat.locator("header nav").getByRole("link", { name: "Import data" }).click();
    await secretariat.waitForURL("**/imports");
    await secretariat.getByTestId("import-form").waitFor();
    // Every kind the API takes is offered; the CSV kinds ask for a column mapping.
    const kinds = await secretariat.locator('select[name="kind"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(kinds).toEqual(["iati", "gcdf", "tfdd", "tfdd-rbo", "tfdd-treaties", "csv-actors", "csv-projects"]);
    await secretariat.locator('select[name="kind"]').selectOption("csv-projects");
    await secretariat.locator('textarea[name="mapping"]').waitFor();
    await secretariat.locator('select[name="kind"]').selectOption("gcdf");
    expect(await secretariat.locator('select[name="encoding"]').inputValue()).toBe("utf8");
    await secretariat.locator('select[name="kind"]').selectOption("tfdd");
    expect(await secretariat.locator('select[name="encoding"]').inputValue()).toBe("latin1");
    expect(await secretariat.locator('textarea[name="mapping"]').count()).toBe(0);
    // Nothing chosen: the form says so at the file field and sends nothing.
    await secretariat.getByRole("button", { name: "Upload and import" }).click();
    await secretariat.locator('.field:has(input[name="file"]) [data-field-error]').waitFor();
    const credits = await secretariat.locator(".credits").innerText();
    expect(credits).toContain("AidData, Global Chinese Development Finance Dataset, Version 2.0");
    expect(credits).toContain("ODC-By 1.0");
    expect(credits).toContain("Oregon State University");
    expect(credits).toContain("IATI");
    await expectClean(secretariat, "import page");
  });

  it("imports the 13 IATI activities of the Netherlands foreign ministry and lists the job", async () => {
    const { job, fact } = await importNlMfa(secretariat);
    expect(await fact("records")).toBe("13");
    expect(await fact("created")).toBe("13");
    expect(await fact("updated")).toBe("0");
    expect(await fact("unchanged")).toBe("0");
    expect(await fact("skipped")).toBe("0");
    // 3+12+5+6+3+3+6+4+4+14+2+4+6 <transaction> elements in the file, all kept.
    expect(await fact("transactions")).toBe("72");
    await job.locator(".badge", { hasText: "Done" }).waitFor();
    const row = secretariat.getByTestId("import-jobs").locator("tbody tr").first();
    await expect.poll(() => row.innerText()).toContain("Done");
    expect(await row.innerText()).toContain(FILENAME);
    expect(await row.innerText()).toContain("IATI activities (XML)");
    await expectClean(secretariat, "import summary");
  });

  it("shows an imported project's IATI detail: organisations, sector, transactions, result", async () => {
    await secretariat.goto(`${server.url}/projects/${ACTIVITY}`);
    const detail = secretariat.getByTestId("iati-detail");
    await detail.waitFor();
    expect(await detail.getByTestId("iati-identifier").innerText()).toBe(ACTIVITY);
    const facts = await detail.locator(".facts").first().innerText();
    expect(facts).toContain("Ministry of Foreign Affairs (DGIS) (XM-DAC-7)");
    expect(facts).toContain("Closed");
    expect(facts).toMatch(/Actual end\s+25 Jul 2016/);
    const orgs = await detail.getByTestId("iati-orgs").innerText();
    expect(orgs).toMatch(/ICTJ\s+Implementing/);
    expect(orgs).toContain("Funding");
    const sectors = await detail.getByTestId("iati-sectors").innerText();
    expect(sectors).toContain("Civilian peace-building, conflict prevention and resolution (15220)");
    expect(sectors).toContain("OECD DAC purpose code (5 digits)");
    const tx = detail.getByTestId("iati-transactions").locator("tbody tr");
    expect(await tx.count()).toBe(3);
    expect(await tx.nth(0).innerText()).toMatch(/1 Jan 2014\s+Outgoing commitment\s+Ministry of Foreign Affairs \(DGIS\) \(XM-DAC-7\)\s+ICTJ/);
    expect(await tx.nth(0).innerText()).toContain("€2,000,000");
    expect(await tx.nth(1).innerText()).toMatch(/8 Apr 2014\s+Disbursement/);
    expect(await tx.nth(1).innerText()).toContain("€1,500,000");
    expect(await detail.getByTestId("iati-recipients").innerText()).toContain("998");
    const result = await detail.getByTestId("iati-result").first().innerText();
    expect(result).toContain("Result title");
    expect(result).toContain("Output");
    expect(result).toContain("Indicator title");
    expect(result).toContain("Unit");
    expect(result).toMatch(/Baseline:\s*10 \(2012\)/);
    expect(await detail.getByTestId("iati-result").first().locator("tbody tr").first().innerText()).toMatch(/1 Jan 2013 – 31 Mar 2013\s+10\s+11/);
    await detail.getByTestId("iati-documents").getByRole("link", { name: `Activity web page for IATI activity ${ACTIVITY}` }).waitFor();
    await expectClean(secretariat, "imported project page");
    // Labels and the embedded codelists' names follow the reader's language.
    await secretariat.locator(".lang-switcher select").selectOption("th");
    await secretariat.waitForFunction(() => document.documentElement.lang === "th");
    await detail.getByRole("heading", { name: "กิจกรรม IATI" }).waitFor();
    expect(await detail.locator(".facts").first().innerText()).toContain("ปิดแล้ว");
    expect(await detail.getByTestId("iati-orgs").innerText()).toContain("ผู้ดำเนินการ");
    expect(await detail.getByTestId("iati-transactions").innerText()).toContain("ข้อผูกพันที่ให้");
    expect(await rawKeys(secretariat), "imported project page in Thai").toEqual([]);
    await secretariat.locator(".lang-switcher select").selectOption("en");
    await secretariat.waitForFunction(() => document.documentElement.lang === "en");
  });

  it("changes nothing when the same file is imported again", async () => {
    const { fact } = await importNlMfa(secretariat);
    expect(await fact("records")).toBe("13");
    expect(await fact("created")).toBe("0");
    expect(await fact("updated")).toBe("0");
    expect(await fact("unchanged")).toBe("13");
    await expect.poll(() => secretariat.getByTestId("import-jobs").locator("tbody tr").count()).toBe(2);
  });

  it("imports projects from a CSV file with a column mapping chosen as a file", async () => {
    await secretariat.goto(`${server.url}/imports`);
    const form = secretariat.getByTestId("import-form");
    await form.locator('select[name="kind"]').selectOption("csv-projects");
    // No encoding chosen: the mapping's own (UTF-8 when it names none) applies.
    expect(await form.locator('select[name="encoding"]').inputValue()).toBe("");
    await form.locator('input[name="file"]').setInputFiles(GCDF_MEKONG);
    await form.locator('input[name="mappingFile"]').setInputFiles({ name: "mapping.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(CSV_MAPPING)) });
    await expect.poll(() => form.locator('textarea[name="mapping"]').inputValue()).toContain('"Funding Agencies"');
    await form.getByRole("button", { name: "Upload and import" }).click();
    const job = secretariat.getByTestId("import-job");
    await job.getByTestId("import-summary").waitFor({ timeout: 120_000 });
    const fact = async (key: string) => (await job.getByTestId(`summary-${key}`).innerText()).trim();
    // 249 rows, each with an id, a title and funding agencies, in five recipients the mapping names.
    expect(await fact("records")).toBe("249");
    expect(await fact("created")).toBe("249");
    expect(await fact("skipped")).toBe("0");
    // The 17 distinct funding agencies (cells split on "|") become organisations.
    expect(await fact("orgs-created")).toBe("17");
    await secretariat.goto(`${server.url}/projects/34188`);
    await secretariat.getByRole("heading", { name: /Ha Bac Fertilizer Plant Upgrading and Renovation Project/ }).waitFor();
    expect(await secretariat.getByTestId("iati-detail").count()).toBe(0);
    await secretariat.context().close();
  });
});
