import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { AppEnv } from "./env.js";

/**
 * The client's address: the first X-Forwarded-For hop behind a proxy we were told to trust,
 * else the socket's peer. Sign-in failures and public comments are counted per this address.
 */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.get("deps").trustProxy) {
    const fwd = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // in-process requests (tests) have no socket
  }
}
