import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, axeViolations, fontsUsed, forbidOutsideRequests, launchBrowser, newContext, rawKeys, signIn, startServer, type Account, type Server } from "./support.js";

const LANGS = ["en", "zh", "lo", "th", "vi", "km", "my"] as const;
/** The Noto family that must draw each script (Debian's fonts-noto-core and fonts-noto-cjk). */
const SCRIPT_FONT: Partial<Record<(typeof LANGS)[number], RegExp>> = { zh: /Noto Sans CJK|Noto Serif CJK/, lo: /Noto Sans Lao|Noto Serif Lao/, th: /Noto Sans Thai|Noto Serif Thai|Noto Looped Thai/, km: /Noto Sans Khmer|Noto Serif Khmer/, my: /Noto Sans Myanmar|Noto Serif Myanmar/ };

/** A word of each language's navigation, to prove the switch took effect. */
const PROJECTS_IN = { en: "Projects", zh: "项目", lo: "ໂຄງການ", th: "โครงการ", vi: "Dự án", km: "គម្រោង", my: "စီမံကိန်းများ" } as const;

const ROLE_LABEL = { admin: "Administrator", secretariat: "Secretariat officer", officer: "Local-government officer", reviewer: "Reviewer", analyst: "Analyst" } as const;

let server: Server;
let browser: Browser;
const outside: string[] = [];

const account = (role: Account["role"]) => {
  const a = server.accounts.find((x) => x.role === role);
  if (!a) throw new Error(`no demo account for ${role}`);
  return a;
};

async function openPage(opts: { locale?: string } = {}): Promise<Page> {
  const context = await newContext(browser, opts);
  const page = await context.newPage();
  forbidOutsideRequests(page, server.url, outside);
  return page;
}

async function expectAccessible(page: Page, what: string) {
  expect(await axeViolations(page), what).toEqual([]);
}

/** Switches language with the switcher every page has, and waits until the page speaks it. */
async function switchTo(page: Page, lang: (typeof LANGS)[number]) {
  await page.locator(".lang-switcher select").selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await expect.poll(() => page.locator("header nav").innerText()).toContain(PROJECTS_IN[lang]);
}

/** A signed-in user reads in the language saved to the account; these checks read English labels. */
async function ensureEnglish(page: Page) {
  if ((await page.evaluate(() => document.documentElement.lang)) !== "en") await switchTo(page, "en");
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  expect(server.accounts.map((a) => a.role).sort()).toEqual(["admin", "analyst", "officer", "reviewer", "secretariat"]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  // Nothing may be fetched from another host: fonts, map boundaries and scripts are all local.
  expect(outside).toEqual([]);
});

describe("public portal", () => {
  it("shows approved public projects, mechanisms and events without signing in, and nothing restricted", async () => {
    const page = await openPage();
    await page.goto(server.url);
    await page.locator("#portal-projects").waitFor();
    await page.locator(".card a").first().waitFor();
    const nav = await page.locator("header nav").innerText();
    expect(nav).not.toContain("Dashboard");
    expect(nav).not.toContain("Actors");
    await expect.poll(() => page.locator("text=Sign in").count()).toBeGreaterThan(0);
    await expectAccessible(page, "portal");

    // The list shows exactly what the API gives the public: approved-or-later public projects.
    await page.goto(`${server.url}/projects`);
    await page.getByTestId("project-count").waitFor();
    const api = (await (await page.request.get(`${server.url}/api/v1/projects?limit=500`)).json()) as { total: number; items: { status: string; visibility: string }[] };
    expect(api.items.every((p) => p.visibility === "public" && ["approved", "active", "suspended", "completed"].includes(p.status))).toBe(true);
    const statuses = await page.locator("tbody .badge[class*='status-']").allInnerTexts();
    for (const s of statuses) expect(["Approved", "Under way", "Suspended", "Completed"]).toContain(s);
    await expectAccessible(page, "public project list");

    await page.goto(`${server.url}/mechanisms`);
    await page.locator(".card-title a").first().click();
    await page.locator("#framework").waitFor();
    await page.locator("#timeline").waitFor();
    await expectAccessible(page, "mechanism page");

    await page.goto(`${server.url}/events`);
    await page.locator("tbody tr").first().waitFor();
    // The create form is closed to the public.
    await page.goto(`${server.url}/projects/new`);
    await page.getByRole("alert").waitFor();
    expect(await page.locator("form.project-form").count()).toBe(0);
    await page.context().close();
  });

  it("chooses the browser's language on a first visit and remembers a change", async () => {
    const page = await openPage({ locale: "th-TH" });
    await page.goto(server.url);
    await page.waitForFunction(() => document.documentElement.lang === "th");
    expect(await page.locator("header nav").innerText()).toContain(PROJECTS_IN.th);
    await switchTo(page, "vi");
    await page.reload();
    await page.waitForFunction(() => document.documentElement.lang === "vi");
    expect(await page.locator("header nav").innerText()).toContain(PROJECTS_IN.vi);
    await page.context().close();
  });
});

describe("sign-in and navigation by role", () => {
  const expected: Record<Account["role"], { sees: string[]; not: string[] }> = {
    admin: { sees: ["Dashboard", "Projects", "Propose a project", "Mechanisms", "Actors", "Events"], not: ["Public portal"] },
    secretariat: { sees: ["Dashboard", "Propose a project", "Actors"], not: ["Public portal"] },
    officer: { sees: ["Dashboard", "Propose a project", "Actors"], not: ["Public portal"] },
    reviewer: { sees: ["Projects", "Mechanisms", "Actors"], not: ["Dashboard", "Propose a project"] },
    analyst: { sees: ["Dashboard", "Projects", "Actors"], not: ["Propose a project"] },
  };

  it.each(Object.keys(expected) as Account["role"][])("%s signs in, sees its navigation and who it is, and signs out", async (role) => {
    const page = await openPage();
    const a = account(role);
    await signIn(page, server.url, a);
    await ensureEnglish(page);
    const who = await page.getByTestId("who-am-i").innerText();
    expect(who).toContain(ROLE_LABEL[role]);
    const nav = await page.locator("header nav").innerText();
    for (const s of expected[role].sees) expect(nav, `${role} sees ${s}`).toContain(s);
    for (const s of expected[role].not) expect(nav, `${role} does not see ${s}`).not.toContain(s);
    const me = (await (await page.request.get(`${server.url}/api/v1/me`)).json()) as { role: string; email: string };
    expect(me).toMatchObject({ role, email: a.email });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.locator("text=Sign in").first().waitFor();
    expect((await page.request.get(`${server.url}/api/v1/me`)).status()).toBe(401);
    await page.context().close();
  });

  it("shows the server's message when the password is wrong, keeping the e-mail typed", async () => {
    const page = await openPage();
    await page.goto(`${server.url}/sign-in`);
    await page.locator('input[name="email"]').fill("analyst@concord.demo");
    await page.locator('input[name="password"]').fill("not the password");
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.getByRole("alert").innerText()).toMatch(/wrong/i);
    expect(await page.locator('input[name="email"]').inputValue()).toBe("analyst@concord.demo");
    await expectAccessible(page, "sign-in");
    await page.context().close();
  });
});

describe("workspace in seven languages", () => {
  it("reads the dashboard and a project in every language with no raw keys, and keeps the choice for the user", async () => {
    const page = await openPage();
    await signIn(page, server.url, account("secretariat"));
    await page.waitForURL(/\/dashboard/);
    await ensureEnglish(page);
    await page.getByTestId("kpi-projects").waitFor();
    await page.locator(".chart canvas").first().waitFor();
    await page.locator(".chart.map canvas").waitFor();
    await expectAccessible(page, "dashboard");
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-en.png"), fullPage: true });

    for (const lang of LANGS) {
      await switchTo(page, lang);
      await page.getByTestId("kpi-projects").waitFor();
      expect(await rawKeys(page), `dashboard in ${lang}`).toEqual([]);
      // The heading is drawn with the script's own font, not fallback boxes.
      const fonts = await fontsUsed(page, "main h1");
      const script = SCRIPT_FONT[lang];
      if (script) expect(fonts.some((f) => script.test(f)), `${lang} heading drawn with ${fonts.join(", ")}`).toBe(true);
      if (lang === "lo") {
        await page.locator(".chart.map canvas").waitFor();
        await page.screenshot({ path: join(ARTIFACTS, "dashboard-lo.png"), fullPage: true });
      }
    }
    // The last choice is saved to the account.
    await expect.poll(async () => ((await (await page.request.get(`${server.url}/api/v1/me`)).json()) as { locale: string }).locale).toBe("my");

    // Every figure links to its list: the first pillar's count opens the filtered project list.
    await switchTo(page, "en");
    const link = page.locator("[data-testid='panel-byCountry'] tbody a").first();
    await link.click();
    await page.waitForURL(/\/projects\?.*country=/);
    await page.getByTestId("project-count").waitFor();
    await expectAccessible(page, "filtered project list");

    await page.locator("tbody a").first().click();
    await page.locator("#parties").waitFor();
    await page.locator("#phases").waitFor();
    await expectAccessible(page, "project page");
    for (const lang of LANGS) {
      await switchTo(page, lang);
      await page.locator("#parties").waitFor();
      expect(await rawKeys(page), `project page in ${lang}`).toEqual([]);
      // Dates are written in the language too, even where the browser has no Intl data for it.
      if (lang !== "en") expect(await page.locator(".facts").innerText(), `dates in ${lang}`).not.toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/);
    }
    await switchTo(page, "en");

    await page.goto(`${server.url}/actors`);
    // The hierarchy opens level by level: China contains its provinces.
    await page.locator(".tree > li", { has: page.locator('a[href="/actors/cn"]') }).locator(".toggle").first().click();
    await page.locator('.tree .tree a[href="/actors/cn-yunnan"]').waitFor();
    await expectAccessible(page, "actors");
    await page.context().close();
  });
});

describe("proposing a project", () => {
  it("validates while typing, shows the server's message at the field, keeps what was typed, then creates it", async () => {
    const page = await openPage();
    await signIn(page, server.url, account("officer"));
    await ensureEnglish(page);
    await page.goto(`${server.url}/projects/new`);
    const form = page.locator("form.project-form");
    await form.waitFor();
    await expectAccessible(page, "project form");
    const title = `Border clinic exchange ${Date.now().toString(36)}`;
    const field = (name: string) => form.locator(`[name="${name}"]`);
    const errorOf = (name: string) => form.locator(`.field:has([name="${name}"]) .field-error`);

    // Live validation, before any submit.
    await field("budget").fill("12,5");
    await expect.poll(() => errorOf("budget").innerText()).toMatch(/amount/i);
    await field("budget").fill("480000.00");
    await expect.poll(() => errorOf("budget").count()).toBe(0);
    await field("startDate").fill("2027-03-01");
    await field("endDate").fill("2026-01-01");
    await expect.poll(() => errorOf("endDate").innerText()).toMatch(/end date/i);
    await field("endDate").fill("2028-12-31");

    await field("titleEn").fill(title);
    expect(await field("lead").inputValue()).toBe("cn-yunnan");
    await field("partner-0").fill("atlantis-ministry");

    // The server refuses the unknown partner; its message sits next to that field.
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => errorOf("partner-0").innerText(), { timeout: 30_000 }).toMatch(/No organisation .atlantis-ministry. exists/);
    expect(await field("titleEn").inputValue()).toBe(title);
    expect(await field("budget").inputValue()).toBe("480000.00");
    expect(await field("startDate").inputValue()).toBe("2027-03-01");
    expect(await field("partner-0").inputValue()).toBe("atlantis-ministry");
    await expectAccessible(page, "project form with errors");

    await field("partner-0").fill("la");
    await form.locator('button[type="submit"]').click();
    await page.waitForURL(/\/projects\/(?!new)[^/]+$/);
    await expect.poll(() => page.locator("h1").innerText()).toBe(title);
    expect(await page.locator("#parties").count()).toBe(1);
    await page.context().close();
  });
});

describe("water events", () => {
  it("shows imported TFDD water events with their BAR value, the scale's legend and the chart, by basin", async () => {
    const page = await openPage();
    await signIn(page, server.url, account("admin"));
    await ensureEnglish(page);
    // The real International Water Events sample, read from ../shared/data and imported through the API.
    const file = join(process.cwd(), "../shared/data/tfdd/EventMaster_sample_DANU_NILE_INDU.csv");
    const res = await page.request.post(`${server.url}/api/v1/imports?kind=tfdd&filename=EventMaster_sample_DANU_NILE_INDU.csv`, { data: readFileSync(file), headers: { "content-type": "text/csv" } });
    expect(res.status()).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await expect.poll(async () => ((await (await page.request.get(`${server.url}/api/v1/imports/${id}`)).json()) as { status: string }).status, { timeout: 60_000 }).toBe("done");

    await page.goto(`${server.url}/events?basin=NILE`);
    const rows = page.locator('tbody tr[data-kind="water_event"]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(123);
    // Newest first: 21 May 1966, Egypt and Sudan's joint technical committee, BAR +1.
    expect(await rows.first().innerText()).toContain("Egypt meets with Sudan joint technical committee");
    expect(await rows.first().locator("[data-bar]").innerText()).toBe("+1");
    expect(await rows.first().locator("[data-bar]").getAttribute("title")).toBe("BAR +1: Minor official exchanges, talks or policy statements; mild verbal support");
    await page.getByTestId("bar-legend").waitFor();
    await page.getByTestId("bar-intensity-chart").waitFor();
    expect(await page.getByTestId("basin-select").inputValue()).toBe("NILE");
    await expectAccessible(page, "water events of the Nile");
    await page.context().close();
  });
});
