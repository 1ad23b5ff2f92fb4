import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { makeContext, SYSTEM } from "../../src/core/context.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import type { Role } from "../../src/db/schema/users.js";
import { loadReference } from "../../src/db/seed/load.js";
import { reference } from "../../src/db/seed/reference.js";
import { createToken } from "../../src/modules/tokens/tokens.js";
import { createUser } from "../../src/modules/users/create.js";
import { createApp, type App } from "../../src/server/app.js";
import { createDatabase } from "../pg-server.js";

/** Which database the API suite runs on; vitest runs the suite once per value. */
export const TEST_DB = (process.env.CONCORD_TEST_DB ?? "pglite") as "pglite" | "postgres";

let counter = 0;

export async function openTestDatabase(): Promise<Database> {
  if (TEST_DB === "postgres") {
    const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    const url = await createDatabase({ url: inject("pgUrl"), stop: async () => {} }, name);
    return openDatabase({ url, poolSize: 8 });
  }
  return openDatabase({ dataDir: "memory://" });
}

export type TestUser = { role: Role; email: string; org: string; token: string; userId: string };

export type Harness = {
  app: App;
  database: Database;
  users: Record<string, TestUser>;
  /** A request as a given user (by key in `users`) or anonymously. */
  call: (method: string, path: string, opts?: { as?: string; body?: unknown; rawBody?: string | Uint8Array; headers?: Record<string, string> }) => Promise<Response>;
  /** Creates one more account (e.g. a second reviewer in another country) the test can act as. */
  addUser: (key: string, role: Role, org: string) => Promise<TestUser>;
  close: () => Promise<void>;
};

/** The accounts every API test can act as: one per role, plus an officer of another organisation. */
export const TEST_ACCOUNTS: { key: string; role: Role; org: string }[] = [
  { key: "admin", role: "admin", org: "lmc-secretariat" },
  { key: "secretariat", role: "secretariat", org: "lmc-secretariat" },
  { key: "officer", role: "officer", org: "cn-yunnan" },
  { key: "otherOfficer", role: "officer", org: "th" },
  { key: "reviewer", role: "reviewer", org: "th" },
  { key: "analyst", role: "analyst", org: "vn" },
];

export async function createHarness(opts: { now?: () => Date } = {}): Promise<Harness> {
  const database = await openTestDatabase();
  await database.migrate();
  await loadReference(database.db, reference);
  const sys = makeContext(database.db, SYSTEM, { channel: "cli" });
  const users: Record<string, TestUser> = {};
  const addUser = async (key: string, role: Role, org: string) => {
    const email = `${key.toLowerCase()}@test.concord`;
    const u = await createUser(sys, { email, name: key, password: "correct horse battery", role, org });
    const ctx = makeContext(database.db, { kind: "user", userId: u.id, orgId: u.orgId, role: u.role, email, name: key });
    const { token } = await createToken(ctx, { name: "test" });
    return (users[key] = { role, email, org, token, userId: u.id });
  };
  for (const a of TEST_ACCOUNTS) await addUser(a.key, a.role, a.org);
  const app = createApp({ database, now: opts.now ?? (() => new Date()), trustProxy: true });
  const call: Harness["call"] = (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.as) headers.authorization = `Bearer ${users[o.as]!.token}`;
    let body: BodyInit | undefined;
    if (o.rawBody !== undefined) body = typeof o.rawBody === "string" ? o.rawBody : new Blob([new Uint8Array(o.rawBody)]);
    else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers["content-type"] ??= "application/json";
    }
    return Promise.resolve(app.request(path, { method, headers, body }));
  };
  return { app, database, users, call, addUser, close: () => database.close() };
}

/** Counts rows of a table, to prove a rejected write left nothing behind. */
export async function countRows(database: Database, table: string): Promise<number> {
  const res = (await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0]!.n);
}
