import type { Command } from "commander";
import { restoreBackup, writeBackup } from "../db/backup.js";
import { m, output, withDatabase } from "./common.js";

/** Operators' commands: they act on the whole database, so they need its connection, not a user. */
export function registerBackupCommands(program: Command) {
  program
    .command("backup <file>")
    .description(m("backup.description"))
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const res = await withDatabase((db) => writeBackup(db, file));
      output(cmd, m("backup.written", { file, tables: res.tables, rows: res.rows }), res);
    });
  program
    .command("restore <file>")
    .description(m("backup.restore"))
    .option("--replace", m("backup.replace"))
    .action(async (file: string, opts: { replace?: boolean }, cmd: Command) => {
      const res = await withDatabase((db) => restoreBackup(db, file, { replace: opts.replace }));
      output(cmd, m("backup.restored", { file, tables: res.tables, rows: res.rows }), res);
    });
}
