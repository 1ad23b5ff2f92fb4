import { sql, type SQL } from "drizzle-orm";
import type { Database } from "./client.js";
import { rowsOf } from "./rows.js";

/** How much to generate: the reference scale of PERFORMANCE.md, or 1% of it for tests. */
export const SCALES = {
  reference: { mechanisms: 50, actors: 50_000, provinces: 300, projects: 100_000, events: 200_000, audit: 5_000_000 },
  small: { mechanisms: 50, actors: 500, provinces: 30, projects: 1_000, events: 2_000, audit: 50_000 },
} as const;
export type Scale = keyof typeof SCALES;

/** Per project: 4 phases, 10 transactions (4 commitments, 4 disbursements, 2 expenditures), 3 reports. */
export const PER_PROJECT = { phases: 4, transactions: 10, reports: 3 } as const;

export type GenerateSummary = Record<"mechanisms" | "actors" | "projects" | "phases" | "transactions" | "reports" | "events" | "audit", number> & {
  seconds: number;
  /** Seconds per step, to see where the time goes. */
  steps: Record<string, number>;
};

const LANG_WORDS = {
  en: ["Generated", "project", "organisation", "meeting"],
  zh: ["生成", "项目", "机构", "会议"],
  lo: ["ສ້າງຂຶ້ນ", "ໂຄງການ", "ອົງການ", "ກອງປະຊຸມ"],
  th: ["สร้างขึ้น", "โครงการ", "องค์กร", "การประชุม"],
  vi: ["Tạo sinh", "dự án", "tổ chức", "cuộc họp"],
  km: ["បានបង្កើត", "គម្រោង", "អង្គការ", "កិច្ចប្រជុំ"],
  my: ["ထုတ်လုပ်ထား", "စီမံကိန်း", "အဖွဲ့အစည်း", "အစည်းအဝေး"],
} as const;

/** FNV-1a, 32 bits: a constant per (seed, tag) so each choice draws from its own stream. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(text)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return h;
}

/** A name in the seven languages, e.g. "Generated project 42 · connectivity". */
function names(word: 1 | 2 | 3, n: SQL, extra: SQL = sql`''`): SQL {
  const parts = Object.entries(LANG_WORDS).map(([lang, w]) => sql`${lang}::text, ${`${w[0]} ${w[word]} `}::text || ${n} || ${extra}`);
  return sql`jsonb_build_object(${sql.join(parts, sql`, `)})`;
}

/**
 * Builds a deterministic dataset at the given scale inside the database, with set-based SQL
 * (generate_series), so the reference scale loads in PostgreSQL in about a minute on two cores.
 * The same seed always gives the same rows: every "random" choice is a hash of the seed, a
 * tag and the row number. Needs the reference data loaded first (countries, LMC, its pillars).
 */
export async function generateDataset(database: Database, opts: { scale: Scale; seed: number }): Promise<GenerateSummary> {
  const started = Date.now();
  const size = SCALES[opts.scale];
  const prefix = `g${opts.seed}`;
  const db = database.db;
  /**
   * A uniform number in [0, 1) from the seed, a tag and a row expression: an integer hash
   * (multiply, xor-shift, three rounds) of the row number offset by the tag's own constant.
   * Cheap enough for millions of rows, and the same on every PostgreSQL.
   */
  const r = (tag: string, i: SQL) => {
    const c = fnv1a(`${prefix}:${tag}`);
    const x0 = sql`((${i})::bigint * 2654435761 + ${c}::bigint) % 4294967296`;
    const x1 = sql`(((${x0}) # ((${x0}) >> 16)) * 73244475) % 4294967296`;
    const x2 = sql`(((${x1}) # ((${x1}) >> 16)) * 73244475) % 4294967296`;
    return sql`((((${x2}) # ((${x2}) >> 16)))::float8 / 4294967296.0)`;
  };
  const pick = (arr: string, tag: string, i: SQL) => sql`${sql.raw(arr)}[1 + floor(${r(tag, i)} * cardinality(${sql.raw(arr)}))::int]`;

  const already = ((await db.execute(sql`select count(*)::int as n from projects where code = ${`${prefix}-p1`}`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
  if (already) throw new Error(`a dataset with seed ${opts.seed} is already in this database`);

  const counts = { mechanisms: 0, actors: 0, projects: 0, phases: 0, transactions: 0, reports: 0, events: 0, audit: 0 };
  const steps: Record<string, number> = {};
  await db.transaction(async (tx) => {
    const run = (q: SQL) => tx.execute(q);
    /** Runs an insert and counts its rows (node-postgres says rowCount, PGlite affectedRows). */
    const insert = async (what: keyof typeof counts, q: SQL) => {
      const t0 = Date.now();
      const res = (await tx.execute(q)) as unknown as { rowCount?: number | null; affectedRows?: number };
      counts[what] += res.rowCount ?? res.affectedRows ?? 0;
      steps[what] = (steps[what] ?? 0) + (Date.now() - t0) / 1000;
    };
    // Secondary indexes of the tables loaded here are dropped and built again after the load:
    // one sorted build is much cheaper than a million scattered inserts. Unique indexes and those
    // behind constraints stay, so nothing can slip in that they would refuse.
    const tStart = Date.now();
    // Where the role may (a superuser, as the bench's and the tests' are), foreign-key checks and
    // triggers are set aside for the load, as pg_restore --disable-triggers does: every generated
    // reference is taken from rows that exist, and the portfolio is refreshed explicitly below.
    const [{ su } = { su: false }] = await rowsOf<{ su: boolean }>(tx.execute(sql`select rolsuper as su from pg_roles where rolname = current_user`));
    if (su) await run(sql`set local session_replication_role = replica`);
    const secondary = (tables: string[]) =>
      rowsOf<{ name: string; def: string }>(tx.execute(sql`select quote_ident(c.relname) as name, pg_get_indexdef(i.indexrelid) as def
        from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = current_schema() and t.relname in (${sql.join(tables.map((t) => sql`${t}`), sql`, `)})
          and not i.indisunique and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
        order by c.relname`));
    const loaded = await secondary(["projects", "project_parties", "project_countries", "phases", "transactions", "progress_reports", "events", "audit_log"]);
    for (const ix of loaded) await run(sql.raw(`drop index ${ix.name}`));
    steps.dropIndexes = (Date.now() - tStart) / 1000;

    await run(sql`create temporary table gen_country on commit drop as
      select a.id, a.country_code from actors a where a.level = 'country' and a.country_code in ('CN','LA','MM','TH','KH','VN','US','JP','KR','IN')`);

    // Mechanisms: the reference ones plus generated ones up to the scale's count.
    await insert("mechanisms", sql`insert into mechanisms (code, name, founded_on, founded_precision, source)
      select ${`${prefix}-m`}::text || i, ${names(3, sql`i::text`)}, date '1990-01-01' + floor(${r("m-date", sql`i`)} * 12000)::int, 'day', 'generated'
      from generate_series(1, greatest(0, ${size.mechanisms} - (select count(*) from mechanisms))) i`);

    // A few hundred provinces (about as many as the six Lancang-Mekong countries have), then the
    // other actors: governments are prefectures of a province (and of its country), the rest sit
    // under their country.
    const countryOf = (tag: string, i: SQL) =>
      sql`(select id, country_code from gen_country order by country_code offset floor(${r(tag, i)} * (select count(*) from gen_country))::int limit 1)`;
    await insert("actors", sql`insert into actors (code, type, level, parent_id, country_code, name, source, is_sample)
      select ${`${prefix}-a`}::text || i, 'government', 'province', c.id, c.country_code, ${names(2, sql`i::text`)}, 'generated', true
      from generate_series(1, ${size.provinces}) i cross join lateral ${countryOf("a-country", sql`i`)} c`);
    await run(sql`create temporary table gen_prov on commit drop as
      select id, country_code, row_number() over (order by code) as n from actors where code like ${`${prefix}-a%`} and level = 'province'`);
    await insert("actors", sql`insert into actors (code, type, level, parent_id, country_code, name, source, is_sample)
      select ${`${prefix}-a`}::text || i,
        t.type, case when t.type = 'government' then 'prefecture' end,
        case when t.type = 'government' then pv.id else c.id end,
        case when t.type = 'government' then pv.country_code else c.country_code end,
        ${names(2, sql`i::text`)}, 'generated', true
      from generate_series(${size.provinces + 1}::int, ${size.actors}::int) i
      cross join lateral (select (array['government','government','government','enterprise','enterprise','university','research','finance','ngo','ngo','intermediary'])[1 + floor(${r("a-type", sql`i`)} * 11)::int] as type) t
      cross join lateral ${countryOf("a-country", sql`i`)} c
      cross join lateral (select id, country_code from gen_prov where n = 1 + floor(${r("a-prov", sql`i`)} * ${size.provinces})::int) pv`);

    await run(sql`create temporary table gen_ref on commit drop as select
      (select array_agg(id order by code) from mechanisms) as mechs,
      (select array_agg(p.id order by p.code) from pillars p join mechanisms m on m.id = p.mechanism_id where m.code = 'LMC') as pillars,
      (select array_agg(a.id order by a.code) from priority_areas a join mechanisms m on m.id = a.mechanism_id where m.code = 'LMC') as areas,
      (select id from mechanisms where code = 'LMC') as lmc`);

    // The generated actors numbered 1..n: a lookup by number per row, where an element of a
    // 50,000-id array would unpack the whole array for every row.
    await run(sql`create temporary table gen_actor (n int primary key, id uuid not null) on commit drop`);
    await run(sql`insert into gen_actor select row_number() over (order by code), id from actors where code like ${`${prefix}-a%`}`);
    const actorAt = (tag: string, i: SQL) => sql`(select a.id from gen_actor a where a.n = 1 + floor(${r(tag, i)} * ${size.actors})::int)`;

    await insert("projects", sql`insert into projects (code, mechanism_id, pillar_id, priority_area_id, title, sector, status, visibility, start_date, end_date, budget, currency, owner_org_id, source, is_sample)
      select ${`${prefix}-p`}::text || i,
        case when ${r("p-lmc", sql`i`)} < 0.4 then g.lmc else ${pick("g.mechs", "p-mech", sql`i`)} end,
        case when ${r("p-lmc", sql`i`)} < 0.4 then ${pick("g.pillars", "p-pillar", sql`i`)} end,
        case when ${r("p-lmc", sql`i`)} < 0.4 then ${pick("g.areas", "p-area", sql`i`)} end,
        ${names(1, sql`i::text`, sql`' · ' || (array['connectivity','agriculture','water','trade','training','health','energy'])[1 + floor(${r("p-topic", sql`i`)} * 7)::int]`)},
        (array['21010','31161','14010','33120','11330','12220','23210'])[1 + floor(${r("p-sector", sql`i`)} * 7)::int],
        (array['proposed','approved','approved','active','active','active','active','suspended','completed','completed','completed','terminated','cancelled'])[1 + floor(${r("p-status", sql`i`)} * 13)::int],
        (array['public','public','public','public','public','public','public','public','internal','internal','restricted'])[1 + floor(${r("p-vis", sql`i`)} * 11)::int],
        date '2012-01-01' + floor(${r("p-start", sql`i`)} * 5000)::int,
        date '2012-01-01' + floor(${r("p-start", sql`i`)} * 5000)::int + 365 + floor(${r("p-len", sql`i`)} * 1500)::int,
        round((50000 + ${r("p-budget", sql`i`)} * 4950000)::numeric, -2), 'USD',
        ${actorAt("p-owner", sql`i`)}, 'generated', true
      from generate_series(1, ${size.projects}) i, gen_ref g`);

    await run(sql`create temporary table gen_project on commit drop as
      select id, row_number() over (order by code) as n, owner_org_id, status, start_date, end_date, budget from projects where code like ${`${prefix}-p%`}`);

    const t0 = Date.now();
    await run(sql`insert into project_parties (project_id, actor_id, role)
      select p.id, p.owner_org_id, 'lead' from gen_project p
      union all
      select p.id, ${actorAt("pp-partner", sql`p.n`)}, 'partner' from gen_project p
      union all
      select p.id, ${actorAt("pp-funder", sql`p.n`)}, 'funder' from gen_project p
      on conflict do nothing`);
    steps.parties = (Date.now() - t0) / 1000;

    await insert("phases", sql`insert into phases (project_id, seq, name, status, start_date, end_date, budget, deliverables)
      select p.id, s, ${names(1, sql`p.n::text`, sql`' / ' || s`)},
        case when p.status in ('completed') then 'completed'
             when p.status in ('cancelled','terminated') then 'cancelled'
             when p.status = 'proposed' or p.status = 'approved' then 'planned'
             when p.status = 'suspended' and s = 2 then 'suspended'
             when s = 1 then 'completed' when s = 2 then 'active' else 'planned' end,
        p.start_date + ((p.end_date - p.start_date) * (s - 1) / 4),
        p.start_date + ((p.end_date - p.start_date) * s / 4) - 1,
        round(p.budget / 4, 2), '[]'::jsonb
      from gen_project p, generate_series(1, ${PER_PROJECT.phases}) s`);

    // Per phase a commitment of its budget and a disbursement of at most 80% of it; two phases
    // also report an expenditure. Disbursed never exceeds committed.
    await insert("transactions", sql`insert into transactions (project_id, phase_id, type, instrument, value, currency, value_date, provider_actor_id, receiver_actor_id)
      select ph.project_id, ph.id, t.type, 'grant',
        case when t.type = 'outgoing_commitment' then ph.budget
             when t.type = 'disbursement' then round(ph.budget * (0.2 + 0.6 * ${r("t-disb", sql`(p.n * 10 + ph.seq)`)})::numeric, 2)
             else round(ph.budget * 0.1, 2) end,
        'USD', ph.start_date + case when t.type = 'outgoing_commitment' then 0 else 30 end, p.owner_org_id, p.owner_org_id
      from phases ph
      join gen_project p on p.id = ph.project_id
      cross join lateral (select unnest(case when ph.seq <= 2 then array['outgoing_commitment','disbursement','expenditure'] else array['outgoing_commitment','disbursement'] end) as type) t`);

    await insert("reports", sql`insert into progress_reports (project_id, phase_id, period_start, period_end, due_date, status, narrative, spending, submitted_at)
      select ph.project_id, ph.id, ph.start_date, ph.end_date, ph.end_date + 30,
        (array['submitted','accepted','accepted','returned'])[1 + floor(${r("r-status", sql`(p.n * 10 + ph.seq)`)} * 4)::int],
        'Generated report ' || p.n || '/' || ph.seq, round(ph.budget * 0.4, 2),
        (ph.end_date + 10 + floor(${r("r-late", sql`(p.n * 10 + ph.seq)`)} * 40)::int)::timestamptz
      from phases ph join gen_project p on p.id = ph.project_id
      where ph.seq <= ${PER_PROJECT.reports}`);

    await insert("events", sql`insert into events (code, mechanism_id, kind, date, title, visibility, source, is_sample)
      select ${`${prefix}-e`}::text || i, ${pick("g.mechs", "e-mech", sql`i`)},
        (array['leaders_meeting','foreign_ministers_meeting','senior_officials_meeting','joint_working_group','forum','consultation','agreement','other'])[1 + floor(${r("e-kind", sql`i`)} * 8)::int],
        date '2000-01-01' + floor(${r("e-date", sql`i`)} * 10000)::int, ${names(3, sql`i::text`)},
        (array['public','public','public','internal','restricted'])[1 + floor(${r("e-vis", sql`i`)} * 5)::int], 'generated', true
      from generate_series(1, ${size.events}) i, gen_ref g`);

    await insert("audit", sql`insert into audit_log (at, channel, entity, entity_id, action, after)
      select timestamptz '2020-01-01' + (floor(${r("au-at", sql`i`)} * 200000000)::int || ' seconds')::interval, 'api', 'project',
        ${`${prefix}-p`}::text || (1 + floor(${r("au-p", sql`i`)} * ${size.projects})::int), 'update', jsonb_build_object('n', i)
      from generate_series(1, ${size.audit}) i`);

    const tIdx = Date.now();
    for (const ix of loaded) await run(sql.raw(ix.def));
    steps.indexes = (Date.now() - tIdx) / 1000;
    // Fresh statistics for what follows, planned for a hundred thousand projects, not none.
    const tAnalyze = Date.now();
    await run(sql`analyze projects, project_parties, project_countries, transactions, actors`);
    steps.analyze = (Date.now() - tAnalyze) / 1000;
    // The portfolio's facts and rollup of every project written, and its countries, at once
    // rather than at commit (it looks up each project's rows by the indexes just built).
    const t1 = Date.now();
    if (su) await run(sql`set local session_replication_role = origin`);
    await run(sql`select portfolio_refresh(array(select id from gen_project order by id))`);
    await run(sql`delete from portfolio_dirty d using gen_project p where d.project_id = p.id`);
    steps.rollup = (Date.now() - t1) / 1000;
  });
  const t2 = Date.now();
  await db.execute(sql`analyze`);
  steps.analyze = (steps.analyze ?? 0) + (Date.now() - t2) / 1000;

  return {
    ...counts,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(v * 10) / 10])),
  };
}
