import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/** JSON text already serialised (an activity's detail, stringified once for its hash), spliced into the payload as it is. */
export class RawJson {
  constructor(readonly text: string) {}
}

type Column = { name: string; getSQLType(): string };

/** One table's rows for `insertAll`: rows use the table's TypeScript keys; columns no row sets take their defaults. */
export type TableRows<T extends PgTable = PgTable> = { table: T; rows: { [K in keyof T["$inferInsert"]]?: T["$inferInsert"][K] | RawJson | null }[] };

/**
 * The rows as one JSON array whose keys are the column names, and the `x(col type, …)` list that
 * `jsonb_to_recordset` needs to read it back. A `RawJson` value goes in as its text, without a
 * second JSON.stringify of a large object.
 */
export function recordsetPayload(table: PgTable, rows: Record<string, unknown>[]): { names: string[]; types: string[]; payload: string } {
  const columns = getTableColumns(table) as Record<string, Column>;
  const keys = Object.keys(columns).filter((k) => rows.some((r) => r[k] !== undefined));
  const names = keys.map((k) => `"${columns[k]!.name}"`);
  const types = keys.map((k) => `"${columns[k]!.name}" ${columns[k]!.getSQLType()}`);
  // One JSON.stringify per row (far cheaper than one per value); raw JSON is appended to its row's text.
  const out: string[] = [];
  for (const r of rows) {
    const o: Record<string, unknown> = {};
    let raw = "";
    for (const k of keys) {
      const v = r[k];
      if (v instanceof RawJson) raw += `,${JSON.stringify(columns[k]!.name)}:${v.text}`;
      else o[columns[k]!.name] = v ?? null;
    }
    const text = JSON.stringify(o);
    out.push(raw ? (text === "{}" ? `{${raw.slice(1)}}` : `${text.slice(0, -1)}${raw}}`) : text);
  }
  return { names, types, payload: `[${out.join(",")}]` };
}

/**
 * Inserts rows into several tables in ONE statement, each table's rows travelling as one JSON
 * parameter unpacked by `jsonb_to_recordset` (as `insertRecordset` does for one table). The
 * inserts are data-modifying CTEs of one statement: one round trip and one plan instead of one
 * per table. Foreign keys between them hold because PostgreSQL checks them at the end of the
 * statement, when every CTE has run; so rows must carry their ids (a child cannot read its
 * parent's generated id). Works on PostgreSQL and PGlite.
 */
export function insertAllStatement(parts: TableRows[]): SQL | null {
  const ctes: SQL[] = [];
  for (const { table, rows } of parts) {
    if (!rows.length) continue;
    const { names, types, payload } = recordsetPayload(table, rows as Record<string, unknown>[]);
    const head = `${ctes.length ? ", " : "with "}i${ctes.length} as (insert into "${getTableName(table)}" (${names.join(", ")}) select ${names.join(", ")} from jsonb_to_recordset(`;
    ctes.push(sql`${sql.raw(head)}${payload}${sql.raw(`::jsonb) as x(${types.join(", ")}))`)}`);
  }
  if (!ctes.length) return null;
  return sql.join([...ctes, sql.raw(" select 1")], sql.raw(""));
}
