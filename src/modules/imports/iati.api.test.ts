import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { iatiOracle } from "../../../test/support/iati-oracle.js";
import { makeContext, SYSTEM } from "../../core/context.js";
import { importIati } from "./iati.js";

const DATA = resolve(process.cwd(), "../shared/data/iati");
const FILES = readdirSync(DATA)
  .filter((f) => f.endsWith(".xml"))
  .map((f) => join(DATA, f));
const CODELISTS = resolve(process.cwd(), "../shared/data/iati-ref/codelists-nonembedded");
const tmp = mkdtempSync(join(tmpdir(), "concord-iati-test-"));

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

const sys = () => makeContext(h.database.db, SYSTEM, { channel: "cli" });
const rows = async <T>(q: ReturnType<typeof sql>) => ((await h.database.db.execute(q)) as unknown as { rows: T[] }).rows;

/** Sums in cents per activity and IATI transaction type code, from what Concord stored. */
async function storedSums(ids: string[]) {
  const r = await rows<{ ext: string; type: string; cents: string }>(sql`
    select p.external_id as ext, t.type, round(sum(t.value) * 100)::text as cents
    from transactions t join projects p on p.id = t.project_id
    where p.external_id = any(${sql.raw(`ARRAY[${ids.map((i) => `'${i.replace(/'/g, "''")}'`).join(",")}]`)}) and t.created_by is null
    group by 1, 2`);
  const types = ["incoming_funds", "outgoing_commitment", "disbursement", "expenditure", "interest_payment", "loan_repayment", "reimbursement", "purchase_of_equity", "sale_of_equity", "credit_guarantee", "incoming_commitment", "outgoing_pledge", "incoming_pledge"];
  const out = new Map<string, Map<string, number>>();
  for (const x of r) {
    const m = out.get(x.ext) ?? new Map<string, number>();
    m.set(String(types.indexOf(x.type) + 1), Number(x.cents));
    out.set(x.ext, m);
  }
  return out;
}

describe("IATI import", () => {
  it("loads every published file whole: activities, transactions with the same sums, organisations, countries", async () => {
    const summary = await importIati(sys(), FILES, { codelists: CODELISTS }, {});
    const oracles = FILES.map(iatiOracle);
    const ids = oracles.flatMap((o) => o.identifiers);
    expect(summary).toMatchObject({ kind: "iati", records: ids.length, created: ids.length, updated: 0, unchanged: 0, skipped: [], cancelled: false });
    expect(summary.records).toBe(105);
    expect(summary.transactions).toBe(oracles.reduce((n, o) => n + o.transactions, 0));
    expect(summary.organisations.created).toBeGreaterThan(0);
    const stored = await storedSums(ids);
    for (const o of oracles) for (const id of o.identifiers) expect(stored.get(id) ?? new Map(), id).toEqual(o.byActivity.get(id));
    // Reporting organisations own their activities and lead them.
    const [nl] = await rows<{ owner: string; lead: string }>(sql`
      select o.external_ref as owner, (select a.external_ref from project_parties pp join actors a on a.id = pp.actor_id where pp.project_id = p.id and pp.role = 'lead') as lead
      from projects p join actors o on o.id = p.owner_org_id where p.external_id = 'NL-1-PPR-24706'`);
    expect(nl).toEqual({ owner: "XM-DAC-7", lead: "XM-DAC-7" });
    const [mech] = await rows<{ code: string; n: number }>(sql`select m.code, count(*)::int as n from projects p join mechanisms m on m.id = p.mechanism_id where p.external_source = 'iati' group by 1`);
    expect(mech).toEqual({ code: "IATI", n: 105 });
    const countries = await rows<{ country_code: string; n: number }>(sql`select country_code, count(*)::int as n from project_countries group by 1 order by 1`);
    expect(countries.find((c) => c.country_code === "ID")?.n).toBe(83);
  });

  it("shows a project's IATI detail through the API, with codelist names beside the codes", async () => {
    const res = await h.call("GET", "/api/v1/projects/NL-1-PPR-24706");
    expect(res.status).toBe(200);
    const p = (await res.json()) as { externalSource: string; iati: { identifier: string; sectors: { code: string }[]; codeNames: Record<string, string> }; source: string; transactions: unknown[] };
    expect(p.externalSource).toBe("iati");
    expect(p.iati.identifier).toBe("NL-1-PPR-24706");
    const sector = p.iati.sectors.find((s) => /^\d{5}$/.test(s.code))!;
    expect(p.iati.codeNames[`Sector:${sector.code}`]).toBeTruthy();
    expect(p.source).toContain("NL-1-PPR-24706");
  });

  it("changes nothing when the same files come again", async () => {
    const before = await rows<{ v: string }>(sql`select string_agg(id::text || version || updated_at::text, ',' order by id) as v from projects`);
    const tx = await countRows(h.database, "transactions");
    const audits = await countRows(h.database, "audit_log");
    const summary = await importIati(sys(), FILES, {}, {});
    expect(summary).toMatchObject({ records: 105, created: 0, updated: 0, unchanged: 105, skipped: [] });
    expect(await rows<{ v: string }>(sql`select string_agg(id::text || version || updated_at::text, ',' order by id) as v from projects`)).toEqual(before);
    expect(await countRows(h.database, "transactions")).toBe(tx);
    expect(await countRows(h.database, "audit_log")).toBe(audits);
  });

  it("updates an activity in place when its last-updated-datetime is newer, and ignores an older copy", async () => {
    const xml = readFileSync(join(DATA, "iaticloud_example_203_file_NL-MFA.xml"), "utf8");
    const id = "NL-1-PPR-24706";
    const start = xml.indexOf(`<iati-identifier>${id}</iati-identifier>`);
    const open = xml.lastIndexOf("<iati-activity", start);
    const newer = xml.slice(0, open) + xml.slice(open).replace('last-updated-datetime="2018-06-22T10:22:07"', 'last-updated-datetime="2019-01-01T00:00:00"');
    const titled = newer.replace(/(<iati-identifier>NL-1-PPR-24706<\/iati-identifier>[\s\S]*?<title>\s*<narrative[^>]*>)([^<]*)/, "$1Renamed by the publisher");
    const file = join(tmp, "nl-newer.xml");
    writeFileSync(file, titled);
    const [before] = await rows<{ id: string; version: number }>(sql`select id, version from projects where external_id = ${id}`);
    const s = await importIati(sys(), [file], {}, {});
    expect(s).toMatchObject({ records: 13, created: 0, updated: 1, unchanged: 12 });
    const [after] = await rows<{ id: string; version: number; title: string }>(sql`select id, version, title->>'en' as title from projects where external_id = ${id}`);
    expect(after).toEqual({ id: before!.id, version: before!.version + 1, title: "Renamed by the publisher" });
    // The original file is older than what Concord now holds: nothing goes back.
    const again = await importIati(sys(), [join(DATA, "iaticloud_example_203_file_NL-MFA.xml")], {}, {});
    expect(again).toMatchObject({ updated: 0, unchanged: 13 });
    const [still] = await rows<{ title: string }>(sql`select title->>'en' as title from projects where external_id = ${id}`);
    expect(still!.title).toBe("Renamed by the publisher");
  });

  it("skips each bad activity with file, line and reason, loads the good ones, and never half-loads one", async () => {
    const act = (id: string, inner: string) =>
      `<iati-activity default-currency="EUR"><iati-identifier>${id}</iati-identifier><reporting-org ref="XM-BAD" type="10"><narrative>Bad file publisher</narrative></reporting-org><title><narrative>${id}</narrative></title>${inner}</iati-activity>`;
    const t = (type: string, v: string, d = "2021-01-01") => `<transaction><transaction-type code="${type}"/><transaction-date iso-date="${d}"/><value value-date="${d}">${v}</value></transaction>`;
    const file = join(tmp, "bad.xml");
    writeFileSync(
      file,
      [
        `<iati-activities version="2.03">`,
        act("XM-BAD-1", t("3", "10") + t("2", "20")),
        act("XM-BAD-2", t("3", "10") + t("3", "oops")),
        act("XM-BAD-3", `<activity-status code="42"/>`),
        act("XM-BAD-4", `<activity-date type="1" iso-date="2022-01-01"/><activity-date type="3" iso-date="2021-01-01"/>`),
        act("XM-BAD-5", t("3", "99999999999999999999")),
        `</iati-activities>`,
      ].join("\n"),
    );
    const s = await importIati(sys(), [file], {}, {});
    expect(s.records).toBe(5);
    expect(s.created).toBe(1);
    expect(s.skipped.map((x) => [x.file, x.line, x.id, x.reason])).toEqual([
      ["bad.xml", 3, "XM-BAD-2", "bad_value"],
      ["bad.xml", 4, "XM-BAD-3", "unknown_code"],
      ["bad.xml", 5, "XM-BAD-4", "end_before_start"],
      ["bad.xml", 6, "XM-BAD-5", "value_too_large"],
    ]);
    const loaded = await rows<{ external_id: string; n: number }>(sql`select p.external_id, (select count(*)::int from transactions t where t.project_id = p.id) as n from projects p where p.external_id like 'XM-BAD-%'`);
    expect(loaded).toEqual([{ external_id: "XM-BAD-1", n: 2 }]);
  });

  it("is for the secretariat: an officer may not import", async () => {
    const ctx = makeContext(h.database.db, { kind: "user", userId: h.users.officer!.userId, orgId: "x", role: "officer", email: "o", name: "o" });
    await expect(importIati(ctx, [FILES[0]!], {}, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("import jobs through the API", () => {
  const upload = (as: string | undefined, query: string, body: string | Uint8Array) =>
    h.call("POST", `/api/v1/imports?${query}`, { as, rawBody: body, headers: { "content-type": "application/xml" } });

  async function waitFor(id: string, as = "secretariat") {
    for (let i = 0; i < 500; i++) {
      const job = (await (await h.call("GET", `/api/v1/imports/${id}`, { as })).json()) as { status: string };
      if (job.status !== "running") return job as { status: string; summary: { records: number; created: number; unchanged: number; skipped: { line: number; reason: string; message: string; file: string }[] } };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("job did not finish");
  }

  it("takes a file, runs it in the background and reports the summary with localized reasons", async () => {
    const xml = readFileSync(join(DATA, "iaticloud_media_DFID_GB-1-109616_v201.xml"));
    const res = await upload("secretariat", "kind=iati&filename=dfid.xml", new Uint8Array(xml));
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: string; status: string; bytesTotal: number; filename: string };
    expect(job).toMatchObject({ status: "running", bytesTotal: xml.length, filename: "dfid.xml" });
    const done = await waitFor(job.id);
    expect(done.status).toBe("done");
    expect(done.summary).toMatchObject({ records: 8, unchanged: 8 });

    const bad = `<iati-activities version="2.03"><iati-activity><iati-identifier>XM-API-1</iati-identifier><reporting-org ref="XM-API"><narrative>P</narrative></reporting-org><title><narrative>T</narrative></title><activity-date type="9" iso-date="2020-01-01"/></iati-activity></iati-activities>`;
    const res2 = await h.call("POST", "/api/v1/imports?kind=iati&filename=bad.xml", { as: "secretariat", rawBody: bad, headers: { "content-type": "application/xml", "accept-language": "th" } });
    const done2 = await waitFor(((await res2.json()) as { id: string }).id);
    expect(done2.summary.skipped).toHaveLength(1);
    expect(done2.summary.skipped[0]).toMatchObject({ file: "bad.xml", line: 1, reason: "unknown_code" });
    expect(done2.summary.skipped[0]!.message).toContain("ActivityDateType");
    const list = (await (await h.call("GET", "/api/v1/imports", { as: "admin" })).json()) as { items: { id: string }[] };
    expect(list.items.map((j) => j.id)).toContain(job.id);
  });

  it("refuses what it should: the public, an officer, an unknown kind, a finished job's cancel", async () => {
    expect((await upload(undefined, "kind=iati&filename=x.xml", "<x/>")).status).toBe(401);
    expect((await upload("officer", "kind=iati&filename=x.xml", "<x/>")).status).toBe(403);
    expect((await upload("secretariat", "kind=pdf&filename=x.xml", "<x/>")).status).toBe(400);
    expect((await upload("secretariat", "kind=iati", "<x/>")).status).toBe(400);
    const res = await upload("secretariat", "kind=iati&filename=x.xml", "<x/>");
    const done = await waitFor(((await res.json()) as { id: string }).id);
    expect(done.summary.skipped[0]!.reason).toBe("not_iati_activities");
    const cancel = await h.call("POST", `/api/v1/imports/${(done as unknown as { id: string }).id}/cancel`, { as: "secretariat" });
    expect(cancel.status).toBe(409);
    // Every parameter of the message is filled in: no literal "{{entity}}" reaches the user.
    expect(((await cancel.json()) as { error: { message: string } }).error.message).not.toContain("{{");
    expect((await h.call("GET", "/api/v1/imports/00000000-0000-4000-8000-000000000000", { as: "secretariat" })).status).toBe(404);
    expect((await h.call("GET", "/api/v1/imports", { as: "officer" })).status).toBe(403);
  });
});
