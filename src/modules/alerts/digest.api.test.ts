import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";
import { makeContext, SYSTEM } from "../../core/context.js";
import { runDueJobs } from "../../core/jobs/index.js";
import { jobs } from "../../db/schema/jobs.js";
import { alertSubscriptions } from "../../db/schema/monitoring.js";
import { projects } from "../../db/schema/projects.js";
import { users } from "../../db/schema/users.js";
import { JOB_HANDLERS } from "../timers.js";
import { digestConfig } from "./delivery.js";
import { ALERTS_DIGEST_JOB, ensureDigestScheduled, runDigests } from "./digest.js";

type Mail = { from: string; to: string[]; data: string };

/**
 * Just enough of an SMTP server (RFC 5321) to hold a real conversation with nodemailer: greeting,
 * EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT. It records each message and refuses one mailbox.
 */
function smtpServer(refuse: string): Promise<{ server: Server; port: number; mails: Mail[]; auths: string[] }> {
  const mails: Mail[] = [];
  const auths: string[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = "";
    let mail: Mail = { from: "", to: [], data: "" };
    let inData = false;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 test.smtp ESMTP ready");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let i: number;
      while ((i = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            mails.push(mail);
            mail = { from: "", to: [], data: "" };
            reply("250 2.0.0 queued");
          } else mail.data += `${line.startsWith("..") ? line.slice(1) : line}\r\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") socket.write("250-test.smtp\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n");
        else if (verb === "HELO") reply("250 test.smtp");
        else if (verb === "AUTH") {
          auths.push(Buffer.from(line.split(" ")[2] ?? "", "base64").toString("utf8"));
          reply("235 2.7.0 accepted");
        } else if (verb === "MAIL") {
          mail.from = /<([^>]*)>/.exec(line)?.[1] ?? "";
          reply("250 2.1.0 ok");
        } else if (verb === "RCPT") {
          const to = /<([^>]*)>/.exec(line)?.[1] ?? "";
          if (to === refuse) reply("550 5.1.1 no such mailbox");
          else {
            mail.to.push(to);
            reply("250 2.1.5 ok");
          }
        } else if (verb === "DATA") {
          inData = true;
          reply("354 end with .");
        } else if (verb === "RSET") {
          mail = { from: "", to: [], data: "" };
          reply("250 ok");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("250 ok");
      }
    });
    socket.on("error", () => {});
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as { port: number }).port, mails, auths })));
}

/** The decoded subject and text of a message: encoded words and a base64 or quoted-printable body. */
function decode(raw: string): { headers: Record<string, string>; subject: string; text: string } {
  const [head, ...rest] = raw.split("\r\n\r\n");
  const headers: Record<string, string> = {};
  for (const h of head!.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const i = h.indexOf(":");
    headers[h.slice(0, i).toLowerCase()] = h.slice(i + 1).trim();
  }
  const words = (s: string) =>
    s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
      enc.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : qp(data.replace(/_/g, " ")),
    );
  const qp = (s: string) => Buffer.from(s.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  const body = rest.join("\r\n\r\n");
  const cte = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const text = cte === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : cte === "quoted-printable" ? qp(body) : body;
  return { headers, subject: words(headers.subject ?? "").trim(), text: text.replace(/\r\n/g, "\n") };
}

const T0 = new Date("2026-11-24T08:00:00Z");
let clock = T0;
let h: Harness;
let smtp: Awaited<ReturnType<typeof smtpServer>>;
const dir = mkdtempSync(join(tmpdir(), "concord-digest-"));
const env = { ...process.env };
const ctx = () => makeContext(h.database.db, SYSTEM, { channel: "cli", now: () => clock });
const config = () => digestConfig(process.env);

beforeAll(async () => {
  smtp = await smtpServer("bounce@test.concord");
  process.env.CONCORD_SMTP_URL = `smtp://digest:s3cret@127.0.0.1:${smtp.port}`;
  process.env.CONCORD_MAIL_FROM = "Concord alerts <alerts@concord.test>";
  process.env.CONCORD_DIGEST_DIR = dir;
  process.env.CONCORD_PUBLIC_URL = "https://concord.example.org/";
  h = await createHarness({ now: () => clock });
  await h.addUser("ynAnalyst", "analyst", "cn-yunnan");
  await h.addUser("bounce", "analyst", "vn");
  await h.addUser("uiOnly", "analyst", "vn");
  // The Ruili–Muse project is restricted to its named organisations: Yunnan funds it, Viet Nam does not.
  await h.database.db.update(projects).set({ visibility: "restricted" }).where(eq(projects.code, "SAMPLE-RMZ-TRADE"));
  await h.database.db.update(users).set({ locale: "zh" }).where(eq(users.email, "ynanalyst@test.concord"));
  const subscribe = async (as: string, body: unknown) => {
    const res = await h.call("PUT", "/api/v1/alerts/subscription", { as, body });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  await subscribe("secretariat", { kinds: ["phase_overdue", "phase_suspended"], channel: "email" });
  await subscribe("ynAnalyst", { kinds: ["phase_suspended"], channel: "email" });
  await subscribe("analyst", { kinds: ["phase_suspended"], channel: "email" });
  await subscribe("admin", { kinds: ["funding_gap"], mechanism: "LMC", channel: "file" });
  await subscribe("bounce", { kinds: ["phase_overdue"], channel: "email" });
  // Subscribed to see alerts in the UI only: no digest.
  await subscribe("uiOnly", { kinds: ["phase_overdue"], channel: "none" });
  // Once an analyst, now an officer: officers read no alerts.
  await h.database.db.insert(alertSubscriptions).values({ userId: h.users.officer!.userId, kinds: ["phase_overdue"], channel: "email" });
});
afterAll(async () => {
  process.env = env;
  await h?.close();
  await new Promise((r) => smtp?.server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const lastDigestOn = async (key: string) =>
  (await h.database.db.select({ d: alertSubscriptions.lastDigestOn }).from(alertSubscriptions).where(eq(alertSubscriptions.userId, h.users[key]!.userId)))[0]?.d ?? null;

describe("daily alert digest", () => {
  it("shows what would go out on a dry run, and sends, writes and marks nothing", async () => {
    const run = await runDigests(ctx(), { dryRun: true, config: config() });
    expect(run.outcomes.find((o) => o.email === h.users.secretariat!.email)).toMatchObject({ status: "dry_run", digest: { subject: expect.stringContaining("Concord alerts for 2026-11-24") } });
    expect(smtp.mails).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    expect(await lastDigestOn("secretariat")).toBeNull();
  });

  it("mails each subscriber their own alerts over SMTP, in their language, and writes file digests", async () => {
    const run = await runDigests(ctx(), { config: config() });
    const by = (key: string) => run.outcomes.find((o) => o.email === h.users[key]!.email);
    expect(by("secretariat")).toMatchObject({ status: "sent", channel: "email" });
    expect(by("ynAnalyst")).toMatchObject({ status: "sent", channel: "email", alerts: 1 });
    expect(by("admin")).toMatchObject({ status: "sent", channel: "file" });
    // The Vietnamese analyst may not see the restricted project, and nothing else is suspended.
    expect(by("analyst")).toMatchObject({ status: "empty", alerts: 0 });
    expect(by("bounce")).toMatchObject({ status: "failed", error: expect.stringContaining("550") });
    expect(by("officer")).toMatchObject({ status: "skipped" });
    expect(by("reviewer")).toBeUndefined();
    expect(by("uiOnly")).toBeUndefined();

    expect(smtp.auths).toContain("\0digest\0s3cret");
    const to = (email: string) => smtp.mails.filter((m) => m.to.includes(email)).map((m) => ({ ...m, ...decode(m.data) }));
    const [sec] = to(h.users.secretariat!.email);
    expect(sec).toBeDefined();
    expect(sec!.from).toBe("alerts@concord.test");
    expect(sec!.headers.to).toBe(h.users.secretariat!.email);
    expect(sec!.subject).toMatch(/^Concord alerts for 2026-11-24: \d+$/);
    expect(sec!.text).toContain("Dear secretariat,");
    expect(sec!.text).toContain("[HIGH] Phase past its end date — SAMPLE-MBZ-LOGISTICS/2");
    expect(sec!.text).toContain("Phase 2 of SAMPLE-MBZ-LOGISTICS was to end on 2026-06-30, 147 days ago, and is not completed.");
    expect(sec!.text).toContain("https://concord.example.org/projects/SAMPLE-MBZ-LOGISTICS");
    // Restricted from the secretariat too: its digest never names the Ruili–Muse project.
    expect(sec!.text).not.toContain("SAMPLE-RMZ-TRADE");
    expect(sec!.text).not.toContain("funding");

    const [yn] = to("ynanalyst@test.concord");
    expect(yn!.subject).toBe("Concord 预警 2026-11-24：1 条");
    expect(yn!.text).toContain("ynAnalyst，您好：");
    expect(yn!.text).toContain("[高] 阶段暂停 — SAMPLE-RMZ-TRADE/2");
    expect(yn!.text).toContain("SAMPLE-RMZ-TRADE 的第 2 阶段已暂停");
    expect(to(h.users.analyst!.email)).toEqual([]);
    expect(to("bounce@test.concord")).toEqual([]);
    expect(smtp.mails.length).toBe(2);

    const file = readFileSync(join(dir, "2026-11-24", "admin@test.concord.txt"), "utf8");
    expect(file).toMatch(/^Subject: Concord alerts for 2026-11-24: \d+\n/);
    expect(file).toContain("Funding gap — SAMPLE-LMC-RICE");
    expect(file).not.toContain("RMZ"); // only LMC, as subscribed
    expect(readdirSync(join(dir, "2026-11-24"))).toEqual(["admin@test.concord.txt"]);

    expect(await lastDigestOn("secretariat")).toBe("2026-11-24");
    expect(await lastDigestOn("analyst")).toBe("2026-11-24");
    // A refused delivery stays due, for the next run.
    expect(await lastDigestOn("bounce")).toBeNull();
  });

  it("sends nothing more the same day, even when run again", async () => {
    const before = smtp.mails.length;
    const run = await runDigests(ctx(), { config: config() });
    expect(run.outcomes.map((o) => `${o.email}:${o.status}`)).toEqual(["bounce@test.concord:failed"]);
    expect(smtp.mails.length).toBe(before);
  });

  it("sends each digest once when two runners work side by side", async () => {
    const day = () => makeContext(h.database.db, SYSTEM, { channel: "cli", now: () => new Date("2026-11-28T08:00:00Z") });
    const before = smtp.mails.length;
    const runs = await Promise.all([runDigests(day(), { config: config() }), runDigests(day(), { config: config() })]);
    const sent = runs.flatMap((r) => r.outcomes).filter((o) => o.status === "sent");
    expect(sent.map((o) => o.email).sort()).toEqual(["admin@test.concord", "secretariat@test.concord", "ynanalyst@test.concord"]);
    expect(smtp.mails.length).toBe(before + 2);
    // Back to the first day for the tests that follow.
    await h.database.db.update(alertSubscriptions).set({ lastDigestOn: "2026-11-24" });
    await h.database.db.update(alertSubscriptions).set({ lastDigestOn: null }).where(eq(alertSubscriptions.userId, h.users.bounce!.userId));
    rmSync(join(dir, "2026-11-28"), { recursive: true, force: true });
  });

  it("runs as a daily job that schedules the next day's run", async () => {
    clock = new Date("2026-11-25T07:30:00Z");
    try {
      const before = smtp.mails.length;
      await ensureDigestScheduled(ctx(), config());
      // Idempotent: a second worker starting finds it pending.
      await ensureDigestScheduled(ctx(), config());
      const pending = await h.database.db.select().from(jobs).where(and(eq(jobs.kind, ALERTS_DIGEST_JOB), eq(jobs.status, "pending")));
      expect(pending.map((j) => [j.key, j.runAt.toISOString()])).toEqual([["alerts.digest:2026-11-25", "2026-11-25T06:00:00.000Z"]]);
      expect(await runDueJobs(h.database.db, JOB_HANDLERS, { now: () => clock })).toBe(1);
      expect(smtp.mails.length).toBe(before + 2);
      expect(readdirSync(join(dir, "2026-11-25"))).toEqual(["admin@test.concord.txt"]);
      const rows = await h.database.db.select().from(jobs).where(eq(jobs.kind, ALERTS_DIGEST_JOB)).orderBy(jobs.runAt);
      expect(rows.map((j) => [j.key, j.status, j.runAt.toISOString()])).toEqual([
        ["alerts.digest:2026-11-25", "done", "2026-11-25T06:00:00.000Z"],
        ["alerts.digest:2026-11-26", "pending", "2026-11-26T06:00:00.000Z"],
      ]);
      expect(await lastDigestOn("secretariat")).toBe("2026-11-25");
      // Nothing due again until tomorrow's hour.
      expect(await runDueJobs(h.database.db, JOB_HANDLERS, { now: () => clock })).toBe(0);
    } finally {
      clock = T0;
    }
  });

  it("sends nothing to users who never subscribed or chose no digest, and writes no audit rows", async () => {
    const audits = await countRows(h.database, "audit_log");
    const res = await h.call("PUT", "/api/v1/alerts/subscription", { as: "secretariat", body: { kinds: ["phase_overdue"], channel: "none" } });
    expect(res.status).toBe(200);
    const run = await runDigests(makeContext(h.database.db, SYSTEM, { channel: "cli", now: () => new Date("2026-11-27T08:00:00Z") }), { config: config() });
    expect(run.outcomes.map((o) => o.email)).not.toContain(h.users.secretariat!.email);
    expect(run.outcomes.map((o) => o.email)).not.toContain(h.users.reviewer!.email);
    expect(await countRows(h.database, "audit_log")).toBe(audits + 1); // the subscription change only
  });
});
