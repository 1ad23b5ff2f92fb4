import { z } from "@hono/zod-openapi";
import type { ServiceContext } from "../../core/context.js";
import { LANGS, type Lang } from "../../db/schema/common.js";
import { annualReportData } from "./data.js";
import { htmlToPdf } from "./pdf.js";
import { renderAnnualReport } from "./render.js";

export const ZAnnualReportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  format: z.enum(["html", "pdf"]).default("html"),
  lang: z.enum(LANGS).optional().openapi({ description: "Language of the report; defaults to the caller's" }),
});

/**
 * A mechanism's annual progress report for a year, as HTML or PDF, in any of the seven
 * languages. It shows what the caller may see: the public gets the publishable report.
 */
export async function annualReport(ctx: ServiceContext, mechanismRef: string, year: number, lang: Lang, format: "html" | "pdf") {
  const html = renderAnnualReport(await annualReportData(ctx, mechanismRef, year), lang);
  if (format === "html") return { contentType: "text/html; charset=utf-8", body: Buffer.from(html) };
  return { contentType: "application/pdf", body: await htmlToPdf(html) };
}
