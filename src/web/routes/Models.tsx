import { useMutation } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { ErrorBox, Field, Loading, PageTitle, RoleGate } from "../components/ui";
import { useI18n } from "../i18n";
import { simulate } from "../../lib/games/analyze";
import { supervisor, twoGovernments, type Model } from "../../lib/games/models";
import { startGrid } from "../../lib/games/sweep";
import { membersOf } from "../../lib/sharing/shapley";

// ECharts loads only when a chart is first drawn.
const PhasePortrait = lazy(() => import("../charts/ModelCharts").then((m) => ({ default: m.PhasePortrait })));
const SweepHeatmap = lazy(() => import("../charts/ModelCharts").then((m) => ({ default: m.SweepHeatmap })));

type Analysis = Schemas["GameAnalysis"];
type Equilibrium = Analysis["equilibria"][number];
type GameModel = "two-governments" | "supervisor";

const TYPE_COLOUR: Record<string, string> = { ess: "#2e7d32", saddle: "#f9a825", source: "#c62828", centre: "#6a1b9a", "non-hyperbolic": "#757575" };
const DEFAULTS: Record<GameModel, Record<string, number | string>> = {
  // The worked example of seed 002 §2.1's two-government game (issue 8): two ESSs and a saddle.
  "two-governments": { C1: 3, C2: 2, dR1: 4, dR2: 3, S1: 5, S2: 4, L1: 2, L2: 1, F: 10, k1: 1.2, k2: 0.8, p: 0.5 },
  supervisor: { C: 2, dR: 3, F: 20, L: 5, c: 4, fine: "dynamic" },
};
const num = (v: number) => (Math.abs(v) < 5e-13 ? "0" : Number(v.toPrecision(4)).toString());
const complex = (c: { re: number; im: number }) => (c.im === 0 ? num(c.re) : `${num(c.re)} ${c.im < 0 ? "−" : "+"} ${num(Math.abs(c.im))}i`);

/** Models for policy design: evolutionary games, fair sharing and symbiosis, computed by the API. */
export function Models() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("models.title")}>
      <PageTitle>{t("models.title")}</PageTitle>
      <p className="muted description">{t("models.intro")}</p>
      <Games />
      <Sharing />
      <Symbiosis />
    </RoleGate>
  );
}

function NumberField({ label, value, onChange, step = "any" }: { label: string; value: number | string; onChange: (v: string) => void; step?: string }) {
  return <Field label={label}>{({ id }) => <input id={id} type="number" step={step} value={value} onChange={(e) => onChange(e.target.value)} />}</Field>;
}

function Games() {
  const { t } = useI18n();
  const [model, setModel] = useState<GameModel>("two-governments");
  const [params, setParams] = useState<Record<string, number | string>>(DEFAULTS["two-governments"]);
  const numeric = Object.keys(params).filter((k) => typeof DEFAULTS[model][k] === "number");
  const payload = () => ({ model, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, k === "fine" ? v : Number(v)])) });
  const analyze = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/models/games/analyze", { body: payload() as never })) });
  const choose = (m: GameModel) => {
    setModel(m);
    setParams(DEFAULTS[m]);
    analyze.reset();
  };
  const vars = model === "supervisor" ? ["x", "p"] : ["x", "y"];
  return (
    <section aria-labelledby="games-title">
      <h2 id="games-title">{t("models.games.title")}</h2>
      <p className="muted">{t(`models.games.about.${model}`)}</p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          analyze.mutate();
        }}
      >
        <Field label={t("models.games.model")}>
          {({ id }) => (
            <select id={id} value={model} onChange={(e) => choose(e.target.value as GameModel)}>
              <option value="two-governments">{t("models.games.twoGovernments")}</option>
              <option value="supervisor">{t("models.games.supervisor")}</option>
            </select>
          )}
        </Field>
        {numeric.map((k) => (
          <NumberField key={k} label={`${k} — ${t(`models.games.param.${k}`)}`} value={params[k]!} onChange={(v) => setParams({ ...params, [k]: v })} />
        ))}
        {model === "supervisor" ? (
          <Field label={t("models.games.fine")}>
            {({ id }) => (
              <select id={id} value={String(params.fine)} onChange={(e) => setParams({ ...params, fine: e.target.value })}>
                <option value="fixed">{t("models.games.fineFixed")}</option>
                <option value="dynamic">{t("models.games.fineDynamic")}</option>
              </select>
            )}
          </Field>
        ) : null}
        <button type="submit" disabled={analyze.isPending}>
          {t("models.games.analyze")}
        </button>
      </form>
      {analyze.error ? <ErrorBox error={analyze.error} /> : null}
      {analyze.data ? <GameResult analysis={analyze.data} model={build(model, payload().params)} vars={vars} /> : null}
      {analyze.data ? <Sweep model={model} payload={payload} numeric={numeric} /> : null}
    </section>
  );
}

function build(model: GameModel, params: Record<string, unknown>): Model {
  return model === "supervisor" ? supervisor(params as Parameters<typeof supervisor>[0]) : twoGovernments(params as Parameters<typeof twoGovernments>[0]);
}

function GameResult({ analysis, model, vars }: { analysis: Analysis; model: Model; vars: string[] }) {
  const { t } = useI18n();
  // Paths from a 5 × 5 grid of starts, computed here with the same integrator the API uses.
  const paths = startGrid(5, 2).map((s) => simulate(model, s, { until: 40, rtol: 1e-5, atol: 1e-8, keepSteps: true }).steps.map(([, x, y]) => [x!, y!]));
  const typeOf = (e: Equilibrium) => t(`models.type.${e.type}`) + (e.shape ? ` (${t(`models.shape.${e.shape}`)})` : "");
  return (
    <div className="model-result">
      <table data-testid="equilibria">
        <caption>{t("models.games.equilibria")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("models.games.point")}</th>
            <th scope="col">{t("models.games.eigenvalues")}</th>
            <th scope="col">{t("models.games.type")}</th>
          </tr>
        </thead>
        <tbody>
          {analysis.equilibria.map((e) => (
            <tr key={e.point.join()}>
              <td>({e.point.map(num).join(", ")})</td>
              <td>{e.eigenvalues.map(complex).join("; ")}</td>
              <td data-type={e.type}>{typeOf(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Suspense fallback={<Loading />}>
        <PhasePortrait
          paths={paths}
          points={analysis.equilibria.map((e) => ({ x: e.point[0]!, y: e.point[1]!, label: t(`models.type.${e.type}`), colour: TYPE_COLOUR[e.type]! }))}
          xName={vars[0]!}
          yName={vars[1]!}
          max={1}
          label={t("models.games.portrait")}
          filename="phase-portrait.png"
          downloadLabel={t("models.downloadPng")}
        />
      </Suspense>
    </div>
  );
}

function Sweep({ model, payload, numeric }: { model: GameModel; payload: () => { model: GameModel; params: Record<string, unknown> }; numeric: string[] }) {
  const { t } = useI18n();
  const [axes, setAxes] = useState(() => (model === "supervisor" ? { x: "F", xFrom: 5, xTo: 40, y: "c", yFrom: 1, yTo: 10 } : { x: "F", xFrom: 0, xTo: 40, y: "p", yFrom: 0, yTo: 1 }));
  const [steps, setSteps] = useState(9);
  const [starts, setStarts] = useState(5);
  const sweep = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/models/games/sweep", {
          body: { ...payload(), x: { name: axes.x, from: Number(axes.xFrom), to: Number(axes.xTo), steps }, y: { name: axes.y, from: Number(axes.yFrom), to: Number(axes.yTo), steps }, starts } as never,
        }),
      ),
  });
  const result = sweep.data;
  // The ESSs found anywhere in the grid; the map shows the share of starts ending at one of them.
  const targets = result ? [...new Set(result.cells.flatMap((c) => c.outcomes.map((o) => o.point.join(","))))] : [];
  const [target, setTarget] = useState<string>("");
  const chosen = targets.includes(target) ? target : (targets[targets.length - 1] ?? "");
  const share = (c: NonNullable<typeof result>["cells"][number]) => Math.round(100 * (c.outcomes.find((o) => o.point.join(",") === chosen)?.share ?? 0));
  const axisSelect = (which: "x" | "y") => (
    <Field label={t(`models.sweep.${which}`)}>
      {({ id }) => (
        <select id={id} value={axes[which]} onChange={(e) => setAxes({ ...axes, [which]: e.target.value })}>
          {numeric.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <section aria-labelledby="sweep-title">
      <h3 id="sweep-title">{t("models.sweep.title")}</h3>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          sweep.mutate();
        }}
      >
        {axisSelect("x")}
        <NumberField label={t("models.sweep.from")} value={axes.xFrom} onChange={(v) => setAxes({ ...axes, xFrom: Number(v) })} />
        <NumberField label={t("models.sweep.to")} value={axes.xTo} onChange={(v) => setAxes({ ...axes, xTo: Number(v) })} />
        {axisSelect("y")}
        <NumberField label={t("models.sweep.from")} value={axes.yFrom} onChange={(v) => setAxes({ ...axes, yFrom: Number(v) })} />
        <NumberField label={t("models.sweep.to")} value={axes.yTo} onChange={(v) => setAxes({ ...axes, yTo: Number(v) })} />
        <NumberField label={t("models.sweep.steps")} value={steps} step="1" onChange={(v) => setSteps(Number(v))} />
        <NumberField label={t("models.sweep.starts")} value={starts} step="1" onChange={(v) => setStarts(Number(v))} />
        <button type="submit" disabled={sweep.isPending}>
          {t("models.sweep.run")}
        </button>
      </form>
      {sweep.isPending ? <Loading /> : null}
      {sweep.error ? <ErrorBox error={sweep.error} /> : null}
      {result && chosen ? (
        <>
          <Field label={t("models.sweep.target")}>
            {({ id }) => (
              <select id={id} value={chosen} onChange={(e) => setTarget(e.target.value)}>
                {targets.map((p) => (
                  <option key={p} value={p}>
                    ({p})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Suspense fallback={<Loading />}>
            <SweepHeatmap
              xs={result.x.values.map(num)}
              ys={result.y.values.map(num)}
              values={result.cells.map((c) => [result.x.values.indexOf(c.at[0]!), result.y.values.indexOf(c.at[1]!), share(c)])}
              xName={result.x.name}
              yName={result.y.name}
              label={t("models.sweep.chart", { point: chosen })}
              filename="sweep.png"
              downloadLabel={t("models.downloadPng")}
            />
          </Suspense>
          <table data-testid="sweep-table">
            <caption>{t("models.sweep.chart", { point: chosen })}</caption>
            <thead>
              <tr>
                <th scope="col">
                  {result.y.name} \ {result.x.name}
                </th>
                {result.x.values.map((v) => (
                  <th key={v} scope="col">
                    {num(v)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.y.values.map((yv) => (
                <tr key={yv}>
                  <th scope="row">{num(yv)}</th>
                  {result.x.values.map((xv) => {
                    const c = result.cells.find((cell) => cell.at[0] === xv && cell.at[1] === yv)!;
                    return <td key={xv}>{share(c)}%</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : result ? (
        <p>{t("models.sweep.noEss")}</p>
      ) : null}
    </section>
  );
}

const EXAMPLE_GAME: Record<string, number> = { "1": 1, "2": 2, "3": 3, "1,2": 6, "1,3": 7, "2,3": 8, "1,2,3": 12 };

function Sharing() {
  const { t } = useI18n();
  const [players, setPlayers] = useState(3);
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(Object.entries(EXAMPLE_GAME).map(([k, v]) => [k, String(v)])));
  const coalitions = Array.from({ length: (1 << players) - 1 }, (_, i) => membersOf(i + 1).join(",")).sort((a, b) => a.split(",").length - b.split(",").length || a.localeCompare(b));
  const game = () => ({ players, values: { "": 0, ...Object.fromEntries(coalitions.map((k) => [k, Number(values[k] ?? 0)])) } });
  const compute = useMutation({
    mutationFn: async () => {
      const [shapley, nash] = await Promise.all([unwrap(api.POST("/api/v1/models/share/shapley", { body: { game: game() } as never })), unwrap(api.POST("/api/v1/models/share/nash", { body: { game: game() } as never })).catch((e: unknown) => e)]);
      return { shapley, nash };
    },
  });
  const r = compute.data;
  const nash = r && !(r.nash instanceof Error) ? (r.nash as Schemas["NashResult"]) : null;
  return (
    <section aria-labelledby="share-title">
      <h2 id="share-title">{t("models.share.title")}</h2>
      <p className="muted">{t("models.share.about")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          compute.mutate();
        }}
      >
        <Field label={t("models.share.players")}>
          {({ id }) => (
            <select id={id} value={players} onChange={(e) => setPlayers(Number(e.target.value))}>
              {[2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-grid">
          {coalitions.map((k) => (
            <NumberField key={k} label={t("models.share.value", { coalition: `{${k}}` })} value={values[k] ?? "0"} onChange={(v) => setValues({ ...values, [k]: v })} />
          ))}
        </div>
        <button type="submit" disabled={compute.isPending}>
          {t("models.share.compute")}
        </button>
      </form>
      {compute.error ? <ErrorBox error={compute.error} /> : null}
      {r ? (
        <>
          <table data-testid="shares">
            <caption>{t("models.share.result")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("models.share.party")}</th>
                <th scope="col">{t("models.share.shapley")}</th>
                <th scope="col">{t("models.share.nash")}</th>
              </tr>
            </thead>
            <tbody>
              {r.shapley.shapley.map((v, i) => (
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <td>{num(v)}</td>
                  <td>{nash ? num(nash.nash[i]!) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.nash instanceof Error ? <ErrorBox error={r.nash} /> : null}
          {r.shapley.core ? (
            <p data-testid="core" role="status">
              {r.shapley.core.inCore ? t("models.share.inCore") : t("models.share.notInCore", { count: r.shapley.core.blockingCount, coalitions: r.shapley.core.blocking.map((b) => `{${b.coalition.join(",")}}`).join(", ") })}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function Symbiosis() {
  const { t } = useI18n();
  const [p, setP] = useState<Record<string, string>>({ a12: "0.3", a21: "0.5", r1: "0.5", r2: "0.4", N1: "100", N2: "80" });
  const params = () => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Number(v)]));
  const classify = useMutation({
    mutationFn: async () => {
      const c = await unwrap(api.POST("/api/v1/models/symbiosis/classify", { body: params() as never }));
      const q = params();
      const runs = await Promise.all(
        [
          [0.1, 0.1],
          [1.5, 0.2],
          [0.2, 1.5],
        ].map(([a, b]) => unwrap(api.POST("/api/v1/models/symbiosis/simulate", { body: { params: q, from: [a! * q.N1!, b! * q.N2!], until: 40, trajectory: true } as never }))),
      );
      return { c, paths: runs.map((r) => (r.steps ?? []).map(([, x, y]) => [x!, y!])) };
    },
  });
  const [series, setSeries] = useState({ x: "", y: "" });
  const fit = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/models/symbiosis/fit", { body: { x: series.x.split(/[\s,;]+/).filter(Boolean).map(Number), y: series.y.split(/[\s,;]+/).filter(Boolean).map(Number) } as never })) });
  const c = classify.data?.c;
  return (
    <section aria-labelledby="symbiosis-title">
      <h2 id="symbiosis-title">{t("models.symbiosis.title")}</h2>
      <p className="muted">{t("models.symbiosis.about")}</p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          classify.mutate();
        }}
      >
        {Object.keys(p).map((k) => (
          <NumberField key={k} label={`${k} — ${t(`models.symbiosis.param.${k}`)}`} value={p[k]!} onChange={(v) => setP({ ...p, [k]: v })} />
        ))}
        <button type="submit" disabled={classify.isPending}>
          {t("models.symbiosis.classify")}
        </button>
      </form>
      {classify.error ? <ErrorBox error={classify.error} /> : null}
      {c ? (
        <div className="model-result">
          <p data-testid="symbiosis-mode" role="status">
            <strong>{t(`models.symbiosis.mode.${c.mode}`)}</strong>.{" "}
            {c.unbounded
              ? t("models.symbiosis.unbounded")
              : c.coexistence
                ? t("models.symbiosis.coexistence", { x: num(c.coexistence.x), y: num(c.coexistence.y), stability: t(`models.type.${c.coexistence.stability}`) })
                : t("models.symbiosis.none")}
          </p>
          <Suspense fallback={<Loading />}>
            <PhasePortrait
              paths={classify.data!.paths}
              points={c.restPoints.map((e) => ({ x: e.x, y: e.y, label: t(`models.type.${e.type}`), colour: TYPE_COLOUR[e.type]! }))}
              xName="x"
              yName="y"
              label={t("models.symbiosis.portrait")}
              filename="symbiosis.png"
              downloadLabel={t("models.downloadPng")}
            />
          </Suspense>
        </div>
      ) : null}
      <h3>{t("models.symbiosis.fitTitle")}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          fit.mutate();
        }}
      >
        <Field label={t("models.symbiosis.seriesX")} hint={t("models.symbiosis.seriesHint")}>
          {({ id, describedBy }) => <textarea id={id} aria-describedby={describedBy} rows={2} value={series.x} onChange={(e) => setSeries({ ...series, x: e.target.value })} />}
        </Field>
        <Field label={t("models.symbiosis.seriesY")}>{({ id }) => <textarea id={id} rows={2} value={series.y} onChange={(e) => setSeries({ ...series, y: e.target.value })} />}</Field>
        <button type="submit" disabled={fit.isPending}>
          {t("models.symbiosis.fit")}
        </button>
      </form>
      {fit.error ? <ErrorBox error={fit.error} /> : null}
      {fit.data ? (
        <div data-testid="symbiosis-fit" role="status">
          {fit.data.params ? (
            <p>
              <strong>{t(`models.symbiosis.mode.${fit.data.mode}`)}</strong>: {Object.entries(fit.data.params).map(([k, v]) => `${k} = ${num(v)}`).join(", ")}. {t("models.symbiosis.fitError", { x: num(fit.data.rmse!.x), y: num(fit.data.rmse!.y) })}
            </p>
          ) : (
            <ul>
              {fit.data.warnings.map((w) => (
                <li key={w}>{t(`models.symbiosis.warning.${w}`)}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </section>
  );
}
