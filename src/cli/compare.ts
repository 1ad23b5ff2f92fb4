import type { Command } from "commander";
import { m } from "./common.js";
import { registerOverlapCommands } from "./compare-overlap.js";
import { registerSideBySideCommands } from "./compare-mechanisms.js";

/** Mechanisms compared from the command line: overlap matrices, and side by side. */
export function registerCompareCommands(program: Command) {
  const compare = program.command("compare").description(m("compare.description"));
  registerOverlapCommands(compare);
  registerSideBySideCommands(compare);
}
