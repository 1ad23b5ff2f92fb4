import { describe, expect, it } from "vitest";
import type { Principal } from "../../core/context.js";
import { ROLES, type Role } from "../../db/schema/users.js";
import { canAddRecipients, canSeeBulletin, canSendBulletin, type BulletinOrgs } from "./policy.js";

const user = (role: Role, orgId: string): Principal => ({ kind: "user", userId: `u-${role}-${orgId}`, orgId, role, email: "", name: "" });
// S sends, R1 and R2 receive; P is S's parent province and X the secretariat: neither is named.
const ORGS = ["S", "R1", "R2", "P", "X"] as const;
const principals: [string, Principal][] = [
  ["public", { kind: "public" }],
  ["system", { kind: "system" }],
  ...ROLES.flatMap((r) => ORGS.map((o) => [`${r}@${o}`, user(r, o)] as [string, Principal])),
];
const bulletin: BulletinOrgs = { senderOrgId: "S", recipientOrgIds: ["R1", "R2"] };
const org = (who: string) => who.split("@")[1];
const role = (who: string) => who.split("@")[0];

describe("canSeeBulletin", () => {
  for (const [who, p] of principals) {
    // Written out independently: only users of S, R1, R2 — whatever their role; nobody else, not even the system.
    const sees = ["S", "R1", "R2"].includes(org(who) ?? "");
    it(`${who} ${sees ? "sees" : "does not see"} the bulletin`, () => expect(canSeeBulletin(p, bulletin)).toBe(sees));
  }
  it("names the sender even when it is not among the recipients", () => {
    expect(canSeeBulletin(user("reviewer", "S"), { senderOrgId: "S", recipientOrgIds: [] })).toBe(true);
  });
});

describe("canSendBulletin and canAddRecipients", () => {
  for (const [who, p] of principals) {
    const sender = ["officer", "secretariat", "admin"].includes(role(who) ?? "");
    it(`${who} ${sender ? "may" : "may not"} send`, () => expect(canSendBulletin(p)).toBe(sender));
    const adds = sender && org(who) === "S";
    it(`${who} ${adds ? "may" : "may not"} add recipients`, () => expect(canAddRecipients(p, bulletin)).toBe(adds));
  }
});
