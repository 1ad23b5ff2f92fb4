import { Option, type Command } from "commander";
import { LANGS } from "../db/schema/common.js";
import { t } from "../lib/i18n/index.js";
import { provincesCsv } from "../modules/provinces/csv.js";
import { listProvinces, provinceProfile } from "../modules/provinces/read.js";
import { ZProvinceListQuery, ZProvinceQuery, type ProvinceRow } from "../modules/provinces/schemas.js";
import { lang, m, output, readAs, withDatabase } from "./common.js";


const nameOf = (r: { name: Record<string, string | undefined> & { en: string } }) => r.name[lang] ?? r.name.en;
const rate = (r: ProvinceRow) => (r.obligations.rate === null ? "—" : `${Math.round(r.obligations.rate * 100)}%`);
const modes = (r: ProvinceRow) => r.modes.map((x) => `${t(lang, `server.provinces.mode.${x.mode}`)} ${x.total}`).join(", ");

const line = (r: ProvinceRow) =>
  `${r.code.padEnd(16)} ${nameOf(r)}\n    ${m("provinces.figures", {
    projects: r.projects,
    partners: r.partners,
    countries: r.partnerCountries,
    events: r.events,
    budget: r.money.budget,
    disbursed: r.money.disbursed,
    rate: rate(r),
  })}${r.modes.length ? `\n    ${m("provinces.modes", { modes: modes(r) })}` : ""}`;

/** `concord provinces list|show`: the local-government view on the command line. */
export function registerProvincesCommands(program: Command) {
  const cmd = program.command("provinces").description(m("provinces.description"));
  cmd
    .command("list")
    .description(m("provinces.list"))
    .option("--country <code>", m("provinces.country"))
    .option("--mechanism <code>", m("provinces.mechanism"))
    .option("--as <email>", m("provinces.as"))
    .option("--csv", m("provinces.csv"))
    .addOption(new Option("--bom", m("provinces.bom")).implies({ csv: true }))
    .addOption(new Option("--lang <lang>", m("provinces.lang")).choices([...LANGS]))
    .action(async (opts: { country?: string; mechanism?: string; as?: string; csv?: boolean; bom?: boolean; lang?: (typeof LANGS)[number] }, command: Command) => {
      const query = ZProvinceListQuery.parse({ country: opts.country, mechanism: opts.mechanism });
      const list = await withDatabase(async (db) => listProvinces(await readAs(db, opts.as), query));
      if (opts.csv) {
        process.stdout.write(provincesCsv(list, opts.lang ?? lang, Boolean(opts.bom)));
        return;
      }
      output(command, list.items.length ? `${list.items.map(line).join("\n")}\n\n${m("provinces.rule")}` : m("provinces.none"), list);
    });
  cmd
    .command("show <ref>")
    .description(m("provinces.show"))
    .option("--mechanism <code>", m("provinces.mechanism"))
    .option("--as <email>", m("provinces.as"))
    .action(async (ref: string, opts: { mechanism?: string; as?: string }, command: Command) => {
      const query = ZProvinceQuery.parse({ mechanism: opts.mechanism });
      const p = await withDatabase(async (db) => provinceProfile(await readAs(db, opts.as), ref, query));
      const human = [
        line(p.province),
        "",
        m("provinces.projectsTitle"),
        ...(p.projects.length ? p.projects.map((x) => `  ${x.code.padEnd(24)} ${x.status.padEnd(10)} ${x.via.map((v) => `${v.code}:${v.role}`).join(" ")}`) : [`  ${m("provinces.none")}`]),
        m("provinces.partnersTitle"),
        ...(p.partnersByCountryType.length ? p.partnersByCountryType.map((g) => `  ${(g.country ?? "—").padEnd(4)} ${g.type.padEnd(14)} ${g.partners}`) : [`  ${m("provinces.none")}`]),
        m("provinces.eventsTitle"),
        ...(p.events.length ? p.events.map((e) => `  ${e.date}  ${e.code}`) : [`  ${m("provinces.none")}`]),
        m("provinces.obligationsTitle", { due: p.province.obligations.due, fulfilled: p.province.obligations.fulfilled, rate: rate(p.province) }),
      ].join("\n");
      output(command, human, p);
    });
}
