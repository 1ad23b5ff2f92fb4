import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./client.js";

/**
 * Inserts many rows in one statement with one parameter: the rows travel as a JSON array and
 * PostgreSQL unpacks them with `jsonb_to_recordset`. Building a multi-row VALUES list costs the
 * query builder a few microseconds per value, which at import volumes (tens of thousands of rows
 * a second) is most of the time; this costs one JSON.stringify. Works on PostgreSQL and PGlite.
 * Rows use the table's TypeScript keys; columns left out take their defaults.
 */
export async function insertRecordset<T extends PgTable>(db: Db, table: T, rows: Partial<T["$inferInsert"]>[], returning: string[] = []): Promise<Record<string, unknown>[]> {
  if (!rows.length) return [];
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const keys = Object.keys(columns).filter((k) => rows.some((r) => (r as Record<string, unknown>)[k] !== undefined));
  const names = keys.map((k) => `"${columns[k]!.name}"`);
  const types = keys.map((k) => `"${columns[k]!.name}" ${columns[k]!.getSQLType()}`);
  const payload = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const k of keys) o[columns[k]!.name] = (r as Record<string, unknown>)[k] ?? null;
      return o;
    }),
  );
  const ret = returning.length ? ` returning ${returning.map((c) => `"${c}"`).join(", ")}` : "";
  const query: SQL = sql`${sql.raw(`insert into "${getTableName(table)}" (${names.join(", ")}) select ${names.join(", ")} from jsonb_to_recordset(`)}${payload}${sql.raw(`::jsonb) as x(${types.join(", ")})${ret}`)}`;
  const res = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return res.rows ?? [];
}
