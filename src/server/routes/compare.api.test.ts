import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, countRows, type Harness } from "../../../test/support/app.js";
import { riverBasinOrganisations } from "../../db/schema/interop.js";
import { parseRbos } from "../../lib/tfdd/rbo.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-24T10:00:00Z") });
  // The MRC's four rows of the real TFDD RBO database, as `concord import events --format tfdd-rbo` stores them.
  const file = path.resolve(process.cwd(), "../shared/data/tfdd/TFDD_RBODatabase_20131015.csv");
  for await (const p of parseRbos(file))
    if (p.ok && p.record.rboCode === "MRCX") {
      const { code, rboCode, name, basinCode, basinName, countryCode, agreementName, agreementYear, continent, attributes } = p.record;
      await h.database.db.insert(riverBasinOrganisations).values({ code, rboCode, name, basinCode, basinName, countryCode, agreementName, agreementYear, continent, attributes, source: "test" });
    }
});
afterAll(() => h?.close());

type Matrix = { codes: string[]; cells: number[][] };
type Overlap = { kinds: Record<string, string>; matrices: Record<string, Matrix>; currency: string };
const overlap = async (query: string, as?: string) => {
  const res = await h.call("GET", `/api/v1/compare/overlap${query}`, { as });
  expect(res.status).toBe(200);
  return (await res.json()) as Overlap;
};
const cell = (m: Matrix, a: string, b: string) => m.cells[m.codes.indexOf(a)]![m.codes.indexOf(b)]!;

describe("GET /api/v1/compare/overlap", () => {
  it("gives the LMC's membership overlap with the Mekong-US, Mekong-Japan, GMS and MRC mechanisms", async () => {
    const o = await overlap("?mechanisms=LMC,LMI,MJC,GMS,MRC");
    expect(o.matrices.members!.codes).toEqual(["LMC", "LMI", "MJC", "GMS", "MRC"]);
    expect(Object.keys(o.kinds).sort()).toEqual(Object.keys(o.matrices).sort());
    const m = o.matrices.members!;
    // LMC = cn + the five; LMI = us + the five; MJC = jp + the five: 5 shared of 7
    expect(cell(m, "LMC", "LMI")).toBeCloseTo(5 / 7, 12);
    expect(cell(m, "LMC", "MJC")).toBeCloseTo(5 / 7, 12);
    // GMS adds Yunnan and Guangxi: 6 of 8; MRC's members are kh la th vn (China and Myanmar observe): 4 of 6
    expect(cell(m, "LMC", "GMS")).toBeCloseTo(6 / 8, 12);
    expect(cell(m, "LMC", "MRC")).toBeCloseTo(4 / 6, 12);
    expect(cell(m, "LMC", "LMC")).toBe(1);
    // At country level Yunnan and Guangxi are China: the LMC and the GMS coincide
    expect(cell(o.matrices.memberCountries!, "LMC", "GMS")).toBe(1);
    for (const mat of Object.values(o.matrices)) for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(mat.cells[i]![j]).toBe(mat.cells[j]![i]);
  });

  it("takes any order and lower-case codes, and all mechanisms without a list", async () => {
    expect((await overlap("?mechanisms=mrc,lmc")).matrices.members!.codes).toEqual(["MRC", "LMC"]);
    expect((await overlap("")).matrices.members!.codes).toEqual(expect.arrayContaining(["LMC", "LMI", "MJC", "GMS", "MRC", "MBZ"]));
  });

  it("counts a restricted project's sector only for the organisations named on it", async () => {
    const before = { anon: await overlap("?mechanisms=LMC,RMZ"), officer: await overlap("?mechanisms=LMC,RMZ", "officer") };
    const res = await h.call("POST", "/api/v1/projects", {
      as: "officer",
      body: {
        code: "CMP-RESTRICTED",
        mechanism: "LMC",
        title: { en: "Compare test" },
        visibility: "restricted",
        sector: "33120",
        startDate: "2031-02-01",
        budget: "1000.00",
        currency: "USD",
        parties: [{ actor: "cn-yunnan", role: "lead" }],
      },
    });
    expect(res.status).toBe(201);
    const after = { anon: await overlap("?mechanisms=LMC,RMZ"), officer: await overlap("?mechanisms=LMC,RMZ", "officer"), other: await overlap("?mechanisms=LMC,RMZ", "otherOfficer") };
    expect(after.anon).toEqual(before.anon);
    expect(after.other).toEqual(before.officer);
    expect(cell(after.officer.matrices.sectors!, "LMC", "RMZ")).toBeGreaterThan(cell(before.officer.matrices.sectors!, "LMC", "RMZ"));
  });

  it("refuses an unknown mechanism (404) and a malformed list (400)", async () => {
    const r404 = await h.call("GET", "/api/v1/compare/overlap?mechanisms=LMC,NOPE");
    expect(r404.status).toBe(404);
    expect(await r404.json()).toMatchObject({ error: { code: "not_found" } });
    const r400 = await h.call("GET", "/api/v1/compare/overlap?mechanisms=LMC;drop");
    expect(r400.status).toBe(400);
    expect(await r400.json()).toMatchObject({ error: { code: "validation_failed" } });
  });
});

describe("GET /api/v1/compare/overlap?format=csv", () => {
  it("exports every matrix in long form, one row per kind and ordered pair, equal to the JSON", async () => {
    const json = await overlap("?mechanisms=LMC,LMI,MJC,GMS,MRC");
    const res = await h.call("GET", "/api/v1/compare/overlap?mechanisms=LMC,LMI,MJC,GMS,MRC&format=csv&lang=en");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename=concord-overlap-\d{8}\.csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...rows] = parse(bytes) as string[][];
    expect(head).toEqual(["Kind", "Mechanism A", "Mechanism B", "Value"]);
    expect(rows).toHaveLength(Object.keys(json.matrices).length * 25);
    for (const [kind, a, b, value] of rows) expect(Number(value)).toBe(cell(json.matrices[kind!]!, a!, b!));
    expect(rows.find((r) => r[0] === "members" && r[1] === "LMC" && r[2] === "MRC")![3]).toBe(String(4 / 6));
    const zh = (parse((await (await h.call("GET", "/api/v1/compare/overlap?mechanisms=LMC,MRC&format=csv&lang=zh&bom=true")).text()), { bom: true }) as string[][])[0];
    expect(zh).toEqual(["种类", "机制 A", "机制 B", "数值"]);
  });

  it("answers an unknown mechanism with 404 and a bad format with 400, as JSON", async () => {
    const r404 = await h.call("GET", "/api/v1/compare/overlap?mechanisms=LMC,NOPE&format=csv");
    expect(r404.status).toBe(404);
    expect(await r404.json()).toMatchObject({ error: { code: "not_found" } });
    expect((await h.call("GET", "/api/v1/compare/overlap?format=xlsx")).status).toBe(400);
  });
});

describe("GET /api/v1/compare/participants", () => {
  it("reproduces seed 002 Table 4-1: NGOs in Viet Nam, LMC 17, US-Mekong 111, Japan-Mekong 32", async () => {
    const res = await h.call("GET", "/api/v1/compare/participants?type=ngo");
    expect(res.status).toBe(200);
    const t = (await res.json()) as { mechanisms: string[]; countries: string[]; cells: Record<string, Record<string, number | null>> };
    expect(t.countries).toEqual(["VN"]);
    expect(t.cells.VN).toEqual({ LMC: 17, LMI: 111, MJC: 32 });
  });
  it("is empty for a type without published counts", async () => {
    const t = await (await h.call("GET", "/api/v1/compare/participants?type=finance")).json();
    expect(t).toMatchObject({ actorType: "finance", mechanisms: [], countries: [], cells: {} });
  });
});

type Score = { organisation: { code: string } | null; overall: number | null; coverage: number; levels: Record<string, { score: number | null; coverage: number }>; indicators: { code: string; value: number | null; normalisedWeight: number }[] };

describe("river-basin-organisation scores", () => {
  it("scores the MRC from the TFDD RBO data with the indicators and weights shown", async () => {
    const res = await h.call("GET", "/api/v1/compare/rbo?organisation=MRCX");
    expect(res.status).toBe(200);
    const s = (await res.json()) as Score;
    expect(s.organisation).toMatchObject({ code: "MRCX", name: "Mekong River Commission" });
    expect(s.levels.internationalisation!.score).toBeCloseTo(11 / 15, 12);
    expect(s.levels.institutionalisation!.score).toBe(1);
    expect(s.levels.governance!.score).toBeCloseTo(8 / 9, 12);
    expect(s.overall).toBeCloseTo(118 / 135, 12);
    expect(s.indicators.find((i) => i.code === "INT_BINDING")).toMatchObject({ value: 0, normalisedWeight: 0.2 });
  });
  it("rescores under edited weights and scores values entered by hand (the LMC); nothing is stored", async () => {
    const rows = await countRows(h.database, "river_basin_organisations");
    const res = await h.call("POST", "/api/v1/compare/rbo/score", { as: "analyst", body: { organisation: "MRCX", weights: { levels: { internationalisation: 1, institutionalisation: 0, governance: 0 } } } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Score).overall).toBeCloseTo(11 / 15, 12);
    // hand-entered: internationalisation 1 and 0 over INT_TREATY and INT_BINDING only → 0.5 with coverage 2/5
    const lmc = (await (await h.call("POST", "/api/v1/compare/rbo/score", { as: "secretariat", body: { values: { INT_TREATY: 1, INT_BINDING: 0 } } })).json()) as Score;
    expect(lmc.organisation).toBeNull();
    expect(lmc.levels.internationalisation).toEqual({ score: 0.5, coverage: 0.4 });
    expect(lmc.overall).toBe(0.5);
    expect(await countRows(h.database, "river_basin_organisations")).toBe(rows);
  });
  it("needs a signed-in user to post, and refuses bad weights and values", async () => {
    expect((await h.call("POST", "/api/v1/compare/rbo/score", { body: { organisation: "MRCX" } })).status).toBe(401);
    const neg = await h.call("POST", "/api/v1/compare/rbo/score", { as: "analyst", body: { weights: { indicators: { INT_TREATY: -1 } } } });
    expect(neg.status).toBe(400);
    const big = await h.call("POST", "/api/v1/compare/rbo/score", { as: "analyst", body: { values: { INT_TREATY: 2 } } });
    expect(big.status).toBe(400);
    const unknown = await h.call("POST", "/api/v1/compare/rbo/score", { as: "analyst", body: { weights: { indicators: { NOPE: 1 } } } });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: { code: "rule_violated", details: [{ path: "weights.indicators.NOPE", code: "rbo_unknown_indicator" }] } });
    const zero = await h.call("POST", "/api/v1/compare/rbo/score", { as: "analyst", body: { weights: { levels: { internationalisation: 0, institutionalisation: 0, governance: 0 } } } });
    expect(zero.status).toBe(422);
    expect(await zero.json()).toMatchObject({ error: { details: [{ code: "rbo_weights_all_zero" }] } });
  });
  it("reports an organisation not in the imported data as not found", async () => {
    expect((await h.call("GET", "/api/v1/compare/rbo?organisation=NONE")).status).toBe(404);
    expect((await h.call("GET", "/api/v1/compare/rbo")).status).toBe(400);
  });
});

type ProjectOverlap = { project: string; maxKm: number; items: { code: string; mechanism: string | null; place: string; reasons: { kind: string; codes?: string[]; from?: number | null; to?: number | null }[] }[] };

describe("GET /api/v1/compare/projects/{ref}/overlap", () => {
  const create = async (as: string, code: string, mechanism: string, parties: [string, string][], extra: Record<string, unknown> = {}) => {
    const res = await h.call("POST", "/api/v1/projects", {
      as,
      body: { code, mechanism, title: { en: `Overlap ${code}` }, sector: "14030", startDate: "2030-01-01", endDate: "2032-12-31", parties: parties.map(([actor, role]) => ({ actor, role })), ...extra },
    });
    expect(res.status, code).toBe(201);
  };
  beforeAll(async () => {
    await create("officer", "OV-TARGET", "LMC", [["cn-yunnan", "lead"], ["la", "partner"]]);
    await create("admin", "OV-GMS-YUNNAN", "GMS", [["cn-yunnan", "lead"]], { startDate: "2031-06-01", endDate: undefined });
    await create("admin", "OV-MRC-LAOS", "MRC", [["la", "lead"]]);
    await create("admin", "OV-MRC-SECTOR", "MRC", [["la", "lead"]], { sector: "23210" });
    await create("admin", "OV-MRC-YEARS", "MRC", [["la", "lead"]], { startDate: "2020-01-01", endDate: "2021-12-31" });
    await create("admin", "OV-MRC-VIETNAM", "MRC", [["vn", "lead"]]);
    await create("admin", "OV-LMC-OWN", "LMC", [["la", "lead"]]);
    await create("otherOfficer", "OV-TH-RESTRICTED", "MRC", [["th", "lead"], ["la", "partner"]], { visibility: "restricted" });
  });
  const list = async (as: string | undefined, query = "") => {
    const res = await h.call("GET", `/api/v1/compare/projects/OV-TARGET/overlap${query}`, { as });
    return { status: res.status, body: (await res.json()) as ProjectOverlap };
  };

  it("lists other mechanisms' projects in the same province or country, sector and years, with the reasons", async () => {
    const { status, body } = await list("officer");
    expect(status).toBe(200);
    expect(body.items.map((i) => i.code)).toEqual(["OV-GMS-YUNNAN", "OV-MRC-LAOS"]);
    const [gms, mrc] = body.items;
    expect(gms).toMatchObject({ mechanism: "GMS", place: "province" });
    expect(gms!.reasons).toEqual(
      expect.arrayContaining([
        { kind: "province", codes: ["cn-yunnan"] },
        { kind: "sector", codes: ["14030"] },
        { kind: "years", from: 2031, to: 2032 },
      ]),
    );
    expect(mrc).toMatchObject({ mechanism: "MRC", place: "country" });
    expect(mrc!.reasons.find((r) => r.kind === "country")!.codes!.map((c) => c.toLowerCase())).toEqual(["la"]);
  });

  it("shows a restricted project only to the organisations named on it", async () => {
    expect((await list("otherOfficer")).body.items.map((i) => i.code)).toContain("OV-TH-RESTRICTED");
    for (const as of ["officer", "admin", "analyst"]) expect((await list(as)).body.items.map((i) => i.code)).not.toContain("OV-TH-RESTRICTED");
  });

  it("does not exist for whoever may not see the project (404), nor for an unknown one; refuses a bad distance (400)", async () => {
    expect((await list(undefined)).status).toBe(404);
    expect((await h.call("GET", "/api/v1/compare/projects/NO-SUCH/overlap", { as: "admin" })).status).toBe(404);
    expect((await list("officer", "?km=-1")).status).toBe(400);
  });

  it("exports the same list as CSV, one column per reason, headers in the language asked", async () => {
    const json = (await list("officer")).body;
    const res = await h.call("GET", "/api/v1/compare/projects/OV-TARGET/overlap?format=csv&lang=en&bom=true", { as: "officer" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename=concord-overlap-OV-TARGET-\d{8}\.csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...rows] = parse(bytes, { bom: true }) as string[][];
    expect(head).toEqual(["Project", "Overlapping project", "Mechanism", "Source", "Place", "Distance (km)", "Countries", "Provinces", "Zones", "Sectors", "From year", "To year"]);
    expect(rows.map((r) => r[1])).toEqual(json.items.map((i) => i.code));
    const gms = rows.find((r) => r[1] === "OV-GMS-YUNNAN")!;
    expect(gms).toEqual(["OV-TARGET", "OV-GMS-YUNNAN", "GMS", "", "province", "", expect.stringMatching(/^cn$/i), "cn-yunnan", "", "14030", "2031", "2032"]);
    const th = parse(await (await h.call("GET", "/api/v1/compare/projects/OV-TARGET/overlap?format=csv&lang=th", { as: "officer" })).text()) as string[][];
    expect(th[0]![1]).toBe("โครงการที่ทับซ้อน");
    // A refused read writes no file.
    expect((await h.call("GET", "/api/v1/compare/projects/OV-TARGET/overlap?format=csv")).status).toBe(404);
  });
});

describe("GET /api/v1/compare/outside-activity", () => {
  type Activity = { mechanism: string; areas: { priorityArea: string; ownProjects: number; countries: string[]; sectors: string[]; outside: { actor: string | null; actorName: Record<string, string> | null; via: string[]; projects: string[]; countries: string[]; sectors: string[] }[] }[] };
  const activity = async (query: string, as?: string) => {
    const res = await h.call("GET", `/api/v1/compare/outside-activity${query}`, { as });
    return { status: res.status, body: (await res.json()) as Activity };
  };
  beforeAll(async () => {
    // Japan funds an MRC road in Laos: the sector and a country of the LMC's connectivity sample (21010, China and Laos).
    const res = await h.call("POST", "/api/v1/projects", {
      as: "admin",
      body: { code: "OA-MRC-ROAD", mechanism: "MRC", title: { en: "River-port roads" }, sector: "21010", startDate: "2025-01-01", endDate: "2028-12-31", parties: [{ actor: "la", role: "lead" }, { actor: "jp", role: "funder" }] },
    });
    expect(res.status).toBe(201);
  });

  it("lists, per LMC priority area, the outside funders in its countries and sectors", async () => {
    const { status, body } = await activity("?mechanism=lmc", "secretariat");
    expect(status).toBe(200);
    expect(body.mechanism).toBe("LMC");
    const connectivity = body.areas.find((a) => a.priorityArea === "connectivity")!;
    expect(connectivity.ownProjects).toBeGreaterThan(0);
    expect(connectivity.countries).toEqual(expect.arrayContaining(["CN", "LA"]));
    expect(connectivity.sectors).toContain("21010");
    const japan = connectivity.outside.find((o) => o.actor === "jp")!;
    expect(japan).toMatchObject({ via: ["MRC"], projects: ["OA-MRC-ROAD"], countries: ["LA"], sectors: ["21010"] });
    expect(japan.actorName?.en).toBeTruthy();
    // Other areas work in other sectors: Japan's road is not there.
    for (const a of body.areas.filter((x) => x.priorityArea !== "connectivity")) expect(a.outside.flatMap((o) => o.projects)).not.toContain("OA-MRC-ROAD");
  });

  it("exports the same rows as CSV, one per area and outside actor", async () => {
    const { body } = await activity("?mechanism=LMC", "secretariat");
    const res = await h.call("GET", "/api/v1/compare/outside-activity?mechanism=LMC&format=csv&lang=en", { as: "secretariat" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename=concord-outside-activity-LMC-\d{8}\.csv/);
    const [head, ...rows] = parse(Buffer.from(await res.arrayBuffer())) as string[][];
    expect(head).toEqual(["Priority area", "Funder or lead", "Name", "Mechanism or source", "Projects", "Project codes", "Countries", "Sectors", "Budget", "Currency", "From year", "To year"]);
    expect(rows.map((r) => [r[0], r[1], r[5]])).toEqual(body.areas.flatMap((a) => a.outside.map((o) => [a.priorityArea, o.actor ?? "", o.projects.join("; ")])));
    const japan = rows.find((r) => r[1] === "jp")!;
    expect(japan).toEqual(["connectivity", "jp", expect.any(String), "MRC", "1", "OA-MRC-ROAD", "LA", "21010", "0", "USD", "2025", "2028"]);
  });

  it("counts only projects the caller may see, and refuses an unknown (404) or missing (400) mechanism", async () => {
    const anon = await activity("?mechanism=LMC");
    expect(anon.status).toBe(200);
    expect(anon.body.areas.flatMap((a) => a.outside.flatMap((o) => o.projects))).not.toContain("OA-MRC-ROAD");
    expect((await activity("?mechanism=NOPE")).status).toBe(404);
    expect((await activity("")).status).toBe(400);
  });
});
