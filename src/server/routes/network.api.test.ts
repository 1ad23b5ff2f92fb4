import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

type Net = {
  nodes: { code: string; degree: number; strength: number; pagerank: number; community: number; brokerage: number; type: string }[];
  links: { a: string; b: string; weight: number; projects: number; agreements: number; meetings: number; from: number | null; to: number | null }[];
  communities: { count: number; modularity: number };
  mixing: { matrix: number[][]; sameType: number };
};
const net = async (query = "", as?: string) => {
  const res = await h.call("GET", `/api/v1/network${query}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Net;
};
const link = (n: Net, x: string, y: string) => n.links.find((l) => (l.a === x && l.b === y) || (l.a === y && l.b === x));

describe("GET /api/v1/network", () => {
  it("is consistent: degrees count links, strengths sum weights, PageRank sums to 1, the mixing matrix to 1", async () => {
    const n = await net();
    expect(n.nodes.length).toBeGreaterThan(5);
    for (const node of n.nodes) {
      const mine = n.links.filter((l) => l.a === node.code || l.b === node.code);
      expect(node.degree).toBe(mine.length);
      expect(node.strength).toBeCloseTo(mine.reduce((s, l) => s + l.weight, 0), 9);
    }
    expect(n.nodes.reduce((s, x) => s + x.pagerank, 0)).toBeCloseTo(1, 9);
    expect(n.mixing.matrix.flat().reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
  });

  it("a joint project adds 1 to each pair of its parties, and a restricted one only for its organisations", async () => {
    const before = { pub: await net("?kinds=project"), officer: await net("?kinds=project", "officer") };
    const res = await h.call("POST", "/api/v1/projects", {
      as: "officer",
      body: {
        code: "NET-RESTRICTED",
        mechanism: "LMC",
        title: { en: "Restricted joint survey" },
        visibility: "restricted",
        startDate: "2027-03-01",
        parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "la-luangnamtha", role: "partner" }, { actor: "mm-shan", role: "partner" }],
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const after = { pub: await net("?kinds=project"), officer: await net("?kinds=project", "officer") };
    expect(after.pub).toEqual(before.pub);
    for (const [x, y] of [["cn-yunnan", "la-luangnamtha"], ["cn-yunnan", "mm-shan"], ["la-luangnamtha", "mm-shan"]] as const) {
      const was = link(before.officer, x, y);
      const now = link(after.officer, x, y)!;
      expect(now.projects).toBe((was?.projects ?? 0) + 1);
      expect(now.weight).toBeCloseTo((was?.weight ?? 0) + 1, 9);
      expect(now.to).toBe(Math.max(2027, was?.to ?? 0));
    }
    // Only 2027's records: the new project's three pairs, with nothing else that year.
    const y2027 = await net("?kinds=project&from=2027&to=2027", "officer");
    expect(y2027.links.filter((l) => l.projects > 0).length).toBeGreaterThanOrEqual(3);
    expect(y2027.links.every((l) => l.from === 2027 && l.to === 2027)).toBe(true);
  });

  it("filters by mechanism and refuses bad queries", async () => {
    const lmc = await net("?mechanism=LMC");
    const all = await net();
    expect(lmc.links.length).toBeLessThanOrEqual(all.links.length);
    expect((await h.call("GET", "/api/v1/network?kinds=project,friendship")).status).toBe(400);
    expect((await h.call("GET", "/api/v1/network?from=abc")).status).toBe(400);
    expect((await h.call("GET", "/api/v1/network?mechanism=NOPE")).status).toBe(422);
  });
});
