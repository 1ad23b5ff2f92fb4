import { createHash } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, notFound, ruleAt } from "../../core/errors.js";
import { authorize, canWriteOwned, isUser } from "../../core/policy/index.js";
import { attachments } from "../../db/schema/fund.js";
import { findVisibleApplication } from "./read.js";
import { EDITABLE_STATES, type ApplicationState } from "./workflow.js";

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;

/** The types an application may carry, each with the bytes its files must start with. */
export const ATTACHMENT_TYPES: Record<string, number[][]> = {
  "application/pdf": [[0x25, 0x50, 0x44, 0x46, 0x2d]],
  "image/png": [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  "image/jpeg": [[0xff, 0xd8, 0xff]],
};

/** Whether the bytes really are of the declared type: a renamed executable is not a PDF. */
export function matchesType(contentType: string, bytes: Uint8Array): boolean {
  return (ATTACHMENT_TYPES[contentType] ?? []).some((magic) => magic.every((b, i) => bytes[i] === b));
}

/** A file name safe to store and to send back in Content-Disposition. */
export function cleanFilename(name: string): string | null {
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  return base.length >= 1 && base.length <= 200 && base !== "." && base !== ".." ? base : null;
}


export type AttachmentInfo = { id: string; filename: string; contentType: string; size: number; sha256: string; uploadedAt: string };
const info = (r: typeof attachments.$inferSelect): AttachmentInfo => ({ id: r.id, filename: r.filename, contentType: r.contentType, size: r.size, sha256: r.sha256, uploadedAt: r.uploadedAt.toISOString() });

/** Attaches a document while the applicant may still edit the application. */
export async function addAttachment(ctx: ServiceContext, ref: string, file: { filename: string; contentType: string; data: Uint8Array }): Promise<AttachmentInfo> {
  return withTransaction(ctx, async (tx) => {
    const { app } = await findVisibleApplication(tx, ref);
    authorize(ctx.principal, canWriteOwned(ctx.principal, app.leadOrgId), "update", "application");
    if (!EDITABLE_STATES.includes(app.status as ApplicationState)) throw ruleAt("application_not_editable", "application", { status: app.status });
    const filename = cleanFilename(file.filename);
    if (!filename) throw new AppError("validation_failed", { details: [{ path: "filename", code: "invalid_filename", message: "invalid_filename" }] });
    if (!ATTACHMENT_TYPES[file.contentType]) throw new AppError("unsupported_media_type");
    if (file.data.length === 0 || file.data.length > MAX_ATTACHMENT_BYTES) throw new AppError("payload_too_large");
    if (!matchesType(file.contentType, file.data)) throw ruleAt("attachment_type_mismatch", "body", { type: file.contentType });
    const [{ n } = { n: 0 }] = await tx.db.select({ n: count() }).from(attachments).where(eq(attachments.applicationId, app.id));
    if (n >= MAX_ATTACHMENTS) throw ruleAt("too_many_attachments", "body", { max: MAX_ATTACHMENTS });
    const [row] = await tx.db
      .insert(attachments)
      .values({
        applicationId: app.id,
        filename,
        contentType: file.contentType,
        size: file.data.length,
        sha256: createHash("sha256").update(file.data).digest("hex"),
        data: Buffer.from(file.data),
        uploadedBy: isUser(ctx.principal) ? ctx.principal.userId : null,
        uploadedAt: tx.now(),
      })
      .returning();
    const shown = info(row!);
    await audit(tx, { entity: "attachment", entityId: row!.id, action: "create", after: { application: app.code, ...shown } });
    return shown;
  });
}

/** A document of an application the caller may see. */
export async function getAttachment(ctx: ServiceContext, ref: string, id: string) {
  const { app } = await findVisibleApplication(ctx, ref);
  const [row] = await ctx.db.select().from(attachments).where(and(eq(attachments.applicationId, app.id), eq(attachments.id, id)));
  if (!row) throw notFound("attachment", id);
  return row;
}
