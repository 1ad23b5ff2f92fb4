import type { Command } from "commander";

export function registerDisputeCommands(program: Command) {
  void program;
}
