import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, accountFor, englishPageAs, expectClean, launchBrowser, startServer, type Account, type Server } from "./support.js";

// Disabling an account in the browser: the administrator finds a user on /users, disables it after
// confirming, and the user's open session stops at once; enabling it lets them sign in again.

const LEAVER: Account = { role: "officer", email: "leaver@e2e.concord", password: "correct horse battery staple" };

let server: Server;
let browser: Browser;
const outside: string[] = [];

async function signInStatus(who: Account): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: who.email, password: who.password }) });
  return res.status;
}

/** The signed-in user as the page's own session sees it: 200, or 401 once it has ended. */
const meStatus = (page: Page) => page.evaluate(async () => (await fetch("/api/v1/me")).status);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const admin = accountFor(server, "admin");
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: admin.email, password: admin.password }) });
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const created = await fetch(`${server.url}/api/v1/users`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, cookie },
    body: JSON.stringify({ email: LEAVER.email, name: "Leaving Officer", password: LEAVER.password, role: "officer", org: "la" }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

describe("user accounts", () => {
  it("an administrator disables an account after confirming, ending its session at once, and enables it again", async () => {
    const leaver = await englishPageAs(browser, server, LEAVER, outside);
    expect(await meStatus(leaver)).toBe(200);

    const admin = await englishPageAs(browser, server, accountFor(server, "admin"), outside);
    await admin.getByRole("link", { name: "Users", exact: true }).click();
    await admin.getByRole("heading", { name: "User accounts", level: 1 }).waitFor();
    const row = admin.getByTestId("users").locator(`tr[data-email="${LEAVER.email}"]`);
    await row.getByText("Leaving Officer").waitFor();
    expect(await row.locator("td").nth(2).innerText()).toBe("Local-government officer");
    expect(await row.locator("td").nth(3).innerText()).toBe("la");
    expect(await row.getByTestId("user-state").innerText()).toBe("Active");
    // The administrator's own row offers no button: the API refuses self-disabling as well.
    const own = admin.getByTestId("users").locator(`tr[data-email="${accountFor(server, "admin").email}"]`);
    await own.getByText("Your own account").waitFor();
    expect(await own.getByRole("button").count()).toBe(0);
    await expectClean(admin, "user accounts");

    // The first click only asks; cancelling changes nothing.
    await row.getByRole("button", { name: `Disable: ${LEAVER.email}` }).click();
    const confirm = admin.getByTestId("user-confirm");
    await confirm.getByText(`Disable ${LEAVER.email}?`, { exact: false }).waitFor();
    await expectClean(admin, "confirming a disable");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await meStatus(leaver)).toBe(200);

    await row.getByRole("button", { name: `Disable: ${LEAVER.email}` }).click();
    await confirm.getByRole("button", { name: "Yes, disable the account" }).click();
    await row.getByTestId("user-state").filter({ hasText: /^Disabled since / }).waitFor();
    await admin.screenshot({ path: join(ARTIFACTS, "users-disabled.png"), fullPage: true });
    expect(await meStatus(leaver)).toBe(401);
    expect(await signInStatus(LEAVER)).toBe(401);

    await row.getByRole("button", { name: `Enable: ${LEAVER.email}` }).click();
    await confirm.getByRole("button", { name: "Yes, enable the account" }).click();
    await row.getByTestId("user-state").filter({ hasText: /^Active$/ }).waitFor();
    expect(await signInStatus(LEAVER)).toBe(200);
  });

  it("is the administrator's alone: the secretariat has no link and the page says so", async () => {
    const sec = await englishPageAs(browser, server, accountFor(server, "secretariat"), outside);
    expect(await sec.getByRole("link", { name: "Users", exact: true }).count()).toBe(0);
    await sec.goto(`${server.url}/users`);
    await sec.getByRole("alert").waitFor();
    expect(await sec.getByTestId("users").count()).toBe(0);
    await expectClean(sec, "user accounts, not an administrator");
  });
});
