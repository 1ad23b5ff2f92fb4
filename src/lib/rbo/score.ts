import { RBO_INDICATORS, RBO_LEVELS, DEFAULT_LEVEL_WEIGHTS, type RboIndicator, type RboLevel } from "./indicators.js";

/**
 * Weights are any non-negative finite numbers and are normalised: within a level each indicator
 * counts w / Σw of that level, and each level counts its weight over the sum of level weights.
 * So a user may type 2, 1, 1 instead of 0.5, 0.25, 0.25. A level whose weights are all 0 is
 * refused (it could never score), and so are all-zero level weights.
 */
export type RboWeights = { indicators: Record<string, number>; levels: Record<RboLevel, number> };

export type WeightProblem =
  | { code: "rbo_weight_invalid"; path: string; value: unknown }
  | { code: "rbo_unknown_indicator"; path: string }
  | { code: "rbo_weights_all_zero"; path: string };

export const defaultWeights = (defs: readonly RboIndicator[] = RBO_INDICATORS): RboWeights => ({
  indicators: Object.fromEntries(defs.map((d) => [d.code, d.weight])),
  levels: { ...DEFAULT_LEVEL_WEIGHTS },
});

const badWeight = (v: unknown) => typeof v !== "number" || !Number.isFinite(v) || v < 0;

/** Every problem with a set of weights; empty when they may be used. Missing indicator weights take the default. */
export function validateWeights(w: { indicators?: Record<string, unknown>; levels?: Partial<Record<string, unknown>> }, defs: readonly RboIndicator[] = RBO_INDICATORS): WeightProblem[] {
  const out: WeightProblem[] = [];
  const known = new Set(defs.map((d) => d.code));
  for (const [code, v] of Object.entries(w.indicators ?? {})) {
    if (!known.has(code)) out.push({ code: "rbo_unknown_indicator", path: `indicators.${code}` });
    else if (badWeight(v)) out.push({ code: "rbo_weight_invalid", path: `indicators.${code}`, value: v });
  }
  for (const [level, v] of Object.entries(w.levels ?? {})) {
    if (!(RBO_LEVELS as readonly string[]).includes(level)) out.push({ code: "rbo_unknown_indicator", path: `levels.${level}` });
    else if (badWeight(v)) out.push({ code: "rbo_weight_invalid", path: `levels.${level}`, value: v });
  }
  if (out.length) return out;
  const merged = mergeWeights(w as Partial<RboWeights>, defs);
  for (const level of RBO_LEVELS) {
    const sum = defs.filter((d) => d.level === level).reduce((s, d) => s + merged.indicators[d.code]!, 0);
    if (sum === 0) out.push({ code: "rbo_weights_all_zero", path: `indicators.${level}` });
  }
  if (RBO_LEVELS.every((l) => merged.levels[l] === 0)) out.push({ code: "rbo_weights_all_zero", path: "levels" });
  return out;
}

/** The given weights over the defaults. */
export function mergeWeights(w: Partial<{ indicators: Record<string, number>; levels: Partial<Record<RboLevel, number>> }>, defs: readonly RboIndicator[] = RBO_INDICATORS): RboWeights {
  const d = defaultWeights(defs);
  return { indicators: { ...d.indicators, ...(w.indicators ?? {}) }, levels: { ...d.levels, ...(w.levels ?? {}) } };
}

/** The normalised weights actually applied, per level summing to 1 (what the UI shows beside the raw ones). */
export function normalisedWeights(w: RboWeights, defs: readonly RboIndicator[] = RBO_INDICATORS): RboWeights {
  const indicators: Record<string, number> = {};
  for (const level of RBO_LEVELS) {
    const mine = defs.filter((d) => d.level === level);
    const sum = mine.reduce((s, d) => s + (w.indicators[d.code] ?? 0), 0);
    for (const d of mine) indicators[d.code] = sum ? (w.indicators[d.code] ?? 0) / sum : 0;
  }
  const lsum = RBO_LEVELS.reduce((s, l) => s + w.levels[l], 0);
  const levels = Object.fromEntries(RBO_LEVELS.map((l) => [l, lsum ? w.levels[l] / lsum : 0])) as Record<RboLevel, number>;
  return { indicators, levels };
}

/** An indicator's value in [0, 1], or null when the source does not say. */
export type IndicatorValues = Record<string, number | null | undefined>;

export type LevelScore = {
  /** Weighted mean of the known values of the level, null when none is known. */
  score: number | null;
  /** The share of the level's weight whose value is known, in [0, 1]: how much of the score is data. */
  coverage: number;
};

export type RboScore = {
  levels: Record<RboLevel, LevelScore>;
  /** Weighted mean of the level scores that exist, level weights renormalised over them; null when none. */
  overall: number | null;
  coverage: number;
};

export class RboValueError extends Error {
  constructor(
    readonly indicator: string,
    readonly value: unknown,
  ) {
    super(`indicator ${indicator}: ${String(value)} is not in [0, 1]`);
  }
}

/**
 * Scores from indicator values. An unknown value (null, or a TFDD "."), is left out and the level's
 * remaining weights renormalised, rather than counted as 0: a missing record is not a missing
 * feature. `coverage` reports how much weight was known. Values outside [0, 1] throw.
 */
export function scoreRbo(values: IndicatorValues, weights: RboWeights = defaultWeights(), defs: readonly RboIndicator[] = RBO_INDICATORS): RboScore {
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined && !(typeof v === "number" && v >= 0 && v <= 1)) throw new RboValueError(k, v);
  const levels = {} as Record<RboLevel, LevelScore>;
  for (const level of RBO_LEVELS) {
    let total = 0;
    let known = 0;
    let sum = 0;
    for (const d of defs.filter((x) => x.level === level)) {
      const w = weights.indicators[d.code] ?? 0;
      total += w;
      const v = values[d.code];
      if (v === null || v === undefined) continue;
      known += w;
      sum += w * v;
    }
    levels[level] = { score: known ? sum / known : null, coverage: total ? known / total : 0 };
  }
  let lw = 0;
  let ls = 0;
  let lt = 0;
  let cov = 0;
  for (const level of RBO_LEVELS) {
    const w = weights.levels[level];
    lt += w;
    cov += w * levels[level].coverage;
    const s = levels[level].score;
    if (s === null) continue;
    lw += w;
    ls += w * s;
  }
  return { levels, overall: lw ? ls / lw : null, coverage: lt ? cov / lt : 0 };
}
