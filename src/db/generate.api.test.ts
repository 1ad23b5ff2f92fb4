import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, TEST_DB } from "../../test/support/app.js";
import type { Database } from "./client.js";
import { generateDataset, PER_PROJECT, SCALES } from "./generate.js";
import { loadReference } from "./seed/load.js";
import { reference } from "./seed/reference.js";

const fresh = async () => {
  const d = await openTestDatabase();
  await d.migrate();
  await loadReference(d.db, reference);
  return d;
};
const one = async <T>(d: Database, q: ReturnType<typeof sql>) => ((await d.db.execute(q)) as unknown as { rows: T[] }).rows[0]!;
const checksum = (d: Database, seed: number) =>
  // The row number, not the seed's prefix, orders and identifies rows, so two seeds compare.
  one<{ h: string }>(d, sql`select md5(string_agg(status || visibility || budget::text || start_date::text, ',' order by substring(code from '-p([0-9]+)$')::int)) as h from projects where code like ${`g${seed}-p%`}`);

let db: Database;
beforeAll(async () => {
  db = await fresh();
});
afterAll(() => db?.close());

describe("concord generate", () => {
  it("builds 1% of the reference scale with every relation in place", async () => {
    const s = SCALES.small;
    const summary = await generateDataset(db, { scale: "small", seed: 7 });
    expect(summary).toMatchObject({
      actors: s.actors,
      projects: s.projects,
      phases: s.projects * PER_PROJECT.phases,
      transactions: s.projects * PER_PROJECT.transactions,
      reports: s.projects * PER_PROJECT.reports,
      events: s.events,
      audit: s.audit,
    });
    expect((await one<{ n: number }>(db, sql`select count(*)::int as n from mechanisms`)).n).toBe(s.mechanisms);
    // Never more disbursed than committed, phase by phase.
    const over = await one<{ n: number }>(db, sql`select count(*)::int as n from (select phase_id from transactions group by phase_id
      having sum(value) filter (where type = 'disbursement') > sum(value) filter (where type = 'outgoing_commitment')) x`);
    expect(over.n).toBe(0);
    // The load sets foreign-key checks aside where it may: every reference must still resolve.
    const orphans = await one<{ n: number }>(db, sql`select
      (select count(*) from transactions t where not exists (select 1 from phases ph where ph.id = t.phase_id and ph.project_id = t.project_id))
      + (select count(*) from transactions t where not exists (select 1 from actors a where a.id = t.provider_actor_id))
      + (select count(*) from project_parties pp where not exists (select 1 from actors a where a.id = pp.actor_id))
      + (select count(*) from projects p where not exists (select 1 from actors a where a.id = p.owner_org_id) or not exists (select 1 from mechanisms m where m.id = p.mechanism_id))
      + (select count(*) from progress_reports r where not exists (select 1 from phases ph where ph.id = r.phase_id))
      + (select count(*) from actors a where a.parent_id is not null and not exists (select 1 from actors b where b.id = a.parent_id)) as n`);
    expect(Number(orphans.n)).toBe(0);
    // Every project has its lead among its parties, and names in all seven languages.
    const noLead = await one<{ n: number }>(db, sql`select count(*)::int as n from projects p where p.code like 'g7-p%' and not exists (select 1 from project_parties pp where pp.project_id = p.id and pp.role = 'lead' and pp.actor_id = p.owner_org_id)`);
    expect(noLead.n).toBe(0);
    const missingLang = await one<{ n: number }>(db, sql`select count(*)::int as n from projects where code like 'g7-p%' and not (title ?& array['en','zh','lo','th','vi','km','my'])`);
    expect(missingLang.n).toBe(0);
    await expect(generateDataset(db, { scale: "small", seed: 7 })).rejects.toThrow(/already/);
  });

  it.runIf(TEST_DB === "pglite")("gives the same data for the same seed, and other data for another", async () => {
    const other = await fresh();
    try {
      await generateDataset(other, { scale: "small", seed: 7 });
      expect((await checksum(other, 7)).h).toBe((await checksum(db, 7)).h);
      await generateDataset(other, { scale: "small", seed: 8 });
      expect((await checksum(other, 8)).h).not.toBe((await checksum(other, 7)).h);
    } finally {
      await other.close();
    }
  });
});
