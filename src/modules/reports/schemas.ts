import { z } from "@hono/zod-openapi";
import { REPORT_STATUSES } from "../../db/schema/projects.js";
import { ZListQuery } from "../shared/schemas.js";

export const ZReportReview = z
  .object({
    decision: z.enum(["accept", "return"]),
    /** Required to return a report: what the reporting party must add or correct. */
    comment: z.string().trim().min(1).max(5000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === "return" && !v.comment) ctx.addIssue({ code: "custom", path: ["comment"], message: "reason_required" });
  })
  .openapi("ReportReview");

export const ZReportReviewed = z
  .object({ id: z.string().uuid(), status: z.enum(REPORT_STATUSES), reviewComment: z.string().nullable(), version: z.number().int() })
  .openapi("ReportReviewed");

export const ZLateReportQuery = ZListQuery.omit({ q: true }).extend({
  project: z.string().max(64).optional(),
  mechanism: z.string().max(64).optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/, "country_format").optional(),
});

export const ZLateReport = z
  .object({
    projectCode: z.string(),
    projectTitle: z.object({ en: z.string() }).catchall(z.string()),
    seq: z.number().int(),
    periodStart: z.string(),
    periodEnd: z.string(),
    dueDate: z.string(),
    daysLate: z.number().int(),
  })
  .openapi("LateReport");

export const ZLateReportPage = z.object({ items: z.array(ZLateReport), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }).openapi("LateReportPage");
