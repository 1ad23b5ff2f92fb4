import type { Command } from "commander";
import { LANGS, type LocalizedText } from "../db/schema/common.js";
import { localizedCell } from "../lib/csv.js";
import { checkDraft, projectDuplicates, scanDuplicates } from "../modules/duplicates/check.js";
import { duplicatePairsCsv } from "../modules/duplicates/csv.js";
import { ZDuplicateDraft, ZDuplicateScanQuery, ZProjectDuplicatesQuery, type DuplicateMatchOut } from "../modules/duplicates/schemas.js";
import { asOption, collect, lang, m, output, readJson, userContext, withDatabase } from "./common.js";

type Reasons = { reasons: { label: string }[] };
const reasonsLine = (x: Reasons) => `    ${x.reasons.map((r) => r.label).join("; ")}`;
const titleOf = (title: LocalizedText) => localizedCell(title, lang);
const matchLines = (items: DuplicateMatchOut[]) =>
  items.length ? items.map((x) => `${x.score.toFixed(2)}  ${x.code}  ${titleOf(x.title)}  (${x.link})\n${reasonsLine(x)}`).join("\n") : m("duplicates.none");

type CheckOpts = { as: string; file?: string; title?: string; titleLang: string; description?: string; country?: string[]; province?: string[]; party?: string[]; sector?: string; from?: string; to?: string; mechanism?: string; limit?: string };

/** The draft from `--file` (JSON, `-` for stdin) or from the options; the options fill what the file leaves out. */
function draftOf(opts: CheckOpts) {
  const file = opts.file ? (readJson(opts.file) as Record<string, unknown>) : {};
  const year = (v?: string) => (v === undefined ? undefined : Number(v));
  const fromOpts = {
    ...(opts.title ? { title: { [opts.titleLang]: opts.title } } : {}),
    ...(opts.description ? { description: { [opts.titleLang]: opts.description } } : {}),
    ...(opts.country?.length ? { countries: opts.country } : {}),
    ...(opts.province?.length ? { provinces: opts.province } : {}),
    ...(opts.party?.length ? { parties: opts.party } : {}),
    ...(opts.sector ? { sector: opts.sector } : {}),
    ...(opts.from ? { startYear: year(opts.from) } : {}),
    ...(opts.to ? { endYear: year(opts.to) } : {}),
    ...(opts.mechanism ? { mechanism: opts.mechanism } : {}),
    ...(opts.limit ? { limit: Number(opts.limit) } : {}),
  };
  return ZDuplicateDraft.parse({ title: {}, ...file, ...fromOpts });
}

/** Repeated-construction detection from the command line: a draft, an existing project, the whole portfolio. */
export function registerDuplicatesCommands(program: Command) {
  const dup = program.command("duplicates").description(m("duplicates.description"));
  dup
    .command("check")
    .description(m("duplicates.check"))
    .addOption(asOption("duplicates.as"))
    .option("--file <file>", m("duplicates.file"))
    .option("--title <text>", m("duplicates.title"))
    .option("--title-lang <lang>", m("duplicates.titleLang", { langs: LANGS.join(", ") }), "en")
    .option("--description <text>", m("duplicates.descriptionOption"))
    .option("--country <code>", m("duplicates.country"), collect)
    .option("--province <code>", m("duplicates.province"), collect)
    .option("--party <code>", m("duplicates.party"), collect)
    .option("--sector <code>", m("duplicates.sector"))
    .option("--from <year>", m("duplicates.from"))
    .option("--to <year>", m("duplicates.to"))
    .option("--mechanism <code>", m("duplicates.mechanism"))
    .option("--limit <n>", m("duplicates.limit"))
    .action(async (opts: CheckOpts, cmd: Command) => {
      const draft = draftOf(opts);
      const res = await withDatabase(async (db) => checkDraft(await userContext(db, opts.as), draft));
      output(cmd, `${matchLines(res.items)}\n${m("duplicates.searched", { n: res.searched, threshold: res.threshold })}`, res);
    });
  dup
    .command("project <ref>")
    .description(m("duplicates.project"))
    .addOption(asOption("duplicates.as"))
    .option("--threshold <score>", m("duplicates.threshold"))
    .option("--limit <n>", m("duplicates.limit"))
    .action(async (ref: string, opts: { as: string; threshold?: string; limit?: string }, cmd: Command) => {
      const query = ZProjectDuplicatesQuery.parse({ threshold: opts.threshold, limit: opts.limit });
      const res = await withDatabase(async (db) => projectDuplicates(await userContext(db, opts.as), ref, query));
      output(cmd, matchLines(res.items), res);
    });
  dup
    .command("scan")
    .description(m("duplicates.scan"))
    .addOption(asOption("duplicates.as"))
    .option("--mechanism <code>", m("duplicates.scanMechanism"))
    .option("--threshold <score>", m("duplicates.threshold"))
    .option("--limit <n>", m("duplicates.limit"))
    .option("--csv", m("duplicates.csv"))
    .option("--bom", m("duplicates.bom"))
    .action(async (opts: { as: string; mechanism?: string; threshold?: string; limit?: string; csv?: boolean; bom?: boolean }, cmd: Command) => {
      const query = ZDuplicateScanQuery.parse({ mechanism: opts.mechanism, threshold: opts.threshold, limit: opts.limit });
      const res = await withDatabase(async (db) => scanDuplicates(await userContext(db, opts.as), query));
      if (opts.csv) {
        process.stdout.write(duplicatePairsCsv(res, lang, opts.bom));
        return;
      }
      const human = res.items.length
        ? res.items.map((p) => `${p.score.toFixed(2)}  ${p.a.code}  ${titleOf(p.a.title)}\n      ${p.b.code}  ${titleOf(p.b.title)}\n${reasonsLine(p)}`).join("\n")
        : m("duplicates.none");
      output(cmd, `${human}\n${m("duplicates.pairs", { shown: res.items.length, total: res.total, n: res.searched })}`, res);
    });
}
