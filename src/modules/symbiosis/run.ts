import type { z } from "@hono/zod-openapi";
import { ruleAt } from "../../core/errors.js";
import { fitSymbiosis } from "../../lib/symbiosis/fit.js";
import { classifySymbiosis, simulateSymbiosis } from "../../lib/symbiosis/model.js";
import type { ZSymbiosisParams, ZSymbiosisSeries, ZSymbiosisSimulate } from "./schemas.js";

/** The mode, the coexistence point and its stability — or that growth is unbounded — as the contract prints them. */
export function classify(params: z.infer<typeof ZSymbiosisParams>) {
  const c = classifySymbiosis(params);
  const co = c.coexistence;
  return {
    mode: c.mode,
    unbounded: co.kind === "unbounded",
    coexistence: co.kind === "point" ? { x: co.x, y: co.y, stability: co.equilibrium.type, shape: co.equilibrium.shape, eigenvalues: co.equilibrium.eigenvalues } : null,
    restPoints: c.restPoints.map((e) => ({ x: e.point[0]!, y: e.point[1]!, type: e.type, eigenvalues: e.eigenvalues })),
    params,
  };
}

export function simulate(req: z.infer<typeof ZSymbiosisSimulate>) {
  const r = simulateSymbiosis(req.params, req.from, req.until, { keepSteps: req.trajectory });
  return { t: r.t, x: r.y[0]!, y: r.y[1]!, status: r.status, ...(req.trajectory ? { steps: r.steps } : {}) };
}

export function fitSeries(series: z.infer<typeof ZSymbiosisSeries>) {
  if (series.x.length !== series.y.length) throw ruleAt("symbiosis_series_length", "y", { x: series.x.length, y: series.y.length });
  if (series.years && series.years.length !== series.x.length) throw ruleAt("symbiosis_series_length", "years", { x: series.x.length, y: series.years.length });
  const r = fitSymbiosis(series.x, series.y);
  return { ...r, classification: r.params ? classify(r.params) : null };
}
