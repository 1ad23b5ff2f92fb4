// The call and application forms' rules, without React (as lib/project-form.ts for projects).

const MONEY = /^\d{1,18}(\.\d{1,2})?$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type RubricRow = { code: string; name: string; weight: string; min: string; max: string };
export type CallValues = {
  code: string;
  mechanism: string;
  fund: string;
  title: string;
  opensAt: string;
  closesAt: string;
  eligiblePillars: string[];
  eligibleAreas: string[];
  eligibleCountries: string[];
  ceiling: string;
  currency: string;
  rubric: RubricRow[];
  reviewersPerApplication: string;
  moderationSpread: string;
  requireCrossBorder: boolean;
  reportIntervalMonths: string;
};
export type CallField = Exclude<keyof CallValues, "rubric"> | `rubric.${number}.${keyof RubricRow}` | "rubric";

const int = (s: string, min: number, max: number) => /^\d+$/.test(s.trim()) && Number(s) >= min && Number(s) <= max;

export function validateCall(v: CallValues): Partial<Record<CallField, string>> {
  const e: Partial<Record<CallField, string>> = {};
  if (!v.code.trim()) e.code = "form.errors.required";
  else if (!CODE.test(v.code.trim())) e.code = "form.errors.code";
  if (!v.mechanism) e.mechanism = "form.errors.required";
  if (!v.fund.trim()) e.fund = "form.errors.required";
  if (!v.title.trim()) e.title = "form.errors.required";
  if (!v.opensAt) e.opensAt = "form.errors.required";
  if (!v.closesAt) e.closesAt = "form.errors.required";
  else if (v.opensAt && v.closesAt <= v.opensAt) e.closesAt = "form.errors.endBeforeStart";
  if (!MONEY.test(v.ceiling.trim())) e.ceiling = "form.errors.money";
  if (!/^[A-Z]{3}$/.test(v.currency)) e.currency = "form.errors.currency";
  if (v.rubric.length === 0) e.rubric = "fund.errors.rubricEmpty";
  v.rubric.forEach((r, i) => {
    if (!CODE.test(r.code.trim())) e[`rubric.${i}.code`] = r.code.trim() ? "form.errors.code" : "form.errors.required";
    else if (v.rubric.findIndex((x) => x.code.trim() === r.code.trim()) !== i) e[`rubric.${i}.code`] = "fund.errors.duplicate";
    if (!r.name.trim()) e[`rubric.${i}.name`] = "form.errors.required";
    if (!(Number(r.weight) > 0 && Number(r.weight) <= 100)) e[`rubric.${i}.weight`] = "fund.errors.number";
    if (!int(r.min, 0, 1000)) e[`rubric.${i}.min`] = "fund.errors.number";
    if (!int(r.max, 1, 1000)) e[`rubric.${i}.max`] = "fund.errors.number";
    else if (int(r.min, 0, 1000) && Number(r.max) <= Number(r.min)) e[`rubric.${i}.max`] = "fund.errors.range";
  });
  if (!int(v.reviewersPerApplication, 1, 10)) e.reviewersPerApplication = "fund.errors.number";
  if (!(v.moderationSpread.trim() !== "" && Number(v.moderationSpread) >= 0 && Number(v.moderationSpread) <= 100)) e.moderationSpread = "fund.errors.number";
  if (!int(v.reportIntervalMonths, 1, 24)) e.reportIntervalMonths = "fund.errors.number";
  return e;
}

/** Which call-form field a server error concerns. */
export function callFieldOf(path: string | undefined, code: string): CallField | "form" {
  if (!path) return code === "unknown_mechanism" ? "mechanism" : "form";
  const [head, i, col] = path.split(".");
  if (head === "rubric" && i !== undefined && col) return `rubric.${Number(i)}.${col === "name" ? "name" : (col as keyof RubricRow)}`;
  if (head === "fund" || head === "title") return head;
  const known: CallField[] = ["code", "mechanism", "opensAt", "closesAt", "eligiblePillars", "eligibleAreas", "eligibleCountries", "ceiling", "currency", "rubric", "reviewersPerApplication", "moderationSpread", "requireCrossBorder", "reportIntervalMonths"];
  return known.find((k) => k === head) ?? "form";
}

export type PhaseRow = { name: string; startDate: string; endDate: string; budget: string; deliverables: string };
export type ApplicationValues = {
  code: string;
  title: string;
  summary: string;
  lead: string;
  coApplicants: string[];
  pillar: string;
  priorityArea: string;
  requested: string;
  startDate: string;
  endDate: string;
  phases: PhaseRow[];
};
export type ApplicationField = Exclude<keyof ApplicationValues, "coApplicants" | "phases"> | `coApplicants.${number}` | `phases.${number}.${keyof PhaseRow}` | "phases";

export function validateApplication(v: ApplicationValues): Partial<Record<ApplicationField, string>> {
  const e: Partial<Record<ApplicationField, string>> = {};
  if (v.code.trim() && !CODE.test(v.code.trim())) e.code = "form.errors.code";
  if (!v.title.trim()) e.title = "form.errors.required";
  if (!v.lead.trim()) e.lead = "form.errors.required";
  v.coApplicants.forEach((c, i) => {
    if (c.trim() && c.trim() === v.lead.trim()) e[`coApplicants.${i}`] = "form.errors.partnerIsLead";
  });
  if (!MONEY.test(v.requested.trim())) e.requested = "form.errors.money";
  if (v.startDate && v.endDate && v.startDate > v.endDate) e.endDate = "form.errors.endBeforeStart";
  v.phases.forEach((p, i) => {
    if (!p.name.trim()) e[`phases.${i}.name`] = "form.errors.required";
    if (!p.startDate) e[`phases.${i}.startDate`] = "form.errors.required";
    if (!p.endDate) e[`phases.${i}.endDate`] = "form.errors.required";
    else if (p.startDate && p.startDate > p.endDate) e[`phases.${i}.endDate`] = "form.errors.endBeforeStart";
    if (!MONEY.test(p.budget.trim())) e[`phases.${i}.budget`] = "form.errors.money";
  });
  return e;
}

/** Which application-form field a server error concerns. */
export function applicationFieldOf(path: string | undefined, code: string): ApplicationField | "form" {
  if (!path) {
    if (code === "unknown_pillar") return "pillar";
    if (code === "unknown_priority_area") return "priorityArea";
    return "form";
  }
  const [head, i, col] = path.split(".");
  if (head === "coApplicants") return `coApplicants.${Number(i ?? 0)}`;
  if (head === "phases") return i !== undefined && col && ["name", "startDate", "endDate", "budget", "deliverables"].includes(col) ? `phases.${Number(i)}.${col as keyof PhaseRow}` : "phases";
  if (head === "title") return "title";
  const known: ApplicationField[] = ["code", "summary", "lead", "pillar", "priorityArea", "requested", "startDate", "endDate"];
  return known.find((k) => k === head) ?? "form";
}

export const emptyPhase = (): PhaseRow => ({ name: "", startDate: "", endDate: "", budget: "", deliverables: "" });

type Localized = { en: string } & Record<string, string>;
/** An application as the API gives it, as far as the form shows it. */
export type ApplicationRecord = {
  code: string;
  title: Localized;
  summary: string | null;
  parties: { actorCode: string; role: "lead" | "co_applicant" }[];
  pillarCode: string | null;
  priorityAreaCode: string | null;
  requested: string;
  startDate: string | null;
  endDate: string | null;
  phases: { name: Localized; startDate: string; endDate: string; budget: string; deliverables: string[] }[];
};

/** The form's values for an application being revised: what it holds now, as the user would type it. */
export function applicationValues(a: ApplicationRecord): ApplicationValues {
  const co = a.parties.filter((p) => p.role === "co_applicant").map((p) => p.actorCode);
  return {
    code: a.code,
    title: a.title.en,
    summary: a.summary ?? "",
    lead: a.parties.find((p) => p.role === "lead")?.actorCode ?? "",
    coApplicants: co.length ? co : [""],
    pillar: a.pillarCode ?? "",
    priorityArea: a.priorityAreaCode ?? "",
    requested: a.requested,
    startDate: a.startDate ?? "",
    endDate: a.endDate ?? "",
    phases: a.phases.length ? a.phases.map((p) => ({ name: p.name.en, startDate: p.startDate, endDate: p.endDate, budget: p.budget, deliverables: p.deliverables.join("; ") })) : [emptyPhase()],
  };
}

/**
 * The fields that creating and revising an application share, from the form's values; an
 * optional field left empty is null (a revision clears it; creating leaves it out).
 */
export function applicationFields(v: ApplicationValues) {
  return {
    title: { en: v.title.trim() },
    summary: v.summary.trim() || null,
    coApplicants: v.coApplicants.map((c) => c.trim()).filter(Boolean),
    pillar: v.pillar || null,
    priorityArea: v.priorityArea || null,
    requested: v.requested.trim(),
    startDate: v.startDate || null,
    endDate: v.endDate || null,
    phases: v.phases.map((p) => ({
      name: { en: p.name.trim() },
      startDate: p.startDate,
      endDate: p.endDate,
      budget: p.budget.trim(),
      deliverables: p.deliverables
        .split(";")
        .map((d) => d.trim())
        .filter(Boolean),
    })),
  };
}

/** The fields of applicationFields that are set: creating an application leaves the others out. */
type WithoutNulls<T> = { [K in keyof T as null extends T[K] ? never : K]: T[K] } & { [K in keyof T as null extends T[K] ? K : never]?: Exclude<T[K], null> };
export function dropNulls<T extends Record<string, unknown>>(o: T): WithoutNulls<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== null)) as WithoutNulls<T>;
}
