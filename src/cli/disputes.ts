import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { Command, Option } from "commander";
import { AppError } from "../core/errors.js";
import { DISPUTE_STATUSES } from "../db/schema/disputes.js";
import { DISPUTE_STAGES } from "../db/schema/mechanisms.js";
import { getDispute, listDisputes } from "../modules/disputes/read.js";
import { ZDisputeListQuery, type Dispute } from "../modules/disputes/schemas.js";
import { parseStageDays } from "../modules/disputes/stages.js";
import { addDisputeDocument, addDisputeEntry, closeDispute, escalateDispute, openDispute } from "../modules/disputes/write.js";
import { getMechanism } from "../modules/mechanisms/read.js";
import { updateMechanismSettings } from "../modules/mechanisms/settings.js";
import type { Mechanism } from "../modules/mechanisms/schemas.js";
import { asOption, cliContext, collect, m, output, userContext, withDatabase } from "./common.js";

const TYPES: Record<string, string> = { ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg" };

/** A bad flag value is bad usage (exit 2), reported at the flag like a field of a request. */
const badOption = (path: string, code: string) => new AppError("validation_failed", { details: [{ path, code, message: code }] });

function caseText(d: Dispute): string {
  const lines = [m("dispute.line", { code: d.code, stage: m(`dispute.stage.${d.stage}`), status: m(`dispute.status.${d.status}`) }) + `  ${d.title.en}`];
  lines.push(`  ${m("dispute.parties")}: ${d.parties.map((p) => p.code).join(", ")}${d.mediator ? ` · ${m("dispute.mediator")}: ${d.mediator.code}` : ""}`);
  if (d.status === "open") lines.push(`  ${m("dispute.deadline", { at: d.stageDeadline, days: d.daysLeft ?? 0 })}`);
  else lines.push(`  ${m("dispute.closed", { days: d.daysToSettle ?? 0 })}${d.outcome ? ` — ${d.outcome}` : ""}`);
  for (const e of d.entries) lines.push(`  [${e.at.slice(0, 16)}] ${e.kind} ${e.actor?.code ?? ""}: ${e.body ?? e.filename ?? ""}`);
  return lines.join("\n");
}

function settingsText(x: Mechanism): string {
  const days = DISPUTE_STAGES.map((s) => `${s}=${x.disputeStageDays[s]}`).join(",");
  return m("mechanism.settings.show", { code: x.code, months: x.consultationMonths, days, auto: m(x.disputeAutoEscalate ? "mechanism.settings.yes" : "mechanism.settings.no"), reminders: x.reminderDays.join(",") });
}

/** Dispute cases and a mechanism's procedural settings, from the command line. */
export function registerDisputeCommands(program: Command) {
  const dispute = program.command("dispute").description(m("dispute.description"));
  dispute
    .command("open")
    .description(m("dispute.open"))
    .addOption(asOption("dispute.as"))
    .requiredOption("--mechanism <code>", m("dispute.mechanismOption"))
    .requiredOption("--title <text>", m("dispute.title"))
    .requiredOption("--party <code>", m("dispute.party"), collect)
    .option("--summary <text>", m("dispute.summary"))
    .option("--project <code>", m("dispute.project"))
    .option("--agreement <code>", m("dispute.agreement"))
    .option("--obligation <code>", m("dispute.obligation"))
    .option("--deadline <iso>", m("dispute.deadlineOption"))
    .action(async (opts: { as: string; mechanism: string; title: string; party: string[]; summary?: string; project?: string; agreement?: string; obligation?: string; deadline?: string }, cmd: Command) => {
      const { as, title, party, ...rest } = opts;
      const d = await withDatabase(async (db) => openDispute(await userContext(db, as), { ...rest, title: { en: title }, parties: party }));
      output(cmd, caseText(d), d);
    });
  dispute
    .command("show <ref>")
    .description(m("dispute.show"))
    .addOption(asOption("dispute.as"))
    .action(async (ref: string, opts: { as: string }, cmd: Command) => {
      const d = await withDatabase(async (db) => getDispute(await userContext(db, opts.as), ref));
      output(cmd, caseText(d), d);
    });
  dispute
    .command("list")
    .description(m("dispute.list"))
    .addOption(asOption("dispute.as"))
    .addOption(new Option("--status <status>", m("dispute.statusOption")).choices([...DISPUTE_STATUSES]))
    .addOption(new Option("--stage <stage>", m("dispute.stageOption")).choices([...DISPUTE_STAGES]))
    .option("--mechanism <code>", m("dispute.mechanismOption"))
    .action(async (opts: { as: string; status?: string; stage?: string; mechanism?: string }, cmd: Command) => {
      const query = ZDisputeListQuery.parse({ status: opts.status, stage: opts.stage, mechanism: opts.mechanism, limit: 500 });
      const page = await withDatabase(async (db) => listDisputes(await userContext(db, opts.as), query));
      const lines = page.items.map((d) => `${d.code.padEnd(15)} ${d.stage.padEnd(16)} ${d.status.padEnd(9)} ${d.status === "open" ? m("dispute.daysLeft", { days: d.daysLeft ?? 0 }) : ""}  ${d.title.en}`);
      output(cmd, lines.join("\n") || m("dispute.none"), page);
    });
  dispute
    .command("position <ref>")
    .description(m("dispute.position"))
    .addOption(asOption("dispute.as"))
    .requiredOption("--text <text>", m("dispute.text"))
    .action(async (ref: string, opts: { as: string; text: string }, cmd: Command) => {
      const e = await withDatabase(async (db) => addDisputeEntry(await userContext(db, opts.as), ref, { kind: "position", body: opts.text }));
      output(cmd, m("dispute.recorded", { code: ref, actor: e.actor?.code ?? "" }), e);
    });
  dispute
    .command("note <ref>")
    .description(m("dispute.note"))
    .addOption(asOption("dispute.as"))
    .requiredOption("--text <text>", m("dispute.text"))
    .action(async (ref: string, opts: { as: string; text: string }, cmd: Command) => {
      const e = await withDatabase(async (db) => addDisputeEntry(await userContext(db, opts.as), ref, { kind: "note", body: opts.text }));
      output(cmd, m("dispute.recorded", { code: ref, actor: e.actor?.code ?? "" }), e);
    });
  dispute
    .command("document <ref> <file>")
    .description(m("dispute.document"))
    .addOption(asOption("dispute.as"))
    .action(async (ref: string, file: string, opts: { as: string }, cmd: Command) => {
      let data: Uint8Array;
      try {
        data = readFileSync(file);
      } catch {
        throw new AppError("not_found", { params: { entity: "file", id: file } });
      }
      const contentType = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
      const e = await withDatabase(async (db) => addDisputeDocument(await userContext(db, opts.as), ref, { filename: basename(file), contentType, data }));
      output(cmd, m("dispute.filed", { code: ref, filename: e.filename ?? "" }), e);
    });
  dispute
    .command("escalate <ref>")
    .description(m("dispute.escalate"))
    .addOption(asOption("dispute.as"))
    .option("--mediator <code>", m("dispute.mediatorOption"))
    .option("--deadline <iso>", m("dispute.deadlineOption"))
    .option("--reason <text>", m("dispute.reason"))
    .action(async (ref: string, opts: { as: string; mediator?: string; deadline?: string; reason?: string }, cmd: Command) => {
      const { as, ...input } = opts;
      const d = await withDatabase(async (db) => escalateDispute(await userContext(db, as), ref, input));
      output(cmd, caseText(d), d);
    });
  dispute
    .command("close <ref>")
    .description(m("dispute.close"))
    .addOption(asOption("dispute.as"))
    .addOption(new Option("--outcome <outcome>", m("dispute.outcome")).choices(["settled", "withdrawn", "award"]).makeOptionMandatory())
    .requiredOption("--text <text>", m("dispute.text"))
    .action(async (ref: string, opts: { as: string; outcome: "settled" | "withdrawn" | "award"; text: string }, cmd: Command) => {
      const d = await withDatabase(async (db) => closeDispute(await userContext(db, opts.as), ref, { outcome: opts.outcome, text: opts.text }));
      output(cmd, caseText(d), d);
    });

  const mechanism = program.command("mechanism").description(m("mechanism.description"));
  mechanism
    .command("settings <code>")
    .description(m("mechanism.settings.description"))
    .option("--as <email>", m("mechanism.settings.as"))
    .option("--consultation-months <n>", m("mechanism.settings.consultationMonths"))
    .option("--dispute-days <list>", m("mechanism.settings.disputeDays"))
    .option("--auto-escalate", m("mechanism.settings.autoEscalate"))
    .option("--no-auto-escalate", m("mechanism.settings.noAutoEscalate"))
    .option("--reminder-days <list>", m("mechanism.settings.reminderDays"))
    .action(async (code: string, opts: { as?: string; consultationMonths?: string; disputeDays?: string; autoEscalate?: boolean; reminderDays?: string }, cmd: Command) => {
      const input: Parameters<typeof updateMechanismSettings>[3] = {};
      if (opts.consultationMonths !== undefined) {
        if (!/^\d+$/.test(opts.consultationMonths)) throw badOption("consultationMonths", "not_a_number");
        input.consultationMonths = Number(opts.consultationMonths);
      }
      if (opts.disputeDays !== undefined) {
        const days = parseStageDays(opts.disputeDays);
        if (!days) throw badOption("disputeStageDays", "stage_days_format");
        input.disputeStageDays = days;
      }
      if (opts.autoEscalate !== undefined) input.disputeAutoEscalate = opts.autoEscalate;
      if (opts.reminderDays !== undefined) {
        const list = opts.reminderDays.split(",").map((s) => s.trim());
        if (list.some((s) => !/^\d+$/.test(s))) throw badOption("reminderDays", "not_a_number");
        input.reminderDays = list.map(Number);
      }
      const result = await withDatabase(async (db) => {
        const ctx = opts.as ? await userContext(db, opts.as) : cliContext(db);
        return Object.keys(input).length ? updateMechanismSettings(ctx, code, undefined, input) : getMechanism(ctx, code);
      });
      output(cmd, settingsText(result), { code: result.code, consultationMonths: result.consultationMonths, disputeStageDays: result.disputeStageDays, disputeAutoEscalate: result.disputeAutoEscalate, reminderDays: result.reminderDays, version: result.version });
    });
}
