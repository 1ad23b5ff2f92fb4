import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { makeContext, SYSTEM } from "../core/context.js";
import type { Db } from "../db/client.js";
import { users, type Role } from "../db/schema/users.js";
import { generateSecret } from "../modules/auth/crypto.js";
import { createUser } from "../modules/users/create.js";

/** The demo account of each role and the organisation it acts for. */
export const DEMO_ACCOUNTS: { role: Role; email: string; name: string; org: string }[] = [
  { role: "admin", email: "admin@concord.demo", name: "Demo Administrator", org: "lmc-secretariat" },
  { role: "secretariat", email: "secretariat@concord.demo", name: "Demo Secretariat Officer", org: "lmc-secretariat" },
  { role: "officer", email: "officer@concord.demo", name: "Demo Yunnan Foreign Affairs Officer", org: "cn-yunnan" },
  { role: "reviewer", email: "reviewer@concord.demo", name: "Demo Reviewer", org: "th" },
  { role: "analyst", email: "analyst@concord.demo", name: "Demo Analyst", org: "vn" },
];

export type DemoCredential = { role: Role; email: string; password: string };

/**
 * Creates the demo accounts once, with random passwords kept in the data directory (readable
 * by its owner only) so they can be printed at every start. Embedded mode only.
 */
export async function ensureDemoAccounts(db: Db, dataDir: string): Promise<DemoCredential[]> {
  const file = join(dataDir, "demo-accounts.json");
  const saved: DemoCredential[] = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DemoCredential[]) : [];
  const ctx = makeContext(db, SYSTEM, { channel: "cli" });
  const out: DemoCredential[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, account.email));
    const known = saved.find((s) => s.email === account.email);
    if (existing && known) {
      out.push(known);
      continue;
    }
    if (existing) continue; // created elsewhere; its password is not ours to print
    const password = generateSecret().slice(0, 16);
    await createUser(ctx, { ...account, password });
    out.push({ role: account.role, email: account.email, password });
  }
  writeFileSync(file, JSON.stringify(out, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return out;
}
