import { analyze, simulate } from "./analyze.js";
import type { Model } from "./models.js";
import type { OdeOptions } from "./ode.js";

export type Axis = { name: string; values: number[] };

export type SweepCell = {
  /** The two parameters' values. */
  at: [number, number];
  /** The ESSs of this cell and the share of the starts that end at each. */
  outcomes: { point: number[]; share: number }[];
  /** Starts that end at no ESS within the tolerance (a cycle, a slow drift, an edge of equilibria). */
  elsewhere: number;
};

export type SweepOptions = {
  /** Starts per variable: an n × n grid of interior states at (i + ½)/n. */
  starts: number;
  until: number;
  /** How close the end state must be to an ESS to count for it. */
  tolerance?: number;
  ode?: OdeOptions;
};

/** The n^d interior starting states at (i + ½)/n in each of d variables. */
export function startGrid(n: number, d: number): number[][] {
  const axis = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  let out: number[][] = [[]];
  for (let k = 0; k < d; k++) out = out.flatMap((s) => axis.map((v) => [...s, v]));
  return out;
}

/**
 * A grid over two parameters of a model family: for each cell, where the starts end. This is the
 * question a policy designer asks ("how large must the fine be before most starting points end
 * with both governments restrained?"): the basin of each ESS measured by its share of starts.
 */
export function sweep<P extends Record<string, unknown>>(build: (params: P) => Model, base: P, x: Axis, y: Axis, opts: SweepOptions): SweepCell[] {
  return [...sweepCells(build, base, x, y, opts)];
}

/** The same, a cell at a time, so a server can yield between cells instead of blocking for the whole grid. */
export function* sweepCells<P extends Record<string, unknown>>(build: (params: P) => Model, base: P, x: Axis, y: Axis, opts: SweepOptions): Generator<SweepCell> {
  const tol = opts.tolerance ?? 1e-3;
  for (const yv of y.values)
    for (const xv of x.values) {
      const model = build({ ...base, [x.name]: xv, [y.name]: yv });
      const ess = analyze(model).filter((e) => e.type === "ess");
      const counts = ess.map(() => 0);
      let elsewhere = 0;
      const starts = startGrid(opts.starts, model.variables.length);
      // An ESS attracts everything close enough, so a path that comes within a tenth of the
      // tolerance of one has ended there; stopping then saves most of the integration.
      const near = (y: readonly number[]) => ess.some((e) => e.point.every((v, i) => Math.abs(v - y[i]!) <= tol / 10));
      for (const s of starts) {
        const end = simulate(model, s, { rtol: 1e-6, atol: 1e-9, stopWhenStill: 1e-10, stopWhen: near, ...opts.ode, until: opts.until }).y;
        const k = ess.findIndex((e) => e.point.every((v, i) => Math.abs(v - end[i]!) <= tol));
        if (k < 0) elsewhere++;
        else counts[k]!++;
      }
      yield { at: [xv, yv], outcomes: ess.map((e, k) => ({ point: e.point, share: counts[k]! / starts.length })), elsewhere: elsewhere / starts.length };
    }
}
