import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
  await h.addUser("bankOfficer", "officer", "sample-mekong-bank");
});
afterAll(() => h?.close());

type Posting = { id: string; actorCode: string; kind: string; factor: string; status: string; version: number; canEdit: boolean; places: string[] };
type Reason = { kind: string; score: number; weight: number; detail?: string };
type Matches = { need: Posting; items: { offer: Posting; score: number; reasons: Reason[] }[] };
type ErrorBody = { error: { code: string; params?: Record<string, unknown>; details?: { path: string; code: string }[] } };

const post = async (as: string, body: Record<string, unknown>) => {
  const res = await h.call("POST", "/api/v1/postings", { as, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Posting;
};
const matches = async (id: string, as: string, query = "") => {
  const res = await h.call("GET", `/api/v1/postings/${id}/matches${query}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Matches;
};
const capital = (extra: Record<string, unknown>) => ({ kind: "offer", factor: "capital", title: { en: "Capital offered" }, unit: "USD", ...extra });

describe("postings", () => {
  it("an officer posts for its own organisation by default; staff for any; others are refused and nothing is written", async () => {
    const mine = await post("officer", { kind: "need", factor: "technology", title: { en: "Cold-chain know-how", zh: "冷链技术" }, places: ["LA-Boten"], sector: "31120" });
    expect(mine).toMatchObject({ actorCode: "cn-yunnan", kind: "need", status: "open", canEdit: true, places: ["la-boten"] });
    expect((await post("secretariat", { actor: "la-boten", kind: "need", factor: "land", title: { en: "Serviced plots" } })).actorCode).toBe("la-boten");

    const before = await countRows(h.database, "postings");
    const refused = [
      [undefined, { kind: "need", factor: "land", title: { en: "x" } }, 401],
      ["officer", { actor: "th", kind: "need", factor: "land", title: { en: "x" } }, 403],
      ["reviewer", { kind: "need", factor: "land", title: { en: "x" } }, 403],
      ["analyst", { kind: "offer", factor: "land", title: { en: "x" } }, 403],
      ["officer", { kind: "need", factor: "gold", title: { en: "x" } }, 400],
      ["officer", { kind: "need", factor: "land", title: { en: "x" }, validFrom: "2027-05-01", validTo: "2027-01-01" }, 400],
      ["officer", { kind: "need", factor: "land", title: { en: "x" }, sector: "31" }, 400],
      ["officer", { kind: "need", factor: "land", title: { en: "x" }, places: ["la", "la"] }, 400],
      ["officer", { kind: "need", factor: "land", title: { en: "x" }, places: ["Boten zone"] }, 400],
      ["officer", { kind: "need", factor: "land", title: { en: "x" }, size: -5 }, 400],
      ["officer", { kind: "need", factor: "land", title: { en: "x" }, extra: 1 }, 400],
      ["secretariat", { actor: "nowhere", kind: "need", factor: "land", title: { en: "x" } }, 422],
    ] as const;
    for (const [as, body, status] of refused) {
      const res = await h.call("POST", "/api/v1/postings", { as, body });
      expect(res.status, `${as} ${JSON.stringify(body)}: ${await res.clone().text()}`).toBe(status);
      expect((await res.json()) as ErrorBody).toHaveProperty("error.code");
    }
    expect(await countRows(h.database, "postings")).toBe(before);
  });

  it("lists with filters: a country finds its zones, a 3-digit sector its codes; the public is refused", async () => {
    await post("secretariat", { actor: "vn", kind: "offer", factor: "information", title: { en: "Market survey of Boten" }, places: ["la-boten"], sector: "33110" });
    await post("secretariat", { actor: "kh", kind: "offer", factor: "information", title: { en: "Trade data of Cambodia" }, places: ["kh"], sector: "33120" });
    const list = async (q: string) => {
      const res = await h.call("GET", `/api/v1/postings?factor=information${q}`, { as: "analyst" });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: Posting[]; total: number });
    };
    expect((await list("&place=la")).items.map((p) => p.actorCode)).toEqual(["vn"]);
    expect((await list("&sector=331")).total).toBe(2);
    expect((await list("&sector=33120")).items.map((p) => p.actorCode)).toEqual(["kh"]);
    expect((await list("&q=cambodia")).items.map((p) => p.actorCode)).toEqual(["kh"]);
    expect((await list("&kind=need")).total).toBe(0);
    expect((await list("")).items.every((p) => !p.canEdit)).toBe(true);
    expect((await h.call("GET", "/api/v1/postings")).status).toBe(401);
    expect((await h.call("GET", "/api/v1/postings?kind=maybe", { as: "analyst" })).status).toBe(400);
  });

  it("edits and closes with If-Match, by the owner or staff only; each change is audited", async () => {
    const p = await post("officer", { kind: "offer", factor: "talent", title: { en: "Engineers for a season" }, size: 12, unit: "people" });
    const patch = (as: string, body: Record<string, unknown>, ifMatch?: string) =>
      h.call("PATCH", `/api/v1/postings/${p.id}`, { as, body, headers: ifMatch ? { "if-match": ifMatch } : {} });
    expect((await patch("officer", { size: 20 })).status).toBe(428);
    expect((await patch("otherOfficer", { size: 20 }, '"1"')).status).toBe(403);
    expect((await patch("officer", { validFrom: "2028-01-01", validTo: "2027-01-01" }, '"1"')).status).toBe(400);
    expect((await patch("officer", { validFrom: "2028-01-01" }, '"1"')).status).toBe(200);
    expect((await patch("officer", { validTo: "2027-06-30" }, '"2"')).status).toBe(422);
    expect((await patch("officer", { size: 20 }, '"1"')).status).toBe(412);
    const closed = await patch("secretariat", { status: "closed" }, '"2"');
    expect(closed.status).toBe(200);
    expect(closed.headers.get("etag")).toBe('"3"');
    expect(((await closed.json()) as Posting).status).toBe("closed");
    const audit = await h.call("GET", `/api/v1/audit?entity=posting&entityId=${p.id}`, { as: "admin" });
    expect(audit.status).toBe(200);
    expect(((await audit.json()) as { items: { action: string }[] }).items.map((r) => r.action)).toEqual(["close", "update", "create"]);
    expect((await h.call("GET", `/api/v1/postings/00000000-0000-4000-8000-000000000000`, { as: "analyst" })).status).toBe(404);
  });
});

describe("matches for a need", () => {
  let need: Posting;
  const offers: Record<string, Posting> = {};
  beforeAll(async () => {
    need = await post("officer", { kind: "need", factor: "capital", title: { en: "Warehouse finance in Boten" }, sector: "25010", places: ["la-boten"], size: 1_000_000, unit: "USD", validFrom: "2027-01-01", validTo: "2027-12-31" });
    offers.bank = await post("bankOfficer", capital({ sector: "25010", places: ["la-boten"], size: 2_000_000, validFrom: "2026-06-01", validTo: "2028-12-31" }));
    offers.th = await post("secretariat", capital({ actor: "th", sector: "25020", places: ["la"], size: 500_000, validFrom: "2027-07-01", validTo: "2028-06-30" }));
    offers.mm = await post("secretariat", capital({ actor: "mm", sector: "11110", places: ["mm"] }));
    offers.own = await post("officer", capital({ sector: "25010", places: ["la-boten"], size: 5_000_000 }));
    offers.gone = await post("secretariat", capital({ actor: "kh", sector: "25010", places: ["la-boten"], validTo: "2026-12-31" }));
    offers.tech = await post("secretariat", { actor: "vn", kind: "offer", factor: "technology", title: { en: "Not capital" }, places: ["la-boten"] });
  });

  it("ranks complementary offers by the weighted parts, with each part as a reason; never the needing organisation, another factor or an expired offer", async () => {
    const m = await matches(need.id, "analyst");
    expect(m.need.id).toBe(need.id);
    expect(m.items.map((i) => i.offer.actorCode)).toEqual(["sample-mekong-bank", "th", "mm"]);
    const [bank, th, mm] = m.items;
    // Same DAC code and zone, covers the whole amount and window, a bank beside a province, and
    // already a partner of Yunnan on a public reference project: every part scores.
    expect(bank!.score).toBeCloseTo(1, 9);
    expect(bank!.reasons.map((r) => [r.kind, r.score])).toEqual([["sector", 1], ["place", 1], ["size", 1], ["time", 1], ["complement", 1], ["tie", 1]]);
    expect(bank!.reasons.find((r) => r.kind === "place")!.detail).toBe("la-boten");
    // Same sector group, same country, half the amount, the need's window from 1 July (183 of its
    // 364 days), and a partner of Yunnan on a reference project: 0.25·0.6 + 0.25·0.6 + 0.2·0.5 + 0.15·183/364 + 0.05.
    expect(th!.score).toBeCloseTo(0.15 + 0.15 + 0.1 + (0.15 * 183) / 364 + 0.05, 9);
    // Another sector and country, unknown size and window: only size (0.5) and time (open, 1) score.
    expect(mm!.score).toBeCloseTo(0.2 * 0.5 + 0.15, 9);
    for (const i of m.items) expect(i.reasons.reduce((s, r) => s + r.weight * r.score, 0)).toBeCloseTo(i.score, 12);
    expect((await matches(need.id, "analyst", "?limit=1")).items.map((i) => i.offer.actorCode)).toEqual(["sample-mekong-bank"]);
    expect((await matches(need.id, "analyst", "?minScore=0.5")).items).toHaveLength(2);
  });

  it("an offer's needs score each need exactly as the need's own matches do, for the same reader", async () => {
    for (const as of ["analyst", "officer"]) {
      const m = await matches(need.id, as);
      for (const item of m.items) {
        const res = await h.call("GET", `/api/v1/postings/${item.offer.id}/needs`, { as });
        expect(res.status, await res.clone().text()).toBe(200);
        const back = (await res.json()) as { offer: Posting; items: { need: Posting; score: number; reasons: Reason[] }[] };
        const mine = back.items.find((x) => x.need.id === need.id)!;
        expect(mine.score).toBe(item.score);
        expect(mine.reasons).toEqual(item.reasons);
        for (let i = 1; i < back.items.length; i++) expect(back.items[i - 1]!.score).toBeGreaterThanOrEqual(back.items[i]!.score);
      }
    }
    // The needing organisation's own offer never meets its own need; an offer of another factor meets no capital need.
    const own = (await (await h.call("GET", `/api/v1/postings/${offers.own!.id}/needs`, { as: "analyst" })).json()) as { items: { need: Posting }[] };
    expect(own.items.map((x) => x.need.id)).not.toContain(need.id);
    const tech = (await (await h.call("GET", `/api/v1/postings/${offers.tech!.id}/needs`, { as: "analyst" })).json()) as { items: { need: Posting }[] };
    expect(tech.items.every((x) => x.need.factor === "technology")).toBe(true);
    const wrong = await h.call("GET", `/api/v1/postings/${need.id}/needs`, { as: "analyst" });
    expect(await wrong.json()).toMatchObject({ error: { code: "rule_violated", details: { rule: "posting_not_offer" } } });
    expect((await h.call("GET", `/api/v1/postings/${offers.bank!.id}/needs`)).status).toBe(401);
  });

  it("counts an existing partnership as a tie only where the caller may see it", async () => {
    const res = await h.call("POST", "/api/v1/projects", {
      as: "officer",
      body: { code: "MATCH-TIE", mechanism: "LMC", title: { en: "Restricted border survey" }, visibility: "restricted", startDate: "2026-03-01", parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "mm", role: "partner" }] },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const mm = (m: Matches) => m.items.find((i) => i.offer.actorCode === "mm")!;
    const seen = mm(await matches(need.id, "officer"));
    expect(seen.reasons.find((r) => r.kind === "tie")).toMatchObject({ score: 1, weight: 0.05 });
    expect(seen.score).toBeCloseTo(0.2 * 0.5 + 0.15 + 0.05, 9);
    const outsider = mm(await matches(need.id, "analyst"));
    expect(outsider.reasons.find((r) => r.kind === "tie")).toBeUndefined();
    expect(outsider.score).toBeCloseTo(0.2 * 0.5 + 0.15, 9);
  });

  it("a closed offer drops out; an offer is no need; the public is refused", async () => {
    const closed = await h.call("PATCH", `/api/v1/postings/${offers.mm!.id}`, { as: "secretariat", body: { status: "closed" }, headers: { "if-match": '"1"' } });
    expect(closed.status).toBe(200);
    expect((await matches(need.id, "analyst")).items.map((i) => i.offer.actorCode)).toEqual(["sample-mekong-bank", "th"]);
    const notNeed = await h.call("GET", `/api/v1/postings/${offers.th!.id}/matches`, { as: "analyst" });
    expect(notNeed.status).toBe(422);
    expect(await notNeed.json()).toMatchObject({ error: { code: "rule_violated", details: { rule: "posting_not_need" } } });
    expect((await h.call("GET", `/api/v1/postings/${need.id}/matches`)).status).toBe(401);
  });

  it("turns a match into a draft application led by the needing organisation, with the offering one as co-applicant", async () => {
    const call = await h.call("POST", "/api/v1/calls", {
      as: "secretariat",
      body: {
        code: "MATCH-CALL",
        mechanism: "LMC",
        fund: { en: "LMC Special Fund" },
        title: { en: "Going out together" },
        opensAt: "2026-11-01T00:00:00Z",
        closesAt: "2026-12-31T23:59:59Z",
        eligibleCountries: ["CN", "KH", "LA", "MM", "TH", "VN"],
        ceiling: "2000000.00",
        rubric: [{ code: "fit", name: { en: "Fit" }, weight: 1, min: 0, max: 10 }],
        reviewersPerApplication: 1,
      },
    });
    expect(call.status, await call.clone().text()).toBe(201);
    const draft = (as: string, body: Record<string, unknown>, id = need.id) => h.call("POST", `/api/v1/postings/${id}/application`, { as, body });
    const before = await countRows(h.database, "applications");
    const refused = [
      [undefined, { offer: offers.bank!.id, call: "MATCH-CALL" }, 401],
      ["otherOfficer", { offer: offers.bank!.id, call: "MATCH-CALL" }, 403],
      ["officer", { offer: offers.tech!.id, call: "MATCH-CALL" }, 422],
      ["officer", { offer: offers.own!.id, call: "MATCH-CALL" }, 422],
      ["officer", { offer: "00000000-0000-4000-8000-000000000000", call: "MATCH-CALL" }, 422],
      ["officer", { offer: offers.bank!.id, call: "NO-SUCH-CALL" }, 422],
      ["officer", { offer: offers.bank!.id, call: "MATCH-CALL", requested: "12.345" }, 400],
    ] as const;
    for (const [as, body, status] of refused) expect((await draft(as as string, body as Record<string, unknown>)).status, `${as} ${JSON.stringify(body)}`).toBe(status);
    expect(await countRows(h.database, "applications")).toBe(before);

    const res = await draft("officer", { offer: offers.bank!.id, call: "MATCH-CALL" });
    expect(res.status, await res.clone().text()).toBe(201);
    const app = (await res.json()) as { code: string; status: string; requested: string; parties: { actorCode?: string; code?: string; role: string }[] };
    expect(app.status).toBe("draft");
    expect(app.requested).toBe("1000000.00");
    const parties = JSON.stringify(app.parties);
    expect(parties).toContain("cn-yunnan");
    expect(parties).toContain("sample-mekong-bank");

    // A need that is not capital in USD gives no amount to request.
    const talent = await post("officer", { kind: "need", factor: "technology", title: { en: "Sorting machines" } });
    const noAmount = await draft("officer", { offer: offers.tech!.id, call: "MATCH-CALL" }, talent.id);
    expect(noAmount.status).toBe(422);
    expect(await noAmount.json()).toMatchObject({ error: { code: "rule_violated", details: [{ path: "requested", code: "requested_required" }] } });
  });
});

describe("groups going out together to a zone", () => {
  it("covers every need of the zone with the fewest members the greedy cover finds, and offers alternatives", async () => {
    await post("secretariat", { actor: "cn-mohan", kind: "need", factor: "capital", title: { en: "Port capital" }, size: 3_000_000, unit: "USD" });
    await post("secretariat", { actor: "cn-mohan", kind: "need", factor: "resources", title: { en: "Power supply" } });
    await post("secretariat", { actor: "cn-mohan", kind: "need", factor: "labour", title: { en: "Warehouse staff" }, size: 50, unit: "people" });
    const offer = (actor: string, factor: string, size?: number) => post("secretariat", { actor, kind: "offer", factor, title: { en: `${actor} ${factor}` }, places: ["cn-mohan"], ...(size ? { size } : {}) });
    await offer("yufe", "capital", 2_000_000);
    await offer("siam-university", "capital", 1_000_000);
    await offer("siam-university", "labour", 50);
    await offer("jvc", "resources");
    await offer("asean", "capital", 3_000_000);

    const res = await h.call("GET", "/api/v1/zones/cn-mohan/partner-groups", { as: "analyst" });
    expect(res.status, await res.clone().text()).toBe(200);
    const g = (await res.json()) as { needs: { factor: string; amount: number }[]; groups: { members: { code: string; brings: Record<string, number> }[]; complete: boolean; covered: number }[]; candidates: number };
    expect(g.needs.map((n) => [n.factor, n.amount]).sort()).toEqual([["capital", 3_000_000], ["labour", 50], ["resources", 1]]);
    // Labour has one source and resources one, so both join, and one more brings the remaining capital.
    const best = g.groups[0]!;
    expect(best.complete).toBe(true);
    expect(best.covered).toBeCloseTo(1, 12);
    expect(best.members).toHaveLength(3);
    expect(best.members.map((m) => m.code)).toEqual(expect.arrayContaining(["siam-university", "jvc"]));
    expect(best.members.find((m) => m.code === "siam-university")!.brings).toEqual({ capital: 1_000_000, labour: 50 });
    expect(g.groups.length).toBeGreaterThan(1);
    // Leaving out the first member leaves labour uncovered: that alternative is partial.
    expect(g.groups.some((x) => !x.complete)).toBe(true);

    expect((await h.call("GET", "/api/v1/zones/cn-mohan/partner-groups")).status).toBe(401);
    expect((await h.call("GET", "/api/v1/zones/nowhere/partner-groups", { as: "analyst" })).status).toBe(404);
    expect((await h.call("GET", "/api/v1/zones/cn-mohan/partner-groups?maxMembers=0", { as: "analyst" })).status).toBe(400);
  });
});
