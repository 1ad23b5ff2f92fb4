import { eq } from "drizzle-orm";
import { AppError } from "../../core/errors.js";
import type { Db } from "../../db/client.js";
import { actors } from "../../db/schema/actors.js";
import { isUuid } from "../shared/refs.js";

export type ActorRef = { id: string; code: string; type: string; countryCode: string | null };

/**
 * Finds an actor named in a request body by code or id. An unknown one breaks a rule of the
 * request (422, pointing at the field), unlike an unknown path, which is 404.
 */
export async function resolveActorRef(db: Db, ref: string, field = "org"): Promise<ActorRef> {
  const [row] = await db
    .select({ id: actors.id, code: actors.code, type: actors.type, countryCode: actors.countryCode })
    .from(actors)
    .where(isUuid(ref) ? eq(actors.id, ref) : eq(actors.code, ref));
  if (!row) throw new AppError("rule_violated", { params: { rule: "unknown_actor", ref }, details: [{ path: field, code: "unknown_actor", message: "unknown_actor" }] });
  return row;
}
