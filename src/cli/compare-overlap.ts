import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { MATRIX_KINDS, type MatrixKind } from "../lib/overlap/mechanisms.js";
import type { Matrix } from "../lib/overlap/sets.js";
import { overlapHeatmapSvg } from "../lib/overlap/svg.js";
import { outsideActivityCsv, overlapCsv, projectOverlapCsv } from "../modules/compare/csv.js";
import { mechanismOverlapMatrices, outsideActivityIn, projectOverlapList } from "../modules/compare/read.js";
import { ZOutsideActivityQuery, ZOverlapQuery, ZProjectOverlapQuery, type OutsideActivityOut, type ProjectOverlapOut } from "../modules/compare/schemas.js";
import { lang, m, output, readAs, withDatabase } from "./common.js";

/** The comparison: the LMC against the Mekong-US, Mekong-Japan, GMS and MRC mechanisms. */
const DEFAULT_MECHANISMS = "LMC,LMI,MJC,GMS,MRC";
const KINDS = Object.keys(MATRIX_KINDS) as MatrixKind[];


/** A matrix as aligned text, two decimals a cell. */
function matrixText(kind: MatrixKind, mat: Matrix): string {
  const width = Math.max(5, ...mat.codes.map((c) => c.length)) + 2;
  const head = "".padEnd(width) + mat.codes.map((c) => c.padStart(width)).join("");
  const rows = mat.codes.map((c, i) => c.padEnd(width) + mat.cells[i]!.map((v) => v.toFixed(2).padStart(width)).join(""));
  return [m(`compare.kinds.${kind}`), head, ...rows].join("\n");
}

type Reason = ProjectOverlapOut["items"][number]["reasons"][number];
const reasonText = (r: Reason) =>
  r.kind === "distance" ? m("compare.reason.distance", { km: r.km ?? 0 }) : r.kind === "years" ? m("compare.reason.years", { from: r.from ?? "…", to: r.to ?? "…" }) : m(`compare.reason.${r.kind}`, { codes: (r.codes ?? []).join(", ") });

/** Each priority area with its footprint, then one line per outside actor. */
function activityText(a: OutsideActivityOut): string {
  return a.areas
    .map((area) => {
      const head = `${area.priorityArea}: ${area.ownProjects ? m("compare.footprint", { count: area.ownProjects, countries: area.countries.join(", ") || "–", sectors: area.sectors.join(", ") || "–" }) : m("compare.noFootprint")}`;
      const lines = area.outside.map((o) => `  ${(o.actor ?? "–").padEnd(24)} ${o.via.join(",").padEnd(10)} ${m("compare.outsideLine", { projects: o.projects.length, countries: o.countries.join(", "), sectors: o.sectors.join(", "), amount: Math.round(o.amount) })}`);
      return [head, ...lines].join("\n");
    })
    .join("\n");
}

export function registerOverlapCommands(compare: Command) {
  compare
    .command("overlap")
    .description(m("compare.overlap"))
    .option("--mechanisms <codes>", m("compare.mechanisms"), DEFAULT_MECHANISMS)
    .addOption(new Option("--kind <kinds...>", m("compare.kind")).choices(KINDS))
    .option("--csv", m("compare.csv"))
    .option("--bom", m("compare.bom"))
    .option("--svg <file>", m("compare.svg"))
    .option("--as <email>", m("compare.as"))
    .action(async (opts: { mechanisms: string; kind?: MatrixKind[]; csv?: boolean; bom?: boolean; svg?: string; as?: string }, cmd: Command) => {
      const query = ZOverlapQuery.parse({ mechanisms: opts.mechanisms });
      const overlap = await withDatabase(async (db) => mechanismOverlapMatrices(await readAs(db, opts.as), query));
      const kinds = opts.kind?.length ? [...new Set(opts.kind)] : KINDS;
      if (opts.svg) {
        // One picture: the first kind asked for, membership unless told.
        const kind = opts.kind?.[0] ?? "members";
        writeFileSync(opts.svg, overlapHeatmapSvg(overlap.matrices[kind], { title: m(`compare.kinds.${kind}`) }));
        process.stderr.write(`${m("compare.svgWritten", { file: opts.svg, kind })}\n`);
      }
      if (opts.csv) {
        process.stdout.write(overlapCsv(overlap, { lang, bom: opts.bom, kinds }));
        return;
      }
      const picked = { ...overlap, kinds: Object.fromEntries(kinds.map((k) => [k, overlap.kinds[k]!])), matrices: Object.fromEntries(kinds.map((k) => [k, overlap.matrices[k]])) };
      output(cmd, kinds.map((k) => matrixText(k, overlap.matrices[k])).join("\n\n"), picked);
    });
  compare
    .command("project-overlap <ref>")
    .description(m("compare.projectOverlap"))
    .option("--km <km>", m("compare.km"))
    .option("--csv", m("compare.csv"))
    .option("--bom", m("compare.bom"))
    .option("--as <email>", m("compare.as"))
    .action(async (ref: string, opts: { km?: string; csv?: boolean; bom?: boolean; as?: string }, cmd: Command) => {
      const query = ZProjectOverlapQuery.parse({ km: opts.km });
      const list = await withDatabase(async (db) => projectOverlapList(await readAs(db, opts.as), ref, query));
      if (opts.csv) {
        process.stdout.write(projectOverlapCsv(list, { lang, bom: opts.bom }));
        return;
      }
      const lines = list.items.map((o) => `${o.code.padEnd(28)} ${(o.mechanism && !o.externalSource ? o.mechanism : (o.externalSource ?? "")).padEnd(8)} ${o.reasons.map(reasonText).join("; ")}`);
      output(cmd, lines.length ? [...lines, m("compare.overlapCount", { count: lines.length, km: list.maxKm })].join("\n") : m("compare.noOverlap"), list);
    });
  compare
    .command("outside-activity")
    .description(m("compare.outsideActivity"))
    .option("--mechanism <code>", m("compare.outsideMechanism"), "LMC")
    .option("--csv", m("compare.csv"))
    .option("--bom", m("compare.bom"))
    .option("--as <email>", m("compare.as"))
    .action(async (opts: { mechanism: string; csv?: boolean; bom?: boolean; as?: string }, cmd: Command) => {
      const query = ZOutsideActivityQuery.parse({ mechanism: opts.mechanism });
      const activity = await withDatabase(async (db) => outsideActivityIn(await readAs(db, opts.as), query));
      if (opts.csv) {
        process.stdout.write(outsideActivityCsv(activity, { lang, bom: opts.bom }));
        return;
      }
      output(cmd, activityText(activity), activity);
    });
}
