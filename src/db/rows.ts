/** The rows of a raw `db.execute(sql…)`, typed: PGlite and node-postgres both answer `{ rows }`. */
export const rowsOf = async <T>(query: PromiseLike<unknown>): Promise<T[]> => ((await query) as { rows: T[] }).rows;
