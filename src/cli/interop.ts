import { resolve } from "node:path";
import { readFileSync, statSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { AppError } from "../core/errors.js";
import type { ImportKind } from "../db/schema/interop.js";
import { t } from "../lib/i18n/index.js";
import type { ImportSummary } from "../modules/imports/common.js";
import { importerFor, type ImportParams } from "../modules/imports/registry.js";
import { cliContext, lang, m, output, userContext, withDatabase } from "./common.js";
import { progressReporter } from "./progress.js";
import { registerCsvExport } from "./export-csv.js";
import { registerIatiExport } from "./export-iati.js";

/** A skipped record as one line a person can act on: where, which, and why. */
export function skippedLine(s: ImportSummary["skipped"][number]): string {
  const where = s.line === null ? s.file : `${s.file}:${s.line}`;
  return `${where}${s.id ? ` ${s.id}` : ""} — ${t(lang, `server.import.skip.${s.reason}`, { ...(s.params ?? {}) })}`;
}

export function summaryText(s: ImportSummary): string {
  const lines = [m("import.summary", { records: s.records, created: s.created, updated: s.updated, unchanged: s.unchanged, skipped: s.skipped.length, transactions: s.transactions, orgsCreated: s.organisations.created, orgsMatched: s.organisations.matched, seconds: s.seconds })];
  for (const x of s.skipped) lines.push(`  - ${skippedLine(x)}`);
  if (s.cancelled) lines.push(m("import.cancelled"));
  return lines.join("\n");
}

/** Which files each import kind reads, and its own flags. */
const KIND_FORMATS: Record<string, ImportKind[]> = { events: ["tfdd", "tfdd-rbo", "tfdd-treaties"], csv: ["csv-actors", "csv-projects"] };

async function runImport(kind: ImportKind, files: string[], params: ImportParams, opts: { as?: string }, cmd: Command) {
  for (const f of files) {
    try {
      if (!statSync(f).isFile()) throw new Error("not a file");
    } catch {
      throw new AppError("not_found", { params: { entity: "file", id: f } });
    }
  }
  const importer = await importerFor(kind);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    // The first Ctrl-C lets the batch in flight commit whole; a second one leaves at once (the open transaction rolls back).
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\n${m("import.stopping")}\n`);
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  const progress = progressReporter();
  try {
    const summary = await withDatabase(async (db) => {
      const ctx = opts.as ? await userContext(db, opts.as) : cliContext(db);
      return importer(ctx, files.map((f) => resolve(f)), params, { signal: controller.signal, onProgress: (p) => progress.update(p) });
    });
    progress.done();
    output(cmd, summaryText(summary), summary);
    if (summary.cancelled) throw new CommanderError(130, "concord.exit", "");
    if (summary.skipped.length) throw new CommanderError(1, "concord.exit", "");
  } finally {
    process.off("SIGINT", onSigint);
  }
}

function readMapping(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path === "-" ? 0 : path, "utf8"));
  } catch (cause) {
    throw new AppError("invalid_json", { cause });
  }
}

/**
 * `concord import …` and `concord export …`: the formats of the field (IATI, AidData GCDF, TFDD,
 * CSV) in and out of Concord. Each exporter adds its subcommand to `export` from its own file.
 */
export function registerInteropCommands(program: Command) {
  const imports = program.command("import").description(m("import.description"));
  const common = (c: Command) => c.option("--as <email>", m("import.as")).option("--mechanism <code>", m("import.mechanism"));
  common(imports.command("iati").description(m("import.iati")).argument("<files...>", m("import.files")).option("--codelists <dir>", m("import.codelists"))).action(
    async (files: string[], opts: { as?: string; mechanism?: string; codelists?: string }, cmd: Command) =>
      runImport("iati", files, { mechanism: opts.mechanism, codelists: opts.codelists }, opts, cmd),
  );
  common(imports.command("gcdf").description(m("import.gcdf")).argument("<files...>", m("import.files")).option("--codelists <dir>", m("import.codelists"))).action(
    async (files: string[], opts: { as?: string; mechanism?: string; codelists?: string }, cmd: Command) =>
      runImport("gcdf", files, { mechanism: opts.mechanism, codelists: opts.codelists }, opts, cmd),
  );
  common(imports.command("events").description(m("import.events")).argument("<files...>", m("import.files")))
    .addOption(new Option("--format <format>", m("import.format")).choices(KIND_FORMATS.events!).makeOptionMandatory())
    .addOption(new Option("--encoding <encoding>", m("import.encoding")).choices(["latin1", "utf8"]))
    .action(async (files: string[], opts: { as?: string; mechanism?: string; format: ImportKind; encoding?: "latin1" | "utf8" }, cmd: Command) =>
      runImport(opts.format, files, { mechanism: opts.mechanism, encoding: opts.encoding }, opts, cmd),
    );
  common(imports.command("csv").description(m("import.csv")).argument("<files...>", m("import.files")))
    .addOption(new Option("--entity <entity>", m("import.entity")).choices(["actors", "projects"]).makeOptionMandatory())
    .requiredOption("--mapping <file>", m("import.mapping"))
    .addOption(new Option("--encoding <encoding>", m("import.encoding")).choices(["latin1", "utf8"]))
    .action(async (files: string[], opts: { as?: string; mechanism?: string; entity: "actors" | "projects"; mapping: string; encoding?: "latin1" | "utf8" }, cmd: Command) =>
      runImport(`csv-${opts.entity}`, files, { mechanism: opts.mechanism, mapping: readMapping(opts.mapping), encoding: opts.encoding }, opts, cmd),
    );
  const exports = program.command("export").description(m("export.description"));
  // One line per exporter: register<Format>Export(exports);
  registerCsvExport(exports);
  registerIatiExport(exports);
  void exports;
}

