import type { Command } from "commander";

export function registerConsultationCommands(program: Command) {
  void program;
}
