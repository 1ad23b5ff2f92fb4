import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

type Event = { code: string; date: string; kind: string; title: { en: string }; participants: { actorCode: string }[] };

describe("events", () => {
  it("gives the LMC timeline in date order, from Jinghong 2015 to the Phnom Penh leaders' meeting", async () => {
    const res = await h.call("GET", "/api/v1/events?mechanism=LMC&limit=500");
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Event[] };
    const dates = items.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
    expect(dates).toContain("2015-11-12");
    expect(dates).toContain("2018-01-10");
    expect(items.some((e) => e.date.startsWith("2012"))).toBe(true);
    const range = (await (await h.call("GET", "/api/v1/events?mechanism=LMC&from=2016-01-01&to=2016-12-31&limit=500")).json()) as { items: Event[] };
    for (const e of range.items) expect(e.date.startsWith("2016")).toBe(true);
  });

  it("keeps a restricted event between its participants", async () => {
    const body = { kind: "consultation", date: "2026-05-01", title: { en: "Closed border security consultation" }, visibility: "restricted", participants: ["cn-yunnan", "la"] };
    const res = await h.call("POST", "/api/v1/events", { as: "officer", body: { ...body, code: "EV-RESTRICTED" } });
    expect(res.status).toBe(201);
    expect((await h.call("GET", "/api/v1/events/EV-RESTRICTED", { as: "officer" })).status).toBe(200);
    for (const as of [undefined, "analyst", "admin", "otherOfficer"]) {
      expect((await h.call("GET", "/api/v1/events/EV-RESTRICTED", { as })).status).toBe(404);
      const { items } = (await (await h.call("GET", "/api/v1/events?limit=500&q=Closed", { as })).json()) as { items: Event[] };
      expect(items.map((e) => e.code)).not.toContain("EV-RESTRICTED");
    }
  });

  it("refuses the public, reviewers, and bad dates, writing nothing", async () => {
    const before = await countRows(h.database, "events");
    const body = { kind: "forum", date: "2026-06-01", title: { en: "Forum" } };
    expect((await h.call("POST", "/api/v1/events", { body })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/events", { as: "reviewer", body })).status).toBe(403);
    expect((await h.call("POST", "/api/v1/events", { as: "secretariat", body: { ...body, date: "2026-13-01" } })).status).toBe(400);
    expect((await h.call("POST", "/api/v1/events", { as: "secretariat", body: { ...body, endDate: "2026-05-01" } })).status).toBe(400);
    expect((await h.call("POST", "/api/v1/events", { as: "secretariat", body: { ...body, participants: ["atlantis"] } })).status).toBe(422);
    expect((await h.call("POST", "/api/v1/events", { as: "secretariat", body: { ...body, mechanism: "NOPE" } })).status).toBe(422);
    expect(await countRows(h.database, "events")).toBe(before);
  });
});
