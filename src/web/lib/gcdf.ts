/** What a project imported from AidData's GCDF 2.0 shows of its source record (src/modules/imports/gcdf.ts writes it). */
export type GcdfFacts = {
  aiddataId: string | null;
  flowType: string | null;
  flowClass: string | null;
  financeType: string | null;
  commitmentYear: number | null;
  /** Constant 2017 US dollars, exact, as AidData gives it. */
  amount: string | null;
  sectorName: string | null;
  recipientName: string | null;
  recommendedForAggregates: boolean | null;
  umbrella: boolean | null;
  linkedIds: string[];
  geojsonUrl: string | null;
};

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);
const bool = (v: unknown) => (typeof v === "boolean" ? v : null);

/** Reads the stored record defensively: the API types it as a free-form object. */
export function gcdfFacts(detail: Record<string, unknown> | null | undefined): GcdfFacts | null {
  if (!detail) return null;
  const year = detail.commitmentYear;
  return {
    aiddataId: str(detail.aiddataId),
    flowType: str(detail.flowType),
    flowClass: str(detail.flowClass),
    financeType: str(detail.financeType),
    commitmentYear: typeof year === "number" && Number.isInteger(year) ? year : null,
    amount: str(detail.amountConstantUsd2017),
    sectorName: str(detail.sectorName),
    recipientName: str(detail.recipientName),
    recommendedForAggregates: bool(detail.recommendedForAggregates),
    umbrella: bool(detail.umbrella),
    linkedIds: Array.isArray(detail.linkedIds) ? detail.linkedIds.filter((x): x is string => typeof x === "string" && /^\d+$/.test(x)) : [],
    geojsonUrl: str(detail.vizGeojsonUrl)?.startsWith("https://") ? str(detail.vizGeojsonUrl) : null,
  };
}
