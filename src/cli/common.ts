import { readFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { eq } from "drizzle-orm";
import { makeContext, PUBLIC, SYSTEM, type ServiceContext } from "../core/context.js";
import { AppError } from "../core/errors.js";
import { databaseOptionsFromEnv, openDatabase, type Database } from "../db/client.js";
import { users } from "../db/schema/users.js";
import { isLang, t, type Lang } from "../lib/i18n/index.js";

/** The CLI speaks the language of CONCORD_LANG, else the locale of the shell (LANG=th_TH.UTF-8 → th). */
export function cliLang(): Lang {
  const raw = (process.env.CONCORD_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? "en").slice(0, 2).toLowerCase();
  return isLang(raw) ? raw : "en";
}

export const lang = cliLang();
export const m = (key: string, params?: Record<string, string | number>) => t(lang, `cli.${key}`, params);

type Globals = { json?: boolean };

/** Prints a result for a person, or as JSON for a script. */
export function output(cmd: Command, human: string, data: unknown) {
  const { json } = cmd.optsWithGlobals<Globals>();
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human}\n`);
}

export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(databaseOptionsFromEnv());
  try {
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}

export const cliContext = (database: Database): ServiceContext => makeContext(database.db, SYSTEM, { channel: "cli", lang });

/** The CLI acts as the user named by `--as`: the same policies apply as through the API. */
export async function userContext(database: Database, email: string): Promise<ServiceContext> {
  const [u] = await database.db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  if (!u || u.disabledAt) throw new AppError("not_found", { params: { entity: "user", id: email } });
  return makeContext(database.db, { kind: "user", userId: u.id, orgId: u.orgId, role: u.role, email: u.email, name: u.name }, { channel: "cli", lang });
}

/** Reads a JSON request body from a file (or `-` for standard input); a broken file is bad usage. */
export function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path === "-" ? 0 : path, "utf8"));
  } catch (cause) {
    throw new AppError("invalid_json", { cause });
  }
}

/** Accumulates a repeatable option (`--party la --party kh`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The mandatory `--as <email>` of commands that act in the mechanism; `key` is its help text. */
export const asOption = (key: string) => new Option("--as <email>", m(key)).makeOptionMandatory();

/** The context a read command runs in: the named user's with --as, otherwise the public's (published records only). */
export const readAs = async (db: Database, as?: string): Promise<ServiceContext> => (as ? userContext(db, as) : makeContext(db.db, PUBLIC, { channel: "cli", lang }));
