import { describe, expect, it } from "vitest";
import type { Principal } from "../context.js";
import { canSee, canWriteOwned, type Visible } from "./index.js";

const user = (role: "admin" | "secretariat" | "officer" | "reviewer" | "analyst", orgId: string): Principal => ({ kind: "user", userId: `u-${role}-${orgId}`, orgId, role, email: "", name: "" });
const principals: [string, Principal][] = [
  ["public", { kind: "public" }],
  ["system", { kind: "system" }],
  ...(["admin", "secretariat", "officer", "reviewer", "analyst"] as const).flatMap((r) => [
    [`${r}@A`, user(r, "A")] as [string, Principal],
    [`${r}@Z`, user(r, "Z")] as [string, Principal],
  ]),
];

const records: [string, Visible][] = [
  ["public published", { visibility: "public", orgIds: ["A"], published: true }],
  ["public unpublished", { visibility: "public", orgIds: ["A"], published: false }],
  ["internal", { visibility: "internal", orgIds: ["A"] }],
  ["restricted to A", { visibility: "restricted", orgIds: ["A", "B"] }],
];

/** The expected answer, written out independently of the implementation. */
function expected(who: string, what: string): boolean {
  if (who === "system") return true;
  if (what === "restricted to A") return who.endsWith("@A");
  if (who === "public") return what === "public published";
  return true;
}

describe("canSee", () => {
  for (const [who, p] of principals) {
    for (const [what, r] of records) {
      it(`${who} ${expected(who, what) ? "sees" : "does not see"} ${what}`, () => {
        expect(canSee(p, r)).toBe(expected(who, what));
      });
    }
  }
});

describe("canWriteOwned", () => {
  it.each([
    ["admin@Z", true],
    ["secretariat@Z", true],
    ["officer@A", true],
    ["officer@Z", false],
    ["reviewer@A", false],
    ["analyst@A", false],
    ["public", false],
    ["system", true],
  ])("%s writes a record owned by A: %s", (who, allowed) => {
    const p = principals.find(([w]) => w === who)![1];
    expect(canWriteOwned(p, "A")).toBe(allowed);
  });
});
