import type { Command } from "commander";
import { core, nash, shapley } from "../modules/sharing/run.js";
import { ZCoreRequest, ZNashRequest, ZShapleyRequest } from "../modules/sharing/schemas.js";
import { classify, fitSeries, simulate } from "../modules/symbiosis/run.js";
import { ZSymbiosisParams, ZSymbiosisSeries, ZSymbiosisSimulate } from "../modules/symbiosis/schemas.js";
import { m, output, readJson } from "./common.js";

const fmt = (v: number) => (Math.abs(v) < 5e-13 ? "0" : Number(v.toPrecision(6)).toString());
const numbers = (s: string | undefined) => (s === undefined ? undefined : s.split(",").map((v) => (v.trim() === "" ? Number.NaN : Number(v))));
const opt = (s: string | undefined) => (s === undefined ? undefined : Number(s));

type Core = { inCore: boolean; blocking: { coalition: number[]; excess: number }[]; blockingCount: number } | null;
const coreLine = (c: Core) =>
  c === null ? "" : c.inCore ? `\n${m("share.inCore")}` : `\n${m("share.notInCore", { count: c.blockingCount })}\n${c.blocking.map((b) => `  {${b.coalition.join(",")}} +${fmt(b.excess)}`).join("\n")}`;

/** Fair sharing from the command line: Shapley, Nash bargaining and the core, JSON in and out. */
export function registerShareCommands(program: Command) {
  const share = program.command("share").description(m("share.description"));
  share
    .command("shapley")
    .description(m("share.shapley"))
    .requiredOption("--game <file>", m("share.game"))
    .option("--sample <permutations>", m("share.sample"))
    .option("--seed <n>", m("share.seed"))
    .action((opts: { game: string; sample?: string; seed?: string }, cmd: Command) => {
      const r = shapley(ZShapleyRequest.parse({ game: readJson(opts.game), sample: opt(opts.sample), seed: opt(opts.seed) }));
      const lines = r.shapley.map((v, i) => `${i + 1}: ${fmt(v)}${r.method === "sampled" ? ` ± ${fmt(r.bound95[i]!)}` : ""}`);
      output(cmd, `${lines.join("\n")}${coreLine(r.core)}`, r);
    });
  share
    .command("nash")
    .description(m("share.nash"))
    .requiredOption("--game <file>", m("share.game"))
    .option("--weights <w>", m("share.weights"))
    .option("--disagreement <d>", m("share.disagreement"))
    .action((opts: { game: string; weights?: string; disagreement?: string }, cmd: Command) => {
      const r = nash(ZNashRequest.parse({ game: readJson(opts.game), weights: numbers(opts.weights), disagreement: numbers(opts.disagreement) }));
      output(cmd, `${r.nash.map((v, i) => `${i + 1}: ${fmt(v)}`).join("\n")}${coreLine(r.core)}`, r);
    });
  share
    .command("core")
    .description(m("share.core"))
    .requiredOption("--game <file>", m("share.game"))
    .requiredOption("--allocation <x>", m("share.allocation"))
    .action((opts: { game: string; allocation: string }, cmd: Command) => {
      const r = core(ZCoreRequest.parse({ game: readJson(opts.game), allocation: numbers(opts.allocation) }));
      output(cmd, coreLine(r).trimStart(), r);
    });
}

/** The symbiosis model from the command line. */
export function registerSymbiosisCommands(program: Command) {
  const sym = program.command("symbiosis").description(m("symbiosis.description"));
  sym
    .command("classify")
    .description(m("symbiosis.classify"))
    .requiredOption("--a12 <a>", m("symbiosis.a12"))
    .requiredOption("--a21 <a>", m("symbiosis.a21"))
    .option("--r1 <r>", m("symbiosis.r"))
    .option("--r2 <r>", m("symbiosis.r"))
    .option("--N1 <n>", m("symbiosis.N"))
    .option("--N2 <n>", m("symbiosis.N"))
    .action((opts: Record<string, string | undefined>, cmd: Command) => {
      const r = classify(ZSymbiosisParams.parse({ a12: opt(opts.a12), a21: opt(opts.a21), r1: opt(opts.r1), r2: opt(opts.r2), N1: opt(opts.N1), N2: opt(opts.N2) }));
      const co = r.unbounded ? m("symbiosis.unbounded") : r.coexistence ? m("symbiosis.coexistence", { x: fmt(r.coexistence.x), y: fmt(r.coexistence.y), stability: m(`game.type.${r.coexistence.stability}`) }) : m("symbiosis.noCoexistence");
      output(cmd, `${m(`symbiosis.mode.${r.mode}`)}\n${co}`, r);
    });
  sym
    .command("simulate")
    .description(m("symbiosis.simulate"))
    .requiredOption("--params <file>", m("symbiosis.params"))
    .requiredOption("--from <x,y>", m("symbiosis.from"))
    .requiredOption("--until <t>", m("game.until"))
    .option("--trajectory", m("game.trajectory"))
    .action((opts: { params: string; from: string; until: string; trajectory?: boolean }, cmd: Command) => {
      const r = simulate(ZSymbiosisSimulate.parse({ params: readJson(opts.params), from: numbers(opts.from), until: Number(opts.until), trajectory: opts.trajectory ?? false }));
      output(cmd, `t = ${fmt(r.t)}: x = ${fmt(r.x)}, y = ${fmt(r.y)}`, r);
    });
  sym
    .command("fit")
    .description(m("symbiosis.fit"))
    .requiredOption("--series <file>", m("symbiosis.series"))
    .action((opts: { series: string }, cmd: Command) => {
      const r = fitSeries(ZSymbiosisSeries.parse(readJson(opts.series)));
      const human = r.params
        ? `${m(`symbiosis.mode.${r.mode}`)}\n${Object.entries(r.params).map(([k, v]) => `${k} = ${fmt(v)}`).join(", ")}\nRMSE x ${fmt(r.rmse!.x)}, y ${fmt(r.rmse!.y)}; R² x ${fmt(r.r2!.x)}, y ${fmt(r.r2!.y)}`
        : r.warnings.map((w) => m(`symbiosis.warning.${w}`)).join("\n");
      output(cmd, human, r);
    });
}
