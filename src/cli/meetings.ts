import type { Command } from "commander";

export function registerMeetingCommands(program: Command) {
  void program;
}
