#!/usr/bin/env node
// Concord runs its TypeScript sources directly through tsx, so a fresh clone needs no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
const code = await main(process.argv);
if (code !== "serving") process.exit(code);
