import type { Command } from "commander";
import { toCsv } from "../lib/csv.js";
import { RBO_LEVELS } from "../lib/rbo/indicators.js";
import { putAssessment } from "../modules/compare/assessments.js";
import { mechanismsSideBySide, SIDE_BY_SIDE_CSV_HEADER, sideBySideRows } from "../modules/compare/mechanisms.js";
import { ZAssessmentInput, ZSideBySideQuery, type AssessmentOut, type SideBySideOut } from "../modules/compare/mechanisms-schemas.js";
import { participantTable, rboScore } from "../modules/compare/read.js";
import { ZParticipantTableQuery, ZRboScoreRequest, type RboScoreOut } from "../modules/compare/schemas.js";
import { lang, m, output, readAs, readJson, userContext, withDatabase } from "./common.js";


const num = (n: number) => n.toLocaleString(lang === "en" ? "en-GB" : lang, { maximumFractionDigits: 0 });
const ratio = (n: number | null) => (n === null ? "—" : n.toFixed(3));

/** One block per mechanism: the figures of the side-by-side page, as text. */
function profileText(s: SideBySideOut): string {
  return s.mechanisms
    .map((p) => {
      const types = Object.entries(p.participants.counts)
        .filter(([, n]) => n > 0)
        .map(([t, n]) => `${t} ${n} (${Math.round(p.participants.shares[t]! * 100)}%)`)
        .join(", ");
      const top = (rows: { key: string; projects: number; amountUsd: number }[]) => rows.slice(0, 5).map((r) => `${r.key} ${r.projects} / ${num(r.amountUsd)}`).join(", ") || "—";
      const water = p.water.byFiveYears.map((w) => `${w.period}: ${w.events} (−${w.conflict} 0:${w.neutral} +${w.cooperation}, ${m("compare.side.mean")} ${ratio(w.mean)})`).join("; ") || "—";
      return [
        p.code,
        `  ${m("compare.side.members")}: ${Object.entries(p.roles).map(([r, n]) => `${r} ${n}`).join(", ")} — ${p.members.map((x) => `${x.actor} (${x.role})`).join(", ")}`,
        `  ${m("compare.side.participants")}: ${types || "—"}`,
        `  ${m("compare.side.diversity", { shannon: ratio(p.participants.shannon), pielou: ratio(p.participants.pielou), gini: ratio(p.participants.giniSimpson) })}`,
        `  ${m("compare.side.projects", { count: p.projects.count, amount: num(p.projects.amountUsd) })}`,
        `  ${m("compare.side.bySector")}: ${top(p.projects.bySector)}`,
        `  ${m("compare.side.byCountry")}: ${top(p.projects.byCountry)}`,
        `  ${m("compare.side.tracks")}: I ${p.tracks.I}, II ${p.tracks.II}, III ${p.tracks.III}, ${m("compare.side.noTrack")} ${p.tracks.none}`,
        `  ${m("compare.side.water")}: ${water}`,
      ].join("\n");
    })
    .join("\n\n");
}

function scoreText(s: RboScoreOut): string {
  const lines = s.indicators.map((i) => `  ${i.code.padEnd(20)} ${i.level.padEnd(22)} ${String(i.weight).padStart(5)}  ${i.value === null ? "—" : i.value.toFixed(3)}  ${i.name}`);
  const levels = RBO_LEVELS.map((l) => `  ${l.padEnd(22)} ${ratio(s.levels[l].score)}  (${m("compare.side.coverage")} ${Math.round(s.levels[l].coverage * 100)}%)`);
  return [s.organisation ? `${s.organisation.name} (${s.organisation.code})` : "", ...lines, "", ...levels, `  ${m("compare.side.overall")}: ${ratio(s.overall)}`].filter((l, i) => i > 0 || l).join("\n");
}

const assessmentText = (a: AssessmentOut) =>
  `${m("compare.side.saved", { mechanism: a.mechanism, count: Object.keys(a.values).length })}${a.source ? `\n${m("compare.side.source")}: ${a.source}` : ""}`;

/** The comparison side by side from the command line: profiles, Table 4-1, river-basin-organisation scores and assessments. */
export function registerSideBySideCommands(compare: Command) {
  compare
    .command("mechanisms")
    .description(m("compare.side.description"))
    .option("--mechanisms <codes>", m("compare.side.mechanismsOption"), "LMC,LMI,MJC,GMS,MRC")
    .option("--csv", m("compare.side.csv"))
    .option("--as <email>", m("compare.side.as"))
    .action(async (opts: { mechanisms: string; csv?: boolean; as?: string }, cmd: Command) => {
      const query = ZSideBySideQuery.parse({ mechanisms: opts.mechanisms });
      const data = await withDatabase(async (db) => mechanismsSideBySide(await readAs(db, opts.as), query));
      if (opts.csv) {
        process.stdout.write(toCsv(SIDE_BY_SIDE_CSV_HEADER, sideBySideRows(data)));
        return;
      }
      output(cmd, profileText(data), data);
    });

  compare
    .command("participants")
    .description(m("compare.side.participantsDescription"))
    .option("--type <type>", m("compare.side.type"), "ngo")
    .action(async (opts: { type: string }, cmd: Command) => {
      const table = await withDatabase(async (db) => participantTable(await readAs(db), ZParticipantTableQuery.parse({ type: opts.type })));
      const w = 8;
      const head = "".padEnd(w) + table.mechanisms.map((c) => c.padStart(w)).join("");
      const rows = table.countries.map((c) => c.padEnd(w) + table.mechanisms.map((mc) => String(table.cells[c]![mc] ?? "—").padStart(w)).join(""));
      const human = table.countries.length ? [head, ...rows, "", `${m("compare.side.source")}: ${table.sources.join("; ")}`].join("\n") : m("compare.side.noCounts", { type: opts.type });
      output(cmd, human, table);
    });

  compare
    .command("rbo")
    .description(m("compare.side.rboDescription"))
    .requiredOption("--organisation <code>", m("compare.side.organisation"))
    .option("--weights <file>", m("compare.side.weights"))
    .action(async (opts: { organisation: string; weights?: string }, cmd: Command) => {
      const req = ZRboScoreRequest.parse({ organisation: opts.organisation, weights: opts.weights ? readJson(opts.weights) : undefined });
      const s = await withDatabase(async (db) => rboScore(await readAs(db), req));
      output(cmd, scoreText(s), s);
    });

  compare
    .command("rbo-assess <mechanism>")
    .description(m("compare.side.assessDescription"))
    .requiredOption("--as <email>", m("compare.side.as"))
    .requiredOption("--values <file>", m("compare.side.values"))
    .option("--source <text>", m("compare.side.sourceOption"))
    .action(async (mechanism: string, opts: { as: string; values: string; source?: string }, cmd: Command) => {
      // The file holds the values alone, or a whole assessment ({ values, weights, source }).
      const raw = readJson(opts.values) as Record<string, unknown>;
      const body = raw && typeof raw === "object" && "values" in raw ? raw : { values: raw };
      const input = ZAssessmentInput.parse({ ...body, ...(opts.source === undefined ? {} : { source: opts.source }) });
      const saved = await withDatabase(async (db) => putAssessment(await userContext(db, opts.as), mechanism, input));
      output(cmd, assessmentText(saved), saved);
    });
}
