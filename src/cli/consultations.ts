import { Command, Option } from "commander";
import { CONSULTATION_OUTCOMES, CONSULTATION_STATUSES } from "../db/schema/consultations.js";
import { consultationClocks, getConsultation, listConsultations } from "../modules/consultations/read.js";
import { ZConsultationListQuery, type Consultation, type ConsultationSummary } from "../modules/consultations/schemas.js";
import {
  checkConsultation,
  closeConsultation,
  extendConsultation,
  receiveConsultation,
  recordConsultationEntry,
  resubmitConsultation,
  submitConsultation,
} from "../modules/consultations/write.js";
import { RECORDABLE_KINDS } from "../modules/consultations/workflow.js";
import type { ServiceContext } from "../core/context.js";
import { asOption, collect, m, output, readJson, userContext, withDatabase } from "./common.js";


/** One line per consultation: code, status, clock, and what it waits for. */
export function clockLine(c: ConsultationSummary): string {
  const clock = c.clock ? m("consultation.clockLine", { due: c.clock.dueAt.slice(0, 10), left: c.clock.remainingDays }) : "";
  const next = c.next.kind === "none" ? (c.outcome ?? "") : `${m(`consultation.next.${c.next.kind}`)}${c.next.waitingFor.length ? ` (${c.next.waitingFor.join(", ")})` : ""}`;
  return [c.code.padEnd(20), c.status.padEnd(16), clock.padEnd(28), next].join(" ").trimEnd();
}

function showLines(c: Consultation): string {
  const lines = [`${c.code}: ${c.title.en}`, clockLine(c), ...c.parties.map((p) => `  ${p.code.padEnd(6)} ${p.receivedAt ? m("consultation.receivedOn", { at: p.receivedAt.slice(0, 10) }) : m("consultation.notReceived")}`)];
  for (const e of c.entries) lines.push(`  ${e.on} ${e.kind.padEnd(18)} ${e.actor?.code ?? ""} ${e.body ?? ""}`.trimEnd());
  if (c.conditions) lines.push(c.conditions.en);
  return lines.join("\n");
}

/** Runs a step as the named user and prints the consultation after it. */
function act(cmd: Command, email: string, fn: (ctx: ServiceContext) => Promise<Consultation>) {
  return withDatabase(async (db) => fn(await userContext(db, email))).then((c) => output(cmd, m("consultation.status", { code: c.code, status: c.status }) + (c.clock ? `\n${clockLine(c)}` : ""), c));
}

/** Prior notification and consultation from the command line, acting as a named user. */
export function registerConsultationCommands(program: Command) {
  const pnc = program.command("consultation").description(m("consultation.description"));
  pnc
    .command("submit")
    .description(m("consultation.submit"))
    .addOption(asOption("consultation.as"))
    .requiredOption("--file <path>", m("consultation.file"))
    .action(async (opts: { as: string; file: string }, cmd: Command) => {
      const input = readJson(opts.file) as Parameters<typeof submitConsultation>[1];
      await act(cmd, opts.as, (ctx) => submitConsultation(ctx, input));
    });
  pnc
    .command("check <ref>")
    .description(m("consultation.check"))
    .addOption(asOption("consultation.as"))
    .option("--incomplete", m("consultation.incomplete"))
    .option("--reason <text>", m("consultation.reason"))
    .action(async (ref: string, opts: { as: string; incomplete?: boolean; reason?: string }, cmd: Command) => {
      await act(cmd, opts.as, (ctx) => checkConsultation(ctx, ref, { complete: !opts.incomplete, reason: opts.reason }));
    });
  pnc
    .command("resubmit <ref>")
    .description(m("consultation.resubmit"))
    .addOption(asOption("consultation.as"))
    .option("--note <text>", m("consultation.note"))
    .action(async (ref: string, opts: { as: string; note?: string }, cmd: Command) => {
      await act(cmd, opts.as, (ctx) => resubmitConsultation(ctx, ref, { note: opts.note }));
    });
  pnc
    .command("receive <ref>")
    .description(m("consultation.receive"))
    .addOption(asOption("consultation.as"))
    .option("--party <code>", m("consultation.party"))
    .option("--on <date>", m("consultation.on"))
    .action(async (ref: string, opts: { as: string; party?: string; on?: string }, cmd: Command) => {
      await act(cmd, opts.as, (ctx) => receiveConsultation(ctx, ref, { party: opts.party, on: opts.on }));
    });
  pnc
    .command("record <ref>")
    .description(m("consultation.record"))
    .addOption(asOption("consultation.as"))
    .addOption(new Option("--kind <kind>", m("consultation.kind")).choices([...RECORDABLE_KINDS]).makeOptionMandatory())
    .requiredOption("--body <text>", m("consultation.body"))
    .option("--party <code>", m("consultation.party"))
    .option("--event <code>", m("consultation.event"))
    .option("--on <date>", m("consultation.on"))
    .action(async (ref: string, opts: { as: string; kind: (typeof RECORDABLE_KINDS)[number]; body: string; party?: string; event?: string; on?: string }, cmd: Command) => {
      await act(cmd, opts.as, (ctx) => recordConsultationEntry(ctx, ref, { kind: opts.kind, body: opts.body, party: opts.party, event: opts.event, on: opts.on }));
    });
  pnc
    .command("extend <ref>")
    .description(m("consultation.extend"))
    .addOption(asOption("consultation.as"))
    .requiredOption("--months <n>", m("consultation.months"), (v) => Number(v))
    .requiredOption("--decision <text>", m("consultation.decision"))
    .requiredOption("--agreed-by <code>", m("consultation.agreedBy"), collect)
    .option("--on <date>", m("consultation.on"))
    .action(async (ref: string, opts: { as: string; months: number; decision: string; agreedBy: string[]; on?: string }, cmd: Command) => {
      await act(cmd, opts.as, (ctx) => extendConsultation(ctx, ref, { months: opts.months, decision: opts.decision, agreedBy: opts.agreedBy, on: opts.on }));
    });
  pnc
    .command("close <ref>")
    .description(m("consultation.close"))
    .addOption(asOption("consultation.as"))
    .addOption(new Option("--outcome <outcome>", m("consultation.outcome")).choices([...CONSULTATION_OUTCOMES]).makeOptionMandatory())
    .option("--conditions <text>", m("consultation.conditions"))
    .option("--note <text>", m("consultation.note"))
    .action(async (ref: string, opts: { as: string; outcome: (typeof CONSULTATION_OUTCOMES)[number]; conditions?: string; note?: string }, cmd: Command) => {
      await act(cmd, opts.as, (ctx) => closeConsultation(ctx, ref, { outcome: opts.outcome, conditions: opts.conditions ? { en: opts.conditions } : undefined, note: opts.note }));
    });
  pnc
    .command("list")
    .description(m("consultation.list"))
    .addOption(asOption("consultation.as"))
    .addOption(new Option("--status <status>", m("consultation.statusOption")).choices([...CONSULTATION_STATUSES]))
    .option("--mechanism <code>", m("consultation.mechanism"))
    .option("--party <code>", m("consultation.party"))
    .action(async (opts: { as: string; status?: string; mechanism?: string; party?: string }, cmd: Command) => {
      const query = ZConsultationListQuery.parse({ status: opts.status, mechanism: opts.mechanism, party: opts.party, limit: 500 });
      const page = await withDatabase(async (db) => listConsultations(await userContext(db, opts.as), query));
      output(cmd, page.items.map(clockLine).join("\n") || m("consultation.none"), page);
    });
  pnc
    .command("show <ref>")
    .description(m("consultation.show"))
    .addOption(asOption("consultation.as"))
    .action(async (ref: string, opts: { as: string }, cmd: Command) => {
      const c = await withDatabase(async (db) => getConsultation(await userContext(db, opts.as), ref));
      output(cmd, showLines(c), c);
    });
  pnc
    .command("clocks")
    .description(m("consultation.clocks"))
    .addOption(asOption("consultation.as"))
    .action(async (opts: { as: string }, cmd: Command) => {
      const board = await withDatabase(async (db) => consultationClocks(await userContext(db, opts.as)));
      output(cmd, board.items.map(clockLine).join("\n") || m("consultation.none"), board);
    });
}
