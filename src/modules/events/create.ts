import { eq } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { authorize, hasRole, isStaff, isUser } from "../../core/policy/index.js";
import { events } from "../../db/schema/events.js";
import { generateSecret } from "../auth/crypto.js";
import { mechanismInput } from "../mechanisms/read.js";
import { refreshTrack, replaceParticipants, resolveParticipants } from "./participants.js";
import { getEvent } from "./read.js";
import { ZEventCreate, type Event } from "./schemas.js";

/** Staff record events for anyone; an officer records its own organisation's meetings, owned by it. */
export async function createEvent(ctx: ServiceContext, raw: z.input<typeof ZEventCreate>): Promise<Event> {
  const p = ctx.principal;
  authorize(p, isStaff(p) || hasRole(p, "officer"), "create", "event");
  const input = ZEventCreate.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const mechanism = input.mechanism ? await mechanismInput(tx.db, input.mechanism) : undefined;
    const participants = await resolveParticipants(tx.db, input.participants);
    const code = input.code ?? `EV-${input.date.slice(0, 4)}-${generateSecret().slice(0, 6).toUpperCase()}`;
    const [dup] = await tx.db.select({ id: events.id }).from(events).where(eq(events.code, code));
    if (dup) throw new AppError("already_exists", { params: { entity: "event", id: code } });
    const [row] = await tx.db
      .insert(events)
      .values({
        code,
        mechanismId: mechanism?.id,
        kind: input.kind,
        date: input.date,
        datePrecision: input.datePrecision,
        endDate: input.endDate,
        place: input.place,
        title: input.title,
        description: input.description,
        visibility: input.visibility,
        ownerOrgId: isUser(p) ? p.orgId : null,
        barScale: input.barScale,
        basinCode: input.basinCode?.toUpperCase(),
        countryCodes: input.countryCodes?.map((c) => c.toUpperCase()),
        issueTypes: input.issueTypes,
        openToPublic: input.openToPublic,
        outcomes: input.outcomes,
      })
      .returning();
    await replaceParticipants(tx.db, row!.id, participants);
    await refreshTrack(tx.db, row!.id);
    await audit(tx, { entity: "event", entityId: row!.id, action: "create", after: { ...row, participants: input.participants } });
    return getEvent(tx, row!.id);
  });
}
