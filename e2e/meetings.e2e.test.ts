import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountFor, englishPageAs, expectClean, launchBrowser, startServer, type Account, type Server } from "./support.js";

// Meetings and their diplomatic track in the browser: the reference forums carry the track their
// participants give them, the secretariat overrides one with a reason, and an officer records a
// border consultation whose track changes as participants are added.

let server: Server;
let browser: Browser;
const outside: string[] = [];

const account = (role: Account["role"]) => accountFor(server, role);
const pageAs = (who: Account): Promise<Page> => englishPageAs(browser, server, who, outside);
const trackOf = (page: Page, code: string) => page.locator(`tr[data-code="${code}"] [data-testid="track"]`);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

describe("meetings and their diplomatic track", () => {
  it("lists the water forum as Track III and the governors' forums as Track I, and filters by track", async () => {
    const page = await pageAs(account("analyst"));
    await page.goto(`${server.url}/events`);
    await trackOf(page, "LMC-2018-WATER-FORUM").waitFor();
    expect((await trackOf(page, "LMC-2018-WATER-FORUM").innerText()).trim()).toBe("Track III");
    expect((await trackOf(page, "GMS-2018-GOVERNORS").innerText()).trim()).toBe("Track I");
    expect((await trackOf(page, "GMS-2019-GOVERNORS").innerText()).trim()).toBe("Track I");
    await page.getByTestId("track-select").selectOption("III");
    // The filtered page loads anew: wait for the governors' forum to go and the water forum to come back.
    await page.locator('tr[data-code="GMS-2018-GOVERNORS"]').waitFor({ state: "detached" });
    await page.locator('tr[data-code="LMC-2018-WATER-FORUM"]').waitFor();
    for (const cell of await page.locator('[data-testid="track"]').allInnerTexts()) expect(cell.trim()).toMatch(/^Track III\*?$/);
    await expectClean(page, "events filtered by track");

    await page.locator('tr[data-code="LMC-2018-WATER-FORUM"]').getByRole("link").click();
    await page.waitForURL("**/events/LMC-2018-WATER-FORUM");
    expect((await page.getByTestId("event-track").innerText()).trim()).toBe("Track III");
    expect(await page.getByTestId("track-basis").innerText()).toContain("open to the public");
    expect(await page.getByTestId("participants").innerText()).toContain("Host");
    // Only staff override.
    expect(await page.getByTestId("override-track").count()).toBe(0);
    await expectClean(page, "meeting page");
    await page.context().close();
  });

  it("lets the secretariat override a track with a reason, keeping the derived one in view", async () => {
    const page = await pageAs(account("secretariat"));
    await page.goto(`${server.url}/events/GMS-2019-GOVERNORS`);
    const form = page.getByTestId("override-track");
    await form.waitFor();
    expect(await page.getByTestId("participants").innerText()).toContain("Governor of Yunnan Province");
    await form.locator('select[name="track"]').selectOption("III");
    await form.getByRole("button", { name: "Override track" }).click();
    // The reason is required before anything is sent.
    await form.getByText("This field is required.").waitFor();
    await form.locator('textarea[name="reason"]').fill("Business associations of the corridor provinces took part in the keynote session");
    await form.getByRole("button", { name: "Override track" }).click();
    await page.getByTestId("track-override").waitFor();
    expect(await page.getByTestId("track-override").innerText()).toContain("Business associations of the corridor provinces");
    expect((await page.getByTestId("event-track").innerText()).trim()).toBe("Track III*");
    expect(await page.getByTestId("track-basis").innerText()).toContain("Track I");
    await expectClean(page, "overridden track");

    await page.getByTestId("add-outcome").locator('textarea[name="text"]').fill("A proposal for a Lancang-Mekong economic development belt");
    await page.getByTestId("add-outcome").getByRole("button", { name: "Add outcome" }).click();
    await page.getByTestId("outcomes").getByText("economic development belt").waitFor();

    // Editing the details keeps the record's version: a second edit reads the new one.
    await page.getByText("Edit details").first().click();
    const edit = page.getByTestId("edit-meeting");
    await edit.locator('input[name="place"]').fill("Kunming, Yunnan");
    await edit.getByRole("button", { name: "Edit details" }).click();
    await page.locator("dl.facts").getByText("Kunming, Yunnan").waitFor();
    await edit.locator('input[name="place"]').fill("Kunming");
    await edit.getByRole("button", { name: "Edit details" }).click();
    await page.locator("dl.facts dd", { hasText: /^Kunming$/ }).waitFor();
    await page.context().close();
  });

  it("lets an officer record a local consultation whose track follows its participants", async () => {
    const page = await pageAs(account("officer"));
    await page.goto(`${server.url}/events`);
    await page.getByTestId("record-meeting").click();
    const form = page.getByTestId("meeting-form");
    await form.locator('select[name="kind"]').selectOption("local_consultation");
    await form.locator('input[name="date"]').fill("2026-05-12");
    await form.locator('input[name="title"]').fill("Yunnan–Luang Namtha border consultation");
    await form.locator('input[name="participant-0"]').fill("cn-yunnan");
    await form.locator('input[name="representatives-0"]').fill("Vice Governor; Director of Foreign Affairs");
    await form.getByTestId("add-participant").click();
    await form.locator('input[name="participant-1"]').fill("la-luangnamtha");
    await expect.poll(() => form.getByTestId("derived-track").innerText()).toContain("Track I —");
    expect(await form.getByTestId("derived-track").innerText()).toContain("state bodies: 2, non-state: 0");
    await form.getByTestId("add-participant").click();
    await form.locator('input[name="participant-2"]').fill("wildlife-alliance");
    await expect.poll(() => form.getByTestId("derived-track").innerText()).toContain("Track III");
    await expectClean(page, "meeting form");
    await form.getByRole("button", { name: "Save meeting" }).click();
    await page.waitForURL(/\/events\/EV-2026-/);
    await page.getByTestId("event-track").waitFor();
    expect((await page.getByTestId("event-track").innerText()).trim()).toBe("Track III");
    expect(await page.getByTestId("participants").innerText()).toContain("Vice Governor; Director of Foreign Affairs");
    // The officer's own meeting: it adds outcomes, but the track is the secretariat's to override.
    await page.getByTestId("add-outcome").waitFor();
    expect(await page.getByTestId("override-track").count()).toBe(0);
    await page.context().close();
  });
});
