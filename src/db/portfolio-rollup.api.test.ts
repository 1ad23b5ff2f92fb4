import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../test/support/app.js";
import { makeContext, SYSTEM } from "../core/context.js";
import { portfolioSummary } from "../modules/portfolio/summary.js";
import type { Database } from "./client.js";
import { generateDataset } from "./generate.js";
import { rowsOf } from "./rows.js";
import { loadReference } from "./seed/load.js";
import { reference } from "./seed/reference.js";

/**
 * The portfolio rollup (migration 0011) is kept current by triggers in the writing transaction,
 * whoever writes. These tests write straight to the tables, in many small transactions of every
 * kind the triggers watch, and check that the stored facts and rollup equal a recomputation from
 * scratch, and that the dashboard's figures equal plain aggregates over the base tables.
 */
let d: Database;
beforeAll(async () => {
  d = await openTestDatabase();
  await d.migrate();
  await loadReference(d.db, reference);
  await generateDataset(d, { scale: "small", seed: 3 });
});
afterAll(() => d?.close());

const rows = <T>(q: SQL) => rowsOf<T>(d.db.execute(q));

/** Facts stored vs recomputed, and rollup stored vs summed from the stored facts: both differences empty. */
async function drift() {
  const facts = await rows<{ n: number }>(sql`select count(*)::int as n from (
    (select * from portfolio_facts except all select * from portfolio_facts_of((select array_agg(id) from projects)))
    union all
    (select * from portfolio_facts_of((select array_agg(id) from projects)) except all select * from portfolio_facts)) x`);
  const summed = sql`select audience, mechanism_id, dim, key, currency, sum(projects)::int as projects, sum(budget) as budget, sum(committed) as committed, sum(disbursed) as disbursed
    from (select * from portfolio_facts
      union all select project_id, audience, '00000000-0000-0000-0000-000000000000'::uuid, case when dim = 'total' then 'mechanism' else dim end,
        case when dim = 'total' then mechanism_id::text else key end, currency, projects, budget, committed, disbursed from portfolio_facts) f
    group by 1, 2, 3, 4, 5`;
  const stored = sql`select audience, mechanism_id, dim, key, currency, projects, budget, committed, disbursed from portfolio_rollup
    where projects <> 0 or budget <> 0 or committed <> 0 or disbursed <> 0`;
  const rollup = await rows<{ n: number }>(sql`select count(*)::int as n from ((${stored} except ${summed}) union all (${summed} except ${stored})) x`);
  const dirty = await rows<{ n: number }>(sql`select count(*)::int as n from portfolio_dirty`);
  // The list's country filter reads projects.country_codes: the facts' countries, sorted.
  const countries = await rows<{ n: number }>(sql`select count(*)::int as n from projects p
    where p.country_codes is distinct from coalesce((select array_agg(distinct f.key order by f.key) from portfolio_facts f where f.project_id = p.id and f.dim = 'country'), '{}')`);
  return { facts: facts[0]!.n, rollup: rollup[0]!.n, dirty: dirty[0]!.n, countries: countries[0]!.n };
}

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return x / 2 ** 32;
  };
}

describe("the portfolio rollup", () => {
  it("matches a recomputation after the generator's bulk load", async () => {
    expect(await drift()).toEqual({ facts: 0, rollup: 0, dirty: 0, countries: 0 });
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from portfolio_facts`))[0]!.n).toBeGreaterThan(1000);
  });

  it("stays equal to a recomputation through 120 transactions of every kind of write", async () => {
    const rnd = random(42);
    const ids = (await rows<{ id: string }>(sql`select id from projects order by code limit 60`)).map((r) => r.id);
    const actorIds = (await rows<{ id: string }>(sql`select id from actors where code like 'g3-a%' order by code limit 40`)).map((r) => r.id);
    const provinces = (await rows<{ id: string }>(sql`select id from actors where level = 'province' order by code limit 10`)).map((r) => r.id);
    const mechs = (await rows<{ id: string }>(sql`select id from mechanisms order by code limit 5`)).map((r) => r.id);
    const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)]!;
    const writes: ((p: string) => SQL)[] = [
      (p) => sql`update projects set status = ${pick(["proposed", "approved", "active", "suspended", "completed", "terminated", "cancelled"])} where id = ${p}`,
      (p) => sql`update projects set visibility = ${pick(["public", "internal", "restricted"])} where id = ${p}`,
      (p) => sql`update projects set budget = ${Math.round(rnd() * 1e8) / 100}, currency = ${pick(["USD", "CNY", "EUR"])} where id = ${p}`,
      (p) => sql`update projects set mechanism_id = ${pick(mechs)}, pillar_id = null, priority_area_id = null, start_date = ${`20${10 + Math.floor(rnd() * 15)}-03-01`} where id = ${p}`,
      (p) => sql`insert into transactions (project_id, type, value, currency, value_date) values (${p}, ${pick(["outgoing_commitment", "disbursement", "expenditure"])}, ${Math.round(rnd() * 1e7) / 100}, ${pick(["USD", "CNY"])}, '2024-05-01')`,
      (p) => sql`delete from transactions where id = (select id from transactions where project_id = ${p} order by id limit 1)`,
      (p) => sql`update transactions set value = value + 1.25, currency = ${pick(["USD", "CNY"])} where project_id = ${p}`,
      (p) => sql`update transactions set project_id = ${pick(ids)} where id = (select id from transactions where project_id = ${p} and phase_id is null order by id limit 1)`,
      (p) => sql`insert into project_parties (project_id, actor_id, role) values (${p}, ${pick(actorIds)}, 'partner') on conflict do nothing`,
      (p) => sql`delete from project_parties where project_id = ${p} and role <> 'lead'`,
      (p) => sql`insert into project_countries (project_id, country_code, percentage) values (${p}, ${pick(["LA", "KH", "MM", "TH", "VN", "CN"])}, 50) on conflict do nothing`,
      (p) => sql`delete from project_countries where project_id = ${p}`,
      () => sql`update actors set country_code = ${pick(["LA", "KH", "TH"])} where id = ${pick(actorIds)}`,
      () => sql`update actors set parent_id = ${pick(provinces)}, level = 'prefecture' where id = ${pick(actorIds)} and type = 'government'`,
    ];
    for (let i = 0; i < 120; i++) {
      // One to three writes in a transaction; now and then one rolled back, which must leave no trace.
      const n = 1 + Math.floor(rnd() * 3);
      const batch = Array.from({ length: n }, () => pick(writes)(pick(ids)));
      const rollBack = rnd() < 0.1;
      await d.db
        .transaction(async (tx) => {
          for (const q of batch) await tx.execute(q);
          if (rollBack) throw new Error("rolled back on purpose");
        })
        .catch((e: Error) => {
          if (e.message !== "rolled back on purpose") throw e;
        });
    }
    // A project deleted with everything it holds.
    await d.db.execute(sql`delete from progress_reports where project_id = ${ids[0]}`);
    await d.db.execute(sql`delete from transactions where project_id = ${ids[0]}`);
    await d.db.execute(sql`delete from phases where project_id = ${ids[0]}`);
    await d.db.execute(sql`delete from projects where id = ${ids[0]}`);
    expect(await drift()).toEqual({ facts: 0, rollup: 0, dirty: 0, countries: 0 });
  });

  it("gives the dashboard the same figures as plain aggregates over the base tables", async () => {
    const ctx = makeContext(d.db, SYSTEM, { channel: "cli" });
    for (const currency of ["USD", "CNY"]) {
      const summary = await portfolioSummary(ctx, { currency });
      const [total] = await rows<{ projects: number; budget: string; committed: string; disbursed: string; other: number }>(sql`select count(*)::int as projects,
        coalesce(sum(budget) filter (where currency = ${currency}), 0)::text as budget,
        (count(*) filter (where currency <> ${currency}))::int as other,
        coalesce((select sum(value) from transactions where type = 'outgoing_commitment' and currency = ${currency}), 0)::text as committed,
        coalesce((select sum(value) from transactions where type = 'disbursement' and currency = ${currency}), 0)::text as disbursed
        from projects`);
      expect(summary.totals.projects).toBe(total!.projects);
      expect(Number(summary.totals.budget)).toBeCloseTo(Number(total!.budget), 2);
      expect(summary.totals.budget).toBe(total!.budget);
      expect(summary.totals.committed).toBe(total!.committed);
      expect(summary.totals.disbursed).toBe(total!.disbursed);
      expect(summary.otherCurrencyProjects).toBe(total!.other);
      const byStatus = await rows<{ key: string; projects: number }>(sql`select status as key, count(*)::int as projects from projects group by status`);
      expect(Object.fromEntries(summary.byStatus.map((b) => [b.key, b.projects]))).toEqual(Object.fromEntries(byStatus.map((b) => [b.key, b.projects])));
      const byCountry = await rows<{ key: string; projects: number }>(sql`select c as key, count(distinct id)::int as projects from (
          select p.id, coalesce((select array_agg(r.country_code) from project_countries r where r.project_id = p.id),
            (select array_agg(a.country_code) from project_parties pp join actors a on a.id = pp.actor_id where pp.project_id = p.id and a.country_code is not null)) as cs
          from projects p) x, unnest(cs) as c group by c`);
      expect(Object.fromEntries(summary.byCountry.map((b) => [b.key, b.projects]))).toEqual(Object.fromEntries(byCountry.map((b) => [b.key, b.projects])));
      const mechanismsBudget = await rows<{ key: string; budget: string }>(sql`select m.code as key, coalesce(sum(p.budget) filter (where p.currency = ${currency}), 0)::text as budget
        from projects p join mechanisms m on m.id = p.mechanism_id group by m.code`);
      expect(Object.fromEntries(summary.byMechanism.map((b) => [b.key, b.budget]))).toEqual(Object.fromEntries(mechanismsBudget.map((b) => [b.key, b.budget])));
    }
  });

  it("reuses an answer only while nothing it shows has changed, names included", async () => {
    const ctx = makeContext(d.db, SYSTEM, { channel: "cli" });
    const first = await portfolioSummary(ctx, {});
    expect(await portfolioSummary(ctx, {})).toBe(first);
    const [lmc] = await rows<{ id: string; name: { en: string } }>(sql`select id, name from mechanisms where code = 'LMC'`);
    await d.db.execute(sql`update mechanisms set name = jsonb_set(name, '{en}', '"Renamed LMC"') where id = ${lmc!.id}`);
    const renamed = await portfolioSummary(ctx, {});
    expect(renamed).not.toBe(first);
    expect(renamed.byMechanism.find((b) => b.key === "LMC")?.name?.en).toBe("Renamed LMC");
    const [p] = await rows<{ id: string }>(sql`select id from projects where mechanism_id = ${lmc!.id} and currency = 'USD' order by code limit 1`);
    await d.db.execute(sql`insert into transactions (project_id, type, value, currency, value_date) values (${p!.id}, 'disbursement', 1000.5, 'USD', '2025-01-01')`);
    const after = await portfolioSummary(ctx, {});
    expect(Number(after.totals.disbursed) - Number(renamed.totals.disbursed)).toBeCloseTo(1000.5, 2);
    await d.db.execute(sql`update mechanisms set name = ${JSON.stringify(lmc!.name)}::jsonb where id = ${lmc!.id}`);
  });
});
