import { ilike, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Path and query references accept an id or a code; only a well-formed UUID is compared to an id column. */
export const isUuid = (s: string) => UUID.test(s);

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** An ILIKE pattern matching the text anywhere, its wildcards taken literally. */
export const likePattern = (q: string) => `%${escapeLike(q)}%`;

export const ilikeAny = (col: AnyPgColumn, q: string): SQL => ilike(col, likePattern(q));

/** Matches a search term in any language of a localized jsonb column. */
export const ilikeJson = (col: AnyPgColumn, q: string): SQL =>
  sql`exists (select 1 from jsonb_each_text(${col}) as t(lang, v) where t.v ilike ${likePattern(q)})`;
