import type { Command } from "commander";
import { collaborationNetwork } from "../modules/network/read.js";
import { ZNetworkQuery } from "../modules/network/schemas.js";
import { m, output, readAs, withDatabase } from "./common.js";

const fmt = (v: number) => Number(v.toPrecision(3)).toString();

/** The collaboration network from the command line; without --as it reads what the public may see. */
export function registerNetworkCommands(program: Command) {
  program
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
}
