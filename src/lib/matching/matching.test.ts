import { describe, expect, it } from "vitest";
import { python } from "../../../test/support/python.js";
import { rng } from "../random.js";
import { assign } from "./assign.js";
import { proposeGroups, type Candidate, type ZoneNeed } from "./groups.js";
import { indexOffers, MATCH_WEIGHTS, matchAll, matchNeed, placeScore, sectorScore, sizeScore, timeScore, type Factor, type Match, type MatchReason, type Posting } from "./score.js";

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

/** Every offer scored against the need with every reason built, sorted in full and cut: what the fast ranking must equal. */
function bruteForce(need: Posting, offers: readonly Posting[], opts: { ties?: ReadonlySet<string>; minScore?: number; limit?: number } = {}): Match[] {
  const out: Match[] = [];
  for (const o of offers) {
    if (o.kind !== "offer" || o.factor !== need.factor || o.actor === need.actor) continue;
    const place = placeScore(need.places, o.places);
    const reasons: MatchReason[] = [
      { kind: "sector", score: sectorScore(need.sector, o.sector), ...(o.sector ? { detail: o.sector } : {}) },
      { kind: "place", score: place.score, ...(place.detail ? { detail: place.detail } : {}) },
      { kind: "size", score: sizeScore(need.size, o.size) },
      { kind: "time", score: timeScore(need, o) },
      { kind: "complement", score: o.actorType === need.actorType ? 0 : 1, detail: o.actorType },
      { kind: "tie", score: opts.ties?.has(o.actor) ? 1 : 0 },
    ];
    if (reasons[3]!.score === 0) continue;
    const score = reasons.reduce((s, r) => s + MATCH_WEIGHTS[r.kind] * r.score, 0);
    if (score < (opts.minScore ?? 0)) continue;
    out.push({ offer: o.id, actor: o.actor, score, reasons: reasons.filter((r) => r.score > 0) });
  }
  // A stable sort: equal scores by offer id, equal ids in posting order.
  return out.sort((a, b) => b.score - a.score || (a.offer < b.offer ? -1 : a.offer > b.offer ? 1 : 0)).slice(0, opts.limit ?? Infinity);
}

describe("many needs at once", () => {
  const r = rng(8);
  const factors: Factor[] = ["capital", "technology", "talent"];
  const places = ["la", "la-boten", "LA-Boten", "kh", "kh-koh-kong", "cn-mohan", "cn", "th", "vn", "vn-laocai"];
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const posting = (kind: "offer" | "need", i: number): Posting => ({
    id: kind === "offer" && r() < 0.05 ? `${kind}${Math.floor(i / 2)}` : `${kind}${i}`,
    actor: `a${Math.floor(r() * 60)}`,
    country: "la",
    actorType: pick(["government", "enterprise", "finance", "university"]),
    kind: r() < 0.03 ? (kind === "offer" ? "need" : "offer") : kind,
    factor: pick(factors),
    sector: pick(["25010", "25020", "31110", "31120", "250", "311", null, ""]),
    places: Array.from({ length: r() < 0.15 ? 0 : r() < 0.7 ? 1 : 2 + Math.floor(r() * 2) }, () => pick(places)),
    size: r() < 0.1 ? null : Math.round(r() * 100),
    from: r() < 0.5 ? null : pick(["2026-06-01", "2027-01-01", "2027-06-30"]),
    to: r() < 0.5 ? null : pick(["2026-12-31", "2027-06-30", "2028-06-30"]),
  });
  const needs = Array.from({ length: 150 }, (_, i) => posting("need", i));
  const offers = Array.from({ length: 600 }, (_, i) => posting("offer", i));

  it("keeps each need's best ten, the same as scoring every pair in full and cutting the list", () => {
    const all = matchAll(needs, offers, { limit: 10 });
    for (const n of needs) expect(all.get(n.id)).toEqual(bruteForce(n, offers, { limit: 10 }));
    expect([...all.values()].filter((m) => m.length === 10).length).toBeGreaterThan(100);
  });

  it("the same with ties, a minimum score, other limits and no limit", () => {
    const index = indexOffers(offers);
    const ties = new Set(["a3", "a7", "a11", "a40"]);
    const variants = [{ ties }, { ties, limit: 1 }, { limit: 3, minScore: 0.6 }, { ties, limit: 25, minScore: 0.4 }, { limit: 0 }, { minScore: 0.7 }, { ties: new Set<string>(), limit: 5 }];
    for (const opts of variants) for (const n of needs) expect(matchNeed(n, index, opts)).toEqual(bruteForce(n, offers, opts));
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
