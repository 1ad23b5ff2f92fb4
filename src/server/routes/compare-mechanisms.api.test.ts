import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { actors } from "../../db/schema/actors.js";
import { events } from "../../db/schema/events.js";
import { riverBasinOrganisations } from "../../db/schema/interop.js";
import { mechanisms, memberships } from "../../db/schema/mechanisms.js";
import { projectParties, projects } from "../../db/schema/projects.js";
import { diversity } from "../../lib/diversity/index.js";
import { parseRbos } from "../../lib/tfdd/rbo.js";
import { mergeWeights, scoreRbo } from "../../lib/rbo/score.js";

let h: Harness;
const mechId = async (code: string) => (await h.database.db.select({ id: mechanisms.id }).from(mechanisms).where(eq(mechanisms.code, code)))[0]!.id;

beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-24T10:00:00Z") });
  const db = h.database.db;
  // The MRC's four rows of the real TFDD RBO database, linked to the MRC as the tfdd-rbo import links them.
  const mrc = await mechId("MRC");
  const file = path.resolve(process.cwd(), "../shared/data/tfdd/TFDD_RBODatabase_20131015.csv");
  for await (const p of parseRbos(file))
    if (p.ok && p.record.rboCode === "MRCX") {
      const { code, rboCode, name, basinCode, basinName, countryCode, agreementName, agreementYear, continent, attributes } = p.record;
      await db.insert(riverBasinOrganisations).values({ code, rboCode, name, basinCode, basinName, countryCode, agreementName, agreementYear, continent, attributes, mechanismId: mrc, source: "test" });
    }
  // Water events as the TFDD import stores them: on no mechanism, with a basin and two ISO3 countries.
  const water = (code: string, date: string, bar: number | null, basin: string, countryCodes: string[], visibility: "public" | "internal" = "public") =>
    ({ code, kind: "water_event" as const, date, title: { en: code }, barScale: bar, basinCode: basin, countryCodes, visibility, source: "test" });
  await db.insert(events).values([
    water("w-1", "1996-03-01", 3, "MEKO", ["THA", "LAO"]),
    water("w-2", "1998-07-01", -2, "MEKO", ["KHM", "VNM"]),
    water("w-3", "2001-01-10", 0, "MEKO", ["CHN", "LAO"]),
    water("w-4", "2001-05-10", null, "SALW", ["CHN", "MMR"]),
    water("w-5", "1990-01-01", -5, "INDU", ["IND", "PAK"]),
    water("w-6", "2002-01-01", 4, "MEKO", ["THA", "VNM"], "internal"),
  ]);
});
afterAll(() => h?.close());

type Amount = { key: string; projects: number; amountUsd: number };
type Period = { period: string; events: number; conflict: number; neutral: number; cooperation: number; mean: number | null };
type Profile = {
  code: string;
  members: { actor: string; role: string; type: string }[];
  roles: Record<string, number>;
  participants: { counts: Record<string, number>; total: number; shares: Record<string, number>; shannon: number; pielou: number | null; giniSimpson: number };
  projects: { count: number; amountUsd: number; unconverted: number; bySector: Amount[]; byCountry: Amount[] };
  tracks: Record<string, number>;
  water: { basins: string[]; memberCountries: string[]; events: number; byYear: Period[]; byFiveYears: Period[] };
};
type SideBySide = { mechanisms: Profile[]; rules: Record<string, string>; currency: string };

const get = async <T>(url: string, as?: string) => {
  const res = await h.call("GET", url, { as });
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
};

describe("GET /api/v1/compare/mechanisms", () => {
  it("profiles the LMC, LMI, MJC, GMS and MRC in the order asked, with the rule of each measure", async () => {
    const s = await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=LMC,lmi,MJC,GMS,MRC");
    expect(s.mechanisms.map((m) => m.code)).toEqual(["LMC", "LMI", "MJC", "GMS", "MRC"]);
    expect(Object.keys(s.rules).sort()).toEqual(["members", "participants", "projects", "tracks", "water"]);
    const mrc = s.mechanisms[4]!;
    // Four members, China and Myanmar observe
    expect(mrc.roles).toEqual({ member: 4, observer: 2 });
    expect(s.mechanisms[0]!.roles).toEqual({ lead: 1, member: 5 });
  });

  it("counts members and participant types as the database does, with the diversity of those counts", async () => {
    const db = h.database.db;
    for (const code of ["LMC", "GMS", "MRC"]) {
      const id = await mechId(code);
      const p = (await get<SideBySide>(`/api/v1/compare/mechanisms?mechanisms=${code}`)).mechanisms[0]!;
      const ms = await db.select({ actor: actors.code, id: actors.id, type: actors.type, role: memberships.role }).from(memberships).innerJoin(actors, eq(actors.id, memberships.actorId)).where(eq(memberships.mechanismId, id));
      expect(p.members.map((m) => `${m.actor}:${m.role}`).sort()).toEqual(ms.map((m) => `${m.actor}:${m.role}`).sort());
      // Parties of the projects an anonymous reader sees in the project list
      const list = await get<{ items: { code: string }[] }>(`/api/v1/projects?mechanism=${code}&limit=200`);
      const codes = list.items.map((i) => i.code);
      const parties = codes.length
        ? await db.select({ id: actors.id, type: actors.type }).from(projectParties).innerJoin(projects, eq(projects.id, projectParties.projectId)).innerJoin(actors, eq(actors.id, projectParties.actorId)).where(inArray(projects.code, codes))
        : [];
      const byActor = new Map([...ms, ...parties].map((a) => [a.id, a.type]));
      const counts: Record<string, number> = {};
      for (const t of byActor.values()) counts[t] = (counts[t] ?? 0) + 1;
      for (const [t, n] of Object.entries(p.participants.counts)) expect(n, `${code} ${t}`).toBe(counts[t] ?? 0);
      const d = diversity(counts);
      expect(p.participants.total).toBe(byActor.size);
      expect(p.participants.shannon).toBeCloseTo(d.shannon, 12);
      expect(p.participants.giniSimpson).toBeCloseTo(d.giniSimpson, 12);
      expect(p.participants.pielou ?? -1).toBeCloseTo(d.pielou ?? -1, 12);
    }
    // The LMC's projects bring universities, an enterprise, an NGO and a finance body beside the governments
    const lmc = (await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=LMC")).mechanisms[0]!;
    expect(lmc.participants.counts.government).toBeGreaterThanOrEqual(6);
    expect(lmc.participants.counts.university).toBeGreaterThan(0);
    expect(lmc.participants.shannon).toBeGreaterThan(0);
    // Only governments at the MRC: one type, no evenness
    const mrc = (await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=MRC")).mechanisms[0]!;
    expect(mrc.participants).toMatchObject({ total: 6, shannon: 0, pielou: null, giniSimpson: 0 });
  });

  it("sums projects and money by sector and country over the projects the reader may see", async () => {
    for (const as of [undefined, "secretariat"]) {
      const p = (await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=LMC", as)).mechanisms[0]!;
      const list = await get<{ total: number; items: { sector: string | null; budget: string | null; currency: string; countries: string[] }[] }>("/api/v1/projects?mechanism=LMC&limit=200", as);
      expect(p.projects.count).toBe(list.total);
      const usd = list.items.filter((i) => i.currency === "USD").reduce((s, i) => s + Number(i.budget ?? 0), 0);
      expect(p.projects.amountUsd).toBeCloseTo(usd, 2);
      expect(p.projects.bySector.reduce((s, r) => s + r.projects, 0)).toBe(list.total);
      expect(p.projects.bySector.reduce((s, r) => s + r.amountUsd, 0)).toBeCloseTo(usd, 2);
      // Money split over countries adds up to the total (every reference project has a country)
      expect(p.projects.byCountry.reduce((s, r) => s + r.amountUsd, 0)).toBeCloseTo(usd, 0);
      for (const c of p.projects.byCountry) expect(c.projects, c.key).toBe(list.items.filter((i) => i.countries.includes(c.key)).length);
    }
    const anon = (await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=LMC")).mechanisms[0]!;
    const staff = (await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=LMC", "secretariat")).mechanisms[0]!;
    // One of the LMC's reference projects is internal
    expect(staff.projects.count).toBe(anon.projects.count + 1);
  });

  it("converts other currencies at the latest rate before today, and counts budgets without a rate apart", async () => {
    const res = await h.call("POST", "/api/v1/projects", {
      as: "officer",
      body: { code: "CMP-SIDE-CNY", mechanism: "LMC", title: { en: "Side by side in yuan" }, sector: "99810", visibility: "internal", budget: "1000000.00", currency: "CNY", parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "la", role: "partner" }] },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const lmc = async () => (await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=LMC", "secretariat")).mechanisms[0]!;
    const before = await lmc();
    expect(before.projects.unconverted).toBe(1);
    expect(before.projects.bySector.find((s) => s.key === "99810")).toEqual({ key: "99810", projects: 1, amountUsd: 0 });
    for (const [date, rate] of [["2026-01-01", "0.14"], ["2026-11-01", "0.15"], ["2026-12-31", "0.2"]] as const) {
      const r = await h.call("POST", "/api/v1/exchange-rates", { as: "secretariat", body: { currency: "CNY", date, usdPerUnit: rate } });
      expect(r.status, await r.clone().text()).toBe(201);
    }
    const after = await lmc();
    expect(after.projects.unconverted).toBe(0);
    // 1,000,000 yuan at 0.15 (1 November; the December rate is after today)
    expect(after.projects.bySector.find((s) => s.key === "99810")!.amountUsd).toBe(150_000);
    expect(after.projects.amountUsd).toBeCloseTo(before.projects.amountUsd + 150_000, 2);
    // Split equally over the parties' countries, China and Laos
    const la = (p: Profile) => p.projects.byCountry.find((c) => c.key === "LA")?.amountUsd ?? 0;
    expect(la(after) - la(before)).toBeCloseTo(75_000, 2);
    // Others cannot see the internal project: not counted for them
    expect((await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=LMC")).mechanisms[0]!.projects.bySector.some((s) => s.key === "99810")).toBe(false);
  });

  it("counts meetings by track as the events list does", async () => {
    for (const code of ["LMC", "GMS", "LMI"]) {
      const p = (await get<SideBySide>(`/api/v1/compare/mechanisms?mechanisms=${code}`)).mechanisms[0]!;
      const tracks = await get<{ track: string; count: number }[]>(`/api/v1/events/tracks?mechanism=${code}`);
      for (const t of tracks) expect(p.tracks[t.track], `${code} ${t.track}`).toBe(t.count);
      const meetings = await get<{ total: number }>(`/api/v1/events?mechanism=${code}&meetings=true&limit=1`);
      expect(p.tracks.I! + p.tracks.II! + p.tracks.III! + p.tracks.none!).toBe(meetings.total);
    }
    const lmc = (await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=LMC")).mechanisms[0]!;
    expect(lmc.tracks.I).toBeGreaterThan(0);
  });

  it("relates water events to a mechanism by its TFDD organisation's basin or its member countries, by year and five years", async () => {
    const s = await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=MRC,LMC,MGC");
    const [mrc, lmc, mgc] = s.mechanisms;
    // MRC: the Mekong basin (w-1, w-2, w-3; w-6 is internal)
    expect(mrc!.water.basins).toEqual(["MEKO"]);
    expect(mrc!.water.events).toBe(3);
    expect(mrc!.water.byYear).toEqual([
      { period: "1996", events: 1, conflict: 0, neutral: 0, cooperation: 1, mean: 3 },
      { period: "1998", events: 1, conflict: 1, neutral: 0, cooperation: 0, mean: -2 },
      { period: "2001", events: 1, conflict: 0, neutral: 1, cooperation: 0, mean: 0 },
    ]);
    expect(mrc!.water.byFiveYears).toEqual([
      { period: "1995-1999", events: 2, conflict: 1, neutral: 0, cooperation: 1, mean: 0.5 },
      { period: "2000-2004", events: 1, conflict: 0, neutral: 1, cooperation: 0, mean: 0 },
    ]);
    // LMC: no TFDD organisation; events between its members (w-1, w-2, w-3 and the unrated w-4 on the Salween)
    expect(lmc!.water.basins).toEqual([]);
    expect(lmc!.water.memberCountries).toEqual(["CHN", "KHM", "LAO", "MMR", "THA", "VNM"]);
    expect(lmc!.water.events).toBe(4);
    expect(lmc!.water.byYear.find((y) => y.period === "2001")).toEqual({ period: "2001", events: 2, conflict: 0, neutral: 1, cooperation: 0, mean: 0 });
    // India leads the MGC, but Pakistan is no member: the Indus event is nobody's here
    expect(mgc!.water.events).toBe(2);
    // Staff see the internal event too
    const staff = (await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=MRC", "secretariat")).mechanisms[0]!;
    expect(staff.water.events).toBe(4);
  });

  it("exports every figure in long form as CSV", async () => {
    const res = await h.call("GET", "/api/v1/compare/mechanisms?mechanisms=LMC,MRC&format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/concord-compare-mechanisms-20261124\.csv/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("mechanism,measure,key,value");
    expect(lines).toContain("MRC,members_by_role,observer,2");
    expect(lines).toContain("LMC,members_by_role,lead,1");
    expect(lines).toContain("MRC,water_events_by_year,1996,1");
    const json = (await get<SideBySide>("/api/v1/compare/mechanisms?mechanisms=LMC,MRC")).mechanisms[0]!;
    expect(lines).toContain(`LMC,projects,count,${json.projects.count}`);
  });

  it("refuses bad lists and unknown mechanisms", async () => {
    expect((await h.call("GET", "/api/v1/compare/mechanisms?mechanisms=LMC;drop")).status).toBe(400);
    const res = await h.call("GET", "/api/v1/compare/mechanisms?mechanisms=LMC,NOPE");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});

type Score = { mechanism: string; basis: string; source: string | null; overall: number | null; levels: Record<string, { score: number | null; coverage: number }>; indicators: { code: string; value: number | null; weight: number }[] };

describe("river-basin-organisation assessments", () => {
  const LMC_VALUES = { INT_TREATY: 0, INT_MULTILATERAL: 1, INT_INCLUSIVE: 1, INT_BINDING: 0, INS_SECRETARIAT: 1, INS_FUNDING: 1, GOV_ISSUES: 1, GOV_PUBLIC: null };

  it("scores the MRC from the TFDD data, with the default weights until weights are stored", async () => {
    const s = await get<Score>("/api/v1/compare/rbo/assessments/MRC/score");
    expect(s).toMatchObject({ mechanism: "MRC", basis: "tfdd" });
    expect(s.overall).toBeCloseTo(118 / 135, 12);
    const same = await get<Score>("/api/v1/compare/rbo?organisation=MRCX");
    expect(s.overall).toBe(same.overall);
  });

  it("lets the secretariat enter the LMC's values, audited, and scores them", async () => {
    const before = await countRows(h.database, "audit_log");
    const res = await h.call("PUT", "/api/v1/compare/rbo/assessments/lmc", { as: "secretariat", body: { values: LMC_VALUES, source: "LMC Sanya Declaration (2016); seed 002 §3.3" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mechanism: "LMC", values: LMC_VALUES, source: "LMC Sanya Declaration (2016); seed 002 §3.3", updatedBy: h.users.secretariat!.email });
    expect(await countRows(h.database, "audit_log")).toBe(before + 1);
    const audit = (await h.database.db.execute(sql`select entity, action from audit_log order by id desc limit 1`)) as unknown as { rows: { entity: string; action: string }[] };
    expect(audit.rows[0]).toEqual({ entity: "rbo_assessment", action: "create" });

    const got = await get<{ values: Record<string, number | null> }>("/api/v1/compare/rbo/assessments/LMC");
    expect(got.values).toEqual(LMC_VALUES);
    const list = await get<{ items: { mechanism: string }[] }>("/api/v1/compare/rbo/assessments");
    expect(list.items.map((i) => i.mechanism)).toEqual(["LMC"]);

    const s = await get<Score>("/api/v1/compare/rbo/assessments/LMC/score");
    const expected = scoreRbo(LMC_VALUES);
    expect(s).toMatchObject({ basis: "assessment", source: "LMC Sanya Declaration (2016); seed 002 §3.3" });
    expect(s.overall).toBeCloseTo(expected.overall!, 12);
    // internationalisation (0 + 1 + 1 + 0)/4 known of 5
    expect(s.levels.internationalisation).toEqual({ score: 0.5, coverage: 0.8 });
    // The same as the stateless scorer with the same values
    const post = await h.call("POST", "/api/v1/compare/rbo/score", { as: "secretariat", body: { values: LMC_VALUES } });
    expect(((await post.json()) as Score).overall).toBe(s.overall);
  });

  it("applies stored weights, to the MRC's TFDD values too", async () => {
    const weights = { levels: { governance: 2 }, indicators: { INT_BINDING: 3 } };
    const res = await h.call("PUT", "/api/v1/compare/rbo/assessments/MRC", { as: "admin", body: { values: {}, weights } });
    expect(res.status).toBe(200);
    const s = await get<Score>("/api/v1/compare/rbo/assessments/MRC/score");
    expect(s.basis).toBe("tfdd");
    const post = await h.call("POST", "/api/v1/compare/rbo/score", { as: "admin", body: { organisation: "MRCX", weights } });
    const expected = (await post.json()) as Score;
    expect(s.overall).toBeCloseTo(expected.overall!, 12);
    expect(s.overall).not.toBeCloseTo(118 / 135, 3);
    expect(s.indicators.find((i) => i.code === "INT_BINDING")!.weight).toBe(3);
    // A mechanism with neither has an empty assessment and no score yet
    expect(await get("/api/v1/compare/rbo/assessments/mjc")).toEqual({ mechanism: "MJC", values: {}, weights: {}, source: null, updatedBy: null, updatedAt: null });
    expect(await get<Score>("/api/v1/compare/rbo/assessments/MJC/score")).toMatchObject({ basis: "none", overall: null });
    expect(mergeWeights(weights).levels.governance).toBe(2);
  });

  it("refuses other roles and anonymous callers, and writes nothing", async () => {
    const n = await countRows(h.database, "rbo_assessments");
    for (const as of ["officer", "reviewer", "analyst"]) {
      const res = await h.call("PUT", "/api/v1/compare/rbo/assessments/MJC", { as, body: { values: { INT_TREATY: 1 } } });
      expect(res.status, as).toBe(403);
    }
    expect((await h.call("PUT", "/api/v1/compare/rbo/assessments/MJC", { body: { values: { INT_TREATY: 1 } } })).status).toBe(401);
    expect(await countRows(h.database, "rbo_assessments")).toBe(n);
  });

  it("answers 422 for values out of range, unknown indicators and bad weights, 400 for a malformed body, 404 for an unknown mechanism; nothing written", async () => {
    const n = await countRows(h.database, "rbo_assessments");
    const audits = await countRows(h.database, "audit_log");
    const put = (body: unknown, mech = "MJC") => h.call("PUT", `/api/v1/compare/rbo/assessments/${mech}`, { as: "secretariat", body });
    const cases: [unknown, string, string][] = [
      [{ values: { INT_TREATY: 1.5 } }, "rbo_value_invalid", "values.INT_TREATY"],
      [{ values: { INT_TREATY: -0.1 } }, "rbo_value_invalid", "values.INT_TREATY"],
      [{ values: { NOT_AN_INDICATOR: 1 } }, "rbo_unknown_indicator", "values.NOT_AN_INDICATOR"],
      [{ values: {}, weights: { indicators: { INT_TREATY: -1 } } }, "rbo_weight_invalid", "weights.indicators.INT_TREATY"],
      [{ values: {}, weights: { levels: { internationalisation: 0, institutionalisation: 0, governance: 0 } } }, "rbo_weights_all_zero", "weights.levels"],
    ];
    for (const [body, rule, at] of cases) {
      const res = await put(body);
      expect(res.status, rule).toBe(422);
      const err = (await res.json()) as { error: { code: string; details: { path: string; code: string }[] } };
      expect(err.error.code).toBe("rule_violated");
      expect(err.error.details[0]).toMatchObject({ path: at, code: rule });
    }
    expect((await put({ values: { INT_TREATY: "yes" } })).status).toBe(400);
    expect((await put({})).status).toBe(400);
    expect((await put({ values: {} }, "NOPE")).status).toBe(404);
    expect((await h.call("GET", "/api/v1/compare/rbo/assessments/NOPE/score")).status).toBe(404);
    expect(await countRows(h.database, "rbo_assessments")).toBe(n);
    expect(await countRows(h.database, "audit_log")).toBe(audits);
  });
});
