import { z } from "@hono/zod-openapi";
import { TRACKS } from "../../lib/diplomacy/track.js";
import { ZLocalized } from "../shared/schemas.js";
import { ZRboScore } from "./schemas.js";

export const ZSideBySideQuery = z.object({
  mechanisms: z
    .string()
    .max(400)
    .regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/)
    .default("LMC,LMI,MJC,GMS,MRC")
    .openapi({ description: "Comma-separated mechanism codes, in the order of the columns", example: "LMC,LMI,MJC,GMS,MRC" }),
  format: z.enum(["json", "csv"]).optional().openapi({ description: "`csv`: every figure in long form (mechanism, measure, key, value)" }),
});

const ZAmount = z.object({ key: z.string(), projects: z.number().int(), amountUsd: z.number() });
const ZWaterPeriod = z.object({
  period: z.string().openapi({ description: "A year (1995) or a five-year bucket (1995-1999)" }),
  events: z.number().int(),
  conflict: z.number().int(),
  neutral: z.number().int(),
  cooperation: z.number().int(),
  mean: z.number().nullable(),
});

export const ZMechanismProfile = z.object({
  code: z.string(),
  name: ZLocalized,
  members: z.array(z.object({ actor: z.string(), name: ZLocalized, type: z.string(), country: z.string().nullable(), role: z.string() })),
  /** Members per role (lead, member, observer, dialogue_partner). */
  roles: z.record(z.string(), z.number().int()),
  participants: z.object({
    /** Distinct actors per type: members in any role plus the parties of the mechanism's visible projects. */
    counts: z.record(z.string(), z.number().int()),
    total: z.number().int(),
    types: z.number().int(),
    shares: z.record(z.string(), z.number()),
    shannon: z.number(),
    pielou: z.number().nullable(),
    giniSimpson: z.number(),
  }),
  projects: z.object({
    count: z.number().int(),
    amountUsd: z.number(),
    /** Budgets in a currency with no exchange rate: counted, not summed. */
    unconverted: z.number().int(),
    bySector: z.array(ZAmount),
    byCountry: z.array(ZAmount),
  }),
  /** Meetings (events of a meeting kind) per diplomatic track; `none` where no track is recorded yet. */
  tracks: z.object({ I: z.number().int(), II: z.number().int(), III: z.number().int(), none: z.number().int() }),
  water: z.object({
    basins: z.array(z.string()),
    memberCountries: z.array(z.string()),
    events: z.number().int(),
    byYear: z.array(ZWaterPeriod),
    byFiveYears: z.array(ZWaterPeriod),
  }),
});
export type MechanismProfileOut = z.infer<typeof ZMechanismProfile>;

export const ZSideBySide = z
  .object({
    mechanisms: z.array(ZMechanismProfile),
    /** The rules behind each measure, in words. */
    rules: z.record(z.string(), z.string()),
    currency: z.literal("USD"),
  })
  .openapi("MechanismsSideBySide");
export type SideBySideOut = z.infer<typeof ZSideBySide>;

export const TRACK_KEYS = [...TRACKS, "none"] as const;

export const ZMechanismParam = z.object({
  mechanism: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "mechanism", in: "path" }, example: "LMC" }),
});

export const ZAssessmentInput = z
  .object({
    /** Indicator code → value in [0, 1], or null where not known. Checked against the definitions (422). */
    values: z.record(z.string(), z.number().nullable()),
    /** Any numbers here: negative and unknown ones are refused as rules (422), as the values are. */
    weights: z.object({ indicators: z.record(z.string(), z.number()).optional(), levels: z.record(z.string(), z.number()).optional() }).optional(),
    source: z.string().trim().max(2000).nullable().optional(),
  })
  .openapi("RboAssessmentInput");

export const ZAssessment = z
  .object({
    mechanism: z.string(),
    values: z.record(z.string(), z.number().nullable()),
    weights: z.object({ indicators: z.record(z.string(), z.number()).optional(), levels: z.record(z.string(), z.number()).optional() }),
    source: z.string().nullable(),
    updatedBy: z.string().nullable(),
    /** Null for a mechanism nobody has assessed yet. */
    updatedAt: z.string().nullable(),
  })
  .openapi("RboAssessment");
export type AssessmentOut = z.infer<typeof ZAssessment>;

export const ZAssessmentList = z.object({ items: z.array(ZAssessment) }).openapi("RboAssessmentList");

export const ZMechanismRboScore = ZRboScore.extend({
  mechanism: z.string(),
  /** Where the values come from: the imported TFDD RBO database, a hand-entered assessment, or nothing yet. */
  basis: z.enum(["tfdd", "assessment", "none"]),
  source: z.string().nullable(),
}).openapi("MechanismRboScore");
export type MechanismRboScoreOut = z.infer<typeof ZMechanismRboScore>;
