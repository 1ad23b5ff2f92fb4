import type { ProposedPhase, RubricCriterion, ScreeningCheck } from "../../db/schema/fund.js";

/** Money strings compared exactly, in cents, never as floats. */
export const cents = (money: string): bigint => {
  const [whole, frac = ""] = money.split(".");
  return BigInt(whole!) * 100n + BigInt((frac + "00").slice(0, 2));
};

export type CallRules = {
  opensAt: Date;
  closesAt: Date;
  eligiblePillars: string[];
  eligibleAreas: string[];
  eligibleCountries: string[];
  ceiling: string;
  requireCrossBorder: boolean;
};

/** Where the call stands at `now`: applications are accepted only while it is open. */
export function callState(call: Pick<CallRules, "opensAt" | "closesAt">, now: Date): "upcoming" | "open" | "closed" {
  if (now < call.opensAt) return "upcoming";
  if (now > call.closesAt) return "closed";
  return "open";
}

export type ApplicationFacts = {
  leadCountry: string | null;
  coApplicantCountries: (string | null)[];
  /** Countries that are members of the call's mechanism. */
  memberCountries: string[];
  pillar: string | null;
  priorityArea: string | null;
  requested: string;
  phases: ProposedPhase[];
};

/**
 * The eligibility screen: one recorded check per rule of the call, so the secretariat (and the
 * applicant, when told why) sees exactly which rule failed.
 */
export function screenApplication(call: CallRules, app: ApplicationFacts): ScreeningCheck[] {
  const checks: ScreeningCheck[] = [];
  const countries = [app.leadCountry, ...app.coApplicantCountries].filter((c): c is string => c !== null);
  if (call.requireCrossBorder) {
    const foreign = app.coApplicantCountries.some((c) => c !== null && c !== app.leadCountry && app.memberCountries.includes(c));
    checks.push({ rule: "cross_border", passed: foreign, detail: foreign ? undefined : "no co-applicant from another member country" });
  }
  if (call.eligibleCountries.length) {
    const outside = countries.filter((c) => !call.eligibleCountries.includes(c));
    checks.push({ rule: "eligible_countries", passed: outside.length === 0, detail: outside.length ? outside.join(", ") : undefined });
  }
  if (call.eligiblePillars.length) {
    const ok = app.pillar !== null && call.eligiblePillars.includes(app.pillar);
    checks.push({ rule: "eligible_pillar", passed: ok, detail: ok ? undefined : (app.pillar ?? "none") });
  }
  if (call.eligibleAreas.length) {
    const ok = app.priorityArea !== null && call.eligibleAreas.includes(app.priorityArea);
    checks.push({ rule: "eligible_priority_area", passed: ok, detail: ok ? undefined : (app.priorityArea ?? "none") });
  }
  const withinCeiling = cents(app.requested) <= cents(call.ceiling);
  checks.push({ rule: "within_ceiling", passed: withinCeiling, detail: withinCeiling ? undefined : `${app.requested} > ${call.ceiling}` });
  const phased = app.phases.length > 0;
  checks.push({ rule: "phased", passed: phased, detail: phased ? undefined : "no phases proposed" });
  if (phased) {
    const sum = app.phases.reduce((s, p) => s + cents(p.budget), 0n);
    const matches = sum === cents(app.requested);
    checks.push({ rule: "phase_budgets_match", passed: matches, detail: matches ? undefined : `phases ${formatCents(sum)} ≠ requested ${app.requested}` });
  }
  return checks;
}

const formatCents = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, "0")}`;

export type Scores = { criterion: string; score: number }[];

/** Checks a reviewer's scores against the rubric: every criterion once, each within its range. */
export function scoreProblems(rubric: RubricCriterion[], scores: Scores): { path: string; code: string }[] {
  const problems: { path: string; code: string }[] = [];
  scores.forEach((s, i) => {
    const c = rubric.find((r) => r.code === s.criterion);
    if (!c) problems.push({ path: `scores.${i}.criterion`, code: "unknown_criterion" });
    else if (s.score < c.min || s.score > c.max) problems.push({ path: `scores.${i}.score`, code: "score_out_of_range" });
    if (scores.findIndex((x) => x.criterion === s.criterion) !== i) problems.push({ path: `scores.${i}.criterion`, code: "duplicate_criterion" });
  });
  for (const c of rubric) if (!scores.some((s) => s.criterion === c.code)) problems.push({ path: "scores", code: "missing_criterion" });
  return problems;
}

/** A review's weighted total on a 0–100 scale: each criterion normalised to its range, then weighted. */
export function weightedTotal(rubric: RubricCriterion[], scores: Scores): number {
  const weights = rubric.reduce((s, c) => s + c.weight, 0);
  const sum = rubric.reduce((s, c) => {
    const score = scores.find((x) => x.criterion === c.code)?.score ?? c.min;
    return s + (c.weight * (score - c.min)) / (c.max - c.min);
  }, 0);
  return Math.round((sum / weights) * 10_000) / 100;
}

/** Mean and spread of the reviewers' totals; a spread above the call's threshold needs moderation. */
export function reviewSummary(totals: number[], threshold: number) {
  if (!totals.length) return { mean: null, spread: null, needsModeration: false };
  const mean = Math.round((totals.reduce((s, t) => s + t, 0) / totals.length) * 100) / 100;
  const spread = Math.round((Math.max(...totals) - Math.min(...totals)) * 100) / 100;
  return { mean, spread, needsModeration: totals.length > 1 && spread > threshold };
}
