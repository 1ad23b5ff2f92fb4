import { normalizeText } from "./segment.js";

/**
 * Text similarity, every measure in [0, 1]: token-set Jaccard, cosine over TF-IDF vectors (an
 * index built once over a corpus, then queried through its postings), and character trigrams for
 * short titles, where one changed word moves a token measure a long way.
 */

/** |A ∩ B| / |A ∪ B| over the distinct tokens; 0 when both are empty. */
export function jaccard(a: Iterable<string>, b: Iterable<string>): number {
  const sa = a instanceof Set ? (a as Set<string>) : new Set(a);
  const sb = b instanceof Set ? (b as Set<string>) : new Set(b);
  if (sa.size === 0 && sb.size === 0) return 0;
  let inter = 0;
  const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  for (const t of small) if (large.has(t)) inter++;
  return inter / (sa.size + sb.size - inter);
}

/**
 * The character trigrams of a text, normalised, each word padded as pg_trgm pads it (two spaces
 * before, one after), so a short word still has trigrams and word starts weigh more.
 */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of normalizeText(text).split(" ")) {
    if (!word) continue;
    const chars = [..."  " + word + " "];
    for (let i = 0; i + 2 < chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  return out;
}

/** Jaccard of the trigram sets (pg_trgm's `similarity`). */
export function trigramSimilarity(a: string, b: string): number {
  return jaccard(trigrams(a), trigrams(b));
}

/** A sparse, L2-normalised vector: term ids ascending and their weights. */
export type SparseVector = { ids: Int32Array; weights: Float32Array };

/** Dot product of two normalised sparse vectors: their cosine, in [0, 1] since weights are ≥ 0. */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  const ai = a.ids;
  const bi = b.ids;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) dot += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return Math.min(1, Math.max(0, dot));
}

export type TfIdfHit = { doc: number; score: number };

/**
 * TF-IDF over a fixed corpus of token lists: tf = 1 + ln(count), idf = ln((1 + N) / (1 + df)) + 1
 * (smoothed, so a term in every document still counts a little), vectors L2-normalised. The
 * postings (documents per term) are stored in one flat array (CSR), so a query touches only the
 * documents that share a term with it.
 */
export class TfIdfIndex {
  private constructor(
    /** Term → id. */
    readonly terms: Map<string, number>,
    /** Documents per term id. */
    readonly df: Int32Array,
    /** One vector per document, in corpus order. */
    readonly vectors: SparseVector[],
    /** postings of term t: postingDocs[postingStart[t] .. postingStart[t + 1]) */
    private readonly postingStart: Int32Array,
    private readonly postingDocs: Int32Array,
  ) {}

  get size(): number {
    return this.vectors.length;
  }

  static build(docs: readonly (readonly string[])[]): TfIdfIndex {
    const terms = new Map<string, number>();
    const dfList: number[] = [];
    const docTerms: Int32Array[] = [];
    const docCounts: Float32Array[] = [];
    for (const tokens of docs) {
      const counts = new Map<number, number>();
      for (const t of tokens) {
        let id = terms.get(t);
        if (id === undefined) {
          id = terms.size;
          terms.set(t, id);
          dfList.push(0);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const ids = Int32Array.from(counts.keys()).sort();
      for (const id of ids) dfList[id]!++;
      docTerms.push(ids);
      docCounts.push(Float32Array.from(ids, (id) => counts.get(id)!));
    }
    const df = Int32Array.from(dfList);
    const n = docs.length;
    const postingStart = new Int32Array(df.length + 1);
    for (let t = 0; t < df.length; t++) postingStart[t + 1] = postingStart[t]! + df[t]!;
    const postingDocs = new Int32Array(postingStart[df.length]!);
    const fill = postingStart.slice(0, df.length);
    const vectors = docTerms.map((ids, d) => {
      const weights = new Float32Array(ids.length);
      let norm = 0;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        postingDocs[fill[id]!++] = d;
        const w = (1 + Math.log(docCounts[d]![k]!)) * idfOf(n, df[id]!);
        weights[k] = w;
        norm += w * w;
      }
      norm = Math.sqrt(norm);
      if (norm > 0) for (let k = 0; k < weights.length; k++) weights[k]! /= norm;
      return { ids, weights };
    });
    return new TfIdfIndex(terms, df, vectors, postingStart, postingDocs);
  }

  idf(term: string): number {
    const id = this.terms.get(term);
    return idfOf(this.size, id === undefined ? 0 : this.df[id]!);
  }

  /**
   * A query's vector in this index's space. Terms the corpus lacks match nothing but still count
   * in the norm (with the idf of a term in no document), so a query mostly made of new words
   * scores low against everything, as it should.
   */
  vector(tokens: readonly string[]): SparseVector {
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const known: [number, number][] = [];
    let norm = 0;
    for (const [t, c] of counts) {
      const id = this.terms.get(t);
      const w = (1 + Math.log(c)) * idfOf(this.size, id === undefined ? 0 : this.df[id]!);
      norm += w * w;
      if (id !== undefined) known.push([id, w]);
    }
    known.sort((x, y) => x[0] - y[0]);
    norm = Math.sqrt(norm) || 1;
    return { ids: Int32Array.from(known, (k) => k[0]), weights: Float32Array.from(known, (k) => k[1] / norm) };
  }

  /** The documents that hold a term id. */
  postings(termId: number): Int32Array {
    return this.postingDocs.subarray(this.postingStart[termId]!, this.postingStart[termId + 1]!);
  }

  /** The `limit` documents most similar to a query (cosine), best first, over the postings of its terms. */
  search(tokens: readonly string[], limit = 10): TfIdfHit[] {
    const q = this.vector(tokens);
    const acc = new Map<number, number>();
    for (let k = 0; k < q.ids.length; k++) {
      const id = q.ids[k]!;
      const wq = q.weights[k]!;
      for (const d of this.postings(id)) {
        const v = this.vectors[d]!;
        acc.set(d, (acc.get(d) ?? 0) + wq * weightOf(v, id));
      }
    }
    return [...acc]
      .map(([doc, score]) => ({ doc, score: Math.min(1, score) }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, limit);
  }
}

const idfOf = (n: number, df: number) => Math.log((1 + n) / (1 + df)) + 1;

/** The weight of a term in a vector (binary search over its ascending ids), 0 when absent. */
export function weightOf(v: SparseVector, id: number): number {
  let lo = 0;
  let hi = v.ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = v.ids[mid]!;
    if (x === id) return v.weights[mid]!;
    if (x < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
