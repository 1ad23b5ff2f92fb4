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

describe("no route leaks a restricted or unpublished record", () => {
  it("every GET, with or without a record in its path, hides the canaries from everyone not entitled to them", async () => {
    const create = async (as: string, body: Record<string, unknown>) => {
      const res = await h.call("POST", "/api/v1/projects", { as, body });
      expect(res.status, await res.clone().text()).toBe(201);
    };
    // Restricted to Yunnan and Laos: no other organisation may see it, not even the secretariat.
    await create("officer", {
      code: "CANARY-RESTRICTED",
      mechanism: "LMC",
      title: { en: "Canary restricted cold store", zh: "金丝雀受限冷库" },
      description: { en: "canary-restricted-text" },
      visibility: "restricted",
      startDate: "2026-03-01",
      budget: "777777.00",
      parties: [{ actor: "cn-yunnan", role: "lead" }, { actor: "la", role: "partner" }],
    });
    // Public but not yet published: the public may not see it.
    await create("officer", { code: "CANARY-DRAFT", mechanism: "LMC", title: { en: "Canary unpublished depot" }, visibility: "public", startDate: "2026-04-01", parties: [{ actor: "cn-yunnan", role: "lead" }] });
    expect((await h.call("GET", "/api/v1/projects/CANARY-DRAFT")).status).toBe(404);

    const restricted = /CANARY-RESTRICTED|Canary restricted|金丝雀受限|canary-restricted-text/;
    const draft = /CANARY-DRAFT|Canary unpublished/;
    // The positive control: the named organisation does see its record in the list and in the export.
    const own = await (await h.call("GET", "/api/v1/projects?limit=500", { as: "officer" })).text();
    expect(own).toMatch(restricted);

    const outsiders = [undefined, "admin", "secretariat", "otherOfficer", "reviewer", "analyst"];
    const refs = ["CANARY-RESTRICTED", "CANARY-DRAFT", "cn-yunnan", "la", "LMC", "CN", "LA"];
    const leaks: string[] = [];
    let calls = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      const op = methods.get;
      if (!op) continue;
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const urls = params.length === 0 ? [path] : params.length === 1 && params[0] !== "id" ? refs.map((r) => path.replace(/\{\w+\}/, r)) : [];
      for (const url of urls) {
        for (const csv of [false, true]) {
          if (csv && !op.parameters?.some((p) => p.in === "query" && p.name === "format")) continue;
          const full = csv ? `${url}${url.includes("?") ? "&" : "?"}format=csv` : url;
          for (const as of outsiders) {
            const res = await h.call("GET", full, { as });
            calls++;
            const text = await res.text();
            // A "not found" names the reference it was asked for; only the record's own content counts as a leak there.
            const seen = (pattern: RegExp, code: string) => (full.includes(code) ? new RegExp(pattern.source.replace(`${code}|`, "")) : pattern).test(text);
            if (seen(restricted, "CANARY-RESTRICTED")) leaks.push(`${full} as ${as ?? "public"}: restricted project (${res.status})`);
            if (!as && seen(draft, "CANARY-DRAFT")) leaks.push(`${full} as public: unpublished project (${res.status})`);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(500);
    expect(leaks).toEqual([]);
  }, 600_000);
});
