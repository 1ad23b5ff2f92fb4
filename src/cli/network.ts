import type { Command } from "commander";
import { collaborationNetwork } from "../modules/network/read.js";
import { ZNetworkQuery } from "../modules/network/schemas.js";
import { networkSymbiosis } from "../modules/network/symbiosis.js";
import { ZNetworkSymbiosisQuery } from "../modules/network/symbiosis-schemas.js";
import { m, output, readAs, withDatabase } from "./common.js";

const fmt = (v: number) => Number(v.toPrecision(3)).toString();

/** The collaboration network from the command line; without --as it reads what the public may see. */
export function registerNetworkCommands(program: Command) {
  const network = program
    .command("network")
    .description(m("network.description"))
    .option("--as <email>", m("network.as"))
    .option("--mechanism <code>", m("network.mechanism"))
    .option("--from <year>", m("network.from"))
    .option("--to <year>", m("network.to"))
    .option("--kinds <kinds>", m("network.kinds"))
    .option("--top <n>", m("network.top"), "10")
    .action(async (opts: { as?: string; mechanism?: string; from?: string; to?: string; kinds?: string; top: string }, cmd: Command) => {
      const query = ZNetworkQuery.parse({ mechanism: opts.mechanism, from: opts.from, to: opts.to, kinds: opts.kinds });
      const net = await withDatabase(async (db) => collaborationNetwork(await readAs(db, opts.as), query));
      const top = Math.max(1, Number(opts.top) || 10);
      const by = (key: "pagerank" | "betweenness" | "brokerage") => [...net.nodes].sort((a, b) => b[key] - a[key]).slice(0, top);
      const human = [
        m("network.summary", { nodes: net.nodes.length, links: net.links.length, communities: net.communities.count, modularity: fmt(net.communities.modularity) }),
        m("network.mixing", { same: Math.round(net.mixing.sameType * 100), assortativity: fmt(net.mixing.assortativity) }),
        `${m("network.topPagerank")}: ${by("pagerank").map((n) => `${n.code} ${fmt(n.pagerank)}`).join(", ")}`,
        `${m("network.topBrokers")}: ${by("brokerage").filter((n) => n.brokerage > 0).map((n) => `${n.code} ${n.brokerage}`).join(", ") || "—"}`,
      ].join("\n");
      output(cmd, human, net);
    });

  network
    .command("symbiosis")
    .description(m("network.symbiosis.description"))
    .option("--as <email>", m("network.as"))
    .option("--level <level>", m("network.symbiosis.level"), "country")
    .option("--measure <measure>", m("network.symbiosis.measure"), "count")
    .option("--series <series>", m("network.symbiosis.series"), "cumulative")
    .option("--limit <n>", m("network.symbiosis.limit"), "15")
    .option("--mechanism <code>", m("network.mechanism"))
    .option("--from <year>", m("network.from"))
    .option("--to <year>", m("network.to"))
    .action(async (_: unknown, cmd: Command) => {
      // `network` has --as, --mechanism, --from and --to too, and takes them wherever they stand.
      const opts = cmd.optsWithGlobals<{ as?: string; level: string; measure: string; series: string; limit: string; mechanism?: string; from?: string; to?: string }>();
      const query = ZNetworkSymbiosisQuery.parse({ level: opts.level, measure: opts.measure, series: opts.series, limit: opts.limit, mechanism: opts.mechanism, from: opts.from, to: opts.to });
      const r = await withDatabase(async (db) => networkSymbiosis(await readAs(db, opts.as), query));
      const human = r.pairs.length
        ? r.pairs
            .map((p) => {
              const head = `${p.a.code}–${p.b.code} (${m("network.symbiosis.shared", { n: p.shared })}, ${p.years.length ? `${p.years[0]}–${p.years.at(-1)}` : "—"}): `;
              if (!p.mode || !p.params || !p.rmse) return head + p.warnings.map((w) => m(`symbiosis.warning.${w}`)).join(" ");
              return `${head}${m(`symbiosis.mode.${p.mode}`)}, a12 = ${fmt(p.params.a12)}, a21 = ${fmt(p.params.a21)}, RMSE ${fmt(p.rmse.x)} / ${fmt(p.rmse.y)}`;
            })
            .join("\n")
        : m("network.symbiosis.none");
      output(cmd, human, r);
    });
}
