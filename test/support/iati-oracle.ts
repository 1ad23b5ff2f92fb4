import { readFileSync } from "node:fs";
import { evaluateXPathToNodes, evaluateXPathToString, evaluateXPathToStrings } from "fontoxpath";
import { parseXmlDocument } from "slimdom";

/**
 * An independent reading of an IATI file for tests: a whole-document DOM and XPath, not the
 * streaming importer, so the two can check each other. Sums are in cents per activity and
 * transaction type code, in the currency as written.
 */
export function iatiOracle(file: string) {
  const doc = parseXmlDocument(readFileSync(file, "utf8"));
  const activities = evaluateXPathToNodes("/iati-activities/iati-activity", doc);
  const byActivity = new Map<string, Map<string, number>>();
  let transactions = 0;
  for (const a of activities) {
    const id = evaluateXPathToString("normalize-space(iati-identifier)", a);
    const sums = new Map<string, number>();
    for (const t of evaluateXPathToNodes("transaction", a)) {
      transactions++;
      const code = evaluateXPathToString("transaction-type/@code", t);
      const v = evaluateXPathToString("normalize-space(value)", t);
      sums.set(code, (sums.get(code) ?? 0) + Math.round(Number(v) * 100));
    }
    byActivity.set(id, sums);
  }
  return { identifiers: [...byActivity.keys()], byActivity, transactions, sectors: (id: string) => evaluateXPathToStrings(`/iati-activities/iati-activity[normalize-space(iati-identifier)='${id}']/sector/@code`, doc) };
}
