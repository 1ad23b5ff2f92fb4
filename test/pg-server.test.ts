import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createDatabase, startPgServer } from "./pg-server.js";

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe("startPgServer", () => {
  it("starts a throwaway PostgreSQL, makes databases on it, and removes it on stop", async () => {
    const server = await startPgServer();
    let dataDir = "";
    try {
      expect(server.url).toMatch(/^postgres:\/\/concord@127\.0\.0\.1:\d+\/concord_test$/);
      expect(await query<{ one: number }>(server.url, "select 1 as one")).toEqual([{ one: 1 }]);
      [{ data_directory: dataDir }] = (await query<{ data_directory: string }>(server.url, "show data_directory")) as [{ data_directory: string }];
      expect(existsSync(dataDir)).toBe(true);

      const otherUrl = await createDatabase(server, "pg_server_test_other");
      expect(otherUrl).toMatch(/\/pg_server_test_other$/);
      const [row] = await query<{ db: string; encoding: string; tables: string }>(
        otherUrl,
        "select current_database() as db, pg_encoding_to_char(encoding) as encoding, " +
          "(select count(*) from information_schema.tables where table_schema = 'public')::text as tables " +
          "from pg_database where datname = current_database()",
      );
      expect(row).toEqual({ db: "pg_server_test_other", encoding: "UTF8", tables: "0" });
    } finally {
      await server.stop();
    }
    expect(dataDir).not.toBe("");
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(path.dirname(dataDir))).toBe(false); // the whole temp dir, log included
    await server.stop(); // idempotent
  });
});
