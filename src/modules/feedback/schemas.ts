import { z } from "@hono/zod-openapi";
import { LANGS } from "../../db/schema/common.js";
import { COMMENT_STATUSES, COMMENT_SUBJECTS } from "../../db/schema/feedback.js";
import { ZListQuery, pageOf } from "../shared/schemas.js";
import { MAX_AUTHOR_EMAIL_CHARS, MAX_AUTHOR_NAME_CHARS, MAX_COMMENT_CHARS, hasControlCharacters, isOnlyLinks } from "./rules.js";

const ZRef = z.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]+$/, "ref_format");
/** Free text a person writes: trimmed at the ends, never changed inside; control characters refused. */
const ZText = (max: number) => z.string().trim().min(1).max(max).refine((s) => !hasControlCharacters(s), "control_characters");

export const ZCommentCreate = z
  .object({
    subject: z.enum(COMMENT_SUBJECTS),
    ref: ZRef.openapi({ description: "The project's or event's code or id", example: "LMC-2024-001" }),
    lang: z.enum(LANGS).openapi({ description: "The language the comment is written in" }),
    body: ZText(MAX_COMMENT_CHARS).refine((s) => !isOnlyLinks(s), "only_links"),
    authorName: ZText(MAX_AUTHOR_NAME_CHARS).optional().openapi({ description: "A name to show beside the comment; leave out to stay anonymous" }),
    authorEmail: z.string().trim().email().max(MAX_AUTHOR_EMAIL_CHARS).optional().openapi({ description: "Where an answer may be sent; never shown or exported" }),
  })
  .strict()
  .openapi("CommentCreate");

export const ZCommentModerate = z
  .object({
    decision: z.enum(["publish", "reject"]),
    reason: ZText(1000).optional().openapi({ description: "Required to reject: why the comment is not shown" }),
  })
  .strict()
  .refine((v) => v.decision !== "reject" || v.reason, { message: "reject_reason_required", path: ["reason"] })
  .openapi("CommentModerate");

export const ZCommentAnswer = z
  .object({ answer: ZText(MAX_COMMENT_CHARS), lang: z.enum(LANGS) })
  .strict()
  .openapi("CommentAnswer");

const ZBoolQuery = z.enum(["true", "false"]).transform((v) => v === "true");

export const ZCommentListQuery = ZListQuery.extend({
  status: z.enum(COMMENT_STATUSES).optional().openapi({ description: "Staff only; everyone else sees published comments" }),
  subject: z.enum(COMMENT_SUBJECTS).optional(),
  ref: ZRef.optional().openapi({ description: "With subject: the comments on this project or event (code or id)" }),
  lang: z.enum(LANGS).optional().openapi({ description: "Comments written in this language" }),
  unanswered: ZBoolQuery.optional().openapi({ description: "Only comments without an answer yet" }),
});

export const ZComment = z
  .object({
    id: z.string().uuid(),
    subject: z.enum(COMMENT_SUBJECTS),
    subjectId: z.string().uuid(),
    subjectCode: z.string().nullable(),
    subjectTitle: z.record(z.string(), z.string()).nullable(),
    lang: z.enum(LANGS),
    body: z.string(),
    authorName: z.string().nullable(),
    status: z.enum(COMMENT_STATUSES),
    createdAt: z.string(),
    ageHours: z.number().openapi({ description: "Hours since the comment was written (until its answer, once answered)" }),
    answer: z.string().nullable(),
    answerLang: z.enum(LANGS).nullable(),
    answeredAt: z.string().nullable(),
    responseHours: z.number().nullable().openapi({ description: "Hours from the comment to its answer" }),
    rejectReason: z.string().nullable().openapi({ description: "Staff only" }),
    moderatedAt: z.string().nullable(),
  })
  .openapi("Comment");
export type Comment = z.infer<typeof ZComment>;

export const ZCommentPage = pageOf(ZComment, "CommentPage");

export const ZCommentStats = z
  .object({
    pending: z.number().int(),
    publishedUnanswered: z.number().int(),
    answered: z.number().int(),
    medianResponseHours: z.number().nullable(),
    p90ResponseHours: z.number().nullable(),
  })
  .openapi("CommentStats");
export type CommentStats = z.infer<typeof ZCommentStats>;
