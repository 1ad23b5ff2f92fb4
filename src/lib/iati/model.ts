/**
 * An IATI activity as Concord reads and writes it: every element of the 2.03 activity standard
 * that Concord keeps, in the standard's own codes (codelist values stay codes; names are looked
 * up from codelists when shown). The importer fills it from 2.0x and 1.0x files; the exporter
 * writes it back as 2.03 XML. Stored as a project's `externalDetail`, so it must stay plain JSON.
 */

/** Text in one language; `lang` absent means the activity's default language. */
export type Narrative = { lang?: string; text: string };

/** Amounts are decimal strings, never floats: money must survive a round trip exactly. */
export type IatiValue = { amount: string; currency?: string; valueDate?: string };

export type IatiOrg = {
  ref?: string;
  /** OrganisationType code (10 government, 21 international NGO, 40 multilateral, 70 private sector, 80 academic…). */
  type?: string;
  /** OrganisationRole code on participating-org: 1 funding, 2 accountable, 3 extending, 4 implementing. */
  role?: string;
  activityId?: string;
  crsChannelCode?: string;
  narratives: Narrative[];
};

export type IatiDate = { type: string; isoDate: string; narratives?: Narrative[] };

export type IatiCoded = { code: string; vocabulary?: string; vocabularyUri?: string; percentage?: string; narratives?: Narrative[] };

export type IatiLocation = {
  ref?: string;
  locationReach?: string;
  locationIds: { vocabulary: string; code: string }[];
  name: Narrative[];
  description: Narrative[];
  activityDescription: Narrative[];
  administrative: { vocabulary: string; level?: string; code: string }[];
  point?: { srsName?: string; lat: number; lng: number };
  exactness?: string;
  locationClass?: string;
  featureDesignation?: string;
};

export type IatiBudget = { type?: string; status?: string; periodStart: string; periodEnd: string; value: IatiValue };

export type IatiPlannedDisbursement = { type?: string; periodStart: string; periodEnd?: string; value: IatiValue; provider?: IatiOrg; receiver?: IatiOrg };

export type IatiTransaction = {
  ref?: string;
  humanitarian?: boolean;
  /** TransactionType code 1–13 (1 incoming funds, 2 outgoing commitment, 3 disbursement, 4 expenditure…). */
  type: string;
  date: string;
  value: IatiValue;
  description: Narrative[];
  provider?: IatiOrg;
  receiver?: IatiOrg;
  disbursementChannel?: string;
  sectors: IatiCoded[];
  recipientCountry?: IatiCoded;
  recipientRegion?: IatiCoded;
  flowType?: string;
  financeType?: string;
  aidTypes: { code: string; vocabulary?: string }[];
  tiedStatus?: string;
};

export type IatiDocumentLink = {
  url: string;
  format?: string;
  title: Narrative[];
  description: Narrative[];
  categories: string[];
  languages: string[];
  date?: string;
};

export type IatiIndicatorPeriod = {
  start: string;
  end: string;
  targets: { value?: string; comment?: Narrative[] }[];
  actuals: { value?: string; comment?: Narrative[] }[];
};

export type IatiIndicator = {
  /** IndicatorMeasure code: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative. */
  measure: string;
  ascending?: boolean;
  aggregationStatus?: boolean;
  title: Narrative[];
  description: Narrative[];
  baselines: { year?: string; isoDate?: string; value?: string; comment?: Narrative[] }[];
  periods: IatiIndicatorPeriod[];
};

export type IatiResult = { type: string; aggregationStatus?: boolean; title: Narrative[]; description: Narrative[]; indicators: IatiIndicator[] };

export type IatiActivity = {
  identifier: string;
  /** The version attribute of the file the activity came from (2.03, 2.01, 1.05…). */
  version?: string;
  lastUpdated?: string;
  lang?: string;
  defaultCurrency?: string;
  humanitarian?: boolean;
  hierarchy?: string;
  reportingOrg: IatiOrg & { secondaryReporter?: boolean };
  titles: Narrative[];
  descriptions: { type?: string; narratives: Narrative[] }[];
  participatingOrgs: IatiOrg[];
  otherIdentifiers: { ref: string; type: string; ownerOrg?: IatiOrg }[];
  /** ActivityStatus code: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended. */
  status?: string;
  /** ActivityDateType code: 1 planned start, 2 actual start, 3 planned end, 4 actual end. */
  dates: IatiDate[];
  activityScope?: string;
  recipientCountries: IatiCoded[];
  recipientRegions: IatiCoded[];
  locations: IatiLocation[];
  sectors: IatiCoded[];
  policyMarkers: { code: string; vocabulary?: string; significance?: string }[];
  collaborationType?: string;
  defaultFlowType?: string;
  defaultFinanceType?: string;
  defaultAidTypes: { code: string; vocabulary?: string }[];
  defaultTiedStatus?: string;
  budgets: IatiBudget[];
  plannedDisbursements: IatiPlannedDisbursement[];
  capitalSpend?: string;
  transactions: IatiTransaction[];
  documentLinks: IatiDocumentLink[];
  relatedActivities: { ref: string; type: string }[];
  results: IatiResult[];
  /**
   * Names of the codes above from the codelists folder the importer was given, keyed
   * `"<Codelist>:<code>"` (`"Sector:11110"`); absent codes show as codes. Not written on export.
   */
  codeNames?: Record<string, string>;
};

/** The text of a narrative list in a language, falling back to the default-language one, then to any. */
export function narrativeText(list: Narrative[] | undefined, lang?: string): string | undefined {
  if (!list?.length) return undefined;
  return (lang && list.find((n) => n.lang === lang)?.text) ?? list.find((n) => !n.lang)?.text ?? list[0]!.text;
}
