import { Command, CommanderError, Option } from "commander";
import { ROLES } from "../db/schema/users.js";
import { LANGS, type Lang } from "../db/schema/common.js";
import { toErrorResponse } from "../server/errors.js";
import { createUser } from "../modules/users/create.js";
import { createToken } from "../modules/tokens/tokens.js";
import { generateSecret } from "../modules/auth/crypto.js";
import { cliContext, lang, m, output, userContext, withDatabase } from "./common.js";
import { registerFundCommands } from "./fund.js";
import { registerInteropCommands } from "./interop.js";
import { registerMeetingCommands } from "./meetings.js";
import { registerObligationCommands } from "./obligations.js";
import { registerConsultationCommands } from "./consultations.js";
import { registerDisputeCommands } from "./disputes.js";
import { registerBulletinCommands } from "./bulletins.js";
import { registerFeedbackCommands } from "./feedback.js";
import { registerAlertsCommands } from "./alerts.js";
import { registerGameCommands } from "./games.js";
import { registerShareCommands, registerSymbiosisCommands } from "./models.js";
import { registerNetworkCommands } from "./network.js";
import { registerCompareCommands } from "./compare.js";
import { registerBackupCommands } from "./backup.js";
import { registerDuplicatesCommands } from "./duplicates.js";
import { registerMatchCommands } from "./match.js";
import { registerProvincesCommands } from "./provinces.js";
import { registerUserStatusCommands } from "./users.js";
import { runWorker, serve } from "./serve.js";
import { runDueJobs } from "../core/jobs/index.js";
import { JOB_HANDLERS } from "../modules/timers.js";
import { seedDatabase } from "./seed.js";
import { generateDataset, SCALES, type Scale } from "../db/generate.js";

let serving = false;

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("concord")
    .description(m("description"))
    .option("--json", m("options.json"))
    .helpOption("-h, --help", m("options.help"))
    .helpCommand("help [command]", m("options.helpCommand"))
    .addHelpText("after", `\n${m("help.environment")}`)
    .showHelpAfterError()
    .exitOverride();

  program
    .command("serve")
    .description(m("serve.description"))
    .option("-p, --port <port>", m("serve.port"), process.env.PORT ?? "8080")
    .option("--host <host>", m("serve.host"), process.env.HOST ?? "127.0.0.1")
    .option("--no-seed", m("serve.noSeed"))
    .option("--no-worker", m("serve.noWorker"))
    .action(async (opts: { port: string; host: string; seed: boolean; worker: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CommanderError(2, "concord.badPort", m("serve.badPort", { port: opts.port }));
      await serve({ port, host: opts.host, seed: opts.seed, worker: opts.worker, lang });
      serving = true;
    });

  program
    .command("worker")
    .description(m("worker.description"))
    .option("--once", m("worker.once"))
    .action(async (opts: { once?: boolean }, cmd: Command) => {
      if (opts.once) {
        const ran = await withDatabase((db) => runDueJobs(db.db, JOB_HANDLERS));
        output(cmd, m("worker.ran", { count: ran }), { ran });
        return;
      }
      await runWorker(lang);
      serving = true;
    });

  program
    .command("migrate")
    .description(m("migrate.description"))
    .action(async (_opts, cmd: Command) => {
      const where = await withDatabase(async (db) => db.location);
      output(cmd, m("migrate.done", { where }), { ok: true, database: where });
    });

  program
    .command("seed")
    .description(m("seed.description"))
    .action(async (_opts, cmd: Command) => {
      const summary = await withDatabase((db) => seedDatabase(db));
      output(cmd, m("seed.done", summary), summary);
    });

  const user = program.command("user").description(m("user.description"));
  user
    .command("create")
    .description(m("user.create.description"))
    .requiredOption("--email <email>", m("user.create.email"))
    .requiredOption("--name <name>", m("user.create.name"))
    .addOption(new Option("--role <role>", m("user.create.role")).choices([...ROLES]).makeOptionMandatory())
    .requiredOption("--org <code>", m("user.create.org"))
    .option("--password <password>", m("user.create.password"))
    .addOption(new Option("--locale <lang>", m("user.create.locale")).choices([...LANGS]).default("en"))
    .action(async (opts: { email: string; name: string; role: (typeof ROLES)[number]; org: string; password?: string; locale: Lang }, cmd: Command) => {
      const password = opts.password ?? process.env.CONCORD_PASSWORD ?? generateSecret().slice(0, 16);
      const created = await withDatabase((db) => createUser(cliContext(db), { ...opts, password }));
      const shown = opts.password || process.env.CONCORD_PASSWORD ? undefined : password;
      output(cmd, m("user.create.done", { email: created.email, role: created.role }) + (shown ? `\n${m("user.create.generated", { password: shown })}` : ""), { ...created, ...(shown ? { password: shown } : {}) });
    });

  registerUserStatusCommands(user);

  const token = program.command("token").description(m("token.description"));
  token
    .command("create")
    .description(m("token.create.description"))
    .requiredOption("--email <email>", m("token.create.email"))
    .requiredOption("--name <name>", m("token.create.name"))
    .option("--expires-in-days <days>", m("token.create.expires"))
    .action(async (opts: { email: string; name: string; expiresInDays?: string }, cmd: Command) => {
      const created = await withDatabase(async (db) => {
        const ctx = await userContext(db, opts.email);
        return createToken(ctx, { name: opts.name, expiresInDays: opts.expiresInDays === undefined ? undefined : Number(opts.expiresInDays) });
      });
      output(cmd, m("token.create.done", { token: created.token }), created);
    });

  program
    .command("generate")
    .description(m("generate.description"))
    .addOption(new Option("--scale <scale>", m("generate.scale")).choices(Object.keys(SCALES)).default("small"))
    .option("--seed <n>", m("generate.seed"), "1")
    .action(async (opts: { scale: Scale; seed: string }, cmd: Command) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed) || seed < 0) throw new CommanderError(2, "concord.badSeed", m("generate.badSeed", { seed: opts.seed }));
      const summary = await withDatabase(async (db) => {
        await seedDatabase(db);
        return generateDataset(db, { scale: opts.scale, seed });
      });
      const { steps, ...counts } = summary;
      output(cmd, m("generate.done", counts), summary);
    });

  registerFundCommands(program);
  registerInteropCommands(program);
  registerMeetingCommands(program);
  registerObligationCommands(program);
  registerConsultationCommands(program);
  registerDisputeCommands(program);
  registerBulletinCommands(program);
  registerFeedbackCommands(program);
  registerAlertsCommands(program);
  registerGameCommands(program);
  registerShareCommands(program);
  registerSymbiosisCommands(program);
  registerNetworkCommands(program);
  registerCompareCommands(program);
  registerDuplicatesCommands(program);
  registerMatchCommands(program);
  registerBackupCommands(program);
  registerProvincesCommands(program);
  return program;
}

/** Runs the CLI; resolves to the exit code, or to "serving" while `serve` keeps the process alive. */
export async function main(argv: string[]): Promise<number | "serving"> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return serving ? "serving" : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit cleanly; anything else commander rejects is bad usage.
      if (err.code === "commander.helpDisplayed" || err.code === "commander.help" || err.code === "commander.version") return 0;
      // A command that finished but must report partial success (records skipped, Ctrl-C) sets its own code.
      if (err.code === "concord.exit") return err.exitCode;
      if (err.code === "concord.badPort" || err.code === "concord.badSeed") process.stderr.write(`${err.message}\n`);
      return 2;
    }
    const { body } = toErrorResponse(err, lang);
    const json = argv.includes("--json");
    if (json) process.stderr.write(`${JSON.stringify(body)}\n`);
    else {
      process.stderr.write(`${m("error")}: ${body.error.message}\n`);
      const details = body.error.details;
      if (Array.isArray(details)) for (const d of details) process.stderr.write(`  - ${(d as { message: string }).message}\n`);
    }
    if (body.error.code === "validation_failed" || body.error.code === "bad_request") return 2;
    if (body.error.code === "internal") process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    return 1;
  }
}

