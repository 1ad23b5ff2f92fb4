import type { Command } from "commander";

export function registerDuplicatesCommands(_program: Command) {}
