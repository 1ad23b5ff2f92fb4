import { eq } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError, ruleAt } from "../../core/errors.js";
import { authorize, canWriteOwned, isUser } from "../../core/policy/index.js";
import { agreementParties, agreements } from "../../db/schema/fund.js";
import { resolveActorRef } from "../actors/resolve.js";
import { generateSecret } from "../auth/crypto.js";
import { ZCode, ZDate, ZLocalized } from "../shared/schemas.js";
import { findVisibleProject, getProject } from "./read.js";
import type { Project } from "./schemas.js";

export const ZAgreementCreate = z
  .object({
    code: ZCode.optional(),
    title: ZLocalized,
    signedOn: ZDate,
    /** The parties that signed: at least two, each a party of the project. */
    signatories: z.array(z.string().min(1).max(64)).min(2).max(30),
  })
  .strict()
  .openapi("AgreementCreate");

/** Records a signed agreement of a project: staff, or an officer of the lead organisation. */
export async function addAgreement(ctx: ServiceContext, ref: string, input: z.infer<typeof ZAgreementCreate>): Promise<Project> {
  return withTransaction(ctx, async (tx) => {
    const { row: project, partyOrgIds } = await findVisibleProject(tx, ref);
    authorize(ctx.principal, canWriteOwned(ctx.principal, project.ownerOrgId), "update", "project");
    const signers: string[] = [];
    for (const [i, code] of input.signatories.entries()) {
      const a = await resolveActorRef(tx.db, code, `signatories.${i}`);
      if (!partyOrgIds.includes(a.id)) throw ruleAt("signatory_not_party", `signatories.${i}`, { ref: code });
      if (signers.includes(a.id)) throw ruleAt("duplicate_party", `signatories.${i}`, { ref: code });
      signers.push(a.id);
    }
    const code = input.code ?? `${project.code}-AGR-${generateSecret().slice(0, 4).toUpperCase()}`;
    const [dup] = await tx.db.select({ id: agreements.id }).from(agreements).where(eq(agreements.code, code));
    if (dup) throw new AppError("already_exists", { params: { entity: "agreement", id: code } });
    const now = tx.now();
    const [row] = await tx.db
      .insert(agreements)
      .values({ code, projectId: project.id, title: input.title, signedOn: input.signedOn, createdBy: isUser(ctx.principal) ? ctx.principal.userId : null, createdAt: now, updatedAt: now })
      .returning();
    await tx.db.insert(agreementParties).values(signers.map((actorId) => ({ agreementId: row!.id, actorId })));
    await audit(tx, { entity: "agreement", entityId: row!.id, action: "create", after: { ...row, signatories: input.signatories } });
    return getProject(tx, project.id);
  });
}

