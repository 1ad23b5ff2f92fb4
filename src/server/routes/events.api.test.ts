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

type Meeting = Omit<Event, "participants"> & {
  id: string;
  version: number;
  track: string | null;
  derivedTrack: string | null;
  trackOverridden: boolean;
  trackReason: string | null;
  trackBasis: { state: number; nonState: number; local: number; openToPublic: boolean } | null;
  openToPublic: boolean;
  outcomes: { text: { en: string } }[];
  participants: { actorCode: string; actorType: string; role: string; representatives: string[] }[];
};

const meeting = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  kind: "local_consultation",
  date: "2026-03-10",
  title: { en: `Border consultation ${code}` },
  participants: [{ actor: "cn-yunnan", representatives: ["Vice Governor"] }, "la-luangnamtha"],
  ...extra,
});

describe("meetings and their diplomatic track", () => {
  it("gives the reference forums their tracks: the water forum III, the governors' forums I", async () => {
    const water = (await (await h.call("GET", "/api/v1/events/LMC-2018-WATER-FORUM")).json()) as Meeting;
    expect(water).toMatchObject({ track: "III", derivedTrack: "III", openToPublic: true, trackOverridden: false });
    for (const code of ["GMS-2018-GOVERNORS", "GMS-2019-GOVERNORS"]) {
      const g = (await (await h.call("GET", `/api/v1/events/${code}`)).json()) as Meeting;
      expect(g.track, code).toBe("I");
      expect(g.participants[0]).toMatchObject({ actorCode: "cn-yunnan", actorType: "government", representatives: ["Governor of Yunnan Province"] });
    }
    const declaration = (await (await h.call("GET", "/api/v1/events?kind=declaration&limit=5")).json()) as { items: Meeting[] };
    for (const d of declaration.items) expect(d.track).toBeNull();
  });

  it("derives the track on create, with plain codes and participant objects, and re-derives on update", async () => {
    const res = await h.call("POST", "/api/v1/events", { as: "officer", body: meeting("EV-YN-LNT", { outcomes: [{ text: { en: "Joint patrol agreed" } }] }) });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Meeting;
    expect(created).toMatchObject({ track: "I", derivedTrack: "I", trackBasis: { state: 2, nonState: 0, local: 2, openToPublic: false }, outcomes: [{ text: { en: "Joint patrol agreed" } }] });
    expect(created.participants.find((p) => p.actorCode === "cn-yunnan")?.representatives).toEqual(["Vice Governor"]);
    // Adding an NGO makes state and non-state meet: Track III.
    const etag = (await h.call("GET", "/api/v1/events/EV-YN-LNT", { as: "officer" })).headers.get("etag")!;
    const upd = await h.call("PATCH", "/api/v1/events/EV-YN-LNT", { as: "officer", headers: { "if-match": etag }, body: { participants: ["cn-yunnan", "la-luangnamtha", "wildlife-alliance"] } });
    expect(upd.status).toBe(200);
    expect(await upd.json()).toMatchObject({ track: "III", trackBasis: { state: 2, nonState: 1 }, version: created.version + 1 });
    // A stale version is refused.
    expect((await h.call("PATCH", "/api/v1/events/EV-YN-LNT", { as: "officer", headers: { "if-match": etag }, body: { openToPublic: true } })).status).toBe(412);
    expect((await h.call("PATCH", "/api/v1/events/EV-YN-LNT", { as: "officer", body: { openToPublic: true } })).status).toBe(428);
  });

  it("refuses edits by an officer of another organisation and by the public, writing nothing", async () => {
    await h.call("POST", "/api/v1/events", { as: "secretariat", body: meeting("EV-SEC-MEET") });
    const etag = (await h.call("GET", "/api/v1/events/EV-SEC-MEET")).headers.get("etag")!;
    expect((await h.call("PATCH", "/api/v1/events/EV-SEC-MEET", { as: "otherOfficer", headers: { "if-match": etag }, body: { openToPublic: true } })).status).toBe(403);
    expect((await h.call("PATCH", "/api/v1/events/EV-SEC-MEET", { headers: { "if-match": etag }, body: { openToPublic: true } })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/events/EV-SEC-MEET/outcomes", { as: "otherOfficer", body: { text: { en: "x" } } })).status).toBe(403);
    expect((await h.call("POST", "/api/v1/events/EV-NOPE/outcomes", { as: "secretariat", body: { text: { en: "x" } } })).status).toBe(404);
    const after = (await (await h.call("GET", "/api/v1/events/EV-SEC-MEET")).json()) as Meeting;
    expect(after).toMatchObject({ openToPublic: false, outcomes: [], track: "I" });
  });

  it("appends outcomes", async () => {
    const res = await h.call("POST", "/api/v1/events/EV-SEC-MEET/outcomes", { as: "secretariat", body: { text: { en: "A joint statement on boat traffic" } } });
    expect(res.status).toBe(201);
    await h.call("POST", "/api/v1/events/EV-SEC-MEET/outcomes", { as: "secretariat", body: { text: { en: "A working group on ports" } } });
    const e = (await (await h.call("GET", "/api/v1/events/EV-SEC-MEET")).json()) as Meeting;
    expect(e.outcomes.map((o) => o.text.en)).toEqual(["A joint statement on boat traffic", "A working group on ports"]);
    expect((await h.call("POST", "/api/v1/events/EV-SEC-MEET/outcomes", { as: "secretariat", body: { text: { en: "" } } })).status).toBe(400);
    // The officer of the organisation that recorded a meeting adds to it too.
    const own = await h.call("POST", "/api/v1/events/EV-YN-LNT/outcomes", { as: "officer", body: { text: { en: "A hotline between the two foreign affairs offices" } } });
    expect(own.status).toBe(201);
    expect(await own.json()).toMatchObject({ ownerOrgCode: "cn-yunnan", outcomes: [{ text: { en: "Joint patrol agreed" } }, { text: { en: "A hotline between the two foreign affairs offices" } }] });
  });

  it("lets only staff override a track, only with a reason, and go back to the derived one", async () => {
    const body = { track: "III", reason: "Opened to the press and local businesses on the second day" };
    expect((await h.call("PUT", "/api/v1/events/EV-SEC-MEET/track", { body })).status).toBe(401);
    expect((await h.call("PUT", "/api/v1/events/EV-SEC-MEET/track", { as: "officer", body })).status).toBe(403);
    expect((await h.call("PUT", "/api/v1/events/EV-SEC-MEET/track", { as: "analyst", body })).status).toBe(403);
    const noReason = await h.call("PUT", "/api/v1/events/EV-SEC-MEET/track", { as: "secretariat", body: { track: "III", reason: "  " } });
    expect(noReason.status).toBe(422);
    expect(await noReason.json()).toMatchObject({ error: { code: "rule_violated", details: [{ path: "reason", code: "track_reason_required" }] } });
    expect((await h.call("PUT", "/api/v1/events/EV-SEC-MEET/track", { as: "secretariat", body: { track: "IV", reason: "x" } })).status).toBe(400);
    expect(((await (await h.call("GET", "/api/v1/events/EV-SEC-MEET")).json()) as Meeting).trackOverridden).toBe(false);
    expect((await h.call("PUT", "/api/v1/events/EV-NOPE/track", { as: "secretariat", body })).status).toBe(404);

    const audited = await countRows(h.database, "audit_log");
    const ok = await h.call("PUT", "/api/v1/events/EV-SEC-MEET/track", { as: "secretariat", body });
    expect(ok.status).toBe(200);
    expect(await countRows(h.database, "audit_log")).toBe(audited + 1);
    expect(await ok.json()).toMatchObject({ track: "III", derivedTrack: "I", trackOverridden: true, trackReason: body.reason });
    // The override survives a participants change; the derived track follows it.
    const etag = (await h.call("GET", "/api/v1/events/EV-SEC-MEET")).headers.get("etag")!;
    const upd = await h.call("PATCH", "/api/v1/events/EV-SEC-MEET", { as: "secretariat", headers: { "if-match": etag }, body: { participants: ["yufe"] } });
    expect(await upd.json()).toMatchObject({ track: "III", derivedTrack: "II", trackOverridden: true });
    const cleared = await h.call("PUT", "/api/v1/events/EV-SEC-MEET/track", { as: "secretariat", body: { track: null } });
    expect(await cleared.json()).toMatchObject({ track: "II", derivedTrack: "II", trackOverridden: false, trackReason: null });
    // Declarations are not meetings: no track to override.
    const decl = await h.call("PUT", "/api/v1/events/CN-2017-WORK-REPORT/track", { as: "secretariat", body });
    expect(decl.status).toBe(422);
    expect(((await (await h.call("GET", "/api/v1/events/CN-2017-WORK-REPORT")).json()) as Meeting).track).toBeNull();
  });

  it("filters by track, counts meetings per track, and exports the track in CSV", async () => {
    const ii = (await (await h.call("GET", "/api/v1/events?track=II&limit=500")).json()) as { items: Meeting[] };
    expect(ii.items.length).toBeGreaterThan(0);
    for (const e of ii.items) expect(e.track).toBe("II");
    const iii = (await (await h.call("GET", "/api/v1/events?track=III&mechanism=LMC&limit=500")).json()) as { items: Meeting[] };
    expect(iii.items.map((e) => e.code)).toContain("LMC-2018-WATER-FORUM");
    expect((await h.call("GET", "/api/v1/events?track=V")).status).toBe(400);
    const meetings = (await (await h.call("GET", "/api/v1/events?meetings=true&mechanism=LMC&limit=500")).json()) as { items: Meeting[] };
    expect(meetings.items.map((e) => e.kind)).not.toContain("declaration");
    expect(meetings.items.map((e) => e.code)).toContain("LMC-2018-WATER-FORUM");

    const counts = (await (await h.call("GET", "/api/v1/events/tracks?mechanism=GMS")).json()) as { track: string; count: number }[];
    expect(counts.map((c) => c.track)).toEqual(["I", "II", "III"]);
    expect(counts.find((c) => c.track === "I")!.count).toBeGreaterThanOrEqual(2);
    const all = (await (await h.call("GET", "/api/v1/events/tracks")).json()) as { track: string; count: number }[];
    expect(all.find((c) => c.track === "III")!.count).toBeGreaterThanOrEqual(iii.items.length);

    const csv = await (await h.call("GET", "/api/v1/events?format=csv&mechanism=LMC&track=III")).text();
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header).toContain("track");
    expect(lines.some((l) => l.includes("LMC-2018-WATER-FORUM"))).toBe(true);
  });

  it("rejects bad participants and unknown fields on create, writing nothing", async () => {
    const before = await countRows(h.database, "events");
    expect((await h.call("POST", "/api/v1/events", { as: "secretariat", body: meeting("EV-BAD-1", { participants: [{ actor: "atlantis" }] }) })).status).toBe(422);
    expect((await h.call("POST", "/api/v1/events", { as: "secretariat", body: meeting("EV-BAD-2", { participants: [{ actor: "cn", representatives: [""] }] }) })).status).toBe(400);
    expect((await h.call("POST", "/api/v1/events", { as: "secretariat", body: meeting("EV-BAD-3", { track: "I" }) })).status).toBe(400);
    expect(await countRows(h.database, "events")).toBe(before);
  });
});
