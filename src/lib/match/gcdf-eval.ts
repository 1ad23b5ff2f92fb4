import { createReadStream } from "node:fs";
import { countryLookup } from "../gcdf/countries.js";
import { readGcdf } from "../gcdf/read.js";
import type { GcdfRecord } from "../gcdf/record.js";
import { rng } from "../random.js";
import { DUPLICATE_THRESHOLD, type DuplicateIndex, type DuplicatePair, type ProjectForMatch } from "./duplicates.js";

/**
 * A labelled set for duplicate detection from AidData's GCDF 2.0: its titles link related records
 * ("(Linked to #34187, #85380)", "[Linked to Project ID#87160 and #87633]", ", linked to #1267"):
 * a supplementary loan for the same plant, a second tranche of the same road, the same stadium's
 * grant and its technical assistance. Those pairs are the positives. Negatives are sampled from
 * the pairs no title links, half within one country (the hard ones), half anywhere.
 */

export type LabelledPair = { a: string; b: string; duplicate: boolean };

/**
 * A title without AidData's link notes: left in, two records linking to a third would share its
 * number, and every linked record the words "linked to", which no real proposal carries.
 */
export function stripLinkNotes(title: string): string {
  return title
    .replace(/[([（][^()[\]（）]*\blink(?:ed|s)?\b[^()[\]（）]*[)\]）]/giu, " ")
    .replace(/,?\s*\blink(?:ed|s)?\b.*$/iu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function gcdfProject(r: GcdfRecord): ProjectForMatch {
  const start = r.implementationStartYear ?? r.commitmentYear;
  return {
    id: r.id,
    title: stripLinkNotes(r.title),
    countries: r.recipientCode ? [r.recipientCode] : [],
    sector: r.sectorCode,
    startYear: start,
    endYear: r.completionYear ?? start,
    lang: "en",
  };
}

/** The projects of a GCDF file and the linked pairs whose both ends are in it (each pair once, lower id first). */
export async function loadGcdfCorpus(file: string): Promise<{ projects: ProjectForMatch[]; links: [string, string][] }> {
  const records: GcdfRecord[] = [];
  for await (const item of readGcdf(createReadStream(file), { countries: countryLookup() })) if (item.kind === "record") records.push(item.record);
  const ids = new Set(records.map((r) => r.id));
  const links = new Map<string, [string, string]>();
  for (const r of records)
    for (const other of r.linkedIds) {
      if (!ids.has(other) || other === r.id) continue;
      const pair: [string, string] = Number(r.id) < Number(other) ? [r.id, other] : [other, r.id];
      links.set(pair.join(":"), pair);
    }
  return { projects: records.map(gcdfProject), links: [...links.values()] };
}

/** Positives from the links, and `negativesPerPositive` times as many unlinked pairs. */
export function labelledSet(projects: readonly ProjectForMatch[], links: readonly [string, string][], opts: { negativesPerPositive?: number; seed?: number } = {}): LabelledPair[] {
  const random = rng(opts.seed ?? 7);
  const linked = new Set(links.map(([a, b]) => `${a}:${b}`));
  const key = (a: string, b: string) => (Number(a) < Number(b) ? `${a}:${b}` : `${b}:${a}`);
  const byCountry = new Map<string, ProjectForMatch[]>();
  for (const p of projects) for (const c of p.countries) byCountry.set(c, [...(byCountry.get(c) ?? []), p]);
  const countries = [...byCountry.values()].filter((ps) => ps.length > 1);
  const out: LabelledPair[] = links.map(([a, b]) => ({ a, b, duplicate: true }));
  const want = links.length * (opts.negativesPerPositive ?? 5);
  const seen = new Set<string>();
  for (let tries = 0; seen.size < want && tries < want * 20; tries++) {
    const pool = tries % 2 === 0 && countries.length ? countries[Math.floor(random() * countries.length)]! : projects;
    const a = pool[Math.floor(random() * pool.length)]!;
    const b = pool[Math.floor(random() * pool.length)]!;
    const k = key(a.id, b.id);
    if (a.id === b.id || linked.has(k) || seen.has(k)) continue;
    seen.add(k);
    out.push({ a: a.id, b: b.id, duplicate: false });
  }
  return out;
}

export type Confusion = { tp: number; fp: number; fn: number; tn: number; precision: number; recall: number; f1: number };

const confusion = (tp: number, fp: number, fn: number, tn: number): Confusion => {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return { tp, fp, fn, tn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
};

/** Precision and recall of the index's scores on a labelled set at a threshold. */
export function evaluatePairs(index: DuplicateIndex, pairs: readonly LabelledPair[], threshold = DUPLICATE_THRESHOLD): Confusion {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const p of pairs) {
    const hit = (index.pairScore(p.a, p.b)?.score ?? 0) >= threshold;
    if (hit && p.duplicate) tp++;
    else if (hit) fp++;
    else if (p.duplicate) fn++;
    else tn++;
  }
  return confusion(tp, fp, fn, tn);
}

/**
 * The full scan against the links: recall over every linked pair, and a precision that is a lower
 * bound, since GCDF does not link every pair of records about one project (a flagged pair no title
 * links counts as wrong here even when it is the same project).
 */
export function evaluateScan(found: readonly DuplicatePair[], links: readonly [string, string][]): Confusion {
  const key = (a: string, b: string) => (Number(a) < Number(b) ? `${a}:${b}` : `${b}:${a}`);
  const linked = new Set(links.map(([a, b]) => key(a, b)));
  let tp = 0;
  for (const p of found) if (linked.has(key(p.a, p.b))) tp++;
  return confusion(tp, found.length - tp, linked.size - tp, 0);
}
