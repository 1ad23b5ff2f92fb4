import { describe, expect, it } from "vitest";
import { tokenize } from "./segment.js";
import { cosine, jaccard, TfIdfIndex, trigrams, trigramSimilarity, weightOf } from "./similarity.js";

describe("jaccard", () => {
  it("is |A∩B| / |A∪B| over distinct tokens", () => {
    expect(jaccard(["a", "b", "c"], ["b", "c", "d"])).toBe(0.5);
    expect(jaccard(["a", "a"], ["a"])).toBe(1);
    expect(jaccard([], [])).toBe(0);
    expect(jaccard(["a"], [])).toBe(0);
    expect(jaccard(new Set(["x", "y"]), ["y"])).toBe(0.5);
  });
});

describe("trigrams", () => {
  it("pads words as pg_trgm does", () => {
    expect([...trigrams("Cat")].sort()).toEqual(["  c", " ca", "at ", "cat"]);
    expect(trigrams("").size).toBe(0);
  });
  it("forgives a changed spelling in a short title", () => {
    expect(trigramSimilarity("Luang Namtha rice", "Luang Namtha rice")).toBe(1);
    const close = trigramSimilarity("Luang Namtha upland rice", "Luang Nam Tha upland rice");
    expect(close).toBeGreaterThan(0.5);
    expect(close).toBeLessThan(1);
    expect(trigramSimilarity("bridge", "hospital")).toBe(0);
  });
});

describe("TfIdfIndex", () => {
  const titles = [
    "Mohan–Boten cross-border logistics hub",
    "Mohan cold-chain warehouse",
    "Upland rice varieties for Luang Namtha farmers",
    "Ruili–Muse single-window border trade",
    "Vientiane hospital renovation",
    "ศูนย์กลางโลจิสติกส์ข้ามแดนโม่ฮาน-บ่อเต็น",
  ];
  const index = TfIdfIndex.build(titles.map((t) => tokenize(t)));

  it("normalises every vector and weighs rare words more", () => {
    for (const v of index.vectors) {
      const norm = Math.hypot(...v.weights);
      expect(norm).toBeCloseTo(1, 5);
    }
    expect(index.idf("mohan")).toBeLessThan(index.idf("vientiane"));
    expect(index.idf("never-seen")).toBeGreaterThan(index.idf("vientiane"));
    expect(index.size).toBe(titles.length);
  });

  it("cosine is 1 for a document with itself, 0 without shared terms, and symmetric", () => {
    const [a, b, c] = index.vectors;
    expect(cosine(a!, a!)).toBeCloseTo(1, 5);
    expect(cosine(a!, index.vectors[4]!)).toBe(0);
    expect(cosine(a!, b!)).toBeCloseTo(cosine(b!, a!), 10);
    expect(cosine(a!, c!)).toBe(0);
    expect(weightOf(a!, -1)).toBe(0);
  });

  it("search ranks through the postings, best first, all scores in [0, 1]", () => {
    const hits = index.search(tokenize("Mohan Boten logistics hub expansion"), 3);
    expect(hits[0]!.doc).toBe(0);
    expect(hits.map((h) => h.doc)).toContain(1);
    for (const h of hits) {
      expect(h.score).toBeGreaterThan(0);
      expect(h.score).toBeLessThanOrEqual(1);
    }
    expect(index.search(tokenize("ศูนย์กลางโลจิสติกส์ข้ามแดน"), 1)[0]!.doc).toBe(5);
    expect(index.search(tokenize("nothing in common"), 5)).toEqual([]);
  });

  it("a query of unknown words scores low against everything", () => {
    const q = index.vector(tokenize("Mohan zzz yyy xxx www"));
    expect(cosine(q, index.vectors[1]!)).toBeLessThan(0.5);
  });

  it("builds over an empty corpus", () => {
    const empty = TfIdfIndex.build([]);
    expect(empty.size).toBe(0);
    expect(empty.search(["a"])).toEqual([]);
    expect(TfIdfIndex.build([[]]).vectors[0]!.ids.length).toBe(0);
  });
});
