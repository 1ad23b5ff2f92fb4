import { z } from "@hono/zod-openapi";
import { ALERT_KINDS, ALERT_SEVERITIES } from "../../lib/alerts/rules.js";
import { DIGEST_CHANNELS } from "../../db/schema/monitoring.js";
import { ZLocalized } from "../shared/schemas.js";

export const ALERT_ENTITIES = ["project", "phase", "obligation", "consultation", "dispute"] as const;

export const ZAlertQuery = z.object({
  kind: z.enum(ALERT_KINDS).optional().openapi({ description: "Only alerts of this kind" }),
  mechanism: z.string().max(64).optional().openapi({ description: "Only alerts about records under this mechanism (code or id)" }),
  country: z.string().regex(/^[A-Za-z]{2}$/, "country_format").optional().openapi({ description: "Only alerts about records in this country (ISO 3166-1 alpha-2)" }),
  mine: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .openapi({ description: "true: only the kinds (and the mechanism) the caller subscribed to; nothing when the caller subscribed to none" }),
});

export const ZAlert = z
  .object({
    kind: z.enum(ALERT_KINDS),
    severity: z.enum(ALERT_SEVERITIES),
    entity: z.enum(ALERT_ENTITIES),
    code: z.string().openapi({ description: "The record's code (a phase is PROJECT/SEQ)" }),
    title: ZLocalized.nullable(),
    mechanismCode: z.string().nullable(),
    kindLabel: z.string().openapi({ description: "The kind, in the caller's language" }),
    message: z.string().openapi({ description: "Translation key of the reason, under server.alerts.reasons" }),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    reason: z.string().openapi({ description: "Why the alert is raised, in the caller's language" }),
    link: z.string().openapi({ description: "Web path of the record" }),
    dueAt: z.string().nullable().openapi({ description: "When it fell or falls due (ISO date or time)" }),
    since: z.string().nullable().openapi({ description: "Since when the condition holds, when it has no due date" }),
  })
  .openapi("Alert");
export type Alert = z.infer<typeof ZAlert>;

export const ZAlertList = z
  .object({ asOf: z.string().datetime(), total: z.number().int(), items: z.array(ZAlert) })
  .openapi("AlertList");
export type AlertList = z.infer<typeof ZAlertList>;

export const ZAlertSubscription = z
  .object({
    kinds: z.array(z.enum(ALERT_KINDS)).openapi({ description: "The alert kinds the user receives; none by default" }),
    mechanismCode: z.string().nullable().openapi({ description: "Only alerts about this mechanism, when set" }),
    channel: z.enum(DIGEST_CHANNELS).openapi({ description: "How the daily digest is delivered: none (only in the web UI), file or email" }),
    email: z.string().openapi({ description: "Where an e-mail digest goes: the user's own address" }),
    emailAvailable: z.boolean().openapi({ description: "Whether this server can send e-mail (an SMTP server is configured)" }),
    lastDigestOn: z.string().nullable().openapi({ description: "The day of the last digest run that covered this user" }),
  })
  .openapi("AlertSubscription");
export type AlertSubscription = z.infer<typeof ZAlertSubscription>;

export const ZAlertSubscriptionInput = z
  .object({
    kinds: z
      .array(z.enum(ALERT_KINDS))
      .max(ALERT_KINDS.length)
      .refine((k) => new Set(k).size === k.length, "duplicate_kind")
      .openapi({ description: "Alert kinds to receive; an empty list receives none" }),
    mechanism: z.string().max(64).nullable().optional().openapi({ description: "Only alerts about this mechanism (code or id); null or absent for all" }),
    channel: z.enum(DIGEST_CHANNELS).default("none").openapi({ description: "Daily digest: none, file (written on the server) or email (needs an SMTP server)" }),
  })
  .strict()
  .openapi("AlertSubscriptionInput");
