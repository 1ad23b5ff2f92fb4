import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { makeContext, PUBLIC } from "../core/context.js";
import { openDatabase } from "../db/client.js";
import { events } from "../db/schema/events.js";
import { createComment } from "../modules/feedback/comments.js";

const BIN = join(import.meta.dirname, "../../bin/concord.js");
const dir = mkdtempSync(join(tmpdir(), "concord-feedback-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, CONCORD_DATA_DIR: join(dir, "data"), CONCORD_LANG: "en", DATABASE_URL: "" };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

describe("concord feedback", () => {
  it("lists, moderates, answers and counts public comments as named users", async () => {
    expect(run("seed").status).toBe(0);
    for (const [email, role, org] of [["sec@cli.concord", "secretariat", "lmc-secretariat"], ["an@cli.concord", "analyst", "vn"]]) {
      const r = run("user", "create", "--email", email!, "--name", role!, "--role", role!, "--org", org!, "--password", "long enough password");
      expect(r.status, r.stderr).toBe(0);
    }
    // The public writes through the API; here the verb is called directly on the same data.
    const database = await openDatabase({ dataDir: join(dir, "data") });
    let id: string;
    try {
      const [ev] = await database.db.select({ code: events.code }).from(events).where(eq(events.visibility, "public")).limit(1);
      const ctx = makeContext(database.db, PUBLIC, { channel: "api" });
      id = (await createComment(ctx, { subject: "event", ref: ev!.code, lang: "my", body: "အစည်းအဝေး၏ ရလဒ်များကို မြန်မာဘာသာဖြင့် ထုတ်ပြန်ပေးပါ။" }, "192.0.2.1")).id;
    } finally {
      await database.close();
    }

    expect(JSON.parse(run("feedback", "list", "--json").stdout).total).toBe(0);
    const queue = run("feedback", "list", "--as", "sec@cli.concord", "--status", "pending");
    expect(queue.status, queue.stderr).toBe(0);
    expect(queue.stdout).toContain(id);
    expect(queue.stdout).toContain("မြန်မာဘာသာ");

    const refused = run("feedback", "moderate", id, "publish", "--as", "an@cli.concord");
    expect(refused.status).toBe(1);
    const noReason = run("feedback", "moderate", id, "reject", "--as", "sec@cli.concord");
    expect(noReason.status, noReason.stderr).toBe(2);
    const published = run("feedback", "moderate", id, "publish", "--as", "sec@cli.concord");
    expect(published.status, published.stderr).toBe(0);
    expect(published.stdout).toMatch(/published/);

    const answered = run("feedback", "answer", id, "--as", "sec@cli.concord", "--lang", "my", "--text", "ကျေးဇူးတင်ပါသည်။", "--json");
    expect(answered.status, answered.stderr).toBe(0);
    expect(JSON.parse(answered.stdout)).toMatchObject({ status: "published", answer: "ကျေးဇူးတင်ပါသည်။", answerLang: "my" });

    const portal = JSON.parse(run("feedback", "list", "--json").stdout) as { items: { id: string; answer: string }[] };
    expect(portal.items.map((c) => c.id)).toEqual([id]);
    expect(JSON.stringify(portal)).not.toMatch(/sourceHash|authorEmail/);
    const stats = JSON.parse(run("feedback", "stats", "--json").stdout);
    expect(stats).toMatchObject({ pending: 0, publishedUnanswered: 0, answered: 1 });
    expect(run("feedback", "stats").stdout).toMatch(/1 answered/);
  }, 360_000); // a dozen CLI processes, each opening the embedded database: slow on a loaded 2-core machine
});
