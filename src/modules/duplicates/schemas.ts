import { z } from "@hono/zod-openapi";
import { DUPLICATE_THRESHOLD } from "../../lib/match/duplicates.js";
import { ZLocalized } from "../shared/schemas.js";

const REASON_KINDS = ["title", "description", "province", "country", "sector", "years", "distance"] as const;

const text = (max: number) => z.string().trim().max(max).optional();
/** A draft's text in any of the seven languages; unlike a saved project, English is not required. */
const draftText = (max: number) => z.object({ en: text(max), zh: text(max), lo: text(max), th: text(max), vi: text(max), km: text(max), my: text(max) }).strict();
const ZYear = z.number().int().min(1900).max(2200);

export const ZDuplicateDraft = z
  .object({
    title: draftText(500).refine((t) => Object.values(t).some((v) => v), { message: "title_required" }),
    description: draftText(20_000).optional(),
    /** ISO 3166-1 alpha-2 codes of the countries the proposal works in. */
    countries: z.array(z.string().regex(/^[A-Za-z]{2}$/, "country_format")).max(50).optional(),
    /** Province or state codes (actor codes such as `cn-yunnan`). */
    provinces: z.array(z.string().min(1).max(64)).max(50).optional(),
    /** The proposal's parties by organisation code: their countries and provinces count as the proposal's place; unknown codes are ignored. */
    parties: z.array(z.string().trim().min(1).max(64)).max(100).optional(),
    sector: z.string().trim().regex(/^\d{3}(\d{2})?$/, "sector_format").optional(),
    startYear: ZYear.optional(),
    endYear: ZYear.optional(),
    /** The mechanism the proposal is for: matches in it are marked. */
    mechanism: z.string().min(1).max(64).optional(),
    /** An existing project the draft is a revision of: never reported as its own duplicate. */
    exclude: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(100).default(10),
  })
  .strict()
  .refine((d) => d.startYear === undefined || d.endYear === undefined || d.startYear <= d.endYear, { message: "years_order", path: ["endYear"] })
  .openapi("DuplicateDraft", { example: { title: { th: "ศูนย์กลางโลจิสติกส์ข้ามแดนโม่ฮาน-บ่อเต็น" }, countries: ["LA"], sector: "21010", startYear: 2025, endYear: 2026 } });
export type DuplicateDraft = z.infer<typeof ZDuplicateDraft>;

export const ZDuplicateReason = z.object({
  kind: z.enum(REASON_KINDS),
  /** Similarity of this kind of evidence, 0–1. */
  score: z.number(),
  detail: z.string().optional(),
  /** The reason in the caller's language. */
  label: z.string(),
});

export const ZDuplicateProject = z
  .object({
  id: z.string(),
  code: z.string(),
  title: ZLocalized,
  mechanism: z.string(),
  status: z.string(),
  externalSource: z.string().nullable(),
  /** Web path of the project. */
  link: z.string(),
  })
  .openapi("DuplicateProject");
export type DuplicateProject = z.infer<typeof ZDuplicateProject>;

export const ZDuplicateMatch = ZDuplicateProject.extend({
  score: z.number(),
  reasons: z.array(ZDuplicateReason),
  /** The match belongs to the mechanism named in the draft. */
  sameMechanism: z.boolean(),
}).openapi("DuplicateMatch");
export type DuplicateMatchOut = z.infer<typeof ZDuplicateMatch>;

export const ZDuplicateCheck = z
  .object({
    threshold: z.number(),
    /** How many projects were searched (those the caller may see). */
    searched: z.number().int(),
    items: z.array(ZDuplicateMatch),
  })
  .openapi("DuplicateCheck");
export type DuplicateCheck = z.infer<typeof ZDuplicateCheck>;

export const ZProjectDuplicatesQuery = z.object({
  threshold: z.coerce.number().min(0).max(1).optional().openapi({ description: `Lowest score reported; ${DUPLICATE_THRESHOLD} unless given` }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const ZProjectDuplicates = z
  .object({ project: z.string(), threshold: z.number(), searched: z.number().int(), items: z.array(ZDuplicateMatch) })
  .openapi("ProjectDuplicates");
export type ProjectDuplicatesOut = z.infer<typeof ZProjectDuplicates>;

/** Below this a portfolio scan lists pairs that share little but a place: too many to read, and each scan is kept. */
export const MIN_SCAN_THRESHOLD = 0.3;

export const ZDuplicateScanQuery = z.object({
  mechanism: z.string().min(1).max(64).optional().openapi({ description: "Only pairs with at least one project of this mechanism (code or id)" }),
  threshold: z.coerce.number().min(MIN_SCAN_THRESHOLD).max(1).optional().openapi({ description: `Lowest score reported, ${MIN_SCAN_THRESHOLD}–1; ${DUPLICATE_THRESHOLD} unless given` }),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const ZDuplicatePair = z
  .object({ a: ZDuplicateProject, b: ZDuplicateProject, score: z.number(), reasons: z.array(ZDuplicateReason) })
  .openapi("DuplicatePair");
export type DuplicatePairOut = z.infer<typeof ZDuplicatePair>;

export const ZDuplicateScan = z
  .object({
    threshold: z.number(),
    searched: z.number().int(),
    /** Pairs found before the limit cut the list. */
    total: z.number().int(),
    items: z.array(ZDuplicatePair),
  })
  .openapi("DuplicateScan");
export type DuplicateScan = z.infer<typeof ZDuplicateScan>;
