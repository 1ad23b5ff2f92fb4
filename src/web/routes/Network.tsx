import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { lazy, Suspense, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { Async, Field, Loading, MechanismSelect, PageTitle } from "../components/ui";
import { pick, useI18n } from "../i18n";
import { symbiosisRoles, type Side } from "../lib/symbiosis-roles";

const NetworkGraph = lazy(() => import("../charts/ModelCharts").then((m) => ({ default: m.NetworkGraph })));

type Net = Schemas["CollaborationNetwork"];
type Node = Net["nodes"][number];

/** Communities on a ring, each community's members on a small ring at its place: a layout computed once, no force simulation. */
function layout(nodes: Node[]) {
  const groups = new Map<number, Node[]>();
  for (const n of nodes) groups.set(n.community, [...(groups.get(n.community) ?? []), n]);
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  const pos = new Map<string, { x: number; y: number }>();
  ordered.forEach((members, k) => {
    const angle = (2 * Math.PI * k) / ordered.length;
    const R = ordered.length > 1 ? 1000 : 0;
    const r = 60 + 60 * Math.sqrt(members.length);
    members
      .sort((a, b) => b.pagerank - a.pagerank)
      .forEach((m, i) => {
        const a = (2 * Math.PI * i) / members.length;
        pos.set(m.code, { x: R * Math.cos(angle) + (i === 0 ? 0 : r * Math.cos(a)), y: R * Math.sin(angle) + (i === 0 ? 0 : r * Math.sin(a)) });
      });
  });
  return pos;
}

/** The collaboration network: who works with whom, the central actors, the brokers between countries, how actor types mix. */
export function Network() {
  const { t, lang, fmt } = useI18n();
  const [mechanism, setMechanism] = useState<string | undefined>();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const query = { ...(mechanism ? { mechanism } : {}), ...(from ? { from: Number(from) } : {}), ...(to ? { to: Number(to) } : {}) };
  const net = useQuery({ queryKey: ["network", query], queryFn: () => unwrap(api.GET("/api/v1/network", { params: { query } })) });
  const pct = (v: number) => `${fmt.number(Math.round(v * 1000) / 10)}%`;
  return (
    <section>
      <PageTitle>{t("network.title")}</PageTitle>
      <p className="muted description">{t("network.intro")}</p>
      <div className="filters">
        <MechanismSelect value={mechanism} onChange={setMechanism} />
        <Field label={t("network.from")}>{({ id }) => <input id={id} type="number" min={1990} max={2100} value={from} onChange={(e) => setFrom(e.target.value)} />}</Field>
        <Field label={t("network.to")}>{({ id }) => <input id={id} type="number" min={1990} max={2100} value={to} onChange={(e) => setTo(e.target.value)} />}</Field>
      </div>
      <Async query={net}>
        {(n) => {
          const name = (code: string) => {
            const node = n.nodes.find((x) => x.code === code);
            return node ? pick(node.name, lang) || code : code;
          };
          const top = (key: "pagerank" | "betweenness" | "brokerage") => [...n.nodes].sort((a, b) => b[key] - a[key]).slice(0, 10).filter((x) => x[key] > 0);
          const pos = layout(n.nodes);
          const maxPr = Math.max(...n.nodes.map((x) => x.pagerank), 0);
          const types = n.mixing.types;
          const used = types.map((_, i) => n.mixing.matrix[i]!.some((v) => v > 0));
          return (
            <>
              <ul className="kpis" aria-label={t("network.summaryTitle")} data-testid="network-summary">
                <li>
                  <strong>{fmt.number(n.nodes.length)}</strong> {t("network.actors")}
                </li>
                <li>
                  <strong>{fmt.number(n.links.length)}</strong> {t("network.links")}
                </li>
                <li>
                  <strong>{fmt.number(n.communities.count)}</strong> {t("network.communities", { modularity: fmt.number(Math.round(n.communities.modularity * 1000) / 1000) })}
                </li>
                <li>
                  <strong>{pct(n.mixing.sameType)}</strong> {t("network.sameType")}
                </li>
              </ul>
              {n.nodes.length ? (
                <Suspense fallback={<Loading />}>
                  <NetworkGraph
                    nodes={n.nodes.map((x) => ({ id: x.code, name: pick(x.name, lang) || x.code, category: types.indexOf(x.type), size: 6 + 30 * Math.sqrt(maxPr ? x.pagerank / maxPr : 0), ...pos.get(x.code)! }))}
                    links={n.links.map((l) => ({ source: l.a, target: l.b, value: l.weight }))}
                    categories={types.map((ty) => t(`actorType.${ty}`))}
                    label={t("network.graph")}
                  />
                </Suspense>
              ) : (
                <p>{t("network.empty")}</p>
              )}
              <div className="grid-2">
                {(["pagerank", "betweenness", "brokerage"] as const).map((key) => (
                  <table key={key} data-testid={`network-top-${key}`}>
                    <caption>{t(`network.top.${key}`)}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("network.actor")}</th>
                        <th scope="col">{t(`network.measure.${key}`)}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {top(key).map((x) => (
                        <tr key={x.code}>
                          <th scope="row">
                            <Link to="/actors/$ref" params={{ ref: x.code }}>
                              {name(x.code)}
                            </Link>
                          </th>
                          <td>{key === "brokerage" ? fmt.number(x[key]) : fmt.number(Math.round(x[key] * 10000) / 10000)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ))}
              </div>
              <table data-testid="network-mixing">
                <caption>{t("network.mixingTitle", { assortativity: fmt.number(Math.round(n.mixing.assortativity * 1000) / 1000) })}</caption>
                <thead>
                  <tr>
                    <td />
                    {types.map((ty, j) => (used[j] ? <th key={ty} scope="col">{t(`actorType.${ty}`)}</th> : null))}
                  </tr>
                </thead>
                <tbody>
                  {types.map((ty, i) =>
                    used[i] ? (
                      <tr key={ty}>
                        <th scope="row">{t(`actorType.${ty}`)}</th>
                        {types.map((_, j) => (used[j] ? <td key={j}>{pct(n.mixing.matrix[i]![j]!)}</td> : null))}
                      </tr>
                    ) : null,
                  )}
                </tbody>
              </table>
              <p className="muted">{t("network.rules")}</p>
            </>
          );
        }}
      </Async>
      <PairSymbiosis query={query} />
    </section>
  );
}

type Symbiosis = Schemas["NetworkSymbiosis"];
type Pair = Symbiosis["pairs"][number];
type Level = Symbiosis["level"];
type Measure = Symbiosis["measure"];
type SeriesKind = Symbiosis["series"];

/** Three significant digits: the fit's numbers are estimates, not accounts. */
const sig = (v: number) => Number(v.toPrecision(3));

/** The mode in words for this pair, with the names of who gains and who is held back. */
function explain(t: ReturnType<typeof useI18n>["t"], p: Pair, a: string, b: string) {
  if (!p.mode || !p.params) return "";
  const r = symbiosisRoles(p.mode, p.params.a12, p.params.a21);
  const name = (s: Side) => (s === "a" ? a : b);
  const params = {
    ...(r.gains ? { gains: name(r.gains), other: name(r.gains === "a" ? "b" : "a") } : {}),
    ...(r.loses ? { loses: name(r.loses) } : {}),
    ...(r.loses && !r.gains ? { other: name(r.loses === "a" ? "b" : "a") } : {}),
    ...(r.more ? { more: name(r.more) } : {}),
  };
  return t(`network.symbiosis.explain.${p.mode}`, params);
}

/** The symbiosis mode of each pair of countries or actors, fitted to their yearly projects, with one pair's series on demand. */
function PairSymbiosis({ query }: { query: { mechanism?: string; from?: number; to?: number } }) {
  const { t, lang, fmt } = useI18n();
  const [level, setLevel] = useState<Level>("country");
  const [measure, setMeasure] = useState<Measure>("count");
  const [series, setSeries] = useState<SeriesKind>("cumulative");
  const [open, setOpen] = useState<string | null>(null);
  const q = { ...query, level, measure, series, limit: 15 };
  const sym = useQuery({ queryKey: ["network-symbiosis", q], queryFn: () => unwrap(api.GET("/api/v1/network/symbiosis", { params: { query: q } })) });
  const num = (v: number) => fmt.number(sig(v));
  const key = (p: Pair) => `${p.a.code}|${p.b.code}`;
  return (
    <section aria-labelledby="network-symbiosis-title" data-testid="network-symbiosis">
      <h2 id="network-symbiosis-title">{t("network.symbiosis.title")}</h2>
      <p className="muted">{t("network.symbiosis.intro")}</p>
      <div className="filters">
        <Field label={t("network.symbiosis.level")}>
          {({ id }) => (
            <select id={id} value={level} onChange={(e) => setLevel(e.target.value as Level)}>
              {(["country", "actor"] as const).map((v) => (
                <option key={v} value={v}>
                  {t(`network.symbiosis.levelOpt.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("network.symbiosis.measure")}>
          {({ id }) => (
            <select id={id} value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
              {(["count", "money"] as const).map((v) => (
                <option key={v} value={v}>
                  {t(`network.symbiosis.measureOpt.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("network.symbiosis.series")}>
          {({ id }) => (
            <select id={id} value={series} onChange={(e) => setSeries(e.target.value as SeriesKind)}>
              {(["cumulative", "yearly"] as const).map((v) => (
                <option key={v} value={v}>
                  {t(`network.symbiosis.seriesOpt.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Async query={sym}>
        {(r) => {
          if (!r.pairs.length) return <p>{t("network.symbiosis.empty")}</p>;
          const name = (x: Pair["a"]) => pick(x.name, lang) || x.code;
          const selected = r.pairs.find((p) => key(p) === open);
          return (
            <>
              <table data-testid="symbiosis-pairs">
                <caption>{t("network.symbiosis.caption", { count: fmt.number(r.pairs.length) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("network.symbiosis.pair")}</th>
                    <th scope="col">{t("network.symbiosis.shared")}</th>
                    <th scope="col">{t("network.symbiosis.mode")}</th>
                    <th scope="col">a12</th>
                    <th scope="col">a21</th>
                    <th scope="col">{t("network.symbiosis.error")}</th>
                    <th scope="col">{t("network.symbiosis.years")}</th>
                    <th scope="col">{t("network.symbiosis.warning")}</th>
                    <th scope="col">{t("network.symbiosis.show")}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.pairs.map((p) => {
                    const [a, b] = [name(p.a), name(p.b)];
                    return (
                      <tr key={key(p)} data-mode={p.mode ?? "none"}>
                        <th scope="row">
                          {a} – {b}
                        </th>
                        <td>{fmt.number(p.shared)}</td>
                        <td>
                          {p.mode ? (
                            <>
                              <strong>{t(`models.symbiosis.mode.${p.mode}`)}</strong>
                              <br />
                              <span className="muted">{explain(t, p, a, b)}</span>
                            </>
                          ) : (
                            <span className="muted">{t("network.symbiosis.noMode")}</span>
                          )}
                        </td>
                        <td>{p.params ? num(p.params.a12) : "—"}</td>
                        <td>{p.params ? num(p.params.a21) : "—"}</td>
                        <td>{p.rmse ? `${num(p.rmse.x)} / ${num(p.rmse.y)}` : "—"}</td>
                        <td>{p.years.length ? `${p.years[0]}–${p.years.at(-1)} (${fmt.number(p.years.length)})` : "—"}</td>
                        <td>{p.warnings.map((w) => t(`models.symbiosis.warning.${w}`)).join(" ") || "—"}</td>
                        <td>
                          <button type="button" style={{ whiteSpace: "nowrap" }} aria-pressed={open === key(p)} title={t("network.symbiosis.showLabel", { pair: `${a} – ${b}` })} onClick={() => setOpen(open === key(p) ? null : key(p))} disabled={!p.years.length}>
                            {t("network.symbiosis.show")}
                            <span className="sr-only">
                              : {a} – {b}
                            </span>
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {r.unconverted ? <p className="muted">{t("network.symbiosis.unconverted", { count: fmt.number(r.unconverted) })}</p> : null}
              {selected ? <PairSeries pair={selected} a={name(selected.a)} b={name(selected.b)} /> : null}
            </>
          );
        }}
      </Async>
    </section>
  );
}

/** One pair's two yearly series: a small line chart and the same numbers as a table. */
function PairSeries({ pair, a, b }: { pair: Pair; a: string; b: string }) {
  const { t, fmt } = useI18n();
  const W = 360;
  const H = 140;
  const max = Math.max(...pair.x, ...pair.y, 1);
  const n = pair.years.length;
  const px = (i: number) => 30 + (n > 1 ? (i * (W - 40)) / (n - 1) : 0);
  const py = (v: number) => H - 20 - (v / max) * (H - 30);
  const line = (vs: number[]) => vs.map((v, i) => `${px(i)},${py(v)}`).join(" ");
  const title = t("network.symbiosis.seriesTitle", { a, b });
  return (
    <figure data-testid="symbiosis-series">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={title}>
        <line x1={30} y1={H - 20} x2={W - 10} y2={H - 20} stroke="#555" />
        <polyline points={line(pair.x)} fill="none" stroke="#1f5fa8" strokeWidth={2} />
        <polyline points={line(pair.y)} fill="none" stroke="#8a3a17" strokeWidth={2} strokeDasharray="5 3" />
        <text x={30} y={H - 5} fontSize={10}>
          {pair.years[0]}
        </text>
        <text x={W - 10} y={H - 5} fontSize={10} textAnchor="end">
          {pair.years.at(-1)}
        </text>
      </svg>
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t("network.symbiosis.year")}</th>
            <th scope="col" style={{ color: "#1f5fa8" }}>
              {a}
            </th>
            <th scope="col" style={{ color: "#8a3a17" }}>
              {b}
            </th>
          </tr>
        </thead>
        <tbody>
          {pair.years.map((y, i) => (
            <tr key={y}>
              <th scope="row">{y}</th>
              <td>{fmt.number(sig(pair.x[i]!))}</td>
              <td>{fmt.number(sig(pair.y[i]!))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
