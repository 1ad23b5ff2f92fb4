import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { AppError } from "../core/errors.js";
import type { Database, Db } from "./client.js";
import { rowsOf } from "./rows.js";

/**
 * A portable backup: gzip'd JSON lines, the same for PGlite and PostgreSQL, so a backup of one
 * restores into the other. Line 1 is the header (format, version, the migrations the data was
 * written under, each table's columns, parents before children); then, per table, a
 * `["table", name]` line and one line per row (an object) exactly as PostgreSQL's row_to_json
 * wrote it (never parsed into JavaScript numbers, so numeric and bigint keep every digit); last
 * `["end", counts]`, so a truncated file is refused rather than half restored.
 */
export const BACKUP_FORMAT = "concord-backup";
export const BACKUP_VERSION = 1;

type Column = { name: string; type: string };
type TableInfo = { name: string; columns: Column[]; primaryKey: string[]; selfRefs: string[] };
export type BackupHeader = { format: string; version: number; createdAt: string; source: string; migrations: string[]; tables: { name: string; columns: Column[] }[] };
export type BackupSummary = { tables: number; rows: number; counts: Record<string, number> };

const ROWS_PER_READ = 5000;
const ROWS_PER_INSERT = 2000;
const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

async function migrationsOf(db: Db): Promise<string[]> {
  const rows = await rowsOf<{ hash: string }>(db.execute(sql`select hash from drizzle.__drizzle_migrations order by created_at, id`)).catch(() => []);
  return rows.map((r) => r.hash);
}

export const NOT_BACKED_UP = ["portfolio_version"];

/**
 * Every table of the public schema, ordered so that a table comes after the tables it references.
 * Generated columns are left out: the restoring database computes them again; so is the
 * dashboard's change counter (migration 0012), which is not data.
 */
async function tablesOf(db: Db): Promise<TableInfo[]> {
  const cols = await rowsOf<{ table: string; column: string; type: string }>(
    db.execute(sql`select c.table_name as "table", c.column_name as "column", c.udt_name as type
      from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER' and c.table_name not in (${sql.join(NOT_BACKED_UP.map((t) => sql`${t}`), sql`, `)})
      order by c.table_name, c.ordinal_position`),
  );
  const pks = await rowsOf<{ table: string; column: string }>(
    db.execute(sql`select i.indrelid::regclass::text as "table", a.attname as "column"
      from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      where i.indisprimary and n.nspname = 'public' order by 1, array_position(i.indkey::int2[], a.attnum)`),
  );
  const fks = await rowsOf<{ child: string; parent: string; column: string }>(
    db.execute(sql`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent, a.attname as "column"
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_class r on r.oid = c.conrelid join pg_namespace n on n.oid = r.relnamespace
      where c.contype = 'f' and n.nspname = 'public'`),
  );
  const unquote = (t: string) => t.replace(/^"|"$/g, "");
  const byName = new Map<string, TableInfo>();
  for (const c of cols) {
    const t = byName.get(c.table) ?? { name: c.table, columns: [], primaryKey: [], selfRefs: [] };
    t.columns.push({ name: c.column, type: c.type });
    byName.set(c.table, t);
  }
  for (const p of pks) byName.get(unquote(p.table))?.primaryKey.push(p.column);
  const parents = new Map<string, Set<string>>();
  for (const f of fks) {
    const child = unquote(f.child);
    const parent = unquote(f.parent);
    if (child === parent) byName.get(child)?.selfRefs.push(f.column);
    else parents.set(child, (parents.get(child) ?? new Set()).add(parent));
  }
  // Depth-first topological order; the schema has no cycle other than a table referring to itself.
  const ordered: TableInfo[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string) => {
    if (state.get(name) === "done" || !byName.has(name)) return;
    if (state.get(name) === "visiting") throw new Error(`foreign keys form a cycle through ${name}`);
    state.set(name, "visiting");
    for (const p of [...(parents.get(name) ?? [])].sort()) visit(p);
    state.set(name, "done");
    ordered.push(byName.get(name)!);
  };
  for (const name of [...byName.keys()].sort()) visit(name);
  return ordered;
}

/** The rows of a table as row_to_json text, a page at a time by primary key (no OFFSET, so 5 million audit rows stream evenly). */
async function* tableRows(db: Db, t: TableInfo): AsyncGenerator<string[]> {
  const key = t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name);
  const keyList = sql.join(key.map((k) => sql`t.${ident(k)}`), sql`, `);
  const keyText = sql.join(key.map((k, i) => sql`t.${ident(k)}::text as ${ident(`k${i}`)}`), sql`, `);
  let after: string[] | null = null;
  for (;;) {
    const where: ReturnType<typeof sql> = after ? sql`where (${keyList}) > (${sql.join(after.map((v, i) => sql`${v}::${sql.raw(t.columns.find((c) => c.name === key[i])!.type)}`), sql`, `)})` : sql``;
    const rows: Record<string, string>[] = await rowsOf<Record<string, string>>(
      db.execute(sql`select row_to_json(t)::text as j, ${keyText} from ${ident(t.name)} t ${where} order by ${keyList} limit ${ROWS_PER_READ}`),
    );
    if (!rows.length) return;
    yield rows.map((r) => r.j!);
    if (rows.length < ROWS_PER_READ) return;
    const last = rows[rows.length - 1]!;
    after = key.map((_, i) => last[`k${i}`]!);
  }
}

/** Writes a backup of every table to `file`, read in one repeatable-read snapshot so it is consistent. */
export async function writeBackup(database: Database, file: string, now = new Date()): Promise<BackupSummary> {
  const counts: Record<string, number> = {};
  async function* lines(db: Db): AsyncGenerator<string> {
    const tables = await tablesOf(db);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: now.toISOString(),
      source: database.kind,
      migrations: await migrationsOf(db),
      tables: tables.map((t) => ({ name: t.name, columns: t.columns })),
    };
    yield `${JSON.stringify(header)}\n`;
    for (const t of tables) {
      let n = 0;
      yield `${JSON.stringify(["table", t.name])}\n`;
      for await (const batch of tableRows(db, t)) {
        n += batch.length;
        yield `${batch.join("\n")}\n`;
      }
      counts[t.name] = n;
    }
    yield `${JSON.stringify(["end", counts])}\n`;
  }
  await database.db.transaction(
    async (tx) => {
      await pipeline(Readable.from(lines(tx as unknown as Db)), createGzip(), createWriteStream(file));
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  return { tables: Object.keys(counts).length, rows: Object.values(counts).reduce((s, n) => s + n, 0), counts };
}

const bad = (reason: string, params: Record<string, string | number> = {}) => new AppError("rule_violated", { params: { rule: reason, ...params }, details: { rule: reason } });

/**
 * Restores a backup into this database in one transaction: all of it or nothing. The database
 * must be at the same migrations as the backup (restore with the Concord version that wrote it,
 * then upgrade) and empty, unless `replace` empties it first.
 */
export async function restoreBackup(database: Database, file: string, opts: { replace?: boolean } = {}): Promise<BackupSummary> {
  await database.migrate();
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = input[Symbol.asyncIterator]();
  const next = async () => {
    try {
      const r = await it.next();
      return r.done ? null : r.value;
    } catch {
      throw bad("backup_unreadable");
    }
  };
  let header: BackupHeader;
  try {
    header = JSON.parse((await next()) ?? "") as BackupHeader;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw bad("backup_unreadable");
  }
  if (header?.format !== BACKUP_FORMAT) throw bad("backup_unreadable");
  if (header.version !== BACKUP_VERSION) throw bad("backup_version", { version: String(header.version) });
  const mine = await migrationsOf(database.db);
  if (mine.length !== header.migrations.length || mine.some((h, i) => h !== header.migrations[i])) throw bad("backup_schema", { theirs: header.migrations.length, ours: mine.length });
  const tables = new Map((await tablesOf(database.db)).map((t) => [t.name, t]));
  for (const t of header.tables) if (!tables.has(t.name)) throw bad("backup_schema", { theirs: header.migrations.length, ours: mine.length });

  const counts: Record<string, number> = {};
  await database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const names = [...tables.keys()];
    if (opts.replace) await tx.execute(sql`truncate ${sql.join(names.map(ident), sql`, `)} restart identity cascade`);
    else {
      const [{ n } = { n: 0 }] = await rowsOf<{ n: number }>(tx.execute(sql.raw(`select (${names.map((n) => `(select count(*) from "${n}")`).join(" + ")})::int as n`)));
      if (n > 0) throw bad("restore_not_empty");
    }
    let table: TableInfo | null = null;
    let batch: string[] = [];
    // Links of a table to itself (an actor's parent) are set after all its rows are in.
    let selfLinks: string[] = [];
    const flush = async () => {
      if (!table || !batch.length) return;
      const cols = sql.join(table.columns.map((c) => ident(c.name)), sql`, `);
      const values = table.selfRefs.length
        ? sql.join(table.columns.map((c) => (table!.selfRefs.includes(c.name) ? sql`null` : sql`r.${ident(c.name)}`)), sql`, `)
        : sql.join(table.columns.map((c) => sql`r.${ident(c.name)}`), sql`, `);
      await tx.execute(sql`insert into ${ident(table.name)} (${cols}) select ${values} from json_populate_recordset(null::${ident(table.name)}, ${`[${batch.join(",")}]`}::json) r`);
      if (table.selfRefs.length) selfLinks.push(...batch);
      counts[table.name] = (counts[table.name] ?? 0) + batch.length;
      batch = [];
    };
    const linkSelf = async () => {
      if (!table || !table.selfRefs.length || !selfLinks.length) return;
      const key = table.primaryKey;
      for (let i = 0; i < selfLinks.length; i += ROWS_PER_INSERT) {
        const part = `[${selfLinks.slice(i, i + ROWS_PER_INSERT).join(",")}]`;
        await tx.execute(sql`update ${ident(table.name)} t set ${sql.join(table.selfRefs.map((c) => sql`${ident(c)} = r.${ident(c)}`), sql`, `)}
          from json_populate_recordset(null::${ident(table.name)}, ${part}::json) r where ${sql.join(key.map((k) => sql`t.${ident(k)} = r.${ident(k)}`), sql` and `)}`);
      }
      selfLinks = [];
    };
    let ended: Record<string, number> | null = null;
    for (let line = await next(); line !== null; line = await next()) {
      if (!line) continue;
      if (line.startsWith('["table",')) {
        await flush();
        await linkSelf();
        const name = (JSON.parse(line) as [string, string])[1];
        table = tables.get(name) ?? null;
        if (!table) throw bad("backup_schema", { theirs: header.migrations.length, ours: mine.length });
        counts[name] = 0;
        continue;
      }
      if (line.startsWith('["end",')) {
        await flush();
        await linkSelf();
        ended = (JSON.parse(line) as [string, Record<string, number>])[1];
        break;
      }
      if (!table) throw bad("backup_unreadable");
      batch.push(line);
      if (batch.length >= ROWS_PER_INSERT) await flush();
    }
    if (!ended) throw bad("backup_truncated");
    for (const [name, n] of Object.entries(ended)) if ((counts[name] ?? 0) !== n) throw bad("backup_truncated");
    // Serial columns continue after the restored rows.
    const serials = await rowsOf<{ table: string; column: string }>(
      tx.execute(sql`select table_name as "table", column_name as "column" from information_schema.columns where table_schema = 'public' and column_default like 'nextval(%'`),
    );
    for (const s of serials)
      await tx.execute(sql`select setval(pg_get_serial_sequence(${`"${s.table}"`}, ${s.column}), coalesce((select max(${ident(s.column)}) from ${ident(s.table)}), 0) + 1, false)`);
  });
  input.close();
  return { tables: Object.keys(counts).length, rows: Object.values(counts).reduce((s, n) => s + n, 0), counts };
}
