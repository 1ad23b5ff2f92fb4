import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/rows.js";
import { createHarness, type Harness } from "./support/app.js";

/**
 * Property-based bad input: every write route of the OpenAPI document receives bodies built from
 * its own field names with values of the wrong type, hostile strings (SQL and script injection,
 * NUL, lone surrogates, right-to-left marks, very long text) and arbitrary JSON, plus bodies that
 * are not JSON at all. Whatever arrives, the answer is a documented status, never 5xx, always the
 * error shape, and a route that accepted nothing wrote nothing.
 */
let h: Harness;
type Schema = { $ref?: string; properties?: Record<string, unknown>; allOf?: Schema[] };
type Operation = { requestBody?: { content?: Record<string, { schema?: Schema }> }; responses: Record<string, unknown> };
type Doc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
let doc: Doc;

beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
  doc = (await (await h.call("GET", "/openapi.json")).json()) as Doc;
});
afterAll(() => h?.close());

async function counts(): Promise<Record<string, number>> {
  const tables = await rowsOf<{ name: string }>(h.database.db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`));
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = (await rowsOf<{ n: number }>(h.database.db.execute(sql.raw(`select count(*)::int as n from "${name}"`))))[0]!.n;
  return out;
}

function fieldsOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  if (schema.$ref) return fieldsOf(doc.components?.schemas?.[schema.$ref.split("/").pop()!]);
  if (schema.allOf) return schema.allOf.flatMap(fieldsOf);
  return Object.keys(schema.properties ?? {});
}

const hostile = fc.constantFrom(
  "'; drop table projects; --",
  "\" or 1=1 --",
  "<script>alert(1)</script>",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff\ud800",
  "\u202eevil",
  "../../etc/passwd",
  "%00%ff",
  "NaN",
  "-1",
  "1e309",
  "9".repeat(400),
  "x".repeat(70_000),
  "🀄".repeat(3000),
  "",
  " ",
  "2026-02-30",
  "00000000-0000-0000-0000-000000000000",
);
const value = fc.oneof(hostile, fc.jsonValue({ maxDepth: 2 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostile, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 3 }));
const bodyFor = (fields: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fields.length ? fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: fields.length }) : fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.oneof(fc.constant("{"), fc.constant("[1,"), fc.constant("\u0000"), fc.string({ maxLength: 40 })).map((raw) => ({ __raw: raw })) },
  );

const UNKNOWN_UUID = "00000000-0000-4000-8000-00000000dead";

describe("malformed, oversized, wrongly typed and injection-shaped bodies on every write route", () => {
  it("never answer 5xx or an undocumented status, always carry the error shape, and leave no row behind", async () => {
    const problems: string[] = [];
    let calls = 0;
    const accepted: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!["post", "put", "patch"].includes(method) || path === "/api/v1/auth/sign-out") continue;
        const url = path.replace(/\{id\}/g, UNKNOWN_UUID).replace(/\{seq\}/g, "1").replace(/\{\w+\}/g, "NO-SUCH-RECORD");
        const fields = fieldsOf(op.requestBody?.content?.["application/json"]?.schema);
        const documented = Object.keys(op.responses);
        const before = await counts();
        let acceptedHere = 0;
        await fc.assert(
          fc.asyncProperty(bodyFor(fields), fc.constantFrom("admin", "officer"), async (body, as) => {
            const raw = body && typeof body === "object" && "__raw" in body ? (body as { __raw: string }).__raw : undefined;
            const res = await h.call(method.toUpperCase(), url, raw === undefined ? { as, body } : { as, rawBody: raw, headers: { "content-type": "application/json" } });
            calls++;
            const where = `${method.toUpperCase()} ${url} as ${as} with ${JSON.stringify(body).slice(0, 200)} → ${res.status}`;
            if (res.status < 300) acceptedHere++;
            if (res.status >= 500) problems.push(`${where}: ${(await res.text()).slice(0, 300)}`);
            else if (!documented.includes(String(res.status)) && res.status !== 413) problems.push(`${where}: not among ${documented.join(",")}`);
            else if (res.status >= 400) {
              const err = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
              if (typeof err?.error?.code !== "string" || typeof err.error.message !== "string") problems.push(`${where}: no error shape`);
            }
          }),
          { numRuns: 20, seed: 8, endOnFailure: true },
        );
        if (acceptedHere) accepted.push(`${method} ${path}`);
        else expect(await counts(), `${method} ${path} wrote after refusing everything`).toEqual(before);
      }
    }
    expect(calls).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
    // Only computations on what is sent (the models), marking one's inbox read and editing one's own
    // profile (where an empty change is valid) may accept such bodies; no record-creating route does.
    expect(accepted.filter((r) => !r.includes("/models/") && !["post /api/v1/compare/rbo/score", "patch /api/v1/me", "post /api/v1/inbox/read-all"].includes(r))).toEqual([]);
  }, 900_000);
});
