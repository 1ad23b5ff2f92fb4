import type { Factor } from "./score.js";

/**
 * Groups that go out together to a designated zone or park: the zone needs amounts of several
 * factors, each candidate actor can bring some of them, and a group should cover the needs with
 * few members. This is weighted set cover, NP-hard in general; the greedy choice — always the
 * actor that covers the most of what is still missing, per member added — is within a factor
 * ln(n) of the smallest group and is what a secretariat can explain. Alternatives come from
 * leaving out, in turn, the first member of the best group.
 */
export type ZoneNeed = { factor: Factor; amount: number };
export type Candidate = { actor: string; brings: Partial<Record<Factor, number>>; /** How well the actor fits the zone (0..1), from its match scores. */ fit?: number };
export type Group = { members: string[]; coverage: Partial<Record<Factor, number>>; covered: number; complete: boolean };

function greedy(needs: readonly ZoneNeed[], candidates: readonly Candidate[], maxMembers: number): Group {
  const missing = new Map(needs.map((n) => [n.factor, n.amount]));
  const total = needs.reduce((s, n) => s + n.amount, 0);
  const members: string[] = [];
  const left = [...candidates];
  while (members.length < maxMembers && [...missing.values()].some((v) => v > 0)) {
    let best = -1;
    let bestGain = 0;
    left.forEach((c, k) => {
      // Each factor's shortfall counts as a share of its own need, so a large money need does not drown a small talent need.
      let gain = 0;
      for (const n of needs) gain += Math.min(missing.get(n.factor)!, c.brings[n.factor] ?? 0) / n.amount;
      gain *= 1 + 0.1 * (c.fit ?? 0);
      if (gain > bestGain + 1e-12) {
        bestGain = gain;
        best = k;
      }
    });
    if (best < 0) break;
    const c = left.splice(best, 1)[0]!;
    members.push(c.actor);
    for (const n of needs) missing.set(n.factor, Math.max(0, missing.get(n.factor)! - (c.brings[n.factor] ?? 0)));
  }
  const coverage: Partial<Record<Factor, number>> = {};
  for (const n of needs) coverage[n.factor] = n.amount ? 1 - missing.get(n.factor)! / n.amount : 1;
  const stillMissing = [...missing.values()].reduce((s, v) => s + v, 0);
  return { members, coverage, covered: total ? 1 - stillMissing / total : 1, complete: stillMissing <= 1e-9 };
}

export function proposeGroups(needs: readonly ZoneNeed[], candidates: readonly Candidate[], opts: { maxMembers?: number; alternatives?: number } = {}): Group[] {
  const maxMembers = opts.maxMembers ?? 8;
  const first = greedy(needs, candidates, maxMembers);
  const out = [first];
  const seen = new Set([first.members.slice().sort().join("|")]);
  for (const skip of first.members.slice(0, opts.alternatives ?? 2)) {
    const g = greedy(needs, candidates.filter((c) => c.actor !== skip), maxMembers);
    const key = g.members.slice().sort().join("|");
    if (g.members.length && !seen.has(key)) {
      seen.add(key);
      out.push(g);
    }
  }
  return out;
}
