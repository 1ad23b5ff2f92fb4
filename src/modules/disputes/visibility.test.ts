import { describe, expect, it } from "vitest";
import type { Principal } from "../../core/context.js";
import type { Role } from "../../db/schema/users.js";
import { canNote, canSeeDispute, speaksForParty, type DisputeAudience } from "./visibility.js";

const PARTY_A = "org-party-a";
const PARTY_B = "org-party-b";
const MEDIATOR = "org-mediator";
const OTHER = "org-other";
const user = (role: Role, orgId: string): Principal => ({ kind: "user", userId: `${role}-${orgId}`, orgId, role, email: "x@y", name: "x" });

const noMediator: DisputeAudience = { partyOrgIds: [PARTY_A, PARTY_B], mediatorOrgId: null };
const withMediator: DisputeAudience = { ...noMediator, mediatorOrgId: MEDIATOR };

// [who, sees without mediator, sees with mediator, speaks for a party, may note (with mediator)]
const table: [string, Principal, boolean, boolean, boolean, boolean][] = [
  ["the public", { kind: "public" }, false, false, false, false],
  ["the system (timers)", { kind: "system" }, true, true, false, true],
  ["admin of an unrelated org", user("admin", OTHER), true, true, false, true],
  ["secretariat of an unrelated org", user("secretariat", OTHER), true, true, false, true],
  ["officer of party A", user("officer", PARTY_A), true, true, true, false],
  ["officer of party B", user("officer", PARTY_B), true, true, true, false],
  ["analyst of party A", user("analyst", PARTY_A), true, true, false, false],
  ["reviewer of party B", user("reviewer", PARTY_B), true, true, false, false],
  ["officer of the mediator", user("officer", MEDIATOR), false, true, false, true],
  ["analyst of the mediator", user("analyst", MEDIATOR), false, true, false, false],
  ["officer of another org", user("officer", OTHER), false, false, false, false],
  ["reviewer of another org", user("reviewer", OTHER), false, false, false, false],
  ["analyst of another org", user("analyst", OTHER), false, false, false, false],
];

describe("who sees a dispute", () => {
  it.each(table)("%s", (_who, p, seesBefore, seesAfter, speaks, notes) => {
    expect(canSeeDispute(p, noMediator)).toBe(seesBefore);
    expect(canSeeDispute(p, withMediator)).toBe(seesAfter);
    expect(speaksForParty(p, withMediator)).toBe(speaks);
    expect(canNote(p, withMediator)).toBe(notes);
  });
});
