import { Command, Option } from "commander";
import { EVENT_KINDS } from "../db/schema/events.js";
import { MEETING_KINDS } from "../lib/diplomacy/meetings.js";
import { TRACKS } from "../lib/diplomacy/track.js";
import { createEvent } from "../modules/events/create.js";
import { getEvent, listEvents } from "../modules/events/read.js";
import { ZEventCreate, ZEventListQuery, ZTrackOverride, type Event } from "../modules/events/schemas.js";
import { setTrack } from "../modules/events/write.js";
import { cliContext, collect, m, output, userContext, withDatabase } from "./common.js";


/** `CODE` or `CODE:Who represented it`; only the first colon splits, titles may hold more. */
export function parseParticipant(raw: string): { actor: string; representatives?: string[] } {
  const i = raw.indexOf(":");
  if (i < 0) return { actor: raw.trim() };
  const rep = raw.slice(i + 1).trim();
  return { actor: raw.slice(0, i).trim(), ...(rep ? { representatives: [rep] } : {}) };
}

const trackLabel = (e: Event) => (e.track ? `${m("meeting.track")} ${e.track}${e.trackOverridden ? "*" : ""}` : "—");

function describe(e: Event): string {
  const lines = [
    `${e.code}  ${e.date}  ${e.kind}  ${e.title.en}`,
    `${m("meeting.track")}: ${e.track ?? "—"}${e.trackOverridden ? ` (${m("meeting.overridden", { derived: e.derivedTrack ?? "—", reason: e.trackReason ?? "" })})` : ""}`,
  ];
  if (e.openToPublic) lines.push(m("meeting.openToPublic"));
  for (const p of e.participants) lines.push(`  ${p.actorCode.padEnd(22)} ${p.actorType.padEnd(13)} ${p.representatives.join("; ")}`);
  for (const o of e.outcomes) lines.push(`  → ${o.text.en}`);
  return lines.join("\n");
}

/** Meetings with their diplomatic track: list, show, record, and the secretariat's override. */
export function registerMeetingCommands(program: Command) {
  const meeting = program.command("meeting").description(m("meeting.description"));
  meeting
    .command("list")
    .description(m("meeting.list"))
    .option("--mechanism <code>", m("meeting.mechanism"))
    .addOption(new Option("--track <track>", m("meeting.trackFilter")).choices([...TRACKS]))
    .addOption(new Option("--kind <kind>", m("meeting.kind")).choices([...EVENT_KINDS]))
    .option("--all-events", m("meeting.allEvents"))
    .action(async (opts: { mechanism?: string; track?: string; kind?: string; allEvents?: boolean }, cmd: Command) => {
      const { allEvents, ...filters } = opts;
      const query = ZEventListQuery.parse({ ...filters, ...(allEvents ? {} : { meetings: "true" }), limit: 500, sort: "date" });
      const page = await withDatabase(async (db) => listEvents(cliContext(db), query));
      output(cmd, page.items.map((e) => `${e.code.padEnd(28)} ${e.date}  ${trackLabel(e).padEnd(10)} ${e.title.en}`).join("\n") || m("meeting.none"), page);
    });
  meeting
    .command("show <ref>")
    .description(m("meeting.show"))
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      const e = await withDatabase(async (db) => getEvent(cliContext(db), ref));
      output(cmd, describe(e), e);
    });
  meeting
    .command("create")
    .description(m("meeting.create"))
    .addOption(new Option("--as <email>", m("meeting.as")).makeOptionMandatory())
    .addOption(new Option("--kind <kind>", m("meeting.kind")).choices([...MEETING_KINDS]).makeOptionMandatory())
    .requiredOption("--date <date>", m("meeting.date"))
    .requiredOption("--title <text>", m("meeting.title"))
    .option("--code <code>", m("meeting.code"))
    .option("--mechanism <code>", m("meeting.mechanism"))
    .option("--place <text>", m("meeting.place"))
    .option("--participant <code[:representative]>", m("meeting.participant"), collect, [])
    .option("--open-to-public", m("meeting.openToPublicOption"))
    .option("--outcome <text>", m("meeting.outcome"), collect, [])
    .action(
      async (
        opts: { as: string; kind: string; date: string; title: string; code?: string; mechanism?: string; place?: string; participant: string[]; openToPublic?: boolean; outcome: string[] },
        cmd: Command,
      ) => {
        const input = ZEventCreate.parse({
          code: opts.code,
          mechanism: opts.mechanism,
          kind: opts.kind,
          date: opts.date,
          title: { en: opts.title },
          place: opts.place ? { en: opts.place } : undefined,
          participants: opts.participant.map(parseParticipant),
          openToPublic: opts.openToPublic ?? false,
          outcomes: opts.outcome.map((text) => ({ text: { en: text } })),
        });
        const created = await withDatabase(async (db) => createEvent(await userContext(db, opts.as), input));
        output(cmd, m("meeting.created", { code: created.code, track: created.track ?? "—" }), created);
      },
    );
  meeting
    .command("track <ref>")
    .description(m("meeting.trackCommand"))
    .addOption(new Option("--as <email>", m("meeting.as")).makeOptionMandatory())
    .addOption(new Option("--set <track>", m("meeting.set")).choices([...TRACKS]).conflicts("clear"))
    .option("--reason <text>", m("meeting.reason"))
    .option("--clear", m("meeting.clear"))
    .action(async (ref: string, opts: { as: string; set?: string; reason?: string; clear?: boolean }, cmd: Command) => {
      if (!opts.set && !opts.clear) cmd.error(m("meeting.setOrClear"), { exitCode: 2, code: "concord.setOrClear" });
      const input = ZTrackOverride.parse(opts.clear ? { track: null } : { track: opts.set, reason: opts.reason });
      const e = await withDatabase(async (db) => setTrack(await userContext(db, opts.as), ref, input));
      output(cmd, m("meeting.trackSet", { code: e.code, track: e.track ?? "—", derived: e.derivedTrack ?? "—" }), e);
    });
}
