/**
 * River-basin-organisation indicators after Schmeier, Gerlak & Schultze (2013), as seed 002 §3.3
 * summarises them, in three levels:
 * - internationalisation: legal and political bindingness, a shared water resource, commitment
 *   beyond the national level (2013: 9–10);
 * - institutionalisation: permanence, organisational structure and capacity to act independently,
 *   with income diversified between members and donors (2013: 11);
 * - governance: the principles, norms, rules and mechanisms of the founding documents (2013: 11–12).
 * Each indicator takes a value in [0, 1]; `counts` says what gives 1 and what gives 0, and the
 * TFDD column it is read from (see tfdd.ts). Default weights are equal within a level.
 */
export const RBO_LEVELS = ["internationalisation", "institutionalisation", "governance"] as const;
export type RboLevel = (typeof RBO_LEVELS)[number];

export type RboIndicator = {
  code: string;
  level: RboLevel;
  name: string;
  counts: string;
  weight: number;
};

export const RBO_INDICATORS: readonly RboIndicator[] = [
  { code: "INT_TREATY", level: "internationalisation", name: "Founding international agreement", counts: "1 when the organisation rests on a named international agreement (AGREEMENT_NAME), else 0", weight: 1 },
  { code: "INT_MULTILATERAL", level: "internationalisation", name: "Multilateral membership", counts: "1 multilateral, 0.5 bilateral (LATERALITY)", weight: 1 },
  { code: "INT_INCLUSIVE", level: "internationalisation", name: "Riparian coverage", counts: "share of the basin's riparian states that are members, MEMB_NO / RIP_NO (1 = inclusive)", weight: 1 },
  { code: "INT_WATER_LAW", level: "internationalisation", name: "Reference to international water law", counts: "1 when the agreement refers to international water law (WAT_LAW_REF), else 0", weight: 1 },
  { code: "INT_BINDING", level: "internationalisation", name: "Binding decisions", counts: "1 when decisions bind the members (DEC_MAK_BIND), else 0", weight: 1 },
  { code: "INS_LEGAL_PERSON", level: "institutionalisation", name: "International legal personality", counts: "1 when the organisation has legal personality (LEG_PERS), else 0", weight: 1 },
  { code: "INS_SECRETARIAT", level: "institutionalisation", name: "Permanent secretariat", counts: "1 when a secretariat exists (SEC_EX), else 0", weight: 1 },
  { code: "INS_BODIES", level: "institutionalisation", name: "Organisational structure", counts: "number of bodies (ORG_BOD_QUAN): single 1/3, few 2/3, many 1", weight: 1 },
  { code: "INS_SEC_FUNCTIONS", level: "institutionalisation", name: "Secretariat functions", counts: "number of secretariat functions (SEC_FUNC_QUAN): none 0, single 1/3, few 2/3, many 1", weight: 1 },
  { code: "INS_FUNDING", level: "institutionalisation", name: "Specified funding", counts: "1 when funding is specified (FUND_SPEC), else 0", weight: 1 },
  { code: "INS_COST_SHARING", level: "institutionalisation", name: "Cost sharing among members", counts: "1 when members share costs (CST_SHAR_EX), else 0", weight: 1 },
  { code: "INS_DONORS", level: "institutionalisation", name: "Donor involvement", counts: "1 when donors contribute beside members (DON_INV_EX), else 0", weight: 1 },
  { code: "GOV_ISSUES", level: "governance", name: "Breadth of issues", counts: "issue scope (ISSUE_SCOPE): single 1/3, few 2/3, many 1", weight: 1 },
  { code: "GOV_DECISION", level: "governance", name: "Decision-making rules", counts: "1 when decision-making is specified (DEC_MAK_SPEC), else 0", weight: 1 },
  { code: "GOV_INFO_SHARING", level: "governance", name: "Information sharing", counts: "1 when a data and information sharing mechanism exists (INF_SHAR_EX), else 0", weight: 1 },
  { code: "GOV_DISPUTES", level: "governance", name: "Dispute resolution", counts: "1 when a dispute resolution mechanism exists (DISP_RES_EX), else 0", weight: 1 },
  { code: "GOV_MONITORING", level: "governance", name: "Monitoring", counts: "1 when a monitoring mechanism exists (MON_EX), else 0", weight: 1 },
  { code: "GOV_ADAPTATION", level: "governance", name: "Adaptability", counts: "1 when the agreement can be amended or adapted (ADAP_EX), else 0", weight: 1 },
  { code: "GOV_BENEFIT_SHARING", level: "governance", name: "Benefit sharing", counts: "1 when benefits are shared (BEN_SHAR_EX), else 0", weight: 1 },
  { code: "GOV_PUBLIC", level: "governance", name: "Public participation", counts: "1 when the public or civil society take part (PUB_PART_EX), else 0", weight: 1 },
  { code: "GOV_EXTERNAL", level: "governance", name: "Cooperation with other organisations", counts: "1 when it cooperates with other organisations (EX_COOP_EX), else 0", weight: 1 },
];

/** Weights of the three levels in the overall score; equal by default. */
export const DEFAULT_LEVEL_WEIGHTS: Readonly<Record<RboLevel, number>> = { internationalisation: 1, institutionalisation: 1, governance: 1 };
