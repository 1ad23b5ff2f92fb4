// The project form's rules, without React, so they are tested on their own.

/** What the user typed into the project form; kept as typed, even when the server refuses it. */
export type Values = {
  code: string;
  mechanism: string;
  pillar: string;
  priorityArea: string;
  titleEn: string;
  titleLocal: string;
  descriptionEn: string;
  sector: string;
  visibility: "public" | "internal" | "restricted";
  startDate: string;
  endDate: string;
  budget: string;
  currency: string;
  lead: string;
  partners: string[];
};
export type FieldName = Exclude<keyof Values, "partners"> | `partners.${number}` | "form";
export type Errors = Partial<Record<FieldName, string>>;

/** Client-side checks (message keys per field) mirror the API's rules so mistakes show while typing; the server still decides. */
export function validate(v: Values): Partial<Record<FieldName, string>> {
  const e: Errors = {};
  if (v.code && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v.code.trim())) e.code = "form.errors.code";
  if (v.code.length > 64) e.code = "form.errors.tooLong";
  if (!v.mechanism) e.mechanism = "form.errors.required";
  if (!v.titleEn.trim()) e.titleEn = "form.errors.required";
  else if (v.titleEn.length > 500) e.titleEn = "form.errors.tooLong";
  if (v.titleLocal.length > 500) e.titleLocal = "form.errors.tooLong";
  if (v.sector.trim().length > 20) e.sector = "form.errors.tooLong";
  if (v.startDate && v.endDate && v.startDate > v.endDate) e.endDate = "form.errors.endBeforeStart";
  if (v.budget && !/^\d{1,18}(\.\d{1,2})?$/.test(v.budget.trim())) e.budget = "form.errors.money";
  if (!/^[A-Z]{3}$/.test(v.currency)) e.currency = "form.errors.currency";
  if (!v.lead.trim()) e.lead = "form.errors.required";
  v.partners.forEach((p, i) => {
    if (p.trim() && p.trim() === v.lead.trim()) e[`partners.${i}`] = "form.errors.partnerIsLead";
  });
  return e;
}

/** Which form field a server error concerns, from the path it names. */
export function fieldOf(path: string | undefined, code: string): FieldName {
  if (!path) {
    if (code === "unknown_mechanism") return "mechanism";
    if (code === "unknown_pillar") return "pillar";
    if (code === "unknown_priority_area") return "priorityArea";
    return "form";
  }
  if (path === "title" || path.startsWith("title.")) return path === "title" ? "titleEn" : path.endsWith(".en") ? "titleEn" : "titleLocal";
  if (path.startsWith("description")) return "descriptionEn";
  const party = /^parties(?:\.(\d+))?/.exec(path);
  if (party) {
    const i = party[1] === undefined ? 0 : Number(party[1]);
    return i === 0 ? "lead" : `partners.${i - 1}`;
  }
  const known: FieldName[] = ["code", "mechanism", "pillar", "priorityArea", "sector", "visibility", "startDate", "endDate", "budget", "currency"];
  return known.find((k) => k === path) ?? "form";
}

