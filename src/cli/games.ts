import { Option, type Command } from "commander";
import { analyzeGame, simulateGame, sweepGame } from "../modules/games/run.js";
import { GAME_MODELS, ZGameRequest, ZSimulateRequest, ZSweepRequest } from "../modules/games/schemas.js";
import type { Complex } from "../lib/games/stability.js";
import { m, output, readJson } from "./common.js";

type Base = { model: string; params: string };

const modelOption = () => new Option("--model <model>", m("game.model")).choices([...GAME_MODELS]).makeOptionMandatory();
const fmt = (v: number) => (Math.abs(v) < 5e-13 ? "0" : Number(v.toPrecision(6)).toString());
const complex = (c: Complex) => (c.im === 0 ? fmt(c.re) : `${fmt(c.re)}${c.im < 0 ? "−" : "+"}${fmt(Math.abs(c.im))}i`);
const point = (p: readonly number[]) => `(${p.map(fmt).join(", ")})`;
/** "F=0:40:9" → an axis of 9 values from 0 to 40. */
function axis(spec: string) {
  const match = /^([^=]+)=([^:]+):([^:]+):([^:]+)$/.exec(spec.trim());
  if (!match) return { name: spec, from: Number.NaN, to: Number.NaN, steps: Number.NaN };
  return { name: match[1]!.trim(), from: Number(match[2]), to: Number(match[3]), steps: Number(match[4]) };
}
const request = (opts: Base) => ({ model: opts.model, params: readJson(opts.params) });

/** Evolutionary games from the command line; `--json` is the contract scripts rely on. */
export function registerGameCommands(program: Command) {
  const game = program.command("game").description(m("game.description"));
  game
    .command("analyze")
    .description(m("game.analyze"))
    .addOption(modelOption())
    .requiredOption("--params <file>", m("game.params"))
    .action((opts: Base, cmd: Command) => {
      const r = analyzeGame(ZGameRequest.parse(request(opts)));
      const lines = r.equilibria.map((e) => `${point(e.point).padEnd(24)} ${m(`game.type.${e.type}`)}${e.shape ? ` (${m(`game.shape.${e.shape}`)})` : ""}  λ = ${e.eigenvalues.map(complex).join(", ")}`);
      output(cmd, lines.join("\n"), { equilibria: r.equilibria.map(({ jacobian: _j, point: _p, ...e }) => e) });
    });
  game
    .command("simulate")
    .description(m("game.simulate"))
    .addOption(modelOption())
    .requiredOption("--params <file>", m("game.params"))
    .requiredOption("--from <shares>", m("game.from"))
    .requiredOption("--until <t>", m("game.until"))
    .option("--rtol <r>", m("game.rtol"))
    .option("--atol <a>", m("game.atol"))
    .option("--trajectory", m("game.trajectory"))
    .action((opts: Base & { from: string; until: string; rtol?: string; atol?: string; trajectory?: boolean }, cmd: Command) => {
      const req = ZSimulateRequest.parse({
        ...request(opts),
        from: opts.from.split(",").map((v) => (v.trim() === "" ? Number.NaN : Number(v))),
        until: Number(opts.until),
        rtol: opts.rtol === undefined ? undefined : Number(opts.rtol),
        atol: opts.atol === undefined ? undefined : Number(opts.atol),
        trajectory: opts.trajectory ?? false,
      });
      const r = simulateGame(req);
      const { t, status, evaluations: _e, steps: _s, ...state } = r as typeof r & Record<string, number>;
      const human = `t = ${fmt(t)}: ${Object.entries(state).map(([k, v]) => `${k} = ${fmt(v as number)}`).join(", ")}${status === "failed" ? `\n${m("game.failed")}` : ""}`;
      output(cmd, human, r);
    });
  game
    .command("sweep")
    .description(m("game.sweep"))
    .addOption(modelOption())
    .requiredOption("--params <file>", m("game.params"))
    .requiredOption("--x <axis>", m("game.axis"))
    .requiredOption("--y <axis>", m("game.axis"))
    .option("--starts <n>", m("game.starts"))
    .option("--until <t>", m("game.until"))
    .action(async (opts: Base & { x: string; y: string; starts?: string; until?: string }, cmd: Command) => {
      const req = ZSweepRequest.parse({ ...request(opts), x: axis(opts.x), y: axis(opts.y), starts: opts.starts === undefined ? undefined : Number(opts.starts), until: opts.until === undefined ? undefined : Number(opts.until) });
      const r = await sweepGame(req);
      const lines = r.cells.map((c) => {
        const ends = c.outcomes.map((o) => `${point(o.point)} ${Math.round(o.share * 100)}%`);
        if (c.elsewhere > 0) ends.push(m("game.elsewhere", { share: Math.round(c.elsewhere * 100) }));
        return `${r.x.name}=${fmt(c.at[0])} ${r.y.name}=${fmt(c.at[1])}: ${ends.join(", ") || m("game.noEss")}`;
      });
      output(cmd, lines.join("\n"), r);
    });
}
