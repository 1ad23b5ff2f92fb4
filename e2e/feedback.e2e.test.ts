import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, accountFor, englishPageAs, expectClean, fontsUsed, forbidOutsideRequests, launchBrowser, newContext, startServer, type Account, type Server } from "./support.js";

// Public feedback in the browser: a member of the public, not signed in, writes a comment in Khmer
// on a public project; the secretariat publishes and answers it on /feedback; the project page then
// shows the comment, the answer and how long the answer took.

const CODE = "FB-E2E-ROAD";
const KHMER = "តើផ្លូវថ្មីនេះនឹងបើកឱ្យអ្នកភូមិប្រើប្រាស់នៅពេលណា? យើងត្រូវការវាសម្រាប់ដឹកផលដំណាំទៅទីផ្សារ។";
const ANSWER = "Construction ends in March; the road opens to village traffic in April.";

let server: Server;
let browser: Browser;
const outside: string[] = [];
const account = (role: Account["role"]) => accountFor(server, role);

/** The API as one account (a session cookie), to set a scene without the browser. */
async function apiAs(who: Account) {
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: who.email, password: who.password }) });
  expect(signInRes.status).toBe(200);
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1${path}`, { method, headers: { "content-type": "application/json", origin: server.url, cookie, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** A public project the officer proposes and the secretariat approves, so the portal shows it. */
async function publicProject() {
  const officer = await apiAs(account("officer"));
  const created = await officer("POST", "/projects", {
    code: CODE,
    mechanism: "LMC",
    pillar: "economic-sustainable",
    priorityArea: "connectivity",
    title: { en: "Village feeder road, Luang Namtha" },
    visibility: "public",
    budget: "250000.00",
    parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "la-luangnamtha", role: "partner" }],
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const sec = await apiAs(account("secretariat"));
  const etag = (await sec("GET", `/projects/${CODE}`)).headers.get("etag")!;
  const approved = await sec("PATCH", `/projects/${CODE}`, { status: "approved" }, { "if-match": etag });
  expect(approved.status, await approved.clone().text()).toBe(200);
}

async function publicPage(): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  forbidOutsideRequests(page, server.url, outside);
  return page;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await publicProject();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(outside).toEqual([]);
});

describe("public feedback", () => {
  it("takes a Khmer comment from the public, which the secretariat publishes and answers", async () => {
    const visitor = await publicPage();
    await visitor.goto(`${server.url}/projects/${CODE}`);
    const comments = visitor.getByTestId("comments");
    await comments.getByRole("heading", { name: "Public comments" }).waitFor();
    await comments.getByText("No published comments yet.").waitFor();
    const form = visitor.getByTestId("comment-form");
    await form.getByText("Your comment will appear here after the secretariat has reviewed it.", { exact: false }).waitFor();
    // The language defaults to the reader's; the writer picks Khmer.
    expect(await form.getByLabel("Language of your comment").inputValue()).toBe("en");
    await form.getByLabel("Language of your comment").selectOption("km");
    await form.getByLabel("Your name (optional)").fill("Sokha");
    await form.getByLabel(/^Comment/).fill(KHMER);
    await form.getByText(`${KHMER.length} of 4,000 characters`).waitFor();
    await expectClean(visitor, "project page with the comment form");
    await form.getByRole("button", { name: "Send comment" }).click();
    await form.getByTestId("comment-sent").waitFor();
    // Nothing shows before moderation.
    await visitor.reload();
    await visitor.getByTestId("comments").getByText("No published comments yet.").waitFor();

    const sec = await englishPageAs(browser, server, account("secretariat"), outside);
    await sec.goto(`${server.url}/feedback`);
    await sec.getByRole("heading", { name: "Public feedback", level: 1 }).waitFor();
    expect(await sec.getByTestId("feedback-stats").innerText()).toMatch(/Waiting for moderation\s*1/);
    const item = sec.getByTestId("queue-item").filter({ hasText: KHMER });
    await item.getByRole("link", { name: "Village feeder road, Luang Namtha" }).waitFor();
    await item.getByTestId("comment-age").filter({ hasText: "waiting less than an hour" }).waitFor();
    await expectClean(sec, "moderation queue");
    await sec.screenshot({ path: join(ARTIFACTS, "feedback-queue.png"), fullPage: true });
    await item.getByTestId("publish-form").getByRole("button", { name: "Publish" }).click();
    // The queue shows pending comments by default; the published one is under "Published".
    await sec.getByLabel("Status").selectOption("published");
    const published = sec.getByTestId("queue-item").filter({ hasText: KHMER });
    await published.getByText("Published", { exact: true }).waitFor();
    const answer = published.getByTestId("answer-form");
    await answer.getByLabel(/^Answer/).fill(ANSWER);
    await answer.getByLabel("Language of the answer").selectOption("en");
    await answer.getByRole("button", { name: "Answer" }).click();
    await published.getByText(ANSWER).waitFor();
    await published.getByText("answered within an hour").waitFor();

    await visitor.reload();
    const shown = visitor.getByTestId("comment").filter({ hasText: KHMER });
    await shown.waitFor();
    expect(await shown.getByTestId("comment-lang").innerText()).toBe("ខ្មែរ");
    await shown.getByText("Sokha").waitFor();
    await shown.getByTestId("comment-answer").getByText(ANSWER).waitFor();
    expect(await shown.getByTestId("response-time").innerText()).toBe("answered within an hour");
    await visitor.getByTestId("comment-stats").filter({ hasText: "median over 1 answered comments" }).waitFor();
    // The Khmer text is drawn with a Khmer font, not fallback boxes.
    const fonts = await fontsUsed(visitor, '[data-testid="comment"] .comment-body');
    expect(fonts.some((f) => /khmer/i.test(f)), `drawn with ${fonts.join(", ")}`).toBe(true);
    expect(await visitor.locator("body").innerText()).not.toContain("@");
    await expectClean(visitor, "project page with an answered comment");
    await visitor.getByTestId("comments").screenshot({ path: join(ARTIFACTS, "feedback-project-km.png") });
  });
});
