import { z } from "@hono/zod-openapi";
import { EVENT_KINDS } from "../../db/schema/events.js";
import { ZCode, ZDate, ZListQuery, ZLocalized, ZLocalizedLong, ZVisibility, pageOf, sortParam } from "../shared/schemas.js";

const ZPrecision = z.enum(["day", "month", "year"]);

/** The Basins at Risk scale of water events. */
const ZBar = z.number().int().min(-7).max(7);
const ZBasin = z.string().trim().min(1).max(16).regex(/^[A-Za-z0-9_-]+$/, "code_format");
const ZIso3 = z.string().trim().regex(/^[A-Za-z]{3}$/, "country_format");

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
    barScale: ZBar.nullable().openapi({ description: "Water events: Basins at Risk intensity, from −7 (formal war) through 0 (neutral) to +7 (voluntary unification); null when not rated" }),
    basinCode: z.string().nullable().openapi({ description: "Water events: the TFDD basin code (MEKO, NILE, DANU…)" }),
    countryCodes: z.array(z.string()).openapi({ description: "Water events: the countries as TFDD codes them (ISO 3166-1 alpha-3)" }),
    issueTypes: z.array(z.string()).openapi({ description: "Water events: TFDD issue-area codes (1 water quality, 2 water quantity, 3 hydropower, … 13 territorial issues)" }),
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
  basin: ZBasin.optional().openapi({ description: "Water events of this TFDD basin (MEKO, NILE…)" }),
  country: ZIso3.optional().openapi({ description: "Water events naming this country (ISO 3166-1 alpha-3)" }),
  barMin: z.coerce.number().int().min(-7).max(7).optional().openapi({ description: "Water events with a BAR value at least this" }),
  barMax: z.coerce.number().int().min(-7).max(7).optional().openapi({ description: "Water events with a BAR value at most this" }),
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
    barScale: ZBar.optional(),
    basinCode: ZBasin.optional(),
    countryCodes: z.array(ZIso3).max(50).optional(),
    issueTypes: z.array(z.string().trim().regex(/^\d{1,3}$/, "issue_format")).max(20).optional(),
  })
  .strict()
  .refine((e) => !e.endDate || e.date <= e.endDate, { message: "end_before_start", path: ["endDate"] })
  .openapi("EventCreate");
