import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { authorize, policies } from "../../core/policy/index.js";
import { mechanisms, memberships } from "../../db/schema/mechanisms.js";
import { resolveActorRef } from "../actors/resolve.js";
import { updateVersioned } from "../shared/versioned.js";
import { findMechanism, getMechanism } from "./read.js";
import { ZMechanismCreate, ZMechanismUpdate, ZMembershipCreate, type Mechanism } from "./schemas.js";
import { eq } from "drizzle-orm";

export async function createMechanism(ctx: ServiceContext, raw: z.input<typeof ZMechanismCreate>): Promise<Mechanism> {
  authorize(ctx.principal, policies.mechanism.write(ctx.principal), "create", "mechanism");
  const input = ZMechanismCreate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const [dup] = await tx.db.select({ id: mechanisms.id }).from(mechanisms).where(eq(mechanisms.code, input.code));
    if (dup) throw new AppError("already_exists", { params: { entity: "mechanism", id: input.code } });
    const secretariat = input.secretariat ? await resolveActorRef(tx.db, input.secretariat, "secretariat") : undefined;
    const [row] = await tx.db
      .insert(mechanisms)
      .values({
        code: input.code,
        name: input.name,
        description: input.description,
        foundedOn: input.foundedOn,
        foundedPrecision: input.foundedPrecision,
        secretariatActorId: secretariat?.id,
      })
      .returning();
    const created = await getMechanism(tx, row!.id);
    await audit(tx, { entity: "mechanism", entityId: row!.id, action: "create", after: row });
    return created;
  });
}

export async function updateMechanism(
  ctx: ServiceContext,
  ref: string,
  ifMatch: string | undefined,
  raw: z.input<typeof ZMechanismUpdate>,
): Promise<Mechanism> {
  authorize(ctx.principal, policies.mechanism.write(ctx.principal), "update", "mechanism");
  const input = ZMechanismUpdate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const before = await findMechanism(tx.db, ref);
    const { secretariat, ...rest } = input;
    const values: Record<string, unknown> = { ...rest };
    if (secretariat !== undefined) values.secretariatActorId = (await resolveActorRef(tx.db, secretariat, "secretariat")).id;
    const after = await updateVersioned(tx.db, mechanisms, "mechanism", before.id, ifMatch, values, ctx.now());
    await audit(tx, { entity: "mechanism", entityId: before.id, action: "update", before, after });
    return getMechanism(tx, before.id);
  });
}

export async function addMembership(ctx: ServiceContext, ref: string, raw: z.input<typeof ZMembershipCreate>): Promise<Mechanism> {
  authorize(ctx.principal, policies.mechanism.write(ctx.principal), "update", "mechanism");
  const input = ZMembershipCreate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const mechanism = await findMechanism(tx.db, ref);
    const actor = await resolveActorRef(tx.db, input.actor, "actor");
    const [row] = await tx.db
      .insert(memberships)
      .values({ mechanismId: mechanism.id, actorId: actor.id, role: input.role, since: input.since, until: input.until })
      .returning();
    await audit(tx, { entity: "membership", entityId: row!.id, action: "create", after: row });
    return getMechanism(tx, mechanism.id);
  });
}
