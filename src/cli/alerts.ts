import { CommanderError, Option, type Command } from "commander";
import { DIGEST_CHANNELS } from "../db/schema/monitoring.js";
import { ALERT_KINDS } from "../lib/alerts/rules.js";
import { makeContext, SYSTEM } from "../core/context.js";
import { listAlerts } from "../modules/alerts/compute.js";
import { runDigests, type DigestOutcome } from "../modules/alerts/digest.js";
import { ZAlertQuery, type Alert, type AlertSubscription } from "../modules/alerts/schemas.js";
import { setSubscription } from "../modules/alerts/subscriptions.js";
import { ZDate } from "../modules/shared/schemas.js";
import { lang, m, output, userContext, withDatabase } from "./common.js";

const line = (a: Alert) => `${m(`alerts.severity.${a.severity}`).padEnd(8)} ${a.kindLabel}  ${a.code}\n    ${a.reason}  (${a.link})`;

const subscriptionText = (s: AlertSubscription) =>
  [
    `${m("alerts.subscription.kinds")}: ${s.kinds.join(", ") || m("alerts.subscription.noKinds")}`,
    `${m("alerts.subscription.mechanism")}: ${s.mechanismCode ?? m("alerts.subscription.allMechanisms")}`,
    `${m("alerts.subscription.channel")}: ${m(`alerts.channels.${s.channel}`)}`,
  ].join("\n");

const outcomeText = (o: DigestOutcome) =>
  `${m(`alerts.digest.status.${o.status}`).padEnd(10)} ${o.email.padEnd(32)} ${m(`alerts.channels.${o.channel}`)}${o.alerts ? `  ${m("alerts.total", { total: o.alerts })}` : ""}${o.path ? `  ${o.path}` : ""}${o.error ? `  ${o.error}` : ""}`;

/**
 * The secretariat's alerts from the command line: `alerts --as` reads them as a named staff
 * member or analyst; `alerts subscribe` sets that user's subscription; `alerts digest` is the
 * operator's run of the daily digest.
 */
export function registerAlertsCommands(program: Command) {
  const alerts = program
    .command("alerts")
    .description(m("alerts.description"))
    // Not mandatory here: commander would demand it of the subcommands too.
    .option("--as <email>", m("alerts.as"))
    .addOption(new Option("--kind <kind>", m("alerts.kind")).choices([...ALERT_KINDS]))
    .option("--mechanism <code>", m("alerts.mechanism"))
    .option("--country <code>", m("alerts.country"))
    .option("--mine", m("alerts.mine"))
    .action(async (opts: { as?: string; kind?: string; mechanism?: string; country?: string; mine?: boolean }, cmd: Command) => {
      if (!opts.as) cmd.error(m("alerts.asRequired"), { code: "commander.missingMandatoryOptionValue", exitCode: 2 });
      const query = ZAlertQuery.parse({ kind: opts.kind, mechanism: opts.mechanism, country: opts.country, mine: opts.mine ? "true" : undefined });
      const list = await withDatabase(async (db) => listAlerts(await userContext(db, opts.as!), query));
      output(cmd, list.items.length ? `${list.items.map(line).join("\n")}\n${m("alerts.total", { total: list.total })}` : m("alerts.none"), list);
    });

  alerts
    .command("subscribe")
    .description(m("alerts.subscribe.description"))
    .requiredOption("--kinds <list>", m("alerts.subscribe.kinds"))
    .addOption(new Option("--channel <channel>", m("alerts.subscribe.channel")).choices([...DIGEST_CHANNELS]).default("none"))
    .addHelpText("after", `\n${m("alerts.subscribe.inherited")}`)
    .action(async (_: unknown, cmd: Command) => {
      // `--as` and `--mechanism` are the parent's options: commander gives them to `alerts` wherever they stand.
      const opts = cmd.optsWithGlobals<{ as?: string; kinds: string; channel: string; mechanism?: string }>();
      if (!opts.as) cmd.error(m("alerts.asRequired"), { code: "commander.missingMandatoryOptionValue", exitCode: 2 });
      const kinds = opts.kinds.split(",").map((k) => k.trim()).filter((k) => k && k !== "none");
      const sub = await withDatabase(async (db) => setSubscription(await userContext(db, opts.as!), { kinds: kinds as never, channel: opts.channel as never, mechanism: opts.mechanism ?? null }));
      output(cmd, subscriptionText(sub), sub);
    });

  alerts
    .command("digest")
    .description(m("alerts.digest.description"))
    .option("--date <date>", m("alerts.digest.date"))
    .option("--dry-run", m("alerts.digest.dryRun"))
    .action(async (opts: { date?: string; dryRun?: boolean }, cmd: Command) => {
      const date = opts.date === undefined ? undefined : ZDate.parse(opts.date);
      const run = await withDatabase((db) => runDigests(makeContext(db.db, SYSTEM, { channel: "cli", lang }), { date, dryRun: opts.dryRun }));
      const human = run.outcomes.length
        ? run.outcomes.map((o) => (o.digest ? `${outcomeText(o)}\n\n${m("alerts.digest.subject")}: ${o.digest.subject}\n${o.digest.text}` : outcomeText(o))).join("\n")
        : m("alerts.digest.nobody", { date: run.date });
      output(cmd, human, run);
      // Deliveries that failed are retried by the next run; the operator's script should know.
      if (run.outcomes.some((o) => o.status === "failed")) throw new CommanderError(1, "concord.exit", "");
    });
}
