import type { Command } from "commander";

export function registerCompareCommands(_program: Command) {}
