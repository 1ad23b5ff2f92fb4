import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/rows.js";
import { TEST_ACCOUNTS, createHarness, type Harness } from "./support/app.js";

/**
 * Every operation of the OpenAPI document, called by the public and by every role with unknown
 * records in its path and an empty body: nothing may answer 5xx or a status the document does
 * not list, every refusal has the documented error shape, and no refused write leaves a row.
 */
let h: Harness;
type Operation = { parameters?: { name: string; in: string; schema?: { type?: string; format?: string } }[]; responses: Record<string, unknown> };
type Doc = { paths: Record<string, Record<string, Operation>> };
let doc: Doc;

beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
  const res = await h.call("GET", "/openapi.json");
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});
afterAll(() => h?.close());

/** Row counts of every table, to prove that refused requests wrote nothing. */
async function counts(): Promise<Record<string, number>> {
  const tables = await rowsOf<{ name: string }>(h.database.db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`));
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = (await rowsOf<{ n: number }>(h.database.db.execute(sql.raw(`select count(*)::int as n from "${name}"`))))[0]!.n;
  return out;
}

const UNKNOWN_UUID = "00000000-0000-4000-8000-00000000dead";
function concrete(path: string, op: Operation): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const schema = op.parameters?.find((p) => p.in === "path" && p.name === name)?.schema;
    if (schema?.format === "uuid" || name === "id") return UNKNOWN_UUID;
    if (schema?.type === "integer" || schema?.type === "number") return "999999";
    return "NO-SUCH-RECORD";
  });
}

// Signing out ends the caller's session; it is covered by the auth tests.
const SKIP = new Set(["post /api/v1/auth/sign-out"]);

describe("every route × every role, with unknown records and empty bodies", () => {
  it("answers only documented statuses, never 5xx, always the error shape, and writes nothing", async () => {
    const before = await counts();
    const callers = [undefined, ...TEST_ACCOUNTS.map((a) => a.key)];
    const problems: string[] = [];
    let calls = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!["get", "post", "put", "patch", "delete"].includes(method) || SKIP.has(`${method} ${path}`)) continue;
        const url = concrete(path, op);
        const documented = Object.keys(op.responses);
        for (const as of callers) {
          const res = await h.call(method.toUpperCase(), url, { as, ...(method === "get" || method === "delete" ? {} : { body: {} }) });
          calls++;
          const where = `${method.toUpperCase()} ${url} as ${as ?? "public"} → ${res.status}`;
          if (res.status >= 500) problems.push(`${where}: server error ${await res.text()}`);
          else if (!documented.includes(String(res.status))) problems.push(`${where}: not among ${documented.join(",")}`);
          if (res.status >= 400) {
            const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
            if (typeof body?.error?.code !== "string" || typeof body.error.message !== "string") problems.push(`${where}: no error shape`);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(800);
    expect(problems).toEqual([]);
    expect(await counts()).toEqual(before);
  }, 600_000);
});
