import type { Command } from "commander";

export function registerFeedbackCommands(program: Command) {
  void program;
}
