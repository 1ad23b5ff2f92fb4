import { z } from "@hono/zod-openapi";
import { BULLETIN_CATEGORIES } from "../../db/schema/bulletins.js";
import { LANGS } from "../../db/schema/common.js";
import { ZListQuery, ZLocalized, pageOf, sortParam } from "../shared/schemas.js";

export const ZBulletinCategory = z.enum(BULLETIN_CATEGORIES);

const ZOrg = z.object({ actorId: z.string().uuid(), actorCode: z.string(), actorName: ZLocalized });

export const ZBulletinSummary = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    category: ZBulletinCategory,
    title: z.string(),
    lang: z.string(),
    sender: ZOrg,
    recipients: z.array(ZOrg).openapi({ description: "The organisations it was sent to (the sender is not repeated)" }),
    createdAt: z.string(),
  })
  .openapi("BulletinSummary");
export type BulletinSummary = z.infer<typeof ZBulletinSummary>;

export const ZBulletin = ZBulletinSummary.extend({ body: z.string(), version: z.number().int() }).openapi("Bulletin");
export type Bulletin = z.infer<typeof ZBulletin>;

export const ZBulletinPage = pageOf(ZBulletinSummary, "BulletinPage");

export const ZBulletinListQuery = ZListQuery.extend({
  q: z.string().trim().max(200).optional().openapi({ description: "Words in the title or the text" }),
  category: ZBulletinCategory.optional(),
  sort: sortParam(["createdAt", "code"] as const),
});

const ZRecipients = z
  .array(z.string().trim().min(1).max(200))
  .min(1)
  .max(50)
  .openapi({ description: "Organisations (codes or ids) it goes to; the sender's own organisation is named automatically" });

export const ZBulletinCreate = z
  .object({
    category: ZBulletinCategory,
    title: z.string().trim().min(1).max(300),
    body: z.string().trim().min(1).max(20_000),
    lang: z.enum(LANGS).default("en"),
    recipients: ZRecipients,
  })
  .strict()
  .openapi("BulletinCreate");

export const ZBulletinRecipientsAdd = z.object({ recipients: ZRecipients }).strict().openapi("BulletinRecipientsAdd");

export const ZBulletinRead = z
  .object({
    at: z.string(),
    action: z.enum(["read", "list", "export"]).openapi({ description: "Opened it, saw it in a list or search, or exported it" }),
    userId: z.string().nullable(),
    userName: z.string().nullable(),
    orgCode: z.string().nullable(),
    channel: z.string(),
  })
  .openapi("BulletinRead");
export const ZBulletinReads = z.object({ items: z.array(ZBulletinRead) }).openapi("BulletinReads");
