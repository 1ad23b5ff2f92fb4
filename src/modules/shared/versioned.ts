import { and, eq, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { AppError, notFound } from "../../core/errors.js";

type VersionedTable = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * Applies an update only if the row is still at the version the client read (its If-Match).
 * Exactly one of two concurrent writers wins; the other gets 412. Call it after the policy
 * check, so a caller without the right learns nothing about versions.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Db,
  table: T,
  entity: string,
  id: string,
  ifMatch: string | undefined,
  values: Record<string, unknown>,
  now: Date,
): Promise<T["$inferSelect"]> {
  const expectedVersion = parseIfMatch(ifMatch);
  const rows = (await db
    .update(table)
    .set({ ...values, version: sql`${table.version} + 1`, updatedAt: now } as never)
    .where(and(eq(table.id, id), eq(table.version, expectedVersion)))
    .returning()) as unknown as unknown[];
  if (rows.length === 1) return rows[0] as T["$inferSelect"];
  const [exists] = await db.select({ version: table.version }).from(table as PgTable).where(eq(table.id, id));
  if (!exists) throw notFound(entity, id);
  throw new AppError("precondition_failed", { params: { entity, expected: expectedVersion, current: Number(exists.version) } });
}

export const etag = (version: number) => `"${version}"`;

/** Reads `If-Match: "3"` (or W/"3"); a write without it is refused with 428 so no update is blind. */
export function parseIfMatch(header: string | undefined): number {
  if (!header) throw new AppError("precondition_required");
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!m) throw new AppError("precondition_failed", { params: { entity: "record", expected: header, current: "?" } });
  return Number(m[1]);
}
