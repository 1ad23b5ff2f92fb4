import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const GCDF = resolve(process.cwd(), "../shared/data/gcdf/gcdf2_final_df_mekong5_subset.csv");
const dir = mkdtempSync(join(tmpdir(), "concord-overlap-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

type Matrix = { codes: string[]; cells: number[][] };
const cell = (m: Matrix, a: string, b: string) => m.cells[m.codes.indexOf(a)]![m.codes.indexOf(b)]!;

describe("concord compare overlap / project-overlap", () => {
  it("prints, exports and draws the LMC's overlap with the LMI, MJC, GMS and MRC, and a project's overlaps", () => {
    expect(run("seed").status).toBe(0);
    const imported = run("import", "gcdf", GCDF);
    expect(imported.status, imported.stderr).toBe(0);

    const json = run("compare", "overlap", "--json");
    expect(json.status, json.stderr).toBe(0);
    const o = JSON.parse(json.stdout) as { matrices: Record<string, Matrix> };
    expect(o.matrices.members!.codes).toEqual(["LMC", "LMI", "MJC", "GMS", "MRC"]);
    expect(cell(o.matrices.members!, "LMC", "LMI")).toBeCloseTo(5 / 7, 12);
    expect(cell(o.matrices.members!, "LMC", "MRC")).toBeCloseTo(4 / 6, 12);

    const text = run("compare", "overlap", "--kind", "members");
    expect(text.stdout).toContain("Membership overlap (member actors)");
    expect(text.stdout).toMatch(/^LMC\s+1\.00\s+0\.71\s+0\.71\s+0\.75\s+0\.67$/m);
    expect(text.stdout).not.toContain("Geographic overlap");

    // The CSV holds the same numbers as the JSON, one row per kind and ordered pair.
    const csv = run("compare", "overlap", "--csv", "--kind", "members", "countries");
    expect(csv.status, csv.stderr).toBe(0);
    const [head, ...rows] = parse(csv.stdout) as string[][];
    expect(head).toEqual(["Kind", "Mechanism A", "Mechanism B", "Value"]);
    expect(rows).toHaveLength(50);
    for (const [kind, a, b, v] of rows) expect(Number(v)).toBe(cell(o.matrices[kind!]!, a!, b!));

    // The heat map drawn without a browser, as an SVG file.
    const svgFile = join(dir, "overlap.svg");
    const svg = run("compare", "overlap", "--svg", svgFile, "--kind", "memberCountries", "--mechanisms", "LMC,LMI,MJC,GMS,MRC,GCDF");
    expect(svg.status, svg.stderr).toBe(0);
    expect(svg.stderr).toContain(svgFile);
    const image = readFileSync(svgFile, "utf8");
    expect(image.startsWith("<svg")).toBe(true);
    for (const code of ["LMC", "LMI", "MJC", "GMS", "MRC", "GCDF"]) expect(image).toContain(code);
    expect(image).toContain("Membership overlap (member countries)");

    // A GCDF loan for a road in Laos beside the other imported transport records there over the same years.
    const p = run("compare", "project-overlap", "GCDF-33726", "--json");
    expect(p.status, p.stderr).toBe(0);
    const list = JSON.parse(p.stdout) as { project: string; items: { code: string; externalSource: string | null; reasons: { kind: string; codes?: string[] }[] }[] };
    expect(list.items.length).toBeGreaterThan(0);
    for (const i of list.items) {
      expect(i.externalSource).toBe("gcdf");
      expect(i.reasons.find((r) => r.kind === "sector")!.codes).toEqual(["210"]);
      expect(i.reasons.find((r) => r.kind === "country")!.codes).toEqual(["LA"]);
    }
    const pcsv = parse(run("compare", "project-overlap", "GCDF-33726", "--csv").stdout) as string[][];
    expect(pcsv[0]![1]).toBe("Overlapping project");
    expect(pcsv.slice(1).map((r) => r[1])).toEqual(list.items.map((i) => i.code));
    expect(run("compare", "project-overlap", "GCDF-33726").stdout).toMatch(/same country: LA; same sector: 210; both run/);

    // Outside actors in the LMC's priority areas: the Chinese lenders of the GCDF records in Laos' transport sector.
    const act = run("compare", "outside-activity", "--json");
    expect(act.status, act.stderr).toBe(0);
    const areas = (JSON.parse(act.stdout) as { areas: { priorityArea: string; outside: { actor: string | null; via: string[]; countries: string[]; sectors: string[] }[] }[] }).areas;
    const connectivity = areas.find((a) => a.priorityArea === "connectivity")!;
    expect(connectivity.outside.find((o) => o.actor === "gcdf-export-import-bank-of-china")).toMatchObject({ via: ["gcdf"], countries: ["LA"], sectors: ["210"] });
    for (const o of connectivity.outside) expect(o.via).toEqual(["gcdf"]);
    expect(run("compare", "outside-activity").stdout).toMatch(/^connectivity: own projects: 1, in CN, LA; sectors 21010$/m);

    expect(run("compare", "overlap", "--mechanisms", "LMC,NOPE").status).toBe(1);
    expect(run("compare", "project-overlap", "NO-SUCH-PROJECT").status).toBe(1);
    expect(run("compare", "overlap", "--kind", "weather").status).not.toBe(0);
  }, 480_000);
});
