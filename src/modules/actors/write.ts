import { eq } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { authorize, policies } from "../../core/policy/index.js";
import { actors, countries } from "../../db/schema/actors.js";
import { updateVersioned } from "../shared/versioned.js";
import { findActor, getActor } from "./read.js";
import { resolveActorRef } from "./resolve.js";
import { ZActorCreate, ZActorUpdate, type ActorDetail } from "./schemas.js";

/** Levels in hierarchy order: a government actor sits strictly below its government parent. */
export const LEVEL_ORDER = ["country", "central", "province", "prefecture", "district", "zone"] as const;

export async function createActor(ctx: ServiceContext, raw: z.input<typeof ZActorCreate>): Promise<ActorDetail> {
  authorize(ctx.principal, policies.actor.create(ctx.principal), "create", "actor");
  const input = ZActorCreate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const [dup] = await tx.db.select({ id: actors.id }).from(actors).where(eq(actors.code, input.code));
    if (dup) throw new AppError("already_exists", { params: { entity: "actor", id: input.code } });
    if (input.country) {
      const [c] = await tx.db.select({ code: countries.code }).from(countries).where(eq(countries.code, input.country));
      if (!c) throw new AppError("rule_violated", { params: { rule: "unknown_country", ref: input.country }, details: [{ path: "country", code: "unknown_country", message: input.country }] });
    }
    let parentId: string | undefined;
    if (input.parent) {
      const parent = await findActorOrRule(tx, input.parent);
      if (input.level && parent.level && LEVEL_ORDER.indexOf(input.level) <= LEVEL_ORDER.indexOf(parent.level)) {
        throw new AppError("rule_violated", { params: { rule: "level_below_parent", level: input.level, parentLevel: parent.level }, details: [{ path: "level", code: "level_below_parent", message: input.level }] });
      }
      parentId = parent.id;
    }
    const [row] = await tx.db
      .insert(actors)
      .values({
        code: input.code,
        type: input.type,
        level: input.level,
        parentId,
        countryCode: input.country,
        name: input.name,
        description: input.description,
        website: input.website,
        foundedOn: input.foundedOn,
      })
      .returning();
    await audit(tx, { entity: "actor", entityId: row!.id, action: "create", after: row });
    return getActor(tx, row!.id);
  });
}

async function findActorOrRule(ctx: ServiceContext, ref: string) {
  const { id } = await resolveActorRef(ctx.db, ref, "parent");
  return findActor(ctx.db, id);
}

export async function updateActor(ctx: ServiceContext, ref: string, ifMatch: string | undefined, raw: z.input<typeof ZActorUpdate>): Promise<ActorDetail> {
  const input = ZActorUpdate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const before = await findActor(tx.db, ref);
    authorize(ctx.principal, policies.actor.update(ctx.principal, before.id), "update", "actor");
    const after = await updateVersioned(tx.db, actors, "actor", before.id, ifMatch, input, ctx.now());
    await audit(tx, { entity: "actor", entityId: before.id, action: "update", before, after });
    return getActor(tx, before.id);
  });
}
