import type { Command } from "commander";

export function registerOverlapCommands(_compare: Command) {}
