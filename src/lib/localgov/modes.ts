/**
 * The cooperation modes of local governments (seed 001 and the cases it summarises in seeds 000,
 * 002 and 003), derived from what Concord records about a project, an event or an agreement.
 * Nothing in the data says "mode" outright, so each mode is read off structured facts first
 * (parties' levels, OECD-DAC sector, LMC priority area and pillar, event kind, party role) and,
 * for events, which carry no sector, off words in their English or Chinese title.
 *
 * | mode                | where the seeds describe it                                   | how it is recognised |
 * | ------------------- | ------------------------------------------------------------- | -------------------- |
 * | border_zone         | 000 (Mohan–Boten zone), 002 §4.3.5 (Guanle, Ruili)             | a party is a zone; event title names a border / cross-border zone |
 * | connectivity        | 002 §4.1 priority area, 004 (railway, power, ports)             | sector 21/22/23xxx or area `connectivity`; title names railways, roads, logistics, ports |
 * | trade_expo          | 002 §4.3.5 (2018 LMC Expo), 002 H2 (Jiangsu exports)            | sector 331xx; title names an expo, fair, trade or free-trade zone |
 * | industrial_park     | 003 ("overseas Jiangsu"), 002 §4.3.5 (park as the carrier)      | sector 321xx or areas `production-capacity`/`cross-border-economic`; title names a park, investment, going out |
 * | people_to_people    | 002 §4.3.5 (art and film weeks, tourism cities), 002 H2 (schools) | sector 11xxx, 16061, 33210 or pillar `social-cultural`; title names tourism, culture, education, exchange |
 * | agriculture_poverty | 002 §4.3.5 (3) (Guangxi's poverty-reduction week)               | sector 311–313xx, 43040 or area `agriculture-poverty`; title names poverty, agriculture |
 * | water_environment   | 002 §4.3.5 (2) (water resources forum)                          | sector 140xx, 41xxx, 31140 or area `water-resources`; event kind water_event; title names water, environment |
 * | security            | 000 (inter-governmental security exchanges)                     | sector 152xx, 15130; title names security, police |
 * | governors_forum     | 002 §4.3.5 (2) (GMS Economic Corridor Governors' Forum)         | event kind governors_forum or local_consultation |
 * | mechanism_meetings  | 002 §4.3.5 (2) ("meetings, forums and activities")              | any other meeting or forum kind |
 * | policy_plan         | 001 (provinces' own rules and strategic plans)                  | event kind plan, initiative or declaration |
 * | financing           | 000 (financing methods of cross-border cooperation)             | the local government funds the project |
 * | agreements          | 001 (consultation, performance and commitment mechanism)         | an agreement or MoU it signed (and event kind agreement) |
 *
 * A record may show several modes; one showing none is simply not counted in any.
 */

export const COOPERATION_MODES = [
  "border_zone",
  "connectivity",
  "trade_expo",
  "industrial_park",
  "people_to_people",
  "agriculture_poverty",
  "water_environment",
  "security",
  "governors_forum",
  "mechanism_meetings",
  "policy_plan",
  "financing",
  "agreements",
] as const;
export type CooperationMode = (typeof COOPERATION_MODES)[number];

/** Where each mode comes from, shown next to it so a reader can check the rule against the study. */
export const MODE_SOURCES: Record<CooperationMode, string> = {
  border_zone: "seed 000; seed 002 §4.3.5",
  connectivity: "seed 002 §4.1; seed 004",
  trade_expo: "seed 002 §4.3.5 (2), H2",
  industrial_park: "seed 003 §4; seed 002 §4.3.5 (2)",
  people_to_people: "seed 002 §4.3.5 (2)–(3), H2",
  agriculture_poverty: "seed 002 §4.3.5 (3)",
  water_environment: "seed 002 §4.3.5 (2)",
  security: "seed 000",
  governors_forum: "seed 002 §4.3.5 (2)",
  mechanism_meetings: "seed 002 §4.3.5 (2)",
  policy_plan: "seed 001",
  financing: "seed 000",
  agreements: "seed 001",
};

export type ProjectFacts = {
  sector: string | null;
  priorityArea: string | null;
  pillar: string | null;
  /** Government levels of all the project's parties (null for non-government parties). */
  partyLevels: readonly (string | null)[];
  /** The roles the local government (or its subordinates) plays in the project. */
  ownRoles: readonly string[];
};

export type EventFacts = { kind: string; title: Readonly<Record<string, string | undefined>> };

const startsWithAny = (sector: string | null, prefixes: readonly string[]) => sector !== null && prefixes.some((p) => sector.startsWith(p));

/** Sector prefixes (OECD-DAC purpose codes) and LMC areas/pillars that mark a mode on a project. */
const PROJECT_RULES: readonly { mode: CooperationMode; sectors: readonly string[]; areas?: readonly string[]; pillars?: readonly string[] }[] = [
  { mode: "connectivity", sectors: ["21", "22", "23"], areas: ["connectivity"] },
  { mode: "trade_expo", sectors: ["331"] },
  { mode: "industrial_park", sectors: ["321"], areas: ["production-capacity", "cross-border-economic"] },
  { mode: "people_to_people", sectors: ["11", "16061", "33210"], pillars: ["social-cultural"] },
  { mode: "agriculture_poverty", sectors: ["311", "312", "313", "43040"], areas: ["agriculture-poverty"] },
  { mode: "water_environment", sectors: ["140", "41", "31140"], areas: ["water-resources"] },
  { mode: "security", sectors: ["152", "15130"] },
];

/** Words in an event's English or Chinese title that mark a mode. */
const TITLE_RULES: readonly { mode: CooperationMode; pattern: RegExp }[] = [
  { mode: "border_zone", pattern: /\bborder\b|cross-border|cooperation zone|economic zone|边境|跨境|合作区|口岸/i },
  { mode: "connectivity", pattern: /railway|\broads?\b|logistic|connectivity|\bports?\b|power grid|铁路|公路|物流|互联互通|港/i },
  { mode: "trade_expo", pattern: /\bexpo\b|\bfairs?\b|\btrade\b|free trade|博览会|交易会|贸易|自贸/i },
  { mode: "industrial_park", pattern: /industrial park|\bparks?\b|invest|going out|园区|投资|招商|出海/i },
  { mode: "people_to_people", pattern: /touris|cultur|\bfilm\b|\barts?\b|festival|youth|student|school|college|university|vocational|people-to-people|exchange|旅游|文化|电影|艺术|青年|学生|学校|学院|人文|交流/i },
  { mode: "agriculture_poverty", pattern: /poverty|agricultur|farm|\brice\b|减贫|扶贫|农业|农户/i },
  { mode: "water_environment", pattern: /\bwater\b|environment|ecolog|\briver\b|水资源|环境|生态|流量/i },
  { mode: "security", pattern: /security|police|law enforcement|安全|警|执法/i },
];

const EVENT_KIND_MODES: Readonly<Record<string, CooperationMode>> = {
  governors_forum: "governors_forum",
  local_consultation: "governors_forum",
  leaders_meeting: "mechanism_meetings",
  foreign_ministers_meeting: "mechanism_meetings",
  ministers_meeting: "mechanism_meetings",
  senior_officials_meeting: "mechanism_meetings",
  joint_working_group: "mechanism_meetings",
  expert_dialogue: "mechanism_meetings",
  public_forum: "mechanism_meetings",
  forum: "mechanism_meetings",
  consultation: "mechanism_meetings",
  plan: "policy_plan",
  initiative: "policy_plan",
  declaration: "policy_plan",
  agreement: "agreements",
  water_event: "water_environment",
};

/** Modes in the canonical order, each once. */
const ordered = (found: Set<CooperationMode>): CooperationMode[] => COOPERATION_MODES.filter((m) => found.has(m));

export function projectModes(p: ProjectFacts): CooperationMode[] {
  const found = new Set<CooperationMode>();
  if (p.partyLevels.includes("zone")) found.add("border_zone");
  for (const r of PROJECT_RULES) {
    if (startsWithAny(p.sector, r.sectors) || (p.priorityArea !== null && r.areas?.includes(p.priorityArea)) || (p.pillar !== null && r.pillars?.includes(p.pillar)))
      found.add(r.mode);
  }
  if (p.ownRoles.includes("funder")) found.add("financing");
  return ordered(found);
}

export function eventModes(e: EventFacts): CooperationMode[] {
  const found = new Set<CooperationMode>();
  const byKind = EVENT_KIND_MODES[e.kind];
  if (byKind) found.add(byKind);
  const text = [e.title.en, e.title.zh].filter(Boolean).join(" \u2016 ");
  for (const r of TITLE_RULES) if (r.pattern.test(text)) found.add(r.mode);
  return ordered(found);
}

/** Every agreement or MoU a local government signs is part of its consultation and commitment record. */
export const agreementModes = (): CooperationMode[] => ["agreements"];

export type ModeTally = { mode: CooperationMode; projects: number; events: number; agreements: number; total: number };

/** How many of a local government's projects, events and agreements show each mode; modes it never uses are left out. */
export function tallyModes(records: readonly { source: "project" | "event" | "agreement"; modes: readonly CooperationMode[] }[]): ModeTally[] {
  const tally = new Map<CooperationMode, ModeTally>();
  const plural = { project: "projects", event: "events", agreement: "agreements" } as const;
  for (const r of records) {
    for (const mode of new Set(r.modes)) {
      const t = tally.get(mode) ?? { mode, projects: 0, events: 0, agreements: 0, total: 0 };
      t[plural[r.source]] += 1;
      t.total += 1;
      tally.set(mode, t);
    }
  }
  return COOPERATION_MODES.flatMap((m) => tally.get(m) ?? []);
}
