import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../test/support/app.js";

/**
 * A restricted bulletin between the Yunnan and Luang Namtha police must not be reachable by
 * anyone else, by any route: list, search, export, single reads, counts, the public portal.
 * The GET routes come from the OpenAPI document, so a route added later is covered too.
 */

let h: Harness;
// A word that occurs nowhere else, so finding it in a response means the bulletin leaked.
const MARKER = `Zephyrquill${Date.now().toString(36)}`;
type Bulletin = { id: string; code: string };
let b: Bulletin;

/** Everyone not named on the bulletin, the public first; the Yunnan province is the sender's parent, still not named. */
const OUTSIDERS: (string | undefined)[] = [undefined, "admin", "secretariat", "officer", "otherOfficer", "reviewer", "analyst"];
const who = (as: string | undefined) => as ?? "public";

type Param = { name: string; in: string; required?: boolean; schema?: { enum?: string[] } };
type Operation = { parameters?: Param[]; responses?: Record<string, { content?: Record<string, unknown> }> };
type OpenApi = { paths: Record<string, Record<string, Operation>> };
let getRoutes: [string, Operation][] = [];

/** Path parameter values to try: the bulletin's own code and id, and a real record of the route's kind. */
function pathValues(path: string, name: string): string[] {
  if (name === "seq") return ["1"];
  const own = [b.code, b.id];
  if (path.startsWith("/api/v1/projects")) return [...own, "SAMPLE-LMC-RICE"];
  if (path.startsWith("/api/v1/mechanisms")) return [...own, "LMC"];
  if (path.startsWith("/api/v1/actors")) return [...own, "cn-yunnan-police", "la-luangnamtha-police", "cn-yunnan"];
  return own;
}

/** The query a route gets: the marker wherever it searches, and any required parameter filled in. */
function queryOf(op: Operation, search = true): URLSearchParams {
  const q = new URLSearchParams();
  for (const p of op.parameters ?? []) {
    if (p.in !== "query") continue;
    if (p.name === "q") {
      if (search) q.set("q", MARKER);
    } else if (p.name === "entityId") {
      if (search) q.set("entityId", b.id);
    }
    else if (p.name === "year") q.set("year", "2026");
    else if (p.required) q.set(p.name, p.schema?.enum?.[0] ?? "1");
  }
  return q;
}

/** Every concrete GET URL of the document, each also in its CSV form where the route has one. */
function urls(): string[] {
  const out: string[] = [];
  for (const [path, op] of getRoutes) {
    let concrete = [path];
    for (const m of path.matchAll(/\{(\w+)\}/g)) concrete = concrete.flatMap((c) => pathValues(path, m[1]!).map((v) => c.replace(m[0], encodeURIComponent(v))));
    const query = queryOf(op);
    const csv = op.parameters?.some((p) => p.in === "query" && p.name === "format");
    for (const c of concrete) {
      out.push(query.size ? `${c}?${query}` : c);
      // The bare list too: without the search a leak would show as an extra row.
      if (query.has("q")) out.push(c);
      if (csv) out.push(`${c}?${new URLSearchParams([...query, ["format", "csv"]])}`);
    }
  }
  return out;
}

/** Every GET route without path parameters, as one principal sees it: the "before" and "after" pictures. */
async function snapshot(as: string | undefined): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [path, op] of getRoutes) {
    if (path.includes("{") || path.startsWith("/api/v1/bulletins")) continue;
    const query = queryOf(op, false);
    const url = query.size ? `${path}?${query}` : path;
    const res = await h.call("GET", url, { as });
    out[url] = `${res.status} ${await res.text()}`;
  }
  return out;
}

let before: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-24T08:00:00Z") });
  await h.addUser("ynPolice", "officer", "cn-yunnan-police");
  await h.addUser("lnPolice", "officer", "la-luangnamtha-police");
  await h.addUser("lnAnalyst", "analyst", "la-luangnamtha-police");
  const doc = (await (await h.call("GET", "/openapi.json")).json()) as OpenApi;
  getRoutes = Object.entries(doc.paths).flatMap(([path, ops]) => (ops.get ? [[path, ops.get] as [string, Operation]] : []));
  for (const as of OUTSIDERS) before[who(as)] = await snapshot(as);
  const res = await h.call("POST", "/api/v1/bulletins", {
    as: "ynPolice",
    body: { category: "cross_border_crime", title: `${MARKER}: suspects crossing at Mohan`, body: `Two suspects (${MARKER}) are expected at the Boten gate.`, recipients: ["la-luangnamtha-police"] },
  });
  expect(res.status).toBe(201);
  b = (await res.json()) as Bulletin;
}, 600_000);
afterAll(() => h?.close());

describe("a restricted bulletin", () => {
  it("covers every GET route of the OpenAPI document, bulletins included", () => {
    const paths = getRoutes.map(([p]) => p);
    expect(paths).toEqual(expect.arrayContaining(["/api/v1/bulletins", "/api/v1/bulletins/{ref}", "/api/v1/bulletins/{ref}/reads", "/api/v1/portfolio", "/api/v1/projects", "/api/v1/audit"]));
    expect(getRoutes.length).toBeGreaterThan(20);
    // Each route with its bulletin-, project- or mechanism-filled parameters, searched and exported.
    expect(urls().length).toBeGreaterThan(getRoutes.length + 20);
  });

  for (const as of OUTSIDERS) {
    describe(`for ${who(as)}`, () => {
      it("is absent from the list, the search and the export", async () => {
        for (const url of ["/api/v1/bulletins", `/api/v1/bulletins?q=${MARKER}`, "/api/v1/bulletins?limit=500&sort=code"]) {
          const res = await h.call("GET", url, { as });
          expect(res.status).toBe(200);
          expect(await res.json()).toMatchObject({ items: [], total: 0 });
        }
        for (const url of ["/api/v1/bulletins?format=csv", `/api/v1/bulletins?format=csv&q=${MARKER}`]) {
          const res = await h.call("GET", url, { as });
          expect(res.status).toBe(200);
          const lines = (await res.text()).split("\r\n").filter(Boolean);
          expect(lines).toHaveLength(1);
        }
      });

      it("does not exist by code or id, nor its read log, nor can recipients be added (404)", async () => {
        for (const ref of [b.code, b.id]) {
          for (const path of [`/api/v1/bulletins/${ref}`, `/api/v1/bulletins/${ref}/reads`]) {
            const res = await h.call("GET", path, { as });
            expect(res.status, `${who(as)} ${path}`).toBe(404);
            expect(await res.text()).not.toContain(MARKER);
          }
          const named = await countRows(h.database, "bulletin_recipients");
          const add = await h.call("POST", `/api/v1/bulletins/${ref}/recipients`, { as, body: { recipients: ["th"] } });
          // The public is refused every write before any lookup (401), exactly as for a bulletin that does not exist.
          const ghost = await h.call("POST", "/api/v1/bulletins/BUL-0000-NOSUCH/recipients", { as, body: { recipients: ["th"] } });
          expect(add.status, `${who(as)} add`).toBe(as === undefined ? 401 : 404);
          expect(add.status).toBe(ghost.status);
          expect(await add.text()).not.toContain(MARKER);
          expect(await countRows(h.database, "bulletin_recipients")).toBe(named);
        }
      });

      it("leaves no trace of it in any GET route of the API", async () => {
        for (const url of urls()) {
          const res = await h.call("GET", url, { as });
          const text = await res.text();
          expect(text.includes(MARKER), `${who(as)} GET ${url} (${res.status}) shows the marker`).toBe(false);
          expect(text.includes(b.code) && !res.url?.includes(b.code) && !url.includes(encodeURIComponent(b.code)), `${who(as)} GET ${url} names the bulletin`).toBe(false);
          expect(res.status, `${who(as)} GET ${url}`).toBeLessThan(500);
        }
      });

      it("changes no count, dashboard or portal page", async () => {
        expect(await snapshot(as)).toEqual(before[who(as)]);
      });
    });
  }

  it("is read by every user of the two named organisations, each read audited", async () => {
    for (const as of ["ynPolice", "lnPolice", "lnAnalyst"]) {
      const rows = await countRows(h.database, "audit_log");
      const one = await h.call("GET", `/api/v1/bulletins/${b.code}`, { as });
      expect(one.status).toBe(200);
      expect(await one.text()).toContain(MARKER);
      expect(await countRows(h.database, "audit_log")).toBe(rows + 1);
      const found = await h.call("GET", `/api/v1/bulletins?q=${MARKER}`, { as });
      expect(await found.json()).toMatchObject({ total: 1, items: [{ code: b.code }] });
      expect(await countRows(h.database, "audit_log")).toBe(rows + 2);
      const csv = await (await h.call("GET", "/api/v1/bulletins?format=csv", { as })).text();
      expect(csv).toContain(MARKER);
      expect(await countRows(h.database, "audit_log")).toBe(rows + 3);
    }
    const log = (await (await h.call("GET", `/api/v1/bulletins/${b.id}/reads`, { as: "lnPolice" })).json()) as { items: { action: string; userName: string }[] };
    expect(log.items.filter((r) => r.action === "read").map((r) => r.userName).sort()).toEqual(["lnAnalyst", "lnPolice", "ynPolice"]);
    expect(log.items.filter((r) => r.action === "export")).toHaveLength(3);
  });
});
