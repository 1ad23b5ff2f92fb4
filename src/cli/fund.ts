import { readFileSync, writeFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { Command, Option } from "commander";
import { z } from "zod";
import { makeContext, PUBLIC } from "../core/context.js";
import { LANGS, type Lang } from "../db/schema/common.js";
import { annualReport, ZAnnualReportQuery } from "../modules/annual-report/annual-report.js";
import { addAttachment } from "../modules/applications/attachments.js";
import { getApplication, listApplications } from "../modules/applications/read.js";
import { ZApplicationAction, ZApplicationCreate, ZApplicationListQuery, ZApplicationUpdate, ZAssignReviewers, ZReviewSubmit } from "../modules/applications/schemas.js";
import { actOnApplication, assignReviewers, createApplication, submitReview, updateApplication } from "../modules/applications/write.js";
import { APPLICATION_STATES } from "../modules/applications/workflow.js";
import { createCall, listCalls } from "../modules/calls/calls.js";
import { ZCallCreate, ZCallListQuery } from "../modules/calls/schemas.js";
import { fundingGap } from "../modules/money/gap.js";
import { addExchangeRate } from "../modules/money/rates.js";
import { GAP_DIMENSIONS, ZExchangeRateCreate, ZFundingGapQuery } from "../modules/money/schemas.js";
import { suspensionExposure } from "../modules/phases/exposure.js";
import { ZPhaseTransition } from "../modules/phases/schemas.js";
import { transitionPhase } from "../modules/phases/transition.js";
import { ZProjectTerminate, ZReportCreate, ZTransactionCreate } from "../modules/projects/schemas.js";
import { addReport, addTransaction } from "../modules/projects/write.js";
import { terminateProject } from "../modules/projects/terminate.js";
import { listLateReports, reviewReport } from "../modules/reports/reports.js";
import { ZLateReportQuery, ZReportReview } from "../modules/reports/schemas.js";
import { SUSPENSION_REASONS } from "../modules/phases/workflow.js";
import { asOption, cliContext, collect, lang, m, output, readJson, userContext, withDatabase } from "./common.js";


/** The special-fund cycle and phase changes from the command line, acting as a named user. */
export function registerFundCommands(program: Command) {
  const call = program.command("call").description(m("fund.call.description"));
  call
    .command("create")
    .description(m("fund.call.create"))
    .addOption(asOption("fund.as"))
    .requiredOption("--file <path>", m("fund.file"))
    .action(async (opts: { as: string; file: string }, cmd: Command) => {
      const input = ZCallCreate.parse(readJson(opts.file));
      const created = await withDatabase(async (db) => createCall(await userContext(db, opts.as), input));
      output(cmd, m("fund.call.created", { code: created.code, state: created.state }), created);
    });
  call
    .command("list")
    .description(m("fund.call.list"))
    .addOption(new Option("--state <state>", m("fund.call.state")).choices(["upcoming", "open", "closed"]))
    .option("--mechanism <code>", m("fund.call.mechanism"))
    .action(async (opts: { state?: string; mechanism?: string }, cmd: Command) => {
      const query = ZCallListQuery.parse({ ...opts, limit: 500 });
      const page = await withDatabase(async (db) => listCalls(cliContext(db), query));
      output(cmd, page.items.map((c) => `${c.code.padEnd(20)} ${c.state.padEnd(9)} ${c.opensAt.slice(0, 10)} → ${c.closesAt.slice(0, 10)}  ${c.title.en}`).join("\n") || m("fund.none"), page);
    });

  const app = program.command("application").description(m("fund.application.description"));
  app
    .command("create")
    .description(m("fund.application.create"))
    .addOption(asOption("fund.as"))
    .requiredOption("--file <path>", m("fund.file"))
    .action(async (opts: { as: string; file: string }, cmd: Command) => {
      const input = ZApplicationCreate.parse(readJson(opts.file));
      const created = await withDatabase(async (db) => createApplication(await userContext(db, opts.as), input));
      output(cmd, m("fund.application.status", { code: created.code, status: created.status }), created);
    });
  app
    .command("update <ref>")
    .description(m("fund.application.update"))
    .addOption(asOption("fund.as"))
    .requiredOption("--file <path>", m("fund.file"))
    .option("--if-match <version>", m("fund.application.ifMatch"))
    .action(async (ref: string, opts: { as: string; file: string; ifMatch?: string }, cmd: Command) => {
      const input = ZApplicationUpdate.parse(readJson(opts.file));
      const a = await withDatabase(async (db) => {
        const ctx = await userContext(db, opts.as);
        // Without --if-match the CLI revises the version it has just read.
        const version = opts.ifMatch ?? String((await getApplication(ctx, ref)).version);
        return updateApplication(ctx, ref, `"${version.replace(/"/g, "")}"`, input);
      });
      output(cmd, m("fund.application.status", { code: a.code, status: a.status }), a);
    });
  app
    .command("list")
    .description(m("fund.application.list"))
    .addOption(asOption("fund.as"))
    .option("--call <code>", m("fund.application.call"))
    .addOption(new Option("--status <status>", m("fund.application.statusOption")).choices([...APPLICATION_STATES]))
    .action(async (opts: { as: string; call?: string; status?: string }, cmd: Command) => {
      const query = ZApplicationListQuery.parse({ call: opts.call, status: opts.status, limit: 500 });
      const page = await withDatabase(async (db) => listApplications(await userContext(db, opts.as), query));
      output(cmd, page.items.map((a) => `${a.code.padEnd(20)} ${a.status.padEnd(10)} ${a.requested.padStart(14)} ${a.currency}  ${a.title.en}`).join("\n") || m("fund.none"), page);
    });
  app
    .command("show <ref>")
    .description(m("fund.application.show"))
    .addOption(asOption("fund.as"))
    .action(async (ref: string, opts: { as: string }, cmd: Command) => {
      const a = await withDatabase(async (db) => getApplication(await userContext(db, opts.as), ref));
      const lines = [m("fund.application.status", { code: a.code, status: a.status }), ...(a.screening ?? []).map((c) => `  ${c.passed ? "✓" : "✗"} ${c.rule}${c.detail ? ` (${c.detail})` : ""}`)];
      if (a.scoring?.mean != null) lines.push(m("fund.application.scoring", { mean: a.scoring.mean, spread: a.scoring.spread ?? 0 }));
      if (a.decisionReason) lines.push(a.decisionReason);
      output(cmd, lines.join("\n"), a);
    });
  app
    .command("act <ref> <action>")
    .description(m("fund.application.act"))
    .addOption(asOption("fund.as"))
    .option("--reason <text>", m("fund.application.reason"))
    .option("--moderation-note <text>", m("fund.application.moderationNote"))
    .action(async (ref: string, action: string, opts: { as: string; reason?: string; moderationNote?: string }, cmd: Command) => {
      const input = ZApplicationAction.parse({ action, reason: opts.reason, moderationNote: opts.moderationNote });
      const a = await withDatabase(async (db) => actOnApplication(await userContext(db, opts.as), ref, input));
      output(cmd, m("fund.application.status", { code: a.code, status: a.status }) + (a.projectCode ? `\n${m("fund.application.project", { code: a.projectCode })}` : ""), a);
    });
  app
    .command("attach <ref> <file>")
    .description(m("fund.application.attach"))
    .addOption(asOption("fund.as"))
    .action(async (ref: string, file: string, opts: { as: string }, cmd: Command) => {
      const ext = extname(file).toLowerCase();
      const contentType = ext === ".pdf" ? "application/pdf" : ext === ".png" ? "image/png" : ext === ".jpg" || ext === ".jpeg" ? "image/jpeg" : "application/octet-stream";
      const data = readFileSync(file);
      const saved = await withDatabase(async (db) => addAttachment(await userContext(db, opts.as), ref, { filename: basename(file), contentType, data }));
      output(cmd, m("fund.application.attached", { file: saved.filename, size: saved.size }), saved);
    });
  app
    .command("assign <ref>")
    .description(m("fund.application.assign"))
    .addOption(asOption("fund.as"))
    .requiredOption("--reviewer <email>", m("fund.application.reviewer"), collect)
    .action(async (ref: string, opts: { as: string; reviewer: string[] }, cmd: Command) => {
      const input = ZAssignReviewers.parse({ reviewers: opts.reviewer });
      const a = await withDatabase(async (db) => assignReviewers(await userContext(db, opts.as), ref, input));
      output(cmd, m("fund.application.status", { code: a.code, status: a.status }), a);
    });
  app
    .command("review <ref>")
    .description(m("fund.application.review"))
    .addOption(asOption("fund.as"))
    .requiredOption("--score <criterion=score>", m("fund.application.score"), collect)
    .requiredOption("--comment <text>", m("fund.application.comment"))
    .action(async (ref: string, opts: { as: string; score: string[]; comment: string }, cmd: Command) => {
      const scores = opts.score.map((s) => {
        const [criterion, value] = s.split("=");
        return { criterion, score: Number(value) };
      });
      const input = ZReviewSubmit.parse({ scores, comment: opts.comment });
      const a = await withDatabase(async (db) => submitReview(await userContext(db, opts.as), ref, input));
      const own = a.reviews[0];
      output(cmd, m("fund.application.reviewed", { code: a.code, total: own?.total ?? 0 }), a);
    });

  program
    .command("phase <project> <seq> <action>")
    .description(m("fund.phase.description"))
    .addOption(asOption("fund.as"))
    .addOption(new Option("--reason <reason>", m("fund.phase.reason")).choices([...SUSPENSION_REASONS]))
    .option("--country <code>", m("fund.phase.country"))
    .option("--note <text>", m("fund.phase.note"))
    .action(async (project: string, seq: string, action: string, opts: { as: string; reason?: string; country?: string; note?: string }, cmd: Command) => {
      const { seq: n } = z.object({ seq: z.coerce.number().int().min(1).max(10_000) }).parse({ seq });
      const input = ZPhaseTransition.parse({ action, reason: opts.reason, country: opts.country, note: opts.note });
      const history = await withDatabase(async (db) => transitionPhase(await userContext(db, opts.as), project, n, input));
      const last = history.items.at(-1)!;
      output(cmd, m("fund.phase.done", { project, seq, from: last.fromStatus, to: last.toStatus }), history);
    });

  program
    .command("terminate <project>")
    .description(m("fund.terminate.description"))
    .addOption(asOption("fund.as"))
    .requiredOption("--reason <text>", m("fund.terminate.reason"))
    .action(async (project: string, opts: { as: string; reason: string }, cmd: Command) => {
      const input = ZProjectTerminate.parse({ reason: opts.reason });
      const p = await withDatabase(async (db) => terminateProject(await userContext(db, opts.as), project, input));
      const sunk = (p.termination?.sunkCost ?? []).map((s) => `${s.value} ${s.currency}`).join(", ") || "0";
      output(cmd, m("fund.terminate.done", { project: p.code, sunk }), p);
    });

  program
    .command("transaction <project>")
    .description(m("fund.transaction.description"))
    .addOption(asOption("fund.as"))
    .requiredOption("--file <path>", m("fund.file"))
    .action(async (project: string, opts: { as: string; file: string }, cmd: Command) => {
      const input = ZTransactionCreate.parse(readJson(opts.file));
      const p = await withDatabase(async (db) => addTransaction(await userContext(db, opts.as), project, input));
      const totals = p.totals.map((t) => `${t.type} ${t.value} ${t.currency}`).join("; ");
      output(cmd, m("fund.transaction.done", { project: p.code, totals }), p);
    });

  const report = program.command("report").description(m("fund.report.description"));
  report
    .command("late")
    .description(m("fund.report.late"))
    .addOption(asOption("fund.as"))
    .option("--project <code>", m("fund.report.project"))
    .option("--country <code>", m("fund.report.country"))
    .action(async (opts: { as: string; project?: string; country?: string }, cmd: Command) => {
      const query = ZLateReportQuery.parse({ project: opts.project, country: opts.country, limit: 500 });
      const page = await withDatabase(async (db) => listLateReports(await userContext(db, opts.as), query));
      const lines = page.items.map((r) => m("fund.report.line", { project: r.projectCode, seq: r.seq, start: r.periodStart, end: r.periodEnd, days: r.daysLate }));
      output(cmd, lines.join("\n") || m("fund.none"), page);
    });
  report
    .command("submit <project>")
    .description(m("fund.report.submit"))
    .addOption(asOption("fund.as"))
    .requiredOption("--file <path>", m("fund.file"))
    .action(async (project: string, opts: { as: string; file: string }, cmd: Command) => {
      const input = ZReportCreate.parse(readJson(opts.file));
      const p = await withDatabase(async (db) => addReport(await userContext(db, opts.as), project, input));
      output(cmd, m("fund.report.submitted", { project: p.code, phase: input.phase }), p);
    });
  report
    .command("annual")
    .description(m("fund.report.annual"))
    .requiredOption("--mechanism <code>", m("fund.call.mechanism"))
    .requiredOption("--year <year>", m("fund.report.year"))
    .addOption(new Option("--lang <lang>", m("fund.report.lang")).choices([...LANGS]).default(lang))
    .addOption(new Option("--format <format>", m("fund.report.format")).choices(["html", "pdf"]).default("html"))
    .requiredOption("--out <file>", m("fund.report.out"))
    .option("--as <email>", m("fund.report.as"))
    .action(async (opts: { mechanism: string; year: string; lang: Lang; format: "html" | "pdf"; out: string; as?: string }, cmd: Command) => {
      const { year } = ZAnnualReportQuery.parse({ year: opts.year, format: opts.format });
      const report = await withDatabase(async (db) =>
        annualReport(opts.as ? await userContext(db, opts.as) : makeContext(db.db, PUBLIC, { channel: "cli", lang }), opts.mechanism, year, opts.lang, opts.format),
      );
      writeFileSync(opts.out, report.body);
      output(cmd, m("fund.report.written", { file: opts.out, bytes: report.body.length }), { file: opts.out, bytes: report.body.length, contentType: report.contentType });
    });
  report
    .command("review <project> <id> <decision>")
    .description(m("fund.report.review"))
    .addOption(asOption("fund.as"))
    .option("--comment <text>", m("fund.report.comment"))
    .action(async (project: string, id: string, decision: string, opts: { as: string; comment?: string }, cmd: Command) => {
      const input = ZReportReview.parse({ decision, comment: opts.comment });
      const { id: reportId } = z.object({ id: z.string().uuid() }).parse({ id });
      const done = await withDatabase(async (db) => reviewReport(await userContext(db, opts.as), project, reportId, input));
      output(cmd, m("fund.report.reviewed", { status: done.status }), done);
    });

  program
    .command("gap")
    .description(m("fund.gap.description"))
    .addOption(new Option("--by <dimension>", m("fund.gap.by")).choices([...GAP_DIMENSIONS]).default("project"))
    .option("--mechanism <code>", m("fund.call.mechanism"))
    .option("--currency <code>", m("fund.gap.currency"), "USD")
    .option("--as <email>", m("fund.as"))
    .action(async (opts: { by: string; mechanism?: string; currency: string; as?: string }, cmd: Command) => {
      const query = ZFundingGapQuery.parse({ by: opts.by, mechanism: opts.mechanism, currency: opts.currency });
      const result = await withDatabase(async (db) => fundingGap(opts.as ? await userContext(db, opts.as) : cliContext(db), query));
      const lines = result.items.map((i) => `${i.key.padEnd(28)} ${i.budget.padStart(16)} ${i.committed.padStart(16)} ${i.gap.padStart(16)}${i.unconverted ? `  (${m("fund.gap.unconverted", { n: i.unconverted })})` : ""}`);
      output(cmd, [m("fund.gap.header", { currency: result.currency }), ...lines].join("\n"), result);
    });
  program
    .command("rate")
    .description(m("fund.rate.description"))
    .addOption(asOption("fund.as"))
    .requiredOption("--currency <code>", m("fund.rate.currency"))
    .requiredOption("--date <yyyy-mm-dd>", m("fund.rate.date"))
    .requiredOption("--usd-per-unit <rate>", m("fund.rate.usdPerUnit"))
    .option("--source <text>", m("fund.rate.source"))
    .action(async (opts: { as: string; currency: string; date: string; usdPerUnit: string; source?: string }, cmd: Command) => {
      const input = ZExchangeRateCreate.parse({ currency: opts.currency, date: opts.date, usdPerUnit: opts.usdPerUnit, source: opts.source });
      const rate = await withDatabase(async (db) => addExchangeRate(await userContext(db, opts.as), input));
      output(cmd, m("fund.rate.done", { currency: rate.currency, date: rate.date, rate: rate.usdPerUnit }), rate);
    });

  program
    .command("exposure")
    .description(m("fund.exposure.description"))
    .addOption(asOption("fund.as"))
    .action(async (opts: { as: string }, cmd: Command) => {
      const exposure = await withDatabase(async (db) => suspensionExposure(await userContext(db, opts.as)));
      const lines = exposure.items.map((i) => m("fund.exposure.line", { country: i.countryCode, suspended: i.suspendedPhases.length, exposed: i.exposedProjects.length }));
      output(cmd, lines.join("\n") || m("fund.none"), exposure);
    });
}
