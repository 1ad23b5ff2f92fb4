import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseParticipant } from "./meetings.js";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-meeting-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

describe("concord meeting", () => {
  it("reads CODE:Representative, splitting at the first colon only", () => {
    expect(parseParticipant("cn-yunnan")).toEqual({ actor: "cn-yunnan" });
    expect(parseParticipant("cn-yunnan:Vice Governor: Foreign Affairs")).toEqual({ actor: "cn-yunnan", representatives: ["Vice Governor: Foreign Affairs"] });
    expect(parseParticipant("la:")).toEqual({ actor: "la" });
  });

  it("records a meeting with its derived track, lists by track, and lets only staff override it with a reason", () => {
    expect(run("seed").status).toBe(0);
    for (const [email, role, org] of [["sec@meet.concord", "secretariat", "lmc-secretariat"], ["yn@meet.concord", "officer", "cn-yunnan"]]) {
      const r = run("user", "create", "--email", email!, "--name", role!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }
    const created = run(
      "meeting", "create", "--as", "yn@meet.concord", "--code", "CLI-MEET", "--kind", "local_consultation", "--date", "2026-04-02",
      "--title", "Border trade consultation", "--participant", "cn-yunnan:Vice Governor", "--participant", "la-luangnamtha", "--outcome", "A joint market day",
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/CLI-MEET: Track I/);

    const shown = JSON.parse(run("meeting", "show", "CLI-MEET", "--json").stdout);
    expect(shown).toMatchObject({ track: "I", derivedTrack: "I", outcomes: [{ text: { en: "A joint market day" } }] });
    expect(shown.participants.find((p: { actorCode: string }) => p.actorCode === "cn-yunnan").representatives).toEqual(["Vice Governor"]);

    const water = run("meeting", "list", "--track", "III", "--mechanism", "LMC");
    expect(water.stdout).toContain("LMC-2018-WATER-FORUM");
    // Meetings only, unless every event is asked for.
    expect(run("meeting", "list", "--mechanism", "LMC").stdout).not.toContain("CN-2017-WORK-REPORT");
    expect(run("meeting", "list", "--mechanism", "LMC", "--all-events").stdout).toContain("CN-2017-WORK-REPORT");
    expect(run("meeting", "list", "--track", "IV").status).not.toBe(0);

    // The officer may not override; staff must give a reason.
    expect(run("meeting", "track", "CLI-MEET", "--as", "yn@meet.concord", "--set", "III", "--reason", "press attended").status).toBe(1);
    expect(run("meeting", "track", "CLI-MEET", "--as", "sec@meet.concord", "--set", "III").status).not.toBe(0);
    expect(run("meeting", "track", "CLI-MEET", "--as", "sec@meet.concord").status).toBe(2);
    const set = run("meeting", "track", "CLI-MEET", "--as", "sec@meet.concord", "--set", "III", "--reason", "Traders' associations joined the second session");
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/CLI-MEET: Track III \(derived I\)/);
    expect(run("meeting", "show", "CLI-MEET").stdout).toMatch(/Traders' associations/);
    const cleared = JSON.parse(run("meeting", "track", "CLI-MEET", "--as", "sec@meet.concord", "--clear", "--json").stdout);
    expect(cleared).toMatchObject({ track: "I", trackOverridden: false });
  }, 480_000); // about fifteen CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
