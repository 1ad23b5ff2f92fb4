import type { Command } from "commander";

export function registerObligationCommands(program: Command) {
  void program;
}
