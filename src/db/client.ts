import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
/** A database handle or an open transaction: verbs accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type Database = {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages: a directory or a URL without its password. */
  location: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../drizzle/", import.meta.url));

/** Arbitrary constant: serialises migrations when several processes start at once. */
const MIGRATION_LOCK = 4_242_001;

export type OpenOptions = {
  url?: string;
  dataDir?: string;
  poolSize?: number;
  /** Sees every SQL statement sent (the benchmark replays them as its direct-SQL peer). */
  onQuery?: (query: string, params: unknown[]) => void;
};

/**
 * Opens PostgreSQL when a URL is given, else embedded PGlite in `dataDir` (or in memory
 * when dataDir is "memory://"). Both speak the same schema and migrations.
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on("error", () => {});
    const logger = opts.onQuery ? { logQuery: opts.onQuery } : undefined;
    const db = drizzlePg(pool, { schema, logger }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      location: redactUrl(opts.url),
      async migrate() {
        const client = await pool.connect();
        try {
          await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
          await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
        } finally {
          await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const dataDir = opts.dataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) mkdirSync(resolve(dataDir), { recursive: true });
  // pg_trgm backs the project list's search index (migration 0011).
  const client = new PGlite({ ...(dataDir.startsWith("memory://") ? {} : { dataDir: resolve(dataDir) }), extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: dataDir,
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.close(),
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** Database settings from the environment: DATABASE_URL, else CONCORD_DATA_DIR, else ./.concord/. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  return { dataDir: env.CONCORD_DATA_DIR ?? resolve(".concord") };
}
