import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { BULLETIN_CATEGORIES } from "../db/schema/bulletins.js";
import { LANGS } from "../db/schema/common.js";
import { bulletinReads, getBulletin, listBulletins, sendBulletin } from "../modules/bulletins/bulletins.js";
import { ZBulletinCreate, ZBulletinListQuery } from "../modules/bulletins/schemas.js";
import { asOption, collect, m, output, userContext, withDatabase } from "./common.js";

// Bulletins have no public face: every command acts as a named user, whose organisation decides what it sees.

/** Restricted bulletins from the command line; every read is audited like the API's. */
export function registerBulletinCommands(program: Command) {
  const bulletin = program.command("bulletin").description(m("bulletin.description"));
  bulletin
    .command("send")
    .description(m("bulletin.send"))
    .addOption(asOption("bulletin.as"))
    .addOption(new Option("--category <category>", m("bulletin.category")).choices([...BULLETIN_CATEGORIES]).makeOptionMandatory())
    .requiredOption("--title <text>", m("bulletin.title"))
    .option("--body <text>", m("bulletin.body"))
    .option("--body-file <path>", m("bulletin.bodyFile"))
    .addOption(new Option("--lang <lang>", m("bulletin.lang")).choices([...LANGS]).default("en"))
    .requiredOption("--to <actor>", m("bulletin.to"), collect)
    .action(async (opts: { as: string; category: string; title: string; body?: string; bodyFile?: string; lang: string; to: string[] }, cmd: Command) => {
      const text = opts.bodyFile ? readFileSync(opts.bodyFile === "-" ? 0 : opts.bodyFile, "utf8") : opts.body;
      const input = ZBulletinCreate.parse({ category: opts.category, title: opts.title, body: text ?? "", lang: opts.lang, recipients: opts.to });
      const b = await withDatabase(async (db) => sendBulletin(await userContext(db, opts.as), input));
      output(cmd, m("bulletin.sent", { code: b.code, recipients: b.recipients.map((r) => r.actorCode).join(", ") }), b);
    });
  bulletin
    .command("list")
    .description(m("bulletin.list"))
    .addOption(asOption("bulletin.as"))
    .option("--q <words>", m("bulletin.q"))
    .addOption(new Option("--category <category>", m("bulletin.category")).choices([...BULLETIN_CATEGORIES]))
    .action(async (opts: { as: string; q?: string; category?: string }, cmd: Command) => {
      const query = ZBulletinListQuery.parse({ q: opts.q, category: opts.category, limit: 500 });
      const page = await withDatabase(async (db) => listBulletins(await userContext(db, opts.as), query));
      const lines = page.items.map((b) => `${b.code.padEnd(22)} ${b.createdAt.slice(0, 10)} ${b.sender.actorCode} → ${b.recipients.map((r) => r.actorCode).join(", ")}  ${b.title}`);
      output(cmd, lines.join("\n") || m("bulletin.none"), page);
    });
  bulletin
    .command("show <ref>")
    .description(m("bulletin.show"))
    .addOption(asOption("bulletin.as"))
    .action(async (ref: string, opts: { as: string }, cmd: Command) => {
      const b = await withDatabase(async (db) => getBulletin(await userContext(db, opts.as), ref));
      const head = m("bulletin.header", { code: b.code, category: b.category, sender: b.sender.actorCode, recipients: b.recipients.map((r) => r.actorCode).join(", "), at: b.createdAt });
      output(cmd, [head, "", b.title, "", b.body].join("\n"), b);
    });
  bulletin
    .command("reads <ref>")
    .description(m("bulletin.reads"))
    .addOption(asOption("bulletin.as"))
    .action(async (ref: string, opts: { as: string }, cmd: Command) => {
      const log = await withDatabase(async (db) => bulletinReads(await userContext(db, opts.as), ref));
      const lines = log.items.map((r) => `${r.at}  ${r.action.padEnd(6)} ${r.orgCode ?? "-"}  ${r.userName ?? "-"}  (${r.channel})`);
      output(cmd, lines.join("\n") || m("bulletin.noReads"), log);
    });
}
