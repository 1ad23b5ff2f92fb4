import type { IndicatorValues } from "./score.js";

/**
 * From the TFDD River Basin Organisation database (TFDD_RBODatabase_20131015.csv, loaded by
 * `concord import events --format tfdd-rbo FILE` into river_basin_organisations, every column but
 * the main ones kept in `attributes`) to indicator values. What each column contributes:
 *
 * | indicator           | column(s)            | value                                             |
 * |---------------------|----------------------|---------------------------------------------------|
 * | INT_TREATY          | AGREEMENT_NAME       | named → 1, blank → 0                              |
 * | INT_MULTILATERAL    | LATERALITY           | Multilateral 1, Bilateral 0.5                     |
 * | INT_INCLUSIVE       | MEMB_NO, RIP_NO      | MEMB_NO / RIP_NO capped at 1; else INCLUSIVENESS "Inclusive" 1 |
 * | INT_WATER_LAW       | WAT_LAW_REF          | yes/no                                            |
 * | INT_BINDING         | DEC_MAK_BIND         | yes/no                                            |
 * | INS_LEGAL_PERSON    | LEG_PERS             | yes/no                                            |
 * | INS_SECRETARIAT     | SEC_EX               | yes/no                                            |
 * | INS_BODIES          | ORG_BOD_QUAN         | SIN 1/3, FEW 2/3, MUL 1                           |
 * | INS_SEC_FUNCTIONS   | SEC_FUNC_QUAN        | n/a 0, SIN 1/3, FEW 2/3, MUL 1                    |
 * | INS_FUNDING         | FUND_SPEC            | yes/no                                            |
 * | INS_COST_SHARING    | CST_SHAR_EX          | yes/no                                            |
 * | INS_DONORS          | DON_INV_EX           | yes/no                                            |
 * | GOV_ISSUES          | ISSUE_SCOPE          | SIN 1/3, FEW 2/3, MUL 1                           |
 * | GOV_DECISION        | DEC_MAK_SPEC         | yes/no                                            |
 * | GOV_INFO_SHARING    | INF_SHAR_EX          | yes/no                                            |
 * | GOV_DISPUTES        | DISP_RES_EX          | yes/no                                            |
 * | GOV_MONITORING      | MON_EX               | yes/no                                            |
 * | GOV_ADAPTATION      | ADAP_EX              | yes/no                                            |
 * | GOV_BENEFIT_SHARING | BEN_SHAR_EX          | yes/no                                            |
 * | GOV_PUBLIC          | PUB_PART_EX          | yes/no                                            |
 * | GOV_EXTERNAL        | EX_COOP_EX           | yes/no                                            |
 *
 * yes = 1 and no = 0; "n/a" (the feature does not apply, e.g. no secretariat so no functions) = 0;
 * "." (the TFDD coders' "not found"), "not specified" and blanks = unknown (null), which scoring
 * leaves out. Other columns (names, issue and body lists, mechanisms as free text, websites) are
 * descriptive and contribute nothing.
 */
export type TfddRboRecord = { rboCode: string; agreementName: string | null; attributes: Record<string, string> };

const UNKNOWN = new Set(["", ".", "not specified", "unknown"]);

const norm = (s: string | null | undefined) => (s ?? "").trim().toLowerCase();

export function yesNo(s: string | null | undefined): number | null {
  const v = norm(s);
  if (v === "yes") return 1;
  if (v === "no" || v === "n/a") return 0;
  return null;
}

const QUANTITY: Record<string, number> = { "n/a": 0, sin: 1 / 3, few: 2 / 3, mul: 1 };
export function quantity(s: string | null | undefined): number | null {
  return QUANTITY[norm(s)] ?? null;
}

export function laterality(s: string | null | undefined): number | null {
  const v = norm(s);
  return v === "multilateral" ? 1 : v === "bilateral" ? 0.5 : null;
}

export function inclusiveness(members: string | undefined, riparians: string | undefined, flag: string | undefined): number | null {
  const m = Number(members);
  const r = Number(riparians);
  if (members?.trim() && riparians?.trim() && Number.isFinite(m) && Number.isFinite(r) && r > 0 && m >= 0) return Math.min(1, m / r);
  return norm(flag) === "inclusive" ? 1 : null;
}

const YES_NO: Record<string, string> = {
  INT_WATER_LAW: "WAT_LAW_REF",
  INT_BINDING: "DEC_MAK_BIND",
  INS_LEGAL_PERSON: "LEG_PERS",
  INS_SECRETARIAT: "SEC_EX",
  INS_FUNDING: "FUND_SPEC",
  INS_COST_SHARING: "CST_SHAR_EX",
  INS_DONORS: "DON_INV_EX",
  GOV_DECISION: "DEC_MAK_SPEC",
  GOV_INFO_SHARING: "INF_SHAR_EX",
  GOV_DISPUTES: "DISP_RES_EX",
  GOV_MONITORING: "MON_EX",
  GOV_ADAPTATION: "ADAP_EX",
  GOV_BENEFIT_SHARING: "BEN_SHAR_EX",
  GOV_PUBLIC: "PUB_PART_EX",
  GOV_EXTERNAL: "EX_COOP_EX",
};

/** One TFDD row's indicator values. */
export function rowIndicators(r: TfddRboRecord): IndicatorValues {
  const a = r.attributes;
  const out: IndicatorValues = {
    INT_TREATY: r.agreementName?.trim() ? 1 : 0,
    INT_MULTILATERAL: laterality(a.LATERALITY),
    INT_INCLUSIVE: inclusiveness(a.MEMB_NO, a.RIP_NO, a.INCLUSIVENESS),
    INS_BODIES: quantity(a.ORG_BOD_QUAN),
    INS_SEC_FUNCTIONS: quantity(a.SEC_FUNC_QUAN),
    GOV_ISSUES: quantity(a.ISSUE_SCOPE),
  };
  // ORG_BOD_QUAN "n/a" would mean no bodies at all, which an organisation cannot be: unknown.
  if (norm(a.ORG_BOD_QUAN) === "n/a") out.INS_BODIES = null;
  for (const [code, col] of Object.entries(YES_NO)) out[code] = yesNo(a[col]);
  return out;
}

/**
 * One organisation's indicator values from all its rows (one per basin and member country):
 * the mean of the rows that know a value, null where none does. The rows of one organisation
 * usually agree; the mean keeps the rare disagreement visible as a fraction.
 */
export function organisationIndicators(rows: readonly TfddRboRecord[]): IndicatorValues {
  const sums = new Map<string, { sum: number; n: number }>();
  const keys = new Set<string>();
  for (const r of rows)
    for (const [k, v] of Object.entries(rowIndicators(r))) {
      keys.add(k);
      if (v === null || v === undefined) continue;
      const s = sums.get(k) ?? { sum: 0, n: 0 };
      s.sum += v;
      s.n++;
      sums.set(k, s);
    }
  const out: IndicatorValues = {};
  for (const k of keys) {
    const s = sums.get(k);
    out[k] = s ? s.sum / s.n : null;
  }
  return out;
}

/** Groups rows by organisation code and gives each organisation's indicator values. */
export function indicatorsByOrganisation(rows: readonly TfddRboRecord[]): Map<string, IndicatorValues> {
  const groups = new Map<string, TfddRboRecord[]>();
  for (const r of rows) groups.set(r.rboCode, [...(groups.get(r.rboCode) ?? []), r]);
  return new Map([...groups].map(([code, rs]) => [code, organisationIndicators(rs)]));
}
