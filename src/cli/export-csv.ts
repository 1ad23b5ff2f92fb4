import { once } from "node:events";
import { createWriteStream, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Argument, Command, CommanderError, Option } from "commander";
import { LANGS, type Lang } from "../db/schema/common.js";
import { CSV_LIST_NAMES, CSV_LISTS, csvChunks, type CsvList, type CsvQuery } from "../server/csv.js";
import { cliContext, lang, m, output, userContext, withDatabase } from "./common.js";

/** Command-line flags of the list filters, by the query parameter each sets (`--search` is `q`). */
const FILTERS: [flag: string, param: string][] = [
  ["search", "q"],
  ["mechanism", "mechanism"],
  ["status", "status"],
  ["country", "country"],
  ["actor", "actor"],
  ["pillar", "pillar"],
  ["area", "area"],
  ["visibility", "visibility"],
  ["year", "year"],
  ["type", "type"],
  ["level", "level"],
  ["parent", "parent"],
  ["kind", "kind"],
  ["basin", "basin"],
  ["bar-min", "barMin"],
  ["bar-max", "barMax"],
  ["from", "from"],
  ["to", "to"],
  ["member", "member"],
  ["state", "state"],
  ["call", "call"],
  ["project", "project"],
  ["by", "by"],
  ["currency", "currency"],
  ["sort", "sort"],
];

type Opts = { out: string; bom?: boolean; as?: string; lang?: Lang } & Record<string, string | boolean | undefined>;

/**
 * `concord export csv <list> [filters] --out FILE [--bom]`: the same CSV as the list's
 * `format=csv` in the API, with the same filters and the same visibility for `--as`. The file is
 * written beside its destination and renamed at the end, so Ctrl-C or an error leaves no half file.
 */
export function registerCsvExport(exportCommand: Command) {
  const cmd = exportCommand
    .command("csv")
    .description(m("export.csv.description"))
    .addArgument(new Argument("<list>", m("export.csv.list")).choices(CSV_LIST_NAMES))
    .requiredOption("--out <file>", m("export.csv.out"))
    .option("--bom", m("export.csv.bom"))
    .option("--as <email>", m("export.csv.as"))
    .addOption(new Option("--lang <lang>", m("export.csv.lang")).choices([...LANGS]));
  for (const [flag, param] of FILTERS) cmd.option(`--${flag} <value>`, m("export.csv.filter", { param }));
  cmd.action(async (list: CsvList, opts: Opts, command: Command) => {
    const raw: Record<string, string> = {};
    for (const [flag, param] of FILTERS) {
      // Commander names `--bar-min` barMin.
      const value = opts[flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())];
      if (typeof value === "string") raw[param] = value;
    }
    // Strict: a filter the list does not have is named, never silently ignored.
    const query = CSV_LISTS[list].query.strict().parse(raw) as CsvQuery<typeof list>;
    const out = resolve(opts.out);
    const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.part`);
    let interrupted = false;
    const onSigint = () => {
      interrupted = true;
    };
    process.on("SIGINT", onSigint);
    let rows = 0;
    try {
      await withDatabase(async (db) => {
        const ctx = opts.as ? await userContext(db, opts.as) : cliContext(db);
        const chunks = await csvChunks(ctx, list, query, { lang: opts.lang ?? lang, bom: Boolean(opts.bom) });
        const file = createWriteStream(tmp, { flags: "wx" });
        try {
          for await (const chunk of chunks) {
            if (interrupted) break;
            rows += chunk.rows;
            if (!file.write(chunk.text)) await once(file, "drain");
          }
        } finally {
          file.end();
          await once(file, "close");
        }
      });
      if (interrupted) throw new CommanderError(130, "concord.exit", "");
      renameSync(tmp, out);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    } finally {
      process.off("SIGINT", onSigint);
    }
    output(command, m("export.csv.done", { rows, list, file: out }), { list, rows, file: out });
  });
}
