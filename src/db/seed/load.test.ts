import { describe, expect, it } from "vitest";
import { LANGS } from "../schema/common.js";
import { parentsFirst } from "./load.js";
import { reference } from "./reference.js";
import type { RefActor } from "./types.js";

const a = (code: string, parent?: string): RefActor => ({ code, type: "government", level: "country", parent, name: { en: code } });

describe("parentsFirst", () => {
  it("puts every parent before its children", () => {
    const out = parentsFirst([a("zone", "prov"), a("prov", "cn"), a("cn")]).map((x) => x.code);
    expect(out).toEqual(["cn", "prov", "zone"]);
  });
  it("names a cycle and an unknown parent", () => {
    expect(() => parentsFirst([a("x", "y"), a("y", "x")])).toThrow(/cycle/);
    expect(() => parentsFirst([a("x", "nope")])).toThrow(/unknown parent nope/);
  });
});

describe("reference data", () => {
  const codes = (xs: { code: string }[]) => xs.map((x) => x.code);
  const unique = (xs: string[]) => new Set(xs).size === xs.length;
  const actorCodes = new Set(codes(reference.actors));
  const countryCodes = new Set(reference.countries.map((c) => c.code));

  it("has unique codes", () => {
    expect(unique(codes(reference.actors))).toBe(true);
    expect(unique(codes(reference.mechanisms))).toBe(true);
    expect(unique(codes(reference.events))).toBe(true);
    expect(unique(codes(reference.projects))).toBe(true);
  });

  it("refers only to records that exist", () => {
    for (const x of reference.actors) {
      if (x.parent) expect(actorCodes.has(x.parent), x.code).toBe(true);
      if (x.country) expect(countryCodes.has(x.country), x.code).toBe(true);
    }
    for (const m of reference.mechanisms) for (const mem of m.members) expect(actorCodes.has(mem.actor), `${m.code}/${mem.actor}`).toBe(true);
    for (const e of reference.events) for (const p of e.participants ?? []) {
      const code = typeof p === "string" ? p : p.actor;
      expect(actorCodes.has(code), `${e.code}/${code}`).toBe(true);
    }
    for (const p of reference.projects) for (const party of p.parties) expect(actorCodes.has(party.actor), `${p.code}/${party.actor}`).toBe(true);
  });

  it("names everything in all seven languages", () => {
    const all = [
      ...reference.countries.map((c) => ["country " + c.code, c.name] as const),
      ...reference.actors.map((x) => ["actor " + x.code, x.name] as const),
      ...reference.mechanisms.map((x) => ["mechanism " + x.code, x.name] as const),
      ...reference.events.map((x) => ["event " + x.code, x.title] as const),
      ...reference.projects.map((x) => ["project " + x.code, x.title] as const),
    ];
    for (const [what, text] of all) for (const lang of LANGS) expect(text[lang], `${what} ${lang}`).toBeTruthy();
  });

  it("marks every illustrative project as sample data, in the data itself", () => {
    for (const p of reference.projects) {
      expect(p.isSample).toBe(true);
      expect(p.description?.en, p.code).toMatch(/^Sample data/);
    }
  });

  it("never disburses more than it commits", () => {
    for (const p of reference.projects) {
      const sum = (type: string) => (p.transactions ?? []).filter((t) => t.type === type).reduce((s, t) => s + Math.round(Number(t.value) * 100), 0);
      expect(sum("disbursement"), p.code).toBeLessThanOrEqual(sum("outgoing_commitment"));
    }
  });

  it("carries Table 4-1's NGO counts for Viet Nam", () => {
    const vn = (m: string) => reference.participantCounts.find((c) => c.mechanism === m && c.country === "VN" && c.actorType === "ngo")?.count;
    expect([vn("LMC"), vn("LMI"), vn("MJC")]).toEqual([17, 111, 32]);
  });
});
