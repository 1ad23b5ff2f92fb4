import { z } from "@hono/zod-openapi";
import { EVENT_KINDS } from "../../db/schema/events.js";
import { ZCode, ZDate, ZListQuery, ZLocalized, ZLocalizedLong, ZVisibility, pageOf, sortParam } from "../shared/schemas.js";

const ZPrecision = z.enum(["day", "month", "year"]);

export const ZEvent = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    mechanismCode: z.string().nullable(),
    kind: z.enum(EVENT_KINDS),
    date: z.string(),
    datePrecision: ZPrecision,
    endDate: z.string().nullable(),
    place: ZLocalized.nullable(),
    title: ZLocalized,
    description: ZLocalizedLong.nullable(),
    visibility: ZVisibility,
    participants: z.array(z.object({ actorId: z.string().uuid(), actorCode: z.string(), actorName: ZLocalized, role: z.string() })),
    source: z.string().nullable(),
    isSample: z.boolean(),
    version: z.number().int(),
  })
  .openapi("Event");
export type Event = z.infer<typeof ZEvent>;

export const ZEventPage = pageOf(ZEvent, "EventPage");

export const ZEventListQuery = ZListQuery.extend({
  mechanism: z.string().max(64).optional(),
  kind: z.enum(EVENT_KINDS).optional(),
  actor: z.string().max(200).optional().openapi({ description: "Events this actor (code or id) took part in" }),
  from: ZDate.optional(),
  to: ZDate.optional(),
  sort: sortParam(["date", "code"] as const),
});

export const ZEventCreate = z
  .object({
    code: ZCode.optional(),
    mechanism: z.string().max(64).optional(),
    kind: z.enum(EVENT_KINDS),
    date: ZDate,
    datePrecision: ZPrecision.default("day"),
    endDate: ZDate.optional(),
    place: ZLocalized.optional(),
    title: ZLocalized,
    description: ZLocalizedLong.optional(),
    visibility: ZVisibility.default("public"),
    participants: z.array(z.string().min(1).max(200)).max(500).default([]),
  })
  .strict()
  .refine((e) => !e.endDate || e.date <= e.endDate, { message: "end_before_start", path: ["endDate"] })
  .openapi("EventCreate");
