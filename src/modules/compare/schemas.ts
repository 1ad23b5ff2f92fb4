import { z } from "@hono/zod-openapi";
import { RBO_LEVELS } from "../../lib/rbo/indicators.js";
import { ZLocalized } from "../shared/schemas.js";

const ZMatrix = z.object({ codes: z.array(z.string()), cells: z.array(z.array(z.number())) });

export const ZOverlapQuery = z.object({
  mechanisms: z
    .string()
    .max(400)
    .regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/)
    .optional()
    .openapi({ description: "Comma-separated mechanism codes, in the order of the matrix; all mechanisms when left out", example: "LMC,LMI,MJC,GMS,MRC" }),
});

export const ZOverlap = z
  .object({
    /** What each matrix measures, by kind. */
    kinds: z.record(z.string(), z.string()),
    matrices: z.object({
      members: ZMatrix,
      memberCountries: ZMatrix,
      sectors: ZMatrix,
      sectorsByProjects: ZMatrix,
      sectorsByMoney: ZMatrix,
      countries: ZMatrix,
      subnational: ZMatrix,
    }),
    /** Money in sector overlap counts only project budgets in this currency. */
    currency: z.literal("USD"),
  })
  .openapi("MechanismOverlap");
export type Overlap = z.infer<typeof ZOverlap>;

export const ZParticipantTableQuery = z.object({
  type: z.string().min(1).max(40).default("ngo").openapi({ description: "Participant type (actor type), e.g. ngo" }),
});

export const ZParticipantTable = z
  .object({
    actorType: z.string(),
    mechanisms: z.array(z.string()),
    countries: z.array(z.string()),
    /** cells[country][mechanism]; null where no source gives a figure. */
    cells: z.record(z.string(), z.record(z.string(), z.number().int().nullable())),
    sources: z.array(z.string()),
  })
  .openapi("ParticipantTable");

const ZLevel = z.enum(RBO_LEVELS);
const ZWeight = z.number().finite().min(0);

export const ZRboWeights = z.object({
  indicators: z.record(z.string(), ZWeight).optional(),
  levels: z.object({ internationalisation: ZWeight, institutionalisation: ZWeight, governance: ZWeight }).partial().optional(),
});

export const ZRboScoreRequest = z
  .object({
    /** A TFDD organisation code (RBO column, e.g. MRCX) to read the values from the imported RBO database… */
    organisation: z.string().min(1).max(16).optional(),
    /** …or values entered by hand (e.g. for the LMC), each in [0, 1] or null when unknown; these override the organisation's. */
    values: z.record(z.string(), z.number().min(0).max(1).nullable()).optional(),
    weights: ZRboWeights.optional(),
  })
  .openapi("RboScoreRequest");

const ZLevelScore = z.object({ score: z.number().nullable(), coverage: z.number() });

export const ZRboScore = z
  .object({
    organisation: z.object({ code: z.string(), name: z.string() }).nullable(),
    indicators: z.array(z.object({ code: z.string(), level: ZLevel, name: z.string(), counts: z.string(), weight: z.number(), normalisedWeight: z.number(), value: z.number().nullable() })),
    levelWeights: z.object({ internationalisation: z.number(), institutionalisation: z.number(), governance: z.number() }),
    levels: z.object({ internationalisation: ZLevelScore, institutionalisation: ZLevelScore, governance: ZLevelScore }),
    overall: z.number().nullable(),
    coverage: z.number(),
  })
  .openapi("RboScore");
export type RboScoreOut = z.infer<typeof ZRboScore>;

export const ZRboQuery = z.object({ organisation: z.string().min(1).max(16).openapi({ description: "TFDD organisation code, e.g. MRCX" }) });

export const ZProjectOverlapQuery = z.object({
  km: z.coerce.number().min(0).max(1000).default(50).openapi({ description: "Projects whose nearest located points are at most this many km apart share a place" }),
});

const ZOverlapReason = z.object({
  kind: z.enum(["zone", "province", "distance", "country", "sector", "years"]),
  /** zone, province, country, sector: the codes both share. */
  codes: z.array(z.string()).optional(),
  /** distance: the nearest points' distance in km. */
  km: z.number().optional(),
  /** years: the span both run; null is open-ended (a year unknown). */
  from: z.number().int().nullable().optional(),
  to: z.number().int().nullable().optional(),
});

export const ZProjectOverlap = z
  .object({
    project: z.string(),
    maxKm: z.number(),
    items: z.array(
      z.object({
        code: z.string(),
        mechanism: z.string().nullable(),
        externalSource: z.string().nullable(),
        place: z.enum(["zone", "distance", "province", "country"]),
        reasons: z.array(ZOverlapReason),
      }),
    ),
  })
  .openapi("ProjectOverlap");
export type ProjectOverlapOut = z.infer<typeof ZProjectOverlap>;

export const ZOutsideActivityQuery = z.object({
  mechanism: z.string().min(1).max(40).openapi({ description: "The mechanism whose priority areas are looked at", example: "LMC" }),
});

export const ZOutsideActivity = z
  .object({
    mechanism: z.string(),
    /** Money counts only budgets in this currency. */
    currency: z.literal("USD"),
    areas: z.array(
      z.object({
        priorityArea: z.string(),
        name: ZLocalized,
        /** The mechanism's own projects in the area, and their countries and sectors: the area's footprint. */
        ownProjects: z.number().int(),
        countries: z.array(z.string()),
        sectors: z.array(z.string()),
        outside: z.array(
          z.object({
            actor: z.string().nullable(),
            actorName: ZLocalized.nullable(),
            via: z.array(z.string()),
            projects: z.array(z.string()),
            countries: z.array(z.string()),
            sectors: z.array(z.string()),
            amount: z.number(),
            from: z.number().int().nullable(),
            to: z.number().int().nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi("OutsideActivity");
export type OutsideActivityOut = z.infer<typeof ZOutsideActivity>;
