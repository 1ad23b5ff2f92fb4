import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-24T10:00:00Z") });
});
afterAll(() => h?.close());

type ModeCount = { mode: string; projects: number; events: number; agreements: number; total: number; source: string };
type Row = {
  code: string;
  country: string | null;
  projects: number;
  partners: number;
  partnerCountries: number;
  events: number;
  agreements: number;
  obligations: { due: number; fulfilled: number; rate: number | null };
  money: { currency: string; budget: string; committed: string; disbursed: string };
  modes: ModeCount[];
};
type Profile = {
  province: Row;
  subordinates: { code: string }[];
  projects: { code: string; via: { code: string; role: string }[]; budget: string | null; modes: string[] }[];
  partners: { code: string; type: string; country: string | null; projects: number; events: number }[];
  partnersByCountryType: { country: string | null; type: string; partners: number }[];
  events: { code: string; modes: string[] }[];
  agreements: { code: string }[];
  obligationRates: { actorCode: string; due: number }[];
};

const get = async <T>(path: string, as?: string): Promise<T> => {
  const res = await h.call("GET", path, { as });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};
const list = (query = "", as?: string) => get<{ rule: string; items: Row[] }>(`/api/v1/provinces${query}`, as);
const row = async (code: string, query = "", as?: string) => (await list(query, as)).items.find((r) => r.code === code)!;

/** The government bodies under an actor, read from the actors API. */
async function governmentTree(code: string, as?: string): Promise<string[]> {
  const a = await get<{ children: { code: string; type: string }[] }>(`/api/v1/actors/${code}`, as);
  const below = await Promise.all(a.children.filter((c) => c.type === "government").map((c) => governmentTree(c.code, as)));
  return [code, ...below.flat()];
}

/** What the province's figures should be, computed from the ordinary lists. */
async function independently(code: string, as?: string) {
  const bodies = await governmentTree(code, as);
  const projectCodes = new Set<string>();
  const eventCodes = new Set<string>();
  for (const b of bodies) {
    for (const p of (await get<{ items: { code: string }[] }>(`/api/v1/projects?actor=${b}&limit=500`, as)).items) projectCodes.add(p.code);
    for (const e of (await get<{ items: { code: string }[] }>(`/api/v1/events?actor=${b}&limit=500`, as)).items) eventCodes.add(e.code);
  }
  const gap = await get<{ items: { key: string; budget: string; disbursed: string }[] }>("/api/v1/funding-gap?by=project&currency=USD", as);
  const cents = (k: "budget" | "disbursed") => gap.items.filter((g) => projectCodes.has(g.key)).reduce((s, g) => s + Math.round(Number(g[k]) * 100), 0);
  return { bodies, projects: projectCodes, events: eventCodes, budgetCents: cents("budget"), disbursedCents: cents("disbursed") };
}
const toCents = (s: string) => Math.round(Number(s) * 100);

describe("GET /api/v1/provinces", () => {
  it("puts the seven Chinese provinces of seed 001 side by side, and only provinces or states", async () => {
    const cn = await list("?country=CN");
    expect(cn.rule).toMatch(/government body under it/);
    const codes = cn.items.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(["cn-yunnan", "cn-guangxi", "cn-hainan", "cn-jiangsu", "cn-gansu", "cn-zhejiang", "cn-xinjiang", "cn-guangdong"]));
    // A provincial department and a prefecture count for their province, not as provinces
    expect(codes).not.toContain("cn-yunnan-police");
    expect(codes).not.toContain("cn-yn-xishuangbanna");
    expect(cn.items.every((r) => r.country === "CN")).toBe(true);
    const all = await list();
    expect(all.items.map((r) => r.code)).toEqual(expect.arrayContaining(["la-luangnamtha", "mm-shan", "la-vientiane"]));
    expect((await list("?country=la")).items.map((r) => r.code).sort()).toEqual(["la-luangnamtha", "la-vientiane"]);
  });

  it("counts the same projects, events and money the ordinary lists give, children included", async () => {
    for (const code of ["cn-yunnan", "cn-guangxi", "la-luangnamtha", "mm-shan"]) {
      const r = await row(code);
      const ind = await independently(code);
      expect(r.projects, code).toBe(ind.projects.size);
      expect(r.events, code).toBe(ind.events.size);
      expect(r.money.currency).toBe("USD");
      expect(toCents(r.money.budget), code).toBe(ind.budgetCents);
      expect(toCents(r.money.disbursed), code).toBe(ind.disbursedCents);
    }
    // Yunnan: the public sample projects it leads, funds or whose zones (Mohan, Ruili) take part
    const yn = await row("cn-yunnan");
    expect(yn.projects).toBe(4);
    const modes = Object.fromEntries(yn.modes.map((m) => [m.mode, m]));
    expect(modes.border_zone!.projects).toBe(2);
    expect(modes.governors_forum!.events).toBe(2);
    expect(modes.financing!.projects).toBeGreaterThanOrEqual(2);
    expect(modes.border_zone!.source).toMatch(/seed 000/);
    // Shan State takes part only through the Muse zone under it
    expect((await row("mm-shan")).projects).toBe(1);
    const gx = Object.fromEntries((await row("cn-guangxi")).modes.map((m) => [m.mode, m.total]));
    // The tourism-cities forum, and the 2019 week where it exchanged project progress with Yunnan
    expect(gx.people_to_people).toBe(2);
    expect(gx.agriculture_poverty).toBe(1);
    const gansu = await row("cn-gansu");
    expect(gansu).toMatchObject({ projects: 0, partners: 0, events: 0, money: { budget: "0.00" }, obligations: { due: 0, rate: null } });
  });

  it("counts a restricted project of Yunnan for the Yunnan officer, not for the public or another organisation", async () => {
    const before = { anon: await row("cn-yunnan"), officer: await row("cn-yunnan", "", "officer"), other: await row("cn-yunnan", "", "otherOfficer") };
    const res = await h.call("POST", "/api/v1/projects", {
      as: "officer",
      body: {
        code: "PROV-RESTRICTED",
        mechanism: "LMC",
        title: { en: "Restricted border clinic" },
        visibility: "restricted",
        sector: "12220",
        startDate: "2027-01-01",
        budget: "250000.00",
        currency: "USD",
        parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "cn-yn-xishuangbanna", role: "implementer" }, { actor: "cn-yunnan", role: "funder" }, { actor: "la-luangnamtha", role: "partner" }],
      },
    });
    expect(res.status).toBe(201);
    const after = { anon: await row("cn-yunnan"), officer: await row("cn-yunnan", "", "officer"), other: await row("cn-yunnan", "", "otherOfficer") };
    expect(after.anon).toEqual(before.anon);
    expect(after.other).toEqual(before.other);
    expect(after.officer.projects).toBe(before.officer.projects + 1);
    expect(toCents(after.officer.money.budget) - toCents(before.officer.money.budget)).toBe(25_000_000);
    const ind = await independently("cn-yunnan", "officer");
    expect(after.officer.projects).toBe(ind.projects.size);
    expect(toCents(after.officer.money.budget)).toBe(ind.budgetCents);

    const mine = await get<Profile>("/api/v1/provinces/cn-yunnan", "officer");
    const p = mine.projects.find((x) => x.code === "PROV-RESTRICTED")!;
    expect(p.via).toEqual([{ code: "cn-yn-xishuangbanna", role: "implementer" }, { code: "cn-yunnan", role: "funder" }, { code: "cn-yunnan", role: "lead" }]);
    expect(p.modes).toContain("financing");
    expect((await get<Profile>("/api/v1/provinces/cn-yunnan")).projects.map((x) => x.code)).not.toContain("PROV-RESTRICTED");
    // Luang Namtha gains it as a partner project for the officer only
    expect((await row("la-luangnamtha", "", "officer")).projects).toBe((await row("la-luangnamtha")).projects + 1);
  });

  it("reports obligations fulfilled with the performance-record rate, over what the reader may see", async () => {
    const mou = { code: "PROV-MOU", kind: "mou", mechanism: "LMC", title: { en: "Yunnan–Luang Namtha border trade MoU" }, signedOn: "2026-03-01", signatories: ["cn-yunnan", "la-luangnamtha"] };
    expect((await h.call("POST", "/api/v1/agreements", { as: "secretariat", body: mou })).status).toBe(201);
    const ob = async (owner: string, dueDate: string) => {
      const r = await h.call("POST", "/api/v1/agreements/PROV-MOU/obligations", { as: "secretariat", body: { owner, title: { en: `Task of ${owner}` }, dueDate } });
      expect(r.status).toBe(201);
      return ((await r.json()) as { code: string }).code;
    };
    const met = await ob("cn-yunnan", "2026-06-30");
    await ob("cn-yunnan", "2026-07-31"); // open and overdue: counts 0
    await ob("la-luangnamtha", "2026-06-30");
    const rec = await h.call("POST", `/api/v1/obligations/${met}/fulfilment`, { as: "secretariat", body: { status: "fulfilled", fulfilledOn: "2026-06-20", evidence: "Minutes." } });
    expect(rec.status).toBe(201);

    const yn = await row("cn-yunnan", "", "analyst");
    expect(yn.obligations).toMatchObject({ due: 2, fulfilled: 1, openOverdue: 1, rate: 0.5 });
    expect(yn.agreements).toBe(1);
    expect(yn.modes.find((m) => m.mode === "agreements")).toMatchObject({ agreements: 1 });
    const rates = await get<{ items: { due: number; fulfilled: number; openOverdue: number }[] }>("/api/v1/actors/cn-yunnan/fulfilment", "analyst");
    expect(yn.obligations.due).toBe(rates.items.reduce((s, r) => s + r.due, 0));
    // A standalone MoU is for signed-in users: the public sees neither it nor its obligations
    expect((await row("cn-yunnan")).obligations).toMatchObject({ due: 0, rate: null });
    expect((await row("cn-yunnan")).agreements).toBe(0);
    const prof = await get<Profile>("/api/v1/provinces/cn-yunnan", "analyst");
    expect(prof.agreements.map((a) => a.code)).toEqual(["PROV-MOU"]);
    expect(prof.obligationRates).toEqual([expect.objectContaining({ actorCode: "cn-yunnan", due: 2 })]);
    expect(prof.partners.find((p) => p.code === "la-luangnamtha")).toBeDefined();
  });

  it("narrows to one mechanism", async () => {
    const rmz = await row("cn-yunnan", "?mechanism=RMZ");
    expect(rmz.projects).toBe(1);
    expect(rmz.money).toMatchObject({ budget: "1200000.00", disbursed: "650000.00" });
  });

  it("refuses bad input with the documented error shape", async () => {
    const bad = await h.call("GET", "/api/v1/provinces?country=China");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "validation_failed" } });
    const mech = await h.call("GET", "/api/v1/provinces?mechanism=NOPE");
    expect(mech.status).toBe(422);
    expect(await mech.json()).toMatchObject({ error: { code: "rule_violated", details: [{ path: "mechanism", code: "unknown_mechanism" }] } });
    expect((await h.call("GET", "/api/v1/provinces?format=xlsx")).status).toBe(400);
  });

  it("exports the comparison as CSV, in the reader's language", async () => {
    const json = await list("?country=CN");
    const res = await h.call("GET", "/api/v1/provinces?country=CN&format=csv&lang=en");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename=concord-provinces-\d{8}\.csv/);
    const [head, ...rows] = parse(await res.text()) as string[][];
    expect(head![0]).toBe("Code");
    expect(rows.map((r) => r[0])).toEqual(json.items.map((r) => r.code));
    const yn = rows.find((r) => r[0] === "cn-yunnan")!;
    expect(Number(yn[3])).toBe(json.items.find((r) => r.code === "cn-yunnan")!.projects);
    const zh = parse(await (await h.call("GET", "/api/v1/provinces?country=CN&format=csv&lang=zh&bom=true")).text(), { bom: true }) as string[][];
    expect(zh[0]![0]).not.toBe("Code");
    expect(zh.find((r) => r[0] === "cn-yunnan")![1]).toBe("云南省");
  });
});

describe("GET /api/v1/provinces/{ref}", () => {
  it("shows Yunnan's projects with the bodies they come through, partners by country and type, events and modes", async () => {
    const p = await get<Profile>("/api/v1/provinces/cn-yunnan");
    expect(p.subordinates.map((s) => s.code)).toEqual(expect.arrayContaining(["cn-yn-xishuangbanna", "cn-mohan", "cn-ruili-zone", "cn-yunnan-police"]));
    expect(p.projects.map((x) => x.code).sort()).toEqual(["SAMPLE-LMC-RICE", "SAMPLE-LMC-VOCATIONAL", "SAMPLE-MBZ-LOGISTICS", "SAMPLE-RMZ-TRADE"]);
    expect(p.projects.find((x) => x.code === "SAMPLE-RMZ-TRADE")!.via).toEqual([{ code: "cn-ruili-zone", role: "lead" }, { code: "cn-yunnan", role: "funder" }]);
    expect(p.projects.find((x) => x.code === "SAMPLE-MBZ-LOGISTICS")!.modes).toEqual(["border_zone", "connectivity"]);
    // Its own zones are not partners; the Lao province and the Yunnan enterprise are
    const partnerCodes = p.partners.map((x) => x.code);
    expect(partnerCodes).not.toContain("cn-mohan");
    expect(partnerCodes).toEqual(expect.arrayContaining(["la-luangnamtha", "la-boten", "mm-muse-zone", "sample-yn-logistics", "siam-university"]));
    expect(p.province.partners).toBe(p.partners.length);
    expect(p.partnersByCountryType.reduce((s, x) => s + x.partners, 0)).toBe(p.partners.length);
    expect(p.partnersByCountryType).toEqual(expect.arrayContaining([{ country: "LA", type: "government", partners: expect.any(Number) }]));
    expect(p.events.map((e) => e.code)).toEqual(expect.arrayContaining(["GMS-2018-GOVERNORS", "GMS-2019-GOVERNORS", "LMC-2019-GUANLE-EXCHANGE", "LMC-FMM-3"]));
    expect(p.events.length).toBe(p.province.events);
  });

  it("answers 404 for what is not a province or state", async () => {
    for (const ref of ["nowhere", "cn-yn-xishuangbanna", "cn-yunnan-police", "yufe", "cn"]) {
      const res = await h.call("GET", `/api/v1/provinces/${ref}`);
      expect(res.status, ref).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });
});
