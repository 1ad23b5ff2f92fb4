import { GCDF_ATTRIBUTION, GCDF_LICENCE, GCDF_URL } from "../../lib/gcdf/attribution";
import { useI18n } from "../i18n";

/**
 * Imported datasets whose licence asks for credit wherever their data shows: the dataset's title as
 * its publisher words it (a name, so not translated), its page and its licence.
 */
const CREDITS = {
  gcdf: { title: GCDF_ATTRIBUTION, url: GCDF_URL, licence: GCDF_LICENCE },
} as const;

export type CreditedSource = keyof typeof CREDITS;
export const isCredited = (source: string | null | undefined): source is CreditedSource => !!source && Object.hasOwn(CREDITS, source);

/**
 * "Source: AidData, Global Chinese Development Finance Dataset, Version 2.0", linked to the
 * dataset. With `count`, it says how many of the projects counted on the page come from it.
 * Nothing for projects of Concord's own or of sources that ask for no credit.
 */
export function SourceCredit({ source, count }: { source: string | null | undefined; count?: number }) {
  const { t, fmt } = useI18n();
  if (!isCredited(source)) return null;
  const c = CREDITS[source];
  return (
    <p className="credit" data-testid={`credit-${source}`}>
      {count !== undefined ? <>{t("credit.counted", { n: fmt.number(count) })} </> : null}
      {t("common.source")}:{" "}
      <a href={c.url} target="_blank" rel="noopener noreferrer">
        {c.title}
      </a>{" "}
      <span className="muted">({t("credit.licence", { licence: c.licence })})</span>
    </p>
  );
}
