/**
 * Fair sharing of a joint project's gains among its parties (seed 001: divide the interests
 * rationally). A cooperative game gives each coalition S of the parties the value v(S) it could
 * secure alone. Coalitions are bit masks: player i (0-based) is bit i, so a game of n players is
 * a Float64Array of 2^n values with v[0] = 0.
 */

export const EXACT_MAX_PLAYERS = 20;
/** Coalitions are 31-bit masks: beyond that a joint project is a programme, not a coalition. */
export const SAMPLED_MAX_PLAYERS = 31;

export type Game = { players: number; value: (mask: number) => number };

export const popcount = (m: number) => {
  let c = 0;
  for (let x = m; x; x &= x - 1) c++;
  return c;
};

/** A game from its table of values. */
export const tableGame = (players: number, values: Float64Array): Game => ({ players, value: (m) => values[m]! });

/**
 * The exact Shapley value, φ_i = Σ_{S ∌ i} |S|!·(n − |S| − 1)!/n! · (v(S ∪ {i}) − v(S)), over all
 * 2^n coalitions once (the table is read, never recomputed per player). 20 players is about a
 * million coalitions.
 */
export function shapleyExact(players: number, values: Float64Array): number[] {
  if (players > EXACT_MAX_PLAYERS) throw new RangeError(`exact Shapley values are computed for at most ${EXACT_MAX_PLAYERS} players`);
  const n = players;
  // weight[s] = s!(n−s−1)!/n!, built by ratios to stay exact in floating point for n ≤ 20.
  const weight = new Float64Array(n);
  weight[0] = 1 / n;
  for (let s = 1; s < n; s++) weight[s] = (weight[s - 1]! * s) / (n - s);
  const phi = new Float64Array(n);
  const size = 1 << n;
  for (let m = 0; m < size; m++) {
    const w = weight[popcount(m)] ?? 0;
    const vm = values[m]!;
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if (m & bit) continue;
      phi[i]! += w * (values[m | bit]! - vm);
    }
  }
  return [...phi];
}

export type Sampled = { shapley: number[]; standardError: number[]; bound95: number[]; permutations: number };

/**
 * The Shapley value estimated from random orders of arrival (Castro, Gómez & Tejada 2009): each
 * order gives every player its marginal contribution, and φ_i is their mean. With m orders the
 * standard error of player i is its sample standard deviation / √m; `bound95` is 1.96 times that.
 */
export function shapleySampled(game: Game, permutations: number, random: () => number): Sampled {
  const n = game.players;
  const sum = new Float64Array(n);
  const sumSq = new Float64Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  if (n > SAMPLED_MAX_PLAYERS) throw new RangeError(`sampled Shapley values are computed for at most ${SAMPLED_MAX_PLAYERS} players`);
  const value = game.value;
  for (let k = 0; k < permutations; k++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let mask = 0;
    let before = value(0);
    for (const p of order) {
      mask |= 1 << p;
      const after = value(mask);
      const d = after - before;
      sum[p]! += d;
      sumSq[p]! += d * d;
      before = after;
    }
  }
  const shapley = [...sum].map((s) => s / permutations);
  const standardError = shapley.map((mean, i) => (permutations > 1 ? Math.sqrt(Math.max(0, (sumSq[i]! - permutations * mean * mean) / (permutations - 1)) / permutations) : Infinity));
  return { shapley, standardError, bound95: standardError.map((s) => 1.96 * s), permutations };
}

/**
 * A game built from the parties' contributions c_i and a synergy s: v(S) = Σ_{i∈S} c_i +
 * s·Σ_{i<j∈S} √(c_i·c_j). Working together adds value in proportion to both partners' size; with
 * s ≥ 0 the game is convex, so its core is not empty and holds the Shapley value, which has the
 * closed form c_i + (s/2)·Σ_{j≠i} √(c_i·c_j).
 */
export function synergyGame(contributions: readonly number[], synergy: number): Game {
  const roots = contributions.map((c) => Math.sqrt(c));
  return {
    players: contributions.length,
    value: (mask) => {
      let base = 0;
      let rootSum = 0;
      let rootSq = 0;
      for (let i = 0; i < contributions.length; i++)
        if (mask & (1 << i)) {
          base += contributions[i]!;
          rootSum += roots[i]!;
          rootSq += contributions[i]!;
        }
      // Σ_{i<j} √c_i√c_j = ((Σ√c)² − Σc)/2.
      return base + (synergy * (rootSum * rootSum - rootSq)) / 2;
    },
  };
}

export const synergyShapley = (contributions: readonly number[], synergy: number) => {
  const total = contributions.reduce((s, c) => s + Math.sqrt(c), 0);
  return contributions.map((c) => c + (synergy / 2) * Math.sqrt(c) * (total - Math.sqrt(c)));
};

/** The whole table of a game of at most EXACT_MAX_PLAYERS players. */
export function tabulate(game: Game): Float64Array {
  const size = 1 << game.players;
  const out = new Float64Array(size);
  for (let m = 0; m < size; m++) out[m] = game.value(m);
  return out;
}

export type NashResult = { allocation: number[]; surplus: number } | { allocation: null; surplus: number };

/**
 * The weighted Nash bargaining solution with transferable utility: maximise Π (x_i − d_i)^{w_i}
 * subject to Σ x_i = v(N). Each party gets its disagreement payoff plus its weight's share of the
 * surplus v(N) − Σ d_i; with no positive surplus there is no agreement to share.
 */
export function nashBargaining(total: number, disagreement: readonly number[], weights: readonly number[]): NashResult {
  const surplus = total - disagreement.reduce((s, d) => s + d, 0);
  const wsum = weights.reduce((s, w) => s + w, 0);
  if (!(surplus > 0) || !(wsum > 0)) return { allocation: null, surplus };
  return { allocation: disagreement.map((d, i) => d + (weights[i]! / wsum) * surplus), surplus };
}

export type CoreCheck = {
  /** Σ x_i − v(N): an allocation must share exactly what the grand coalition makes. */
  efficiencyGap: number;
  inCore: boolean;
  /** Coalitions that would do better alone (v(S) > Σ_{i∈S} x_i), most aggrieved first, at most `limit`. */
  blocking: { coalition: number[]; excess: number }[];
  /** How many coalitions block in all. */
  blockingCount: number;
};

/** Whether an allocation is in the core: efficient, and no coalition gets less than it could alone. */
export function checkCore(players: number, values: Float64Array, allocation: readonly number[], limit = 10, tolerance = 1e-9): CoreCheck {
  const size = 1 << players;
  const scale = Math.max(1, Math.abs(values[size - 1]!));
  const tol = tolerance * scale;
  const sums = new Float64Array(size);
  const blocking: { coalition: number[]; excess: number }[] = [];
  let blockingCount = 0;
  for (let m = 1; m < size; m++) {
    const low = m & -m;
    const i = 31 - Math.clz32(low);
    sums[m] = sums[m ^ low]! + allocation[i]!;
    if (m === size - 1) continue;
    const excess = values[m]! - sums[m]!;
    if (excess > tol) {
      blockingCount++;
      blocking.push({ coalition: membersOf(m), excess });
      if (blocking.length > limit * 4) {
        blocking.sort((a, b) => b.excess - a.excess);
        blocking.length = limit;
      }
    }
  }
  blocking.sort((a, b) => b.excess - a.excess);
  const efficiencyGap = sums[size - 1]! - values[size - 1]!;
  return { efficiencyGap, inCore: blockingCount === 0 && Math.abs(efficiencyGap) <= tol, blocking: blocking.slice(0, limit), blockingCount };
}

/** The 1-based members of a coalition mask, as the JSON contract names them. */
export const membersOf = (mask: number) => {
  const out: number[] = [];
  for (let i = 0; mask >> i; i++) if (mask & (1 << i)) out.push(i + 1);
  return out;
};
