import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { lazy, Suspense, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { Async, Field, Loading, MechanismSelect, PageTitle } from "../components/ui";
import { pick, useI18n } from "../i18n";

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
    </section>
  );
}
