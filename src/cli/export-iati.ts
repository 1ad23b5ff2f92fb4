import { createWriteStream, renameSync, statSync, unlinkSync, type WriteStream } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { once } from "node:events";
import { CommanderError, Option, type Command } from "commander";
import { makeContext, PUBLIC } from "../core/context.js";
import { VISIBILITIES } from "../db/schema/common.js";
import { PROJECT_STATUSES } from "../db/schema/projects.js";
import { DEFAULT_PUBLISHER, exportIati, ZIatiExportQuery } from "../modules/exports/iati.js";
import { lang, m, output, userContext, withDatabase } from "./common.js";

type Opts = {
  out: string;
  as?: string;
  mechanism?: string;
  status?: string;
  country?: string;
  actor?: string;
  pillar?: string;
  area?: string;
  visibility?: string;
  year?: string;
  q?: string;
};

function removeQuietly(path: string) {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

async function write(stream: WriteStream, chunk: string) {
  if (!stream.write(chunk)) await once(stream, "drain");
}

/**
 * `concord export iati --out FILE [filters]`: the projects the list shows for the same filters, as
 * an IATI 2.03 activity file. Without `--as` it exports what the public sees (only published public
 * projects), the safe default for a file meant for publication; `--as` exports what that user sees.
 * The file is written beside its destination under a temporary name and renamed at the end, so an
 * interrupted export (Ctrl-C, an error) never leaves a half-written file in its place.
 */
export function registerIatiExport(exportCommand: Command) {
  exportCommand
    .command("iati")
    .description(m("export.iati.description", { publisher: DEFAULT_PUBLISHER }))
    .requiredOption("--out <file>", m("export.iati.out"))
    .option("--as <email>", m("export.iati.as"))
    .option("--mechanism <code>", m("export.iati.mechanism"))
    .addOption(new Option("--status <status>", m("export.iati.status")).choices([...PROJECT_STATUSES]))
    .option("--country <code>", m("export.iati.country"))
    .option("--actor <code>", m("export.iati.actor"))
    .option("--pillar <code>", m("export.iati.pillar"))
    .option("--area <code>", m("export.iati.area"))
    .addOption(new Option("--visibility <visibility>", m("export.iati.visibility")).choices([...VISIBILITIES]))
    .option("--year <year>", m("export.iati.year"))
    .option("--q <text>", m("export.iati.q"))
    .action(async (opts: Opts, cmd: Command) => {
      const { out, as, ...filters } = opts;
      const filter = ZIatiExportQuery.parse(filters);
      const file = resolve(out);
      const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.part`);
      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        // A second Ctrl-C leaves at once; the temporary file goes with it.
        if (interrupts > 1) {
          removeQuietly(tmp);
          process.exit(130);
        }
        process.stderr.write(`\n${m("export.iati.stopping")}\n`);
        controller.abort();
      };
      process.on("SIGINT", onSigint);
      try {
        const result = await withDatabase(async (db) => {
          const ctx = as ? await userContext(db, as) : makeContext(db.db, PUBLIC, { channel: "cli", lang });
          const exported = await exportIati(ctx, filter, { signal: controller.signal });
          const stream = createWriteStream(tmp);
          try {
            for await (const chunk of exported.chunks) {
              if (controller.signal.aborted) break;
              await write(stream, chunk);
            }
            stream.end();
            await once(stream, "finish");
          } catch (err) {
            stream.destroy();
            removeQuietly(tmp);
            throw err;
          }
          return { activities: exported.activities, stopped: controller.signal.aborted };
        });
        if (result.stopped) {
          removeQuietly(tmp);
          process.stderr.write(`${m("export.iati.stopped")}\n`);
          throw new CommanderError(130, "concord.exit", "");
        }
        renameSync(tmp, file);
        const bytes = statSync(file).size;
        output(cmd, m("export.iati.done", { activities: result.activities, bytes, file }), { file, activities: result.activities, bytes });
      } catch (err) {
        removeQuietly(tmp);
        throw err;
      } finally {
        process.off("SIGINT", onSigint);
      }
    });
}
