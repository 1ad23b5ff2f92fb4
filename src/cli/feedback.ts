import { Option, type Command } from "commander";
import { makeContext, PUBLIC } from "../core/context.js";
import { LANGS } from "../db/schema/common.js";
import { COMMENT_STATUSES, COMMENT_SUBJECTS } from "../db/schema/feedback.js";
import { answerComment, commentStats, listComments, moderateComment } from "../modules/feedback/comments.js";
import { ZCommentListQuery } from "../modules/feedback/schemas.js";
import type { Comment } from "../modules/feedback/schemas.js";
import { lang, m, output, readAs, userContext, withDatabase } from "./common.js";


const line = (c: Comment) => {
  const answered = c.responseHours === null ? m("feedback.unanswered") : m("feedback.answeredIn", { hours: c.responseHours });
  const text = c.body.replace(/\s+/g, " ");
  return `${c.id}  ${c.status.padEnd(9)} ${c.lang}  ${c.subject}:${c.subjectCode ?? c.subjectId}  ${m("feedback.age", { hours: c.ageHours })}  ${answered}\n    ${text.length > 100 ? `${text.slice(0, 99)}…` : text}`;
};

/** The public feedback queue from the command line: staff moderate and answer as a named user. */
export function registerFeedbackCommands(program: Command) {
  const feedback = program.command("feedback").description(m("feedback.description"));
  feedback
    .command("list")
    .description(m("feedback.list"))
    .option("--as <email>", m("feedback.as"))
    .addOption(new Option("--status <status>", m("feedback.status")).choices([...COMMENT_STATUSES]))
    .addOption(new Option("--subject <subject>", m("feedback.subject")).choices([...COMMENT_SUBJECTS]))
    .option("--ref <code>", m("feedback.ref"))
    .addOption(new Option("--lang <lang>", m("feedback.lang")).choices([...LANGS]))
    .option("--unanswered", m("feedback.unansweredOption"))
    .action(async (opts: { as?: string; status?: string; subject?: string; ref?: string; lang?: string; unanswered?: boolean }, cmd: Command) => {
      const query = ZCommentListQuery.parse({ status: opts.status, subject: opts.subject, ref: opts.ref, lang: opts.lang, unanswered: opts.unanswered ? "true" : undefined, limit: 500 });
      const page = await withDatabase(async (db) => listComments(await readAs(db, opts.as), query));
      output(cmd, page.items.map(line).join("\n") || m("feedback.none"), page);
    });
  feedback
    .command("moderate <id> <decision>")
    .description(m("feedback.moderate"))
    .addOption(new Option("--as <email>", m("feedback.as")).makeOptionMandatory())
    .option("--reason <text>", m("feedback.reason"))
    .action(async (id: string, decision: string, opts: { as: string; reason?: string }, cmd: Command) => {
      const c = await withDatabase(async (db) => moderateComment(await userContext(db, opts.as), id, { decision: decision as "publish" | "reject", reason: opts.reason }));
      output(cmd, m("feedback.moderated", { id: c.id, status: c.status }), c);
    });
  feedback
    .command("answer <id>")
    .description(m("feedback.answer"))
    .addOption(new Option("--as <email>", m("feedback.as")).makeOptionMandatory())
    .requiredOption("--text <answer>", m("feedback.text"))
    .addOption(new Option("--lang <lang>", m("feedback.answerLang")).choices([...LANGS]).makeOptionMandatory())
    .action(async (id: string, opts: { as: string; text: string; lang: string }, cmd: Command) => {
      const c = await withDatabase(async (db) => answerComment(await userContext(db, opts.as), id, { answer: opts.text, lang: opts.lang as (typeof LANGS)[number] }));
      output(cmd, m("feedback.answered", { id: c.id, hours: c.responseHours ?? 0 }), c);
    });
  feedback
    .command("stats")
    .description(m("feedback.stats"))
    .action(async (_opts: unknown, cmd: Command) => {
      const s = await withDatabase(async (db) => commentStats(makeContext(db.db, PUBLIC, { channel: "cli", lang })));
      const hours = (v: number | null) => (v === null ? "–" : String(v));
      output(cmd, m("feedback.statsLine", { pending: s.pending, unanswered: s.publishedUnanswered, answered: s.answered, median: hours(s.medianResponseHours), p90: hours(s.p90ResponseHours) }), s);
    });
}
