/**
 * vitest globalSetup: starts one throwaway PostgreSQL server for the whole run and provides its URL
 * (`postgres://concord@127.0.0.1:PORT/concord_test`) to tests as `inject("pgUrl")`. Tests that want a
 * database of their own call `createDatabase({ url: inject("pgUrl") }, name)` from ./pg-server.js.
 *
 * CONCORD_TEST_PG=0 skips it (then `pgUrl` is not provided). Missing binaries are an error, never a
 * silent skip. CONCORD_TEST_PG_LOG=1 prints the server's start-up steps.
 */
import type { TestProject } from "vitest/node";
import { findPgBinaries, startPgServer } from "./pg-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.CONCORD_TEST_PG === "0") return undefined;
  findPgBinaries(); // throws, naming the missing binary and how to install it
  const verbose = process.env.CONCORD_TEST_PG_LOG === "1";
  const server = await startPgServer({ log: verbose ? (line) => console.log(`[pg] ${line}`) : undefined });
  project.provide("pgUrl", server.url);
  return async () => {
    await server.stop();
  };
}
