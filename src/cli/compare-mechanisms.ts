import type { Command } from "commander";

export function registerSideBySideCommands(_compare: Command) {}
