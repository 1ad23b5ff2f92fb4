import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, accountFor, englishPageAs, expectClean, launchBrowser, newContext, startServer, type Account, type Server } from "./support.js";

// Going out together in the browser: the Boten Special Economic Zone needs capital and talent; a
// bank, a logistics company and a university offer some of it (posted by the secretariat through
// the API, beside the demo's sample postings). Yunnan's officer posts an offer through the form and
// closes it again. The zone's capital need lists its ranked offers with the reasons; the secretariat
// drafts an application from one of them; the zone's partner groups are shown as the API proposes
// them; the pages read cleanly in Thai and Chinese, and the public is refused.

let server: Server;
let browser: Browser;
const outside: string[] = [];
const account = (role: Account["role"]) => accountFor(server, role);
const pageAs = (who: Account): Promise<Page> => englishPageAs(browser, server, who, outside);

const CALL = "PARTNERS-E2E-CALL";
const CAPITAL_NEED = "Capital for the Boten logistics park";
const TALENT_NEED = "Technicians for the Boten logistics park";
let capitalNeed = "";

/** The API as one account (a session cookie), to set a scene without the browser. */
async function apiAs(who: Account) {
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: who.email, password: who.password }) });
  expect(signInRes.status).toBe(200);
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1${path}`, { method, headers: { "content-type": "application/json", origin: server.url, cookie }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function scene() {
  const sec = await apiAs(account("secretariat"));
  const post = async (body: Record<string, unknown>) => {
    const res = await sec("POST", "/postings", body);
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const window = { validFrom: "2026-01-01", validTo: "2028-12-31" };
  capitalNeed = await post({ actor: "la-boten", kind: "need", factor: "capital", title: { en: CAPITAL_NEED }, sector: "25010", places: ["la-boten"], size: 2_000_000, unit: "USD", ...window });
  await post({ actor: "la-boten", kind: "need", factor: "talent", title: { en: TALENT_NEED }, places: ["la-boten"], size: 50, unit: "people", ...window });
  await post({ actor: "sample-yn-logistics", kind: "offer", factor: "capital", title: { en: "Co-investment in cross-border warehousing" }, sector: "25010", places: ["la-boten", "cn-mohan"], size: 500_000, unit: "USD", ...window });
  await post({ actor: "sample-mekong-bank", kind: "offer", factor: "capital", title: { en: "Trade finance for Lao special zones" }, sector: "24030", places: ["la"], size: 1_500_000, unit: "USD", validFrom: "2026-06-01", validTo: "2029-12-31" });
  await post({ actor: "yufe", kind: "offer", factor: "talent", title: { en: "Logistics graduates for placements" }, places: ["la"], size: 40, unit: "people", ...window });
  // An open call to draft an application to.
  const now = Date.now();
  const call = await sec("POST", "/calls", {
    code: CALL,
    mechanism: "LMC",
    fund: { en: "LMC Special Fund" },
    title: { en: "Going out together: joint investment in special zones" },
    opensAt: new Date(now - 86_400_000).toISOString(),
    closesAt: new Date(now + 30 * 86_400_000).toISOString(),
    ceiling: "5000000.00",
    rubric: [{ code: "relevance", name: { en: "Relevance" }, weight: 1, min: 0, max: 5 }],
  });
  expect(call.status, await call.clone().text()).toBe(201);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await scene();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

describe("partner matching", () => {
  it("lets an officer post an offer through the form, with field errors first", async () => {
    const officer = await pageAs(account("officer"));
    await officer.goto(`${server.url}/partners`);
    const list = officer.getByTestId("postings");
    await list.waitFor();
    // The demo's sample postings are there too; the text search finds the zone's two needs posted above.
    await officer.getByLabel("Search the titles and descriptions").fill("Boten logistics park");
    await expect.poll(() => list.locator("tbody tr").count()).toBe(2);
    expect(await list.locator('tbody tr[data-kind="need"]').count()).toBe(2);
    expect(await list.innerText()).toContain("Boten Special Economic Zone");
    await expectClean(officer, "partners page");
    // One organisation's postings.
    await officer.getByLabel("Search the titles and descriptions").fill("");
    await officer.getByLabel("Organisation").first().fill("yufe");
    await expect.poll(() => list.locator("tbody tr").count()).toBe(1);
    expect(await list.locator("tbody tr").innerText()).toContain("Logistics graduates for placements");

    const form = officer.getByTestId("posting-form");
    expect(await form.getByTestId("posting-for").innerText()).toBe("Posting for: Yunnan Province (cn-yunnan)");
    await form.getByRole("button", { name: "Post", exact: true }).click();
    expect(await form.locator("[data-field-error]").first().innerText()).toBe("This field is required.");
    await form.getByLabel("Offer or need").selectOption("offer");
    await form.getByLabel("Factor").selectOption("talent");
    // Talent is not counted in dollars: the suggested unit goes.
    expect(await form.getByLabel("Unit").inputValue()).toBe("");
    await form.getByLabel("Title in English").fill("Yunnan trainers for zone technicians");
    await form.getByLabel("Place 1 (code)").fill("la-boten");
    await form.getByLabel("Size").fill("20");
    await form.getByLabel("Unit").fill("people");
    await form.getByLabel("From", { exact: true }).fill("2027-01-01");
    await form.getByLabel("Until").fill("2027-12-31");
    await form.getByRole("button", { name: "Post", exact: true }).click();
    await officer.waitForURL(/\/partners\/[0-9a-f-]{36}$/);
    const details = officer.getByTestId("posting-details");
    await details.waitFor();
    expect(await officer.getByRole("heading", { level: 1 }).innerText()).toBe("Yunnan trainers for zone technicians");
    expect(await details.innerText()).toContain("Talent");
    expect(await details.innerText()).toContain("la-boten");
    await expectClean(officer, "an offer's page");
    // Its owner edits it: the form comes filled in, and the page shows the change.
    await officer.getByRole("button", { name: "Edit" }).click();
    const edit = officer.locator('form[aria-label="Edit this posting"]');
    expect(await edit.getByLabel("Title in English").inputValue()).toBe("Yunnan trainers for zone technicians");
    await edit.getByLabel("Size").fill("25");
    await expectClean(officer, "editing an offer");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => details.innerText()).toContain("25 people");
    expect(await edit.count()).toBe(0);
    // Its owner closes it (a PATCH with If-Match of the version read): it leaves the open list.
    await officer.getByRole("button", { name: "Close this posting" }).click();
    await expect.poll(() => officer.getByTestId("posting-status").innerText()).toBe("Closed");
    expect(await officer.getByRole("button", { name: "Close this posting" }).count()).toBe(0);
  }, 120_000);

  it("shows a need's ranked offers with the reasons, and filters the list", async () => {
    const officer = await pageAs(account("officer"));
    await officer.goto(`${server.url}/partners`);
    await officer.getByLabel("Offer or need").first().selectOption("need");
    await officer.getByLabel("Factor").first().selectOption("capital");
    await officer.getByLabel("Search the titles and descriptions").fill("logistics park");
    const list = officer.getByTestId("postings");
    await expect.poll(() => list.locator("tbody tr").count()).toBe(1);
    await list.getByRole("link", { name: CAPITAL_NEED }).click();
    await officer.waitForURL(`**/partners/${capitalNeed}`);
    const matches = officer.getByTestId("match");
    await matches.first().waitFor();
    // Both capital offers posted above are ranked (among the demo's), best first, as the API ranks them.
    const api = (await (await (await apiAs(account("officer")))("GET", `/postings/${capitalNeed}/matches?limit=20`)).json()) as { items: { offer: { title: { en: string } }; score: number }[] };
    expect(await matches.count()).toBe(api.items.length);
    const shown = await officer.getByTestId("match-score").allInnerTexts();
    expect(shown).toEqual(api.items.map((m) => `${Math.round(m.score * 100)}%`));
    const scores = api.items.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const warehousing = matches.filter({ hasText: "Co-investment in cross-border warehousing" });
    expect(await warehousing.count()).toBe(1);
    expect(await matches.filter({ hasText: "Trade finance for Lao special zones" }).count()).toBe(1);
    const reasons = warehousing.getByTestId("match-reasons");
    expect(await reasons.locator('tr[data-reason="place"] th').innerText()).toBe("Shared place");
    expect(await reasons.locator('tr[data-reason="complement"] td').last().innerText()).toBe("Enterprise");
    expect(await reasons.locator('tr[data-reason="sector"] td').nth(1).innerText()).toBe("25%");
    // A yunnan officer cannot apply for Boten: no draft button.
    expect(await officer.getByRole("button", { name: /Draft an application/ }).count()).toBe(0);
    expect(await officer.locator("main").innerText()).toContain("Only the organisation with this need, or the secretariat, can draft an application from a match.");
    mkdirSync(ARTIFACTS, { recursive: true });
    await officer.screenshot({ path: join(ARTIFACTS, "partners-need.png"), fullPage: true });
    await expectClean(officer, "a need's matches");

    await officer.locator(".lang-switcher select").selectOption("th");
    await officer.waitForFunction(() => document.documentElement.lang === "th");
    await officer.getByRole("heading", { name: "อันดับข้อเสนอที่เติมเต็มความต้องการนี้" }).waitFor();
    await expectClean(officer, "a need's matches in Thai");
    await officer.locator(".lang-switcher select").selectOption("en");
    await officer.waitForFunction(() => document.documentElement.lang === "en");

    // From a ranked offer to the needs it could meet: the same score, seen from the other side.
    const score = await warehousing.getByTestId("match-score").innerText();
    await warehousing.getByRole("link", { name: "Co-investment in cross-border warehousing" }).click();
    await officer.getByRole("heading", { name: "Needs this offer could meet" }).waitFor();
    const back = officer.getByTestId("need-match").filter({ hasText: CAPITAL_NEED });
    await back.waitFor();
    expect(await back.getByTestId("match-score").innerText()).toBe(score);
    await expectClean(officer, "an offer's needs");
  }, 120_000);

  it("drafts an application from a match and lands on it", async () => {
    const sec = await pageAs(account("secretariat"));
    // Staff post for any organisation; one the API does not know is named beside its field.
    await sec.goto(`${server.url}/partners`);
    const post = sec.getByTestId("posting-form");
    await post.getByLabel("Organisation").fill("no-such-org");
    await post.getByLabel("Title in English").fill("A posting for nobody");
    await post.getByRole("button", { name: "Post", exact: true }).click();
    const orgError = post.locator(".field.has-error", { has: sec.getByLabel("Organisation") }).locator("[data-field-error]");
    await orgError.waitFor();
    expect(await orgError.innerText()).toBe('No organisation "no-such-org" exists.');
    expect(await post.getByTestId("form-errors").innerText()).toBe("Please correct the fields marked below.");
    await expectClean(sec, "a refused posting");

    await sec.goto(`${server.url}/partners/${capitalNeed}`);
    await sec.getByTestId("match").filter({ hasText: "Co-investment in cross-border warehousing" }).getByRole("button", { name: /^Draft an application with match \d+$/ }).click();
    const form = sec.getByTestId("draft-form");
    await form.getByLabel("Open call").selectOption(CALL);
    // A capital need in dollars suggests its own size.
    expect(await form.getByLabel("Amount requested").inputValue()).toBe("2000000");
    await expectClean(sec, "drafting from a match");
    await form.getByRole("button", { name: "Create the draft" }).click();
    await sec.waitForURL(new RegExp(`/applications/${CALL}-[A-Z0-9]+$`));
    await sec.getByRole("heading", { name: CAPITAL_NEED }).waitFor();
    // The parties load after the heading.
    await expect.poll(() => sec.locator("main").innerText()).toContain("Boten Special Economic Zone");
  }, 120_000);

  it("proposes groups that go out together to Boten, in Chinese too", async () => {
    const officer = await pageAs(account("officer"));
    await officer.goto(`${server.url}/partners`);
    await officer.getByLabel("Designated zone").selectOption("la-boten");
    const groups = officer.getByTestId("zone-groups");
    await groups.waitFor();
    type Groups = { needs: { factor: string }[]; candidates: number; groups: { members: { code: string }[]; coverage: Record<string, number>; complete: boolean }[] };
    const api = (await (await (await apiAs(account("officer")))("GET", "/zones/la-boten/partner-groups")).json()) as Groups;
    const needs = await officer.getByTestId("zone-needs").locator("tbody th").allInnerTexts();
    expect(needs).toEqual(expect.arrayContaining(["Capital", "Talent"]));
    expect(needs.length).toBe(api.needs.length);
    expect(await officer.getByTestId("zone-candidates").innerText()).toBe(`Organisations offering something the zone needs: ${api.candidates}`);
    const shown = officer.getByTestId("partner-group");
    expect(await shown.count()).toBe(api.groups.length);
    const best = shown.first();
    expect(await best.getAttribute("data-complete")).toBe(String(api.groups[0]!.complete));
    expect(await best.innerText()).toContain(api.groups[0]!.complete ? "Covers every need" : "Partial cover");
    expect(await best.getByTestId("coverage-value").allInnerTexts()).toEqual(api.needs.map((n) => `${Math.round((api.groups[0]!.coverage[n.factor] ?? 0) * 100)}%`));
    // The offers posted above bring capital and talent: their organisations are candidates the groups draw on.
    const members = api.groups.flatMap((g) => g.members.map((m) => m.code));
    expect(members.some((m) => ["sample-yn-logistics", "sample-mekong-bank", "yufe"].includes(m))).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await officer.screenshot({ path: join(ARTIFACTS, "partners.png"), fullPage: true });

    // One member per group cannot cover four factors: the best single organisation, a partial cover.
    await officer.getByLabel("Most members in a group").fill("1");
    const single = (await (await (await apiAs(account("officer")))("GET", "/zones/la-boten/partner-groups?maxMembers=1")).json()) as Groups;
    await expect.poll(async () => (await best.locator("tbody").first().locator("tr").count())).toBe(1);
    expect(await best.getAttribute("data-complete")).toBe(String(single.groups[0]!.complete));
    expect(await best.getByTestId("coverage-value").allInnerTexts()).toEqual(single.needs.map((n) => `${Math.round((single.groups[0]!.coverage[n.factor] ?? 0) * 100)}%`));
    await expectClean(officer, "zone groups");

    await officer.locator(".lang-switcher select").selectOption("zh");
    await officer.waitForFunction(() => document.documentElement.lang === "zh");
    await officer.getByRole("heading", { name: "抱团前往指定园区" }).waitFor();
    expect(await best.innerText()).toContain(single.groups[0]!.complete ? "覆盖全部需求" : "部分覆盖");
    await expectClean(officer, "zone groups in Chinese");
    await officer.locator(".lang-switcher select").selectOption("en");
    await officer.waitForFunction(() => document.documentElement.lang === "en");
  }, 120_000);

  it("refuses the public", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${server.url}/partners`);
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/sign in/i);
    expect((await fetch(`${server.url}/api/v1/postings`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/postings/${capitalNeed}/matches`)).status).toBe(401);
  });
});
