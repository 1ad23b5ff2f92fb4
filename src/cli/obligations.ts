import { Command, Option } from "commander";
import { FULFILMENT_STATUSES } from "../db/schema/obligations.js";
import type { Database } from "../db/client.js";
import { fulfilmentRateRows, getAgreement, listAgreements, listObligations } from "../modules/obligations/read.js";
import { AGREEMENT_KINDS, OBLIGATION_STATES, ZAgreementListQuery, ZAgreementNew, ZFulfilmentNew, ZObligationListQuery, ZObligationNew, type Obligation } from "../modules/obligations/schemas.js";
import { addObligation, createAgreement, recordFulfilment } from "../modules/obligations/write.js";
import { cliContext, collect, m, output, userContext, withDatabase } from "./common.js";

/** Reads act as the named user, or, without --as, as the operator at the console, who sees everything. */
const readContext = (db: Database, as?: string) => (as ? userContext(db, as) : Promise.resolve(cliContext(db)));
const pct = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 100)}%`);
const obligationLine = (o: Obligation) => `${o.code.padEnd(24)} ${o.ownerCode.padEnd(16)} ${o.dueDate}  ${(o.status ?? (o.overdue ? "OVERDUE" : "open")).padEnd(13)} ${o.title.en}`;

/** Agreements, MoUs and their obligations from the command line, acting as a named user. */
export function registerObligationCommands(program: Command) {
  const agreement = program.command("agreement").description(m("obligations.agreement.description"));
  agreement
    .command("create")
    .description(m("obligations.agreement.create"))
    .addOption(new Option("--as <email>", m("fund.as")).makeOptionMandatory())
    .requiredOption("--title <text>", m("obligations.agreement.title"))
    .requiredOption("--signed-on <date>", m("obligations.agreement.signedOn"))
    .requiredOption("--signatory <code>", m("obligations.agreement.signatory"), collect)
    .addOption(new Option("--kind <kind>", m("obligations.agreement.kind")).choices([...AGREEMENT_KINDS]).default("mou"))
    .option("--mechanism <code>", m("obligations.agreement.mechanism"))
    .option("--code <code>", m("obligations.code"))
    .option("--description <text>", m("obligations.description"))
    .action(async (opts: { as: string; title: string; signedOn: string; signatory: string[]; kind: string; mechanism?: string; code?: string; description?: string }, cmd: Command) => {
      const input = ZAgreementNew.parse({
        code: opts.code,
        kind: opts.kind,
        mechanism: opts.mechanism,
        title: { en: opts.title },
        description: opts.description ? { en: opts.description } : undefined,
        signedOn: opts.signedOn,
        signatories: opts.signatory,
      });
      const a = await withDatabase(async (db) => createAgreement(await userContext(db, opts.as), input));
      output(cmd, m("obligations.agreement.created", { code: a.code }), a);
    });
  agreement
    .command("list")
    .description(m("obligations.agreement.list"))
    .option("--as <email>", m("fund.as"))
    .option("--mechanism <code>", m("obligations.agreement.mechanism"))
    .option("--actor <code>", m("obligations.agreement.actor"))
    .option("--q <text>", m("obligations.q"))
    .action(async (opts: { as?: string; mechanism?: string; actor?: string; q?: string }, cmd: Command) => {
      const query = ZAgreementListQuery.parse({ mechanism: opts.mechanism, actor: opts.actor, q: opts.q, limit: 500 });
      const page = await withDatabase(async (db) => listAgreements(await readContext(db, opts.as), query));
      output(cmd, page.items.map((a) => `${a.code.padEnd(24)} ${a.kind.padEnd(9)} ${a.signedOn}  ${a.signatories.map((s) => s.actorCode).join(", ")}  ${a.title.en}`).join("\n") || m("fund.none"), page);
    });
  agreement
    .command("show <ref>")
    .description(m("obligations.agreement.show"))
    .option("--as <email>", m("fund.as"))
    .action(async (ref: string, opts: { as?: string }, cmd: Command) => {
      const a = await withDatabase(async (db) => getAgreement(await readContext(db, opts.as), ref));
      const lines = [`${a.code}  ${a.title.en}`, m("obligations.agreement.signed", { date: a.signedOn, signatories: a.signatories.map((s) => s.actorCode).join(", ") }), ...a.obligations.map(obligationLine)];
      output(cmd, lines.join("\n"), a);
    });

  const obligation = program.command("obligation").description(m("obligations.group"));
  obligation
    .command("add <agreement>")
    .description(m("obligations.add"))
    .addOption(new Option("--as <email>", m("fund.as")).makeOptionMandatory())
    .requiredOption("--owner <code>", m("obligations.owner"))
    .requiredOption("--title <text>", m("obligations.title"))
    .requiredOption("--due <date>", m("obligations.due"))
    .option("--code <code>", m("obligations.code"))
    .option("--description <text>", m("obligations.description"))
    .action(async (ref: string, opts: { as: string; owner: string; title: string; due: string; code?: string; description?: string }, cmd: Command) => {
      const input = ZObligationNew.parse({ code: opts.code, owner: opts.owner, title: { en: opts.title }, description: opts.description ? { en: opts.description } : undefined, dueDate: opts.due });
      const o = await withDatabase(async (db) => addObligation(await userContext(db, opts.as), ref, input));
      output(cmd, m("obligations.added", { code: o.code, dueDate: o.dueDate }), o);
    });
  obligation
    .command("fulfil <ref>")
    .description(m("obligations.fulfil"))
    .addOption(new Option("--as <email>", m("fund.as")).makeOptionMandatory())
    .addOption(new Option("--status <status>", m("obligations.status")).choices([...FULFILMENT_STATUSES]).makeOptionMandatory())
    .requiredOption("--on <date>", m("obligations.on"))
    .requiredOption("--evidence <text>", m("obligations.evidence"))
    .option("--evidence-url <url>", m("obligations.evidenceUrl"))
    .action(async (ref: string, opts: { as: string; status: string; on: string; evidence: string; evidenceUrl?: string }, cmd: Command) => {
      const input = ZFulfilmentNew.parse({ status: opts.status, fulfilledOn: opts.on, evidence: opts.evidence, evidenceUrl: opts.evidenceUrl });
      const o = await withDatabase(async (db) => recordFulfilment(await userContext(db, opts.as), ref, input));
      output(cmd, m("obligations.recorded", { code: o.code, status: o.status ?? "open" }), o);
    });
  obligation
    .command("list")
    .description(m("obligations.list"))
    .option("--as <email>", m("fund.as"))
    .option("--owner <code>", m("obligations.owner"))
    .addOption(new Option("--status <status>", m("obligations.statusFilter")).choices([...OBLIGATION_STATES]))
    .option("--due-before <date>", m("obligations.dueBefore"))
    .action(async (opts: { as?: string; owner?: string; status?: string; dueBefore?: string }, cmd: Command) => {
      const query = ZObligationListQuery.parse({ owner: opts.owner, status: opts.status, dueBefore: opts.dueBefore, limit: 500 });
      const page = await withDatabase(async (db) => listObligations(await readContext(db, opts.as), query));
      output(cmd, page.items.map(obligationLine).join("\n") || m("fund.none"), page);
    });
  obligation
    .command("rates")
    .description(m("obligations.rates"))
    .option("--as <email>", m("fund.as"))
    .option("--mechanism <code>", m("obligations.agreement.mechanism"))
    .action(async (opts: { as?: string; mechanism?: string }, cmd: Command) => {
      const items = await withDatabase(async (db) => fulfilmentRateRows(await readContext(db, opts.as), { mechanism: opts.mechanism }));
      const lines = items.map((r) => `${r.actorCode.padEnd(16)} ${r.year}  ${m("obligations.rateLine", { due: r.due, fulfilled: r.fulfilled, partly: r.partly, late: r.late, notFulfilled: r.notFulfilled, overdue: r.openOverdue })}  ${pct(r.rate)}`);
      output(cmd, [...lines, m("obligations.weights")].join("\n"), { items });
    });
}
