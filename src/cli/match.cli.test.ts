import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-match-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });
const json = <T>(...args: string[]): T => {
  const r = run(...args, "--json");
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

type Posting = { id: string; actorCode: string; status: string };

describe("concord match", () => {
  it("posts offers and needs, ranks partners with reasons, groups for a zone, closes, and drafts an application", () => {
    expect(run("seed").status).toBe(0);
    for (const [email, role, org] of [["sec@match.concord", "secretariat", "lmc-secretariat"], ["yn@match.concord", "officer", "cn-yunnan"], ["th@match.concord", "analyst", "th"]]) {
      const r = run("user", "create", "--email", email!, "--name", role!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }
    const need = json<Posting>("match", "post", "--as", "yn@match.concord", "--kind", "need", "--factor", "capital", "--title", "磨丁仓储融资", "--title-lang", "zh", "--sector", "25010", "--place", "la-boten", "--size", "800000", "--unit", "USD");
    expect(need.actorCode).toBe("cn-yunnan");
    const file = join(dir, "offer.json");
    writeFileSync(file, JSON.stringify({ actor: "sample-mekong-bank", kind: "offer", factor: "capital", title: { en: "Trade finance lines" }, sector: "25010", places: ["la-boten"], size: 2000000, unit: "USD" }));
    const bank = json<Posting>("match", "post", "--as", "sec@match.concord", "--file", file);
    json<Posting>("match", "post", "--as", "sec@match.concord", "--actor", "la-boten", "--kind", "need", "--factor", "labour", "--title", "Warehouse staff", "--size", "40", "--unit", "people");
    json<Posting>("match", "post", "--as", "sec@match.concord", "--actor", "siam-university", "--kind", "offer", "--factor", "labour", "--title", "Trained logistics graduates", "--size", "40", "--place", "la");

    // An analyst may read but not post; a bad factor is refused.
    expect(run("match", "post", "--as", "th@match.concord", "--kind", "need", "--factor", "land", "--title", "Plots").status).toBe(1);
    expect(run("match", "post", "--as", "yn@match.concord", "--kind", "need", "--factor", "gold", "--title", "Gold").status).not.toBe(0);

    const ranked = json<{ items: { offer: Posting; score: number; reasons: { kind: string }[] }[] }>("match", "offers", need.id, "--as", "th@match.concord");
    expect(ranked.items[0]!.offer.id).toBe(bank.id);
    expect(ranked.items[0]!.reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(["sector", "place", "size", "complement"]));
    const human = run("match", "offers", need.id, "--as", "th@match.concord");
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/sample-mekong-bank.*Trade finance lines/);
    expect(human.stdout).toContain("complementary type 1.00×0.1");

    const needs = json<{ items: { need: Posting; score: number }[] }>("match", "needs", bank.id, "--as", "th@match.concord");
    expect(needs.items.find((x) => x.need.id === need.id)!.score).toBe(ranked.items[0]!.score);

    const listed = run("match", "list", "--as", "th@match.concord", "--place", "la");
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("Trade finance lines");
    expect(listed.stdout).toMatch(/\d+ of \d+ shown/);

    const groups = json<{ groups: { members: { code: string }[]; complete: boolean }[] }>("match", "groups", "la-boten", "--as", "th@match.concord");
    expect(groups.groups[0]).toMatchObject({ complete: true, members: [{ code: "siam-university" }] });

    const callFile = join(dir, "call.json");
    writeFileSync(callFile, JSON.stringify({ code: "MATCH-CLI-CALL", mechanism: "LMC", fund: { en: "LMC Special Fund" }, title: { en: "Always-open call" }, opensAt: "2020-01-01T00:00:00Z", closesAt: "2099-12-31T23:59:59Z", ceiling: "1000000.00", rubric: [{ code: "fit", name: { en: "Fit" }, weight: 1, min: 0, max: 10 }] }));
    expect(run("call", "create", "--as", "sec@match.concord", "--file", callFile).status).toBe(0);
    const drafted = run("match", "apply", need.id, "--as", "yn@match.concord", "--offer", bank.id, "--call", "MATCH-CLI-CALL");
    expect(drafted.status, drafted.stderr).toBe(0);
    expect(drafted.stdout).toMatch(/Draft application MATCH-CLI-CALL-\w+ created/);

    expect(run("match", "close", bank.id, "--as", "yn@match.concord").status).toBe(1);
    expect(json<Posting>("match", "close", bank.id, "--as", "sec@match.concord").status).toBe("closed");
    expect(json<{ items: unknown[] }>("match", "offers", need.id, "--as", "th@match.concord").items).toEqual([]);
  }, 600_000); // some twenty CLI processes, each opening the embedded database
});
