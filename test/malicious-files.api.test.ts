import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/rows.js";
import { createHarness, type Harness } from "./support/app.js";

/**
 * Hostile files through the import upload (POST /api/v1/imports): entity expansion, an external
 * entity, a huge attribute, wrong encodings and a file cut short. Each import ends with a clear
 * result (the bad activity skipped with its line and reason), nothing from a bad activity is
 * written, no entity is ever expanded, and the server keeps answering.
 */
const DATA = resolve(process.cwd(), "../shared/data/iati");
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

type Job = { id: string; status: string; summary: { records: number; created: number; skipped: { line: number; reason: string; message: string }[] } | null };
async function importFile(name: string, body: string | Uint8Array): Promise<Job> {
  const res = await h.call("POST", `/api/v1/imports?kind=iati&filename=${name}`, { as: "secretariat", rawBody: body, headers: { "content-type": "application/xml" } });
  expect(res.status, await res.clone().text()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  for (let i = 0; i < 1000; i++) {
    const job = (await (await h.call("GET", `/api/v1/imports/${id}`, { as: "secretariat" })).json()) as Job;
    if (job.status !== "running") return job;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${name}: the import did not finish`);
}

const activity = (id: string, title: string, attrs = "") =>
  `<iati-activity${attrs}><iati-identifier>${id}</iati-identifier><reporting-org ref="XM-HOSTILE" type="10"><narrative>Hostile test</narrative></reporting-org><title><narrative>${title}</narrative></title><activity-status code="2"/><activity-date type="1" iso-date="2024-01-01"/></iati-activity>`;
const file = (body: string, doctype = "") => `<?xml version="1.0" encoding="UTF-8"?>${doctype}\n<iati-activities version="2.03">\n${body}\n</iati-activities>\n`;
const storedTitles = async () => (await rowsOf<{ t: string }>(h.database.db.execute(sql`select title::text as t from projects where external_id like 'XM-HOSTILE-%'`))).map((r) => r.t);

describe("hostile import files", () => {
  it("never expands entities: neither nested internal ones (billion laughs) nor an external file", async () => {
    const laughs = `<!DOCTYPE iati-activities [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>`;
    const a = await importFile("laughs.xml", file(activity("XM-HOSTILE-1", "&lol9;"), laughs));
    expect(["done", "failed"]).toContain(a.status);
    const xxe = `<!DOCTYPE iati-activities [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;
    const b = await importFile("xxe.xml", file(activity("XM-HOSTILE-2", "&xxe;"), xxe));
    expect(["done", "failed"]).toContain(b.status);
    for (const t of await storedTitles()) {
      expect(t).not.toMatch(/(lol){20}/);
      expect(t).not.toContain("root:");
    }
  });

  it("takes a huge attribute and wrong encodings without failing the server", async () => {
    const huge = await importFile("huge.xml", file(activity("XM-HOSTILE-3", "Huge attribute", ` xml:lang="${"x".repeat(5 * 1024 * 1024)}"`)));
    expect(["done", "failed"]).toContain(huge.status);
    // Latin-1 bytes in a file that says it is UTF-8, then UTF-16 with its byte-order mark.
    const latin1 = Buffer.from(file(activity("XM-HOSTILE-4", "Caf\u00e9 route")), "latin1");
    const l = await importFile("latin1.xml", new Uint8Array(latin1));
    expect(["done", "failed"]).toContain(l.status);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(file(activity("XM-HOSTILE-5", "UTF-16 file")), "utf16le")]);
    const u = await importFile("utf16.xml", new Uint8Array(utf16));
    expect(["done", "failed"]).toContain(u.status);
    for (const job of [huge, l, u]) if (job.status === "done") expect(job.summary!.records + job.summary!.skipped.length).toBeGreaterThan(0);
    expect((await h.call("GET", "/healthz")).status).toBe(200);
  });

  it("keeps the whole activities of a file cut short and writes nothing of the one it cut", async () => {
    const xml = readFileSync(join(DATA, "iaticloud_media_DFID_GB-1-109616_v201.xml"), "utf8");
    const cut = xml.slice(0, Math.floor(xml.length * 0.6));
    const job = await importFile("cut.xml", cut);
    expect(job.status).toBe("done");
    const skipped = job.summary!.skipped;
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.message.length).toBeGreaterThan(0);
    // Every activity the summary counts is stored whole, with its transactions; the cut one is not there.
    const complete = [...cut.matchAll(/<\/iati-activity>/g)].length;
    // Records count the activity that was cut too (it is the one skipped).
    expect(job.summary!.records).toBe(complete + 1);
    expect(job.summary!.created).toBe(complete);
    const ids = [...cut.matchAll(/<iati-identifier>([^<]+)<\/iati-identifier>/g)].map((m) => m[1]!.trim());
    const stored = await rowsOf<{ id: string }>(h.database.db.execute(sql`select external_id as id from projects where external_id = any(${sql.raw(`ARRAY[${ids.map((i) => `'${i.replace(/'/g, "''")}'`).join(",")}]`)})`));
    expect(stored.length).toBe(complete);
  });
});
