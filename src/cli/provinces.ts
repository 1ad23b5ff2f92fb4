import type { Command } from "commander";

export function registerProvincesCommands(_program: Command) {}
