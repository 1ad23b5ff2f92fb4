import { z } from "@hono/zod-openapi";
import { ACTOR_TYPES, GOV_LEVELS } from "../../db/schema/actors.js";
import { ZCode, ZDate, ZListQuery, ZLocalized, ZLocalizedLong, pageOf, sortParam } from "../shared/schemas.js";

export const ZActor = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    type: z.enum(ACTOR_TYPES),
    level: z.enum(GOV_LEVELS).nullable(),
    parentId: z.string().uuid().nullable(),
    countryCode: z.string().nullable(),
    name: ZLocalized,
    description: ZLocalizedLong.nullable(),
    website: z.string().nullable(),
    foundedOn: z.string().nullable(),
    source: z.string().nullable(),
    isSample: z.boolean(),
    version: z.number().int(),
  })
  .openapi("Actor");
export type Actor = z.infer<typeof ZActor>;

export const ZActorDetail = ZActor.extend({
  parent: ZActor.pick({ id: true, code: true, name: true, type: true, level: true }).nullable(),
  children: z.array(ZActor.pick({ id: true, code: true, name: true, type: true, level: true })),
  memberships: z.array(z.object({ mechanismCode: z.string(), mechanismName: ZLocalized, role: z.string(), since: z.string().nullable(), until: z.string().nullable() })),
}).openapi("ActorDetail");
export type ActorDetail = z.infer<typeof ZActorDetail>;

export const ZActorPage = pageOf(ZActor, "ActorPage");

export const ZActorListQuery = ZListQuery.extend({
  type: z.enum(ACTOR_TYPES).optional(),
  level: z.enum(GOV_LEVELS).optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/, "country_format").optional(),
  parent: z.string().max(200).optional().openapi({ description: "Direct children of this actor (code or id); `root` for top-level actors" }),
  sort: sortParam(["code", "type"] as const),
});

const ZWebsite = z.string().trim().url().max(500).refine((u) => /^https?:\/\//i.test(u), "http_only");

export const ZActorCreate = z
  .object({
    code: ZCode,
    type: z.enum(ACTOR_TYPES),
    level: z.enum(GOV_LEVELS).optional(),
    parent: z.string().max(200).optional(),
    country: z.string().regex(/^[A-Z]{2}$/, "country_format").optional(),
    name: ZLocalized,
    description: ZLocalizedLong.optional(),
    website: ZWebsite.optional(),
    foundedOn: ZDate.optional(),
  })
  .strict()
  .refine((a) => a.type === "government" || a.level === undefined, { message: "level_requires_government", path: ["level"] })
  .refine((a) => a.type !== "government" || a.level !== undefined, { message: "government_requires_level", path: ["level"] })
  .openapi("ActorCreate");

export const ZActorUpdate = z
  .object({
    name: ZLocalized,
    description: ZLocalizedLong.nullable(),
    website: ZWebsite.nullable(),
    foundedOn: ZDate.nullable(),
  })
  .partial()
  .strict()
  .openapi("ActorUpdate");
