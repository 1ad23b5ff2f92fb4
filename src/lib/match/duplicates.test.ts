import { describe, expect, it } from "vitest";
import { DUPLICATE_THRESHOLD, DUPLICATE_WEIGHTS, DuplicateIndex, MIN_TEXT_SIMILARITY, type ProjectForMatch } from "./duplicates.js";
import { rng } from "../random.js";
import { projects as referenceProjects } from "../../db/seed/reference/projects.js";
import { TEXT_LANGS } from "../text/segment.js";

const hub: ProjectForMatch = {
  id: "hub",
  title: "Mohan–Boten cross-border logistics hub",
  description: "A shared customs yard and cold-chain warehouse on both sides of the Mohan–Boten border, built in phases.",
  countries: ["CN", "LA"],
  provinces: ["cn-yunnan"],
  sector: "21010",
  startYear: 2024,
  endYear: 2027,
  coordinates: { lat: 21.18, lon: 101.69 },
};
const corpus: ProjectForMatch[] = [
  hub,
  { id: "rice", title: "Upland rice varieties for Luang Namtha farmers", countries: ["LA"], provinces: ["la-luangnamtha"], sector: "31161", startYear: 2026, endYear: 2027 },
  { id: "ruili", title: "Ruili–Muse single-window border trade", countries: ["CN", "MM"], sector: "33120", startYear: 2023, endYear: 2026 },
  { id: "hub-th", title: "ศูนย์กลางโลจิสติกส์ข้ามแดนโม่ฮาน-บ่อเต็น", countries: ["LA"], sector: "21010", startYear: 2025, endYear: 2026, lang: "th" },
  { id: "hospital", title: "Vientiane hospital renovation", countries: ["LA"], sector: "12230", startYear: 2010, endYear: 2012 },
];

describe("weights and threshold", () => {
  it("are explicit, text-led and in range", () => {
    const total = Object.values(DUPLICATE_WEIGHTS).reduce((a, b) => a + b, 0);
    expect(DUPLICATE_WEIGHTS.title / total).toBeGreaterThan(0.3);
    expect(DUPLICATE_THRESHOLD).toBeGreaterThan(MIN_TEXT_SIMILARITY);
    expect(DUPLICATE_THRESHOLD).toBeLessThan(1);
  });
});

describe("DuplicateIndex.query", () => {
  const index = DuplicateIndex.build(corpus);

  it("flags a proposal that repeats an existing project, with its reasons", () => {
    const matches = index.query({
      id: "new",
      title: "Cross-border logistics hub at Mohan–Boten, phase 2",
      description: "Cold-chain warehouse and customs yard on the Mohan–Boten border.",
      countries: ["LA"],
      provinces: ["cn-yunnan"],
      sector: "21010",
      startYear: 2026,
      endYear: 2028,
      coordinates: { lat: 21.2, lon: 101.7 },
    });
    expect(matches.map((m) => m.id)).toEqual(["hub"]);
    const m = matches[0]!;
    expect(m.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    expect(m.score).toBeLessThanOrEqual(1);
    expect(m.reasons.map((r) => r.kind)).toEqual(["title", "description", "province", "sector", "years", "distance"]);
    expect(m.reasons.find((r) => r.kind === "distance")!.detail).toBe("2 km");
    for (const r of m.reasons) {
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
  });

  it("works in Thai: a reworded Thai title finds the Thai project", () => {
    const matches = index.query({ id: "new", title: "ศูนย์โลจิสติกส์ข้ามแดนโม่ฮาน-บ่อเต็น ระยะที่ 2", countries: ["LA"], sector: "21010", startYear: 2026 });
    expect(matches[0]?.id).toBe("hub-th");
  });

  it("a project in another place, sector and decade scores lower than the same one nearby", () => {
    const near = index.query({ id: "n", title: "Vientiane hospital renovation project", countries: ["LA"], sector: "12230", startYear: 2011 }, { threshold: 0 });
    const far = index.query({ id: "f", title: "Vientiane hospital renovation project", countries: ["TH"], sector: "21010", startYear: 2030 }, { threshold: 0 });
    expect(near[0]!.id).toBe("hospital");
    expect(far[0]!.id).toBe("hospital");
    expect(far[0]!.score).toBeLessThan(near[0]!.score);
    expect(far[0]!.reasons.map((r) => r.kind)).toEqual(["title"]);
  });

  it("never flags on place, sector and years alone", () => {
    expect(index.query({ id: "x", title: "Teacher training in Luang Prabang", countries: ["LA"], provinces: ["la-luangnamtha"], sector: "31161", startYear: 2026 }, { threshold: 0 })).toEqual([]);
  });

  it("excludes the candidate itself, honours limit, and handles empty input", () => {
    expect(index.query(hub).map((m) => m.id)).not.toContain("hub");
    expect(index.query({ ...hub, id: "copy" }, { limit: 1 })).toHaveLength(1);
    expect(index.query({ id: "e", title: "", countries: [] })).toEqual([]);
    expect(DuplicateIndex.build([]).query(hub)).toEqual([]);
  });

  it("pairScore scores two projects of the corpus by id", () => {
    expect(index.pairScore("hub", "nope")).toBeNull();
    expect(index.pairScore("hub", "hospital")).toBeNull();
    // Identical but for the place: one country and no province reaches SAME_COUNTRY, not 1.
    expect(index.pairScore("hospital", "hospital")!.score).toBeGreaterThan(0.9);
  });
});

describe("DuplicateIndex.scan", () => {
  it("lists each likely pair once, only within a shared country", () => {
    const projects: ProjectForMatch[] = [
      { id: "a", title: "Kunming–Vientiane railway station upgrade", countries: ["LA"], startYear: 2020 },
      { id: "b", title: "Upgrade of the Kunming–Vientiane railway station", countries: ["LA"], startYear: 2021 },
      { id: "c", title: "Kunming–Vientiane railway station upgrade", countries: ["TH"], startYear: 2020 },
      { id: "d", title: "Phnom Penh water supply", countries: [] },
      { id: "e", title: "Phnom Penh water supply extension", countries: [] },
    ];
    const pairs = DuplicateIndex.build(projects).scan({ threshold: 0.5 });
    expect(pairs.map((p) => `${p.a}-${p.b}`).sort()).toEqual(["a-b", "d-e"]);
  });

  it("prefix filtering loses no pair: the scan equals comparing every pair that shares a country", () => {
    const random = rng(3);
    const words = ["road", "bridge", "rice", "hospital", "school", "power", "plant", "hydro", "port", "rail", "water", "solar", "mekong", "boten", "vientiane", "yunnan"];
    const projects: ProjectForMatch[] = Array.from({ length: 300 }, (_, i) => ({
      id: `p${i}`,
      title: Array.from({ length: 3 + Math.floor(random() * 4) }, () => words[Math.floor(random() * words.length)]!).join(" "),
      description: random() < 0.5 ? Array.from({ length: 6 }, () => words[Math.floor(random() * words.length)]!).join(" ") : null,
      countries: [["LA", "KH", "TH"][Math.floor(random() * 3)]!],
      sector: ["210", "120", "310"][Math.floor(random() * 3)]!,
      startYear: 2000 + Math.floor(random() * 20),
    }));
    const index = DuplicateIndex.build(projects);
    const found = index.scan().map((p) => `${p.a}-${p.b}`).sort();
    const brute: string[] = [];
    for (let i = 0; i < projects.length; i++)
      for (let j = i + 1; j < projects.length; j++)
        if (projects[i]!.countries[0] === projects[j]!.countries[0] && (index.pairScore(projects[i]!.id, projects[j]!.id)?.score ?? 0) >= DUPLICATE_THRESHOLD) brute.push(`${projects[i]!.id}-${projects[j]!.id}`);
    expect(found.length).toBeGreaterThan(10);
    expect(found).toEqual(brute.sort());
  });
});

describe("all seven languages", () => {
  // "Phase 2" as a proposal repeating a project would add it, in each language.
  const PHASE_2 = { en: "phase 2", zh: "二期", lo: "ໄລຍະທີ 2", th: "ระยะที่ 2", vi: "giai đoạn 2", km: "ដំណាក់កាលទី 2", my: "ဒုတိယအဆင့်" } as const;

  it.each(TEXT_LANGS)("%s: a reference project's title with a phase added finds that project, and no two reference projects pair up", (lang) => {
    const corpus: ProjectForMatch[] = referenceProjects.map((p) => ({
      id: p.code,
      title: p.title[lang] ?? p.title.en,
      countries: ["LA"],
      sector: p.sector ?? null,
      startYear: p.startDate ? Number(p.startDate.slice(0, 4)) : null,
    }));
    const index = DuplicateIndex.build(corpus);
    for (const p of corpus) {
      const matches = index.query({ ...p, id: "proposal", title: `${p.title} ${PHASE_2[lang]}` });
      expect(matches[0]?.id, `${lang}: ${p.title}`).toBe(p.id);
    }
    expect(index.scan()).toEqual([]);
  });
});
