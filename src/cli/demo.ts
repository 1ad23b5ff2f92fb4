import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { count, eq, inArray } from "drizzle-orm";
import { makeContext, SYSTEM } from "../core/context.js";
import type { Db } from "../db/client.js";
import { actors } from "../db/schema/actors.js";
import { postings } from "../db/schema/matching.js";
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

type DemoPosting = Omit<typeof postings.$inferInsert, "actorId"> & { actor: string };

/**
 * Illustrative offers and needs for "going out together to a designated place" (seed 003 §4):
 * the Boten zone asks for the factors a cold-chain and logistics cluster needs, and Chinese and
 * Lao organisations offer some of them. Written once into an empty demo database, so the
 * matching and group pages have something to show; every title says it is a sample.
 */
const DEMO_POSTINGS: DemoPosting[] = [
  { actor: "la-boten", kind: "need", factor: "capital", title: { en: "Sample: finance for a bonded cold-chain warehouse", zh: "示例：保税冷链仓库融资", lo: "ຕົວຢ່າງ: ທຶນສຳລັບສາງຫ້ອງເຢັນ" }, sector: "25010", places: ["la-boten"], size: 5_000_000, unit: "USD", validFrom: "2027-01-01", validTo: "2028-12-31" },
  { actor: "la-boten", kind: "need", factor: "technology", title: { en: "Sample: cold-chain and customs-clearance systems", zh: "示例：冷链与通关系统", lo: "ຕົວຢ່າງ: ລະບົບຫ້ອງເຢັນ ແລະ ພິທີການພາສີ" }, sector: "21010", places: ["la-boten"], validFrom: "2027-01-01", validTo: "2027-12-31" },
  { actor: "la-boten", kind: "need", factor: "talent", title: { en: "Sample: logistics managers and technicians", zh: "示例：物流管理与技术人员", lo: "ຕົວຢ່າງ: ຜູ້ຈັດການ ແລະ ນັກວິຊາການດ້ານໂລຈິສຕິກ" }, sector: "11330", places: ["la-boten"], size: 40, unit: "people", validFrom: "2027-03-01", validTo: "2029-12-31" },
  { actor: "la-boten", kind: "need", factor: "labour", title: { en: "Sample: warehouse and handling staff", zh: "示例：仓储装卸人员", lo: "ຕົວຢ່າງ: ພະນັກງານສາງ ແລະ ຂົນຖ່າຍ" }, places: ["la-boten"], size: 200, unit: "people", validFrom: "2027-06-01" },
  { actor: "cn-yunnan", kind: "need", factor: "market_access", title: { en: "Sample: buyers for Yunnan fresh produce in Laos and Thailand", zh: "示例：云南生鲜农产品在老挝和泰国的采购商", lo: "ຕົວຢ່າງ: ຜູ້ຊື້ຜະລິດຕະພັນສົດຂອງຢູນນານໃນລາວ ແລະ ໄທ" }, sector: "31120", places: ["la", "th"], validFrom: "2027-01-01", validTo: "2027-12-31" },
  { actor: "sample-mekong-bank", kind: "offer", factor: "capital", title: { en: "Sample: trade and project finance for border zones", zh: "示例：边境园区贸易与项目融资", lo: "ຕົວຢ່າງ: ທຶນການຄ້າ ແລະ ໂຄງການສຳລັບເຂດຊາຍແດນ" }, sector: "24030", places: ["la-boten", "cn-mohan"], size: 3_000_000, unit: "USD", validFrom: "2026-10-01", validTo: "2028-09-30" },
  { actor: "sample-yn-logistics", kind: "offer", factor: "technology", title: { en: "Sample: cold-chain operation and tracking", zh: "示例：冷链运营与追踪", lo: "ຕົວຢ່າງ: ການດຳເນີນງານ ແລະ ຕິດຕາມຫ້ອງເຢັນ" }, sector: "21010", places: ["la-boten", "cn-mohan"], validFrom: "2026-12-01" },
  { actor: "sample-yn-logistics", kind: "offer", factor: "capital", title: { en: "Sample: equity for a shared warehouse", zh: "示例：共建仓库的股权投资", lo: "ຕົວຢ່າງ: ທຶນຫຸ້ນສຳລັບສາງຮ່ວມ" }, sector: "25010", places: ["la-boten"], size: 2_000_000, unit: "USD", validFrom: "2027-01-01", validTo: "2027-12-31" },
  { actor: "lanmei-vocational-college", kind: "offer", factor: "talent", title: { en: "Sample: logistics graduates and short courses", zh: "示例：物流专业毕业生与短期培训", lo: "ຕົວຢ່າງ: ນັກສຶກສາຈົບດ້ານໂລຈິສຕິກ ແລະ ຫຼັກສູດສັ້ນ" }, sector: "11330", places: ["la", "cn-yunnan"], size: 30, unit: "people", validFrom: "2027-01-01", validTo: "2029-12-31" },
  { actor: "siam-university", kind: "offer", factor: "talent", title: { en: "Sample: supply-chain engineers on secondment", zh: "示例：借调的供应链工程师", lo: "ຕົວຢ່າງ: ວິສະວະກອນຫ່ວງໂສ້ການສະໜອງປະຈຳການ" }, sector: "11330", places: ["la", "th"], size: 15, unit: "people", validFrom: "2027-01-01", validTo: "2028-12-31" },
  { actor: "sample-la-agri-coop", kind: "offer", factor: "labour", title: { en: "Sample: seasonal workers from member villages", zh: "示例：成员村的季节性工人", lo: "ຕົວຢ່າງ: ແຮງງານຕາມລະດູການຈາກບ້ານສະມາຊິກ" }, places: ["la-luangnamtha"], size: 250, unit: "people", validFrom: "2027-01-01" },
  { actor: "sample-la-agri-coop", kind: "offer", factor: "market_access", title: { en: "Sample: distribution to Lao provincial markets", zh: "示例：进入老挝各省市场的分销渠道", lo: "ຕົວຢ່າງ: ການຈັດຈຳໜ່າຍສູ່ຕະຫຼາດແຂວງຂອງລາວ" }, sector: "31120", places: ["la"], validFrom: "2026-11-01" },
];

export async function ensureDemoPostings(db: Db): Promise<void> {
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(postings);
  if (n > 0) return;
  const codes = [...new Set(DEMO_POSTINGS.map((p) => p.actor))];
  const ids = new Map((await db.select({ id: actors.id, code: actors.code }).from(actors).where(inArray(actors.code, codes))).map((a) => [a.code, a.id]));
  const rows = DEMO_POSTINGS.filter((p) => ids.has(p.actor)).map(({ actor, ...p }) => ({ ...p, actorId: ids.get(actor)! }));
  if (rows.length) await db.insert(postings).values(rows);
}
