import { z } from "@hono/zod-openapi";
import { ACTOR_TYPES } from "../../db/schema/actors.js";
import { POSTING_KINDS, POSTING_STATUSES } from "../../db/schema/matching.js";
import { FACTORS } from "../../lib/matching/score.js";
import { ZDate, ZListQuery, ZLocalized, ZMoney, pageOf } from "../shared/schemas.js";

const ZActorRefInput = z.string().trim().min(1).max(64);
const ZSector = z.string().regex(/^\d{3}(\d{2})?$/, "sector_format").openapi({ description: "DAC purpose code (5 digits) or group (3 digits)", example: "31120" });
const ZPlace = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}(-[a-z0-9-]{1,60})?$/, "place_format")
  .openapi({ description: "A country (`la`) or a province, zone or park as actor codes spell them (`la-boten`)" });

const postingFields = {
  factor: z.enum(FACTORS),
  title: ZLocalized,
  description: z.string().trim().min(1).max(5000).nullable(),
  sector: ZSector.nullable(),
  places: z.array(ZPlace).max(20).refine((p) => new Set(p).size === p.length, "duplicate_place"),
  size: z.number().positive().max(1e15).finite().nullable().openapi({ description: "How much, in `unit`" }),
  unit: z.string().trim().min(1).max(20).nullable().openapi({ description: "USD for capital; people, hectares, … for the others" }),
  validFrom: ZDate.nullable(),
  validTo: ZDate.nullable(),
};

const windowOk = (v: { validFrom?: string | null; validTo?: string | null }) => !v.validFrom || !v.validTo || v.validFrom <= v.validTo;

export const ZPostingCreate = z
  .object({
    /** The posting organisation; an officer posts for its own, which is the default. */
    actor: ZActorRefInput.optional().openapi({ description: "Code or id of the organisation posting; defaults to the caller's own" }),
    kind: z.enum(POSTING_KINDS),
    ...postingFields,
    description: postingFields.description.optional(),
    sector: postingFields.sector.optional(),
    places: postingFields.places.default([]),
    size: postingFields.size.optional(),
    unit: postingFields.unit.optional(),
    validFrom: postingFields.validFrom.optional(),
    validTo: postingFields.validTo.optional(),
  })
  .strict()
  .refine(windowOk, { path: ["validTo"], message: "end_before_start" })
  .openapi("PostingCreate");

export const ZPostingUpdate = z
  .object({ ...postingFields, status: z.enum(POSTING_STATUSES) })
  .partial()
  .strict()
  .refine(windowOk, { path: ["validTo"], message: "end_before_start" })
  .openapi("PostingUpdate");

export const ZPosting = z
  .object({
    id: z.string().uuid(),
    actorCode: z.string(),
    actorName: ZLocalized,
    actorType: z.enum(ACTOR_TYPES),
    actorCountry: z.string().nullable(),
    kind: z.enum(POSTING_KINDS),
    factor: z.enum(FACTORS),
    title: ZLocalized,
    description: z.string().nullable(),
    sector: z.string().nullable(),
    places: z.array(z.string()),
    size: z.number().nullable(),
    unit: z.string().nullable(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    status: z.enum(POSTING_STATUSES),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    canEdit: z.boolean().openapi({ description: "Whether the caller may edit or close it" }),
  })
  .openapi("Posting");
export type Posting = z.infer<typeof ZPosting>;

export const ZPostingPage = pageOf(ZPosting, "PostingPage");

export const ZPostingListQuery = ZListQuery.extend({
  kind: z.enum(POSTING_KINDS).optional(),
  factor: z.enum(FACTORS).optional(),
  actor: ZActorRefInput.optional().openapi({ description: "Only this organisation's postings (code or id)" }),
  place: ZPlace.optional().openapi({ description: "Only postings naming this place, or a place inside it (`la` finds `la-boten`)" }),
  sector: ZSector.optional().openapi({ description: "Only this DAC code, or codes in this 3-digit group" }),
  status: z.enum([...POSTING_STATUSES, "all"]).default("open"),
});

export const ZMatchQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  minScore: z.coerce.number().min(0).max(1).default(0),
});

export const ZMatchReason = z
  .object({
    kind: z.enum(["sector", "place", "size", "time", "complement", "tie"]),
    score: z.number().openapi({ description: "This part's score, 0..1, before its weight" }),
    weight: z.number(),
    detail: z.string().optional(),
  })
  .openapi("MatchReason");

export const ZMatch = z.object({ offer: ZPosting, score: z.number(), reasons: z.array(ZMatchReason) }).openapi("Match");
export const ZMatchList = z.object({ need: ZPosting, items: z.array(ZMatch) }).openapi("MatchList");
export type MatchList = z.infer<typeof ZMatchList>;

/** The other way round: the open needs an offer could meet, scored exactly as the need's own matches score it. */
export const ZNeedMatch = z.object({ need: ZPosting, score: z.number(), reasons: z.array(ZMatchReason) }).openapi("NeedMatch");
export const ZNeedMatchList = z.object({ offer: ZPosting, items: z.array(ZNeedMatch) }).openapi("NeedMatchList");
export type NeedMatchList = z.infer<typeof ZNeedMatchList>;

export const ZGroupQuery = z.object({
  maxMembers: z.coerce.number().int().min(1).max(20).default(8),
  alternatives: z.coerce.number().int().min(0).max(5).default(2),
});

const ZGroupMember = z.object({
  code: z.string(),
  name: ZLocalized,
  type: z.enum(ACTOR_TYPES),
  country: z.string().nullable(),
  brings: z.record(z.string(), z.number()).openapi({ description: "Factor → amount this member's open offers bring toward the zone's needs" }),
  offers: z.array(z.string().uuid()),
  fit: z.number().openapi({ description: "Mean match score of its offers against the zone's needs, 0..1" }),
});

export const ZGroups = z
  .object({
    zone: z.object({ code: z.string(), name: ZLocalized }),
    needs: z.array(z.object({ factor: z.enum(FACTORS), amount: z.number(), unit: z.string().nullable(), postings: z.array(z.string().uuid()) })),
    candidates: z.number().int().openapi({ description: "How many organisations offer something the zone needs" }),
    groups: z.array(
      z.object({
        members: z.array(ZGroupMember),
        coverage: z.record(z.string(), z.number()).openapi({ description: "Factor → share of the need covered, 0..1" }),
        covered: z.number(),
        complete: z.boolean(),
      }),
    ),
  })
  .openapi("PartnerGroups");
export type Groups = z.infer<typeof ZGroups>;

export const ZDraftFromMatch = z
  .object({
    offer: z.string().uuid().openapi({ description: "The matched offer; its organisation becomes the co-applicant" }),
    call: z.string().min(1).max(64).openapi({ description: "The open call to apply to (code or id)" }),
    requested: ZMoney.optional().openapi({ description: "Amount requested; defaults to the need's size when it is capital in USD" }),
  })
  .strict()
  .openapi("DraftFromMatch");
