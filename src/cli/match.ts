import type { Command } from "commander";
import { LANGS, type LocalizedText } from "../db/schema/common.js";
import { localizedCell } from "../lib/csv.js";
import { draftFromMatch, groupsForZone, matchesForNeed, needsForOffer } from "../modules/matching/match.js";
import { createPosting, listPostings, loadPosting, updatePosting } from "../modules/matching/postings.js";
import { ZDraftFromMatch, ZGroupQuery, ZMatchQuery, ZPostingCreate, ZPostingListQuery, type Posting } from "../modules/matching/schemas.js";
import { asOption, collect, lang, m, output, readJson, userContext, withDatabase } from "./common.js";

const titleOf = (title: LocalizedText) => localizedCell(title, lang);
const sizeOf = (p: Posting) => (p.size === null ? "" : `${p.size.toLocaleString("en")}${p.unit ? ` ${p.unit}` : ""}`);
const windowOf = (p: Posting) => (p.validFrom || p.validTo ? `${p.validFrom ?? "…"}–${p.validTo ?? "…"}` : "");
const line = (p: Posting) =>
  [p.id, m(`match.kinds.${p.kind}`), m(`match.factors.${p.factor}`), p.actorCode, titleOf(p.title), p.places.join(","), sizeOf(p), windowOf(p), p.status === "closed" ? m("match.closed") : ""]
    .filter(Boolean)
    .join("  ");

const reasonsLine = (reasons: { kind: string; score: number; weight: number; detail?: string }[]) =>
  reasons.map((r) => `${m(`match.reasons.${r.kind}`)} ${r.score.toFixed(2)}×${r.weight}${r.detail ? ` (${r.detail})` : ""}`).join("; ");

type PostOpts = { as: string; file?: string; kind?: string; factor?: string; actor?: string; title?: string; titleLang: string; description?: string; sector?: string; place?: string[]; size?: string; unit?: string; from?: string; to?: string };

/** The posting from `--file` (JSON, `-` for stdin) and the options, the options winning. */
function postingOf(o: PostOpts) {
  const file = o.file ? (readJson(o.file) as Record<string, unknown>) : {};
  return ZPostingCreate.parse({
    ...file,
    ...(o.kind ? { kind: o.kind } : {}),
    ...(o.factor ? { factor: o.factor } : {}),
    ...(o.actor ? { actor: o.actor } : {}),
    ...(o.title ? { title: o.titleLang === "en" ? { en: o.title } : { en: o.title, [o.titleLang]: o.title } } : {}),
    ...(o.description ? { description: o.description } : {}),
    ...(o.sector ? { sector: o.sector } : {}),
    ...(o.place?.length ? { places: o.place } : {}),
    ...(o.size ? { size: Number(o.size) } : {}),
    ...(o.unit ? { unit: o.unit } : {}),
    ...(o.from ? { validFrom: o.from } : {}),
    ...(o.to ? { validTo: o.to } : {}),
  });
}

/** Going out together from the command line: post, list, rank partners, close, group for a zone, draft an application. */
export function registerMatchCommands(program: Command) {
  const match = program.command("match").description(m("match.description"));
  match
    .command("post")
    .description(m("match.post"))
    .addOption(asOption("match.as"))
    .option("--file <file>", m("match.file"))
    .option("--kind <kind>", m("match.kind"))
    .option("--factor <factor>", m("match.factor"))
    .option("--actor <code>", m("match.actor"))
    .option("--title <text>", m("match.title"))
    .option("--title-lang <lang>", m("match.titleLang", { langs: LANGS.join(", ") }), "en")
    .option("--description <text>", m("match.descriptionOption"))
    .option("--sector <code>", m("match.sector"))
    .option("--place <code>", m("match.place"), collect)
    .option("--size <n>", m("match.size"))
    .option("--unit <unit>", m("match.unit"))
    .option("--from <date>", m("match.from"))
    .option("--to <date>", m("match.to"))
    .action(async (opts: PostOpts, cmd: Command) => {
      const input = postingOf(opts);
      const p = await withDatabase(async (db) => createPosting(await userContext(db, opts.as), input));
      output(cmd, m("match.posted", { id: p.id }), p);
    });
  match
    .command("list")
    .description(m("match.list"))
    .addOption(asOption("match.as"))
    .option("--kind <kind>", m("match.kind"))
    .option("--factor <factor>", m("match.factor"))
    .option("--actor <code>", m("match.actor"))
    .option("--place <code>", m("match.placeFilter"))
    .option("--sector <code>", m("match.sector"))
    .option("--status <status>", m("match.status"))
    .option("--q <text>", m("match.q"))
    .option("--limit <n>", m("match.limit"))
    .action(async (opts: { as: string; kind?: string; factor?: string; actor?: string; place?: string; sector?: string; status?: string; q?: string; limit?: string }, cmd: Command) => {
      const { as, ...rest } = opts;
      const query = ZPostingListQuery.parse(rest);
      const page = await withDatabase(async (db) => listPostings(await userContext(db, as), query));
      output(cmd, page.items.length ? `${page.items.map(line).join("\n")}\n${m("match.shown", { shown: page.items.length, total: page.total })}` : m("match.none"), page);
    });
  match
    .command("offers <need>")
    .description(m("match.offers"))
    .addOption(asOption("match.as"))
    .option("--limit <n>", m("match.limit"))
    .option("--min-score <score>", m("match.minScore"))
    .action(async (need: string, opts: { as: string; limit?: string; minScore?: string }, cmd: Command) => {
      const query = ZMatchQuery.parse({ limit: opts.limit, minScore: opts.minScore });
      const res = await withDatabase(async (db) => matchesForNeed(await userContext(db, opts.as), need, query));
      const human = res.items.length
        ? res.items
            .map((i) => `${i.score.toFixed(3)}  ${line(i.offer)}\n    ${reasonsLine(i.reasons)}`)
            .join("\n")
        : m("match.none");
      output(cmd, `${line(res.need)}\n${human}`, res);
    });
  match
    .command("needs <offer>")
    .description(m("match.needs"))
    .addOption(asOption("match.as"))
    .option("--limit <n>", m("match.limit"))
    .option("--min-score <score>", m("match.minScore"))
    .action(async (offer: string, opts: { as: string; limit?: string; minScore?: string }, cmd: Command) => {
      const query = ZMatchQuery.parse({ limit: opts.limit, minScore: opts.minScore });
      const res = await withDatabase(async (db) => needsForOffer(await userContext(db, opts.as), offer, query));
      output(cmd, `${line(res.offer)}\n${res.items.length ? res.items.map((i) => `${i.score.toFixed(3)}  ${line(i.need)}\n    ${reasonsLine(i.reasons)}`).join("\n") : m("match.none")}`, res);
    });
  match
    .command("close <posting>")
    .description(m("match.close"))
    .addOption(asOption("match.as"))
    .action(async (id: string, opts: { as: string }, cmd: Command) => {
      const p = await withDatabase(async (db) => {
        const ctx = await userContext(db, opts.as);
        const { row } = await loadPosting(ctx, id);
        return updatePosting(ctx, id, `"${row.version}"`, { status: "closed" });
      });
      output(cmd, line(p), p);
    });
  match
    .command("groups <zone>")
    .description(m("match.groups"))
    .addOption(asOption("match.as"))
    .option("--max-members <n>", m("match.maxMembers"))
    .option("--alternatives <n>", m("match.alternatives"))
    .action(async (zone: string, opts: { as: string; maxMembers?: string; alternatives?: string }, cmd: Command) => {
      const query = ZGroupQuery.parse({ maxMembers: opts.maxMembers, alternatives: opts.alternatives });
      const res = await withDatabase(async (db) => groupsForZone(await userContext(db, opts.as), zone, query));
      const needs = res.needs.map((n) => `${m(`match.factors.${n.factor}`)} ${n.amount.toLocaleString("en")}${n.unit ? ` ${n.unit}` : ""}`).join("; ");
      const groups = res.groups.map((g, i) => {
        const head = m(g.complete ? "match.groupComplete" : "match.groupPartial", { n: i + 1, covered: Math.round(g.covered * 100) });
        const members = g.members.map((x) => `    ${x.code}  ${titleOf(x.name)}  ${Object.entries(x.brings).map(([f, v]) => `${m(`match.factors.${f}`)} ${v.toLocaleString("en")}`).join(", ")}`);
        return [head, ...members].join("\n");
      });
      output(cmd, [`${res.zone.code}  ${titleOf(res.zone.name)}`, `${m("match.zoneNeeds")}: ${needs || m("match.none")}`, ...groups].join("\n"), res);
    });
  match
    .command("apply <need>")
    .description(m("match.apply"))
    .addOption(asOption("match.as"))
    .requiredOption("--offer <id>", m("match.offer"))
    .requiredOption("--call <code>", m("match.call"))
    .option("--requested <amount>", m("match.requested"))
    .action(async (need: string, opts: { as: string; offer: string; call: string; requested?: string }, cmd: Command) => {
      const input = ZDraftFromMatch.parse({ offer: opts.offer, call: opts.call, ...(opts.requested ? { requested: opts.requested } : {}) });
      const a = await withDatabase(async (db) => draftFromMatch(await userContext(db, opts.as), need, input));
      output(cmd, m("match.drafted", { code: a.code }), a);
    });
}
