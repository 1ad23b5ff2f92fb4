import { Option, type Command } from "commander";
import { ALERT_KINDS } from "../lib/alerts/rules.js";
import { listAlerts } from "../modules/alerts/compute.js";
import { ZAlertQuery, type Alert } from "../modules/alerts/schemas.js";
import { m, output, userContext, withDatabase } from "./common.js";

const line = (a: Alert) => `${m(`alerts.severity.${a.severity}`).padEnd(8)} ${a.kindLabel}  ${a.code}\n    ${a.reason}  (${a.link})`;

/** The secretariat's alerts from the command line, read as a named staff member or analyst. */
export function registerAlertsCommands(program: Command) {
  program
    .command("alerts")
    .description(m("alerts.description"))
    .addOption(new Option("--as <email>", m("alerts.as")).makeOptionMandatory())
    .addOption(new Option("--kind <kind>", m("alerts.kind")).choices([...ALERT_KINDS]))
    .option("--mechanism <code>", m("alerts.mechanism"))
    .option("--country <code>", m("alerts.country"))
    .action(async (opts: { as: string; kind?: string; mechanism?: string; country?: string }, cmd: Command) => {
      const query = ZAlertQuery.parse({ kind: opts.kind, mechanism: opts.mechanism, country: opts.country });
      const list = await withDatabase(async (db) => listAlerts(await userContext(db, opts.as), query));
      output(cmd, list.items.length ? `${list.items.map(line).join("\n")}\n${m("alerts.total", { total: list.total })}` : m("alerts.none"), list);
    });
}
