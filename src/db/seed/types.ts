import type {
  ActorType,
  EventKind,
  GovLevel,
  LocalizedText,
  MemberRole,
  OrganKind,
  PartyRole,
  PhaseStatus,
  ProjectStatus,
  TransactionType,
  Visibility,
} from "../schema/index.js";

/**
 * The shape of Concord's reference dataset. Records point at each other by `code`
 * (actors, mechanisms, pillars, areas), never by database id, so the data reads well
 * and loads idempotently.
 *
 * `source` says where a fact comes from (e.g. "seed 002 §4.3.5"); records invented to
 * illustrate the platform carry `isSample: true` and say so in their description.
 */
export type RefCountry = { code: string; iso3: string; name: LocalizedText; region?: string };

export type RefActor = {
  code: string;
  type: ActorType;
  level?: GovLevel;
  parent?: string;
  country?: string;
  name: LocalizedText;
  description?: LocalizedText;
  source?: string;
  isSample?: boolean;
};

export type RefMechanism = {
  code: string;
  name: LocalizedText;
  description?: LocalizedText;
  foundedOn?: string;
  foundedPrecision?: "day" | "month" | "year";
  secretariat?: string;
  source?: string;
  pillars?: { code: string; name: LocalizedText }[];
  priorityAreas?: { code: string; pillar?: string; name: LocalizedText }[];
  organs?: { code: string; kind: OrganKind; name: LocalizedText; description?: LocalizedText; actor?: string }[];
  members: { actor: string; role: MemberRole; since?: string; until?: string; source?: string }[];
};

export type RefParticipantCount = {
  mechanism: string;
  country: string;
  actorType: ActorType;
  count: number;
  source: string;
};

export type RefEvent = {
  code: string;
  mechanism?: string;
  kind: EventKind;
  date: string;
  datePrecision?: "day" | "month" | "year";
  endDate?: string;
  place?: LocalizedText;
  title: LocalizedText;
  description?: LocalizedText;
  /** Actor codes, or an actor with who represented it (and where the study says so, its source). */
  participants?: (string | { actor: string; role?: string; representatives?: string[]; source?: string })[];
  /** A meeting opened beyond the named delegations (one mark of Track III). */
  openToPublic?: boolean;
  outcomes?: { text: LocalizedText; agreementCode?: string }[];
  visibility?: Visibility;
  source?: string;
  isSample?: boolean;
};

export type RefProject = {
  code: string;
  mechanism: string;
  pillar?: string;
  priorityArea?: string;
  title: LocalizedText;
  description?: LocalizedText;
  sector?: string;
  status: ProjectStatus;
  visibility: Visibility;
  startDate?: string;
  endDate?: string;
  budget?: string;
  currency?: string;
  parties: { actor: string; role: PartyRole }[];
  phases?: {
    seq: number;
    name: LocalizedText;
    status: PhaseStatus;
    startDate?: string;
    endDate?: string;
    budget?: string;
    deliverables?: string[];
  }[];
  transactions?: {
    phase?: number;
    type: TransactionType;
    value: string;
    currency?: string;
    valueDate: string;
    provider?: string;
    receiver?: string;
    description?: string;
  }[];
  reports?: {
    phase: number;
    periodStart: string;
    periodEnd: string;
    dueDate: string;
    submittedAt: string;
    narrative: string;
    spending?: string;
    status?: "submitted" | "accepted" | "returned";
  }[];
  source?: string;
  /** Illustrative projects are always sample data. */
  isSample: true;
};

export type ReferenceData = {
  countries: RefCountry[];
  actors: RefActor[];
  mechanisms: RefMechanism[];
  participantCounts: RefParticipantCount[];
  events: RefEvent[];
  projects: RefProject[];
};
