import { describe, expect, it } from "vitest";
import { python } from "../../../test/support/python.js";
import { rng } from "../random.js";
import { assign } from "./assign.js";
import { proposeGroups, type Candidate, type ZoneNeed } from "./groups.js";
import { matchAll, matchNeed, placeScore, sectorScore, sizeScore, timeScore, type Factor, type Posting } from "./score.js";

const need: Posting = { id: "n1", actor: "la-boten", country: "la", actorType: "government", kind: "need", factor: "capital", sector: "25010", places: ["la-boten"], size: 10_000_000, from: "2027-01-01", to: "2028-12-31" };
const offer = (over: Partial<Posting>): Posting => ({ id: "o", actor: "x", country: "cn", actorType: "enterprise", kind: "offer", factor: "capital", sector: "25010", places: ["la-boten"], size: 10_000_000, from: null, to: null, ...over });

describe("scoring an offer against a need", () => {
  it("each part", () => {
    expect([sectorScore("25010", "25010"), sectorScore("25010", "25020"), sectorScore("25010", "31110"), sectorScore(null, "1")]).toEqual([1, 0.6, 0, 0.3]);
    expect(placeScore(["la-boten"], ["la-boten"]).score).toBe(1);
    expect(placeScore(["la-boten"], ["la-vientiane"])).toEqual({ score: 0.6, detail: "la" });
    expect(placeScore(["la"], ["kh"]).score).toBe(0);
    expect([sizeScore(10, 5), sizeScore(10, 20), sizeScore(null, 3)]).toEqual([0.5, 1, 0.5]);
    expect(timeScore({ from: "2027-01-01", to: "2027-12-31" }, { from: "2027-07-02", to: null })).toBeCloseTo(182 / 364, 6);
    expect(timeScore({ from: "2027-01-01", to: "2027-12-31" }, { from: null, to: "2026-12-31" })).toBe(0);
  });

  it("ranks the complementary offer in the same zone and sector first, with its reasons", () => {
    const offers = [
      offer({ id: "a", actor: "cn-bank", actorType: "finance" }),
      offer({ id: "b", actor: "cn-firm", sector: "31110", places: ["kh"] }),
      offer({ id: "c", actor: "la-boten", actorType: "finance" }), // the needing actor itself
      offer({ id: "d", actor: "cn-uni", factor: "talent" }), // another factor
      offer({ id: "e", actor: "cn-fund", actorType: "finance", to: "2026-06-30" }), // gone before the need starts
    ];
    const ranked = matchNeed(need, offers, { ties: new Set(["cn-bank"]) });
    expect(ranked.map((m) => m.offer)).toEqual(["a", "b"]);
    expect(ranked[0]!.score).toBeCloseTo(1, 12);
    expect(ranked[0]!.reasons.map((r) => r.kind)).toEqual(["sector", "place", "size", "time", "complement", "tie"]);
    expect(ranked[1]!.reasons.find((r) => r.kind === "place")).toBeUndefined();
  });
});

describe("many needs at once", () => {
  it("keeps each need's best ten, the same as ranking every offer and cutting the list", () => {
    const r = rng(8);
    const factors: Factor[] = ["capital", "technology", "talent"];
    const places = ["la", "la-boten", "kh", "cn-mohan", "th", "vn"];
    const posting = (kind: "offer" | "need", i: number): Posting => ({
      id: `${kind}${i}`,
      actor: `a${Math.floor(r() * 60)}`,
      country: "la",
      actorType: ["government", "enterprise", "finance", "university"][Math.floor(r() * 4)]!,
      kind,
      factor: factors[Math.floor(r() * 3)]!,
      sector: ["25010", "25020", "31110", null][Math.floor(r() * 4)],
      places: [places[Math.floor(r() * places.length)]!],
      size: Math.round(r() * 100),
      from: r() < 0.5 ? null : "2027-01-01",
      to: r() < 0.5 ? null : "2028-06-30",
    });
    const needs = Array.from({ length: 40 }, (_, i) => posting("need", i));
    const offers = Array.from({ length: 300 }, (_, i) => posting("offer", i));
    const all = matchAll(needs, offers, { limit: 10 });
    for (const n of needs) expect(all.get(n.id)).toEqual(matchNeed(n, offers).slice(0, 10));
  });
});

describe("one partner per need", () => {
  it("the Hungarian method finds scipy's optimal assignment on random score matrices", () => {
    const r = rng(4);
    const mats = [
      [4, 4],
      [6, 9],
      [9, 5],
      [12, 12],
    ].map(([a, b]) => Array.from({ length: a! }, () => Array.from({ length: b! }, () => Math.round(r() * 100) / 100)));
    const ref = python<number[]>(
      `import json, sys, numpy as np
from scipy.optimize import linear_sum_assignment
out = []
for m in json.load(sys.stdin):
    m = np.array(m); r, c = linear_sum_assignment(m, maximize=True); out.append(float(m[r, c].sum()))
print(json.dumps(out))`,
      mats,
    );
    mats.forEach((m, k) => {
      const a = assign(m);
      expect(a.total).toBeCloseTo(ref[k]!, 9);
      expect(a.pairs).toHaveLength(Math.min(m.length, m[0]!.length));
      expect(new Set(a.pairs.map((p) => p[1])).size).toBe(a.pairs.length);
    });
  });
});

describe("groups going out together", () => {
  const needs: ZoneNeed[] = [
    { factor: "capital", amount: 100 },
    { factor: "technology", amount: 10 },
    { factor: "talent", amount: 20 },
    { factor: "market_access", amount: 1 },
  ];
  const candidates: Candidate[] = [
    { actor: "bank", brings: { capital: 80 } },
    { actor: "fund", brings: { capital: 40 } },
    { actor: "firm", brings: { technology: 10, capital: 20 } },
    { actor: "uni", brings: { talent: 20, technology: 3 } },
    { actor: "trader", brings: { market_access: 1 } },
    { actor: "school", brings: { talent: 10 } },
  ];

  it("covers every need, and no smaller group could (checked by brute force in Python)", () => {
    const [best, ...alternatives] = proposeGroups(needs, candidates);
    expect(best!.complete).toBe(true);
    expect(best!.covered).toBe(1);
    const smallest = python<number>(
      `import json, sys, itertools
d = json.load(sys.stdin)
def covers(group):
    return all(sum(c["brings"].get(n["factor"], 0) for c in group) >= n["amount"] for n in d["needs"])
print(next(k for k in range(1, len(d["candidates"]) + 1) if any(covers(g) for g in itertools.combinations(d["candidates"], k))))`,
      { needs, candidates },
    );
    expect(best!.members).toHaveLength(smallest);
    // Alternatives leave out a member of the best group and still say what they cover.
    for (const g of alternatives) expect(g.members).not.toEqual(best!.members);
  });

  it("reports partial coverage when no group can cover a need", () => {
    const [g] = proposeGroups([...needs, { factor: "land", amount: 50 }], candidates);
    expect(g!.complete).toBe(false);
    expect(g!.coverage.land).toBe(0);
    expect(g!.coverage.capital).toBe(1);
  });
});
