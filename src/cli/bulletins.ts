import type { Command } from "commander";

export function registerBulletinCommands(program: Command) {
  void program;
}
