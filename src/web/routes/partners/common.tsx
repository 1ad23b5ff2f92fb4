import type { Schemas } from "../../api/client";
import { useI18n, type Formatters } from "../../i18n";

// The API's factor list (src/lib/matching/score.ts FACTORS), in the order the UI offers them.
export const FACTORS = ["capital", "technology", "talent", "information", "land", "labour", "resources", "market_access"] as const;
export type Factor = (typeof FACTORS)[number];
export type Posting = Schemas["Posting"];
export type PostingKind = Posting["kind"];

/** A place as the API takes it: a country code (`la`) or an actor code of a province, zone or park. */
export const PLACE = /^[a-z]{2}(-[a-z0-9-]{1,60})?$/;
/** A DAC purpose code (5 digits) or group (3 digits). */
export const SECTOR = /^\d{3}(\d{2})?$/;

/** A size in its unit: money when the unit is a currency code, otherwise the number and the unit. */
export function SizeText({ size, unit }: { size: number | null; unit: string | null }) {
  const { fmt } = useI18n();
  if (size == null) return <>—</>;
  if (unit && /^[A-Z]{3}$/.test(unit)) return <>{fmt.money(String(size), unit)}</>;
  return (
    <>
      {fmt.number(size)}
      {unit ? ` ${unit}` : ""}
    </>
  );
}

/** The posting's time window; an open end reads as a dash. */
export function WindowText({ from, to }: { from: string | null; to: string | null }) {
  const { fmt } = useI18n();
  if (!from && !to) return <>—</>;
  return (
    <>
      {fmt.date(from)} – {fmt.date(to)}
    </>
  );
}

export function KindBadge({ kind }: { kind: PostingKind }) {
  const { t } = useI18n();
  return <span className={`badge posting-${kind}`}>{t(`partners.kind.${kind}`)}</span>;
}

export function PostingStatusBadge({ status }: { status: Posting["status"] }) {
  const { t } = useI18n();
  return <span className={`badge status-${status === "open" ? "active" : "completed"}`}>{t(`partners.status.${status}`)}</span>;
}

/** A share 0..1 as a whole percentage in the reader's number format. */
export const percent = (fmt: Formatters, x: number) => `${fmt.number(Math.round(x * 100))}%`;
