import { and, eq, sql, type SQL } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import type { ServiceContext } from "../../core/context.js";
import { ruleAt } from "../../core/errors.js";
import type { LocalizedText } from "../../db/schema/common.js";
import { exchangeRates } from "../../db/schema/money.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { projects } from "../../db/schema/projects.js";
import { cents } from "../applications/rules.js";
import { projectVisibility } from "../projects/read.js";
import type { ZFundingGap, ZFundingGapQuery } from "./schemas.js";
import { mechanismInput } from "../mechanisms/read.js";

/** US dollars per unit of `currency` on `day`: the latest rate on or before it (1 for USD, null when none). */
const usdPerUnit = (currency: SQL, day: SQL) =>
  sql`(case when ${currency} = 'USD' then 1::numeric else (select er.usd_per_unit from ${exchangeRates} er where er.currency = ${currency} and er.date <= ${day} order by er.date desc limit 1) end)`;

/** An amount in the reporting currency, rounded to cents; null when a rate is missing. */
const converted = (value: SQL, currency: SQL, day: SQL, target: string) =>
  sql`round(${value} * ${usdPerUnit(currency, day)} / ${usdPerUnit(sql`${target}::text`, day)}, 2)`;

type Row = {
  key: string;
  label: LocalizedText | null;
  budget: string | null;
  committed: string | null;
  disbursed: string | null;
  unconverted: number;
  groups: { key: string; label: LocalizedText | null }[] | null;
};

const txSum = (type: string, target: string, scope: SQL) =>
  sql`(select coalesce(sum(${converted(sql`t.value`, sql`t.currency`, sql`t.value_date`, target)}), 0) from transactions t where ${scope} and t.type = ${type})`;
const txMissing = (target: string, scope: SQL) =>
  sql`(select count(*) from transactions t where ${scope} and t.type in ('outgoing_commitment', 'disbursement') and ${converted(sql`t.value`, sql`t.currency`, sql`t.value_date`, target)} is null)`;

const fmt = (c: bigint) => `${c < 0n ? "-" : ""}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, "0")}`;
const toCents = (s: string | null) => (s === null ? 0n : s.startsWith("-") ? -cents(s.slice(1)) : cents(s));

/**
 * The funding gap (approved budget − committed) of the projects the caller may see, by project,
 * phase, mechanism, priority area, country or zone, in one currency. Each amount is converted at
 * the rate of its own date (budgets at today's), so a missing rate is reported, never guessed.
 */
export async function fundingGap(ctx: ServiceContext, query: z.infer<typeof ZFundingGapQuery>, only?: SQL): Promise<z.infer<typeof ZFundingGap>> {
  const target = query.currency;
  const today = sql`${ctx.now().toISOString().slice(0, 10)}::date`;
  // `only` narrows to the projects another verb reads (a province's), so it converts no more than it shows.
  const where: (SQL | undefined)[] = [projectVisibility(ctx.principal), sql`${projects.budget} is not null`, only];
  if (query.mechanism) {
    const m = await mechanismInput(ctx.db, query.mechanism);
    where.push(eq(projects.mechanismId, m.id));
  }
  if (target !== "USD") {
    const [rate] = await ctx.db.select({ c: exchangeRates.currency }).from(exchangeRates).where(eq(exchangeRates.currency, target)).limit(1);
    if (!rate) throw ruleAt("no_exchange_rate", "currency", { currency: target });
  }
  const cond = and(...where);
  const byProject = sql`t.project_id = ${projects.id}`;

  let rows: Row[];
  if (query.by === "phase") {
    const byPhase = sql`t.phase_id = ph.id`;
    rows = await run(ctx, sql`
      select ${projects.code} || '/' || ph.seq as key, ph.name as label,
        ${converted(sql`ph.budget`, sql`${projects.currency}`, today, target)}::text as budget,
        ${txSum("outgoing_commitment", target, byPhase)}::text as committed,
        ${txSum("disbursement", target, byPhase)}::text as disbursed,
        ${txMissing(target, byPhase)}::int as unconverted, null as groups
      from phases ph join ${projects} on ${projects.id} = ph.project_id
      where ${cond} and ph.budget is not null
      order by ${projects.code}, ph.seq`);
  } else {
    const groups = {
      project: sql`json_build_array(json_build_object('key', ${projects.code}, 'label', ${projects.title}))`,
      mechanism: sql`(select json_build_array(json_build_object('key', m.code, 'label', m.name)) from mechanisms m where m.id = ${projects.mechanismId})`,
      priority_area: sql`coalesce((select json_build_array(json_build_object('key', a.code, 'label', a.name)) from priority_areas a where a.id = ${projects.priorityAreaId}), json_build_array(json_build_object('key', '-', 'label', null)))`,
      country: sql`coalesce((select json_agg(distinct jsonb_build_object('key', c.code, 'label', c.name)) from project_parties pp join actors a on a.id = pp.actor_id join countries c on c.code = a.country_code where pp.project_id = ${projects.id}), '[]'::json)`,
      // A project outside every zone (or country) simply is not in that breakdown.
      zone: sql`coalesce((select json_agg(distinct jsonb_build_object('key', a.code, 'label', a.name)) from project_parties pp join actors a on a.id = pp.actor_id where pp.project_id = ${projects.id} and a.level = 'zone'), '[]'::json)`,
    }[query.by];
    rows = await run(ctx, sql`
      select ${projects.code} as key, ${projects.title} as label,
        ${converted(sql`${projects.budget}`, sql`${projects.currency}`, today, target)}::text as budget,
        ${txSum("outgoing_commitment", target, byProject)}::text as committed,
        ${txSum("disbursement", target, byProject)}::text as disbursed,
        ${txMissing(target, byProject)}::int as unconverted, ${groups} as groups
      from ${projects}
      where ${cond}
      order by ${projects.code}`);
  }

  // Sum in cents: each project counts once in every group it belongs to (a project with parties
  // in two countries is exposed in both).
  const totals = new Map<string, { label: LocalizedText | null; budget: bigint; committed: bigint; disbursed: bigint; projects: number; unconverted: number }>();
  for (const r of rows) {
    const missing = r.unconverted + (r.budget === null ? 1 : 0);
    for (const g of r.groups ?? [{ key: r.key, label: r.label }]) {
      const t = totals.get(g.key) ?? { label: g.label, budget: 0n, committed: 0n, disbursed: 0n, projects: 0, unconverted: 0 };
      t.budget += toCents(r.budget);
      t.committed += toCents(r.committed);
      t.disbursed += toCents(r.disbursed);
      t.projects += 1;
      t.unconverted += missing;
      totals.set(g.key, t);
    }
  }
  const items = [...totals.entries()].map(([key, t]) => ({
    key,
    label: t.label,
    budget: fmt(t.budget),
    committed: fmt(t.committed),
    disbursed: fmt(t.disbursed),
    gap: fmt(t.budget - t.committed),
    projects: t.projects,
    unconverted: t.unconverted,
  }));
  if (query.by !== "project" && query.by !== "phase") items.sort((a, b) => Number(toCents(b.gap) - toCents(a.gap)) || a.key.localeCompare(b.key));
  return { by: query.by, currency: target, items };
}

async function run(ctx: ServiceContext, q: SQL): Promise<Row[]> {
  const res = (await ctx.db.execute(q)) as unknown as { rows: Row[] };
  return res.rows.map((r) => ({ ...r, unconverted: Number(r.unconverted), groups: typeof r.groups === "string" ? JSON.parse(r.groups) : r.groups }));
}
