import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContext, SYSTEM, TRANSACTION_ATTEMPTS, withTransaction } from "../src/core/context.js";
import { AppError } from "../src/core/errors.js";
import { toErrorResponse } from "../src/server/errors.js";
import { createHarness, TEST_DB, type Harness } from "./support/app.js";

/**
 * Many clients at once on the same records. On PostgreSQL the requests really overlap (the
 * harness pool has 8 connections); PGlite has one connection, so there the same requests run one
 * after another and the outcomes must be the same. Only the deadlock itself needs two
 * connections and is skipped on PGlite.
 */

let h: Harness;
const CLIENTS = 12;
const STAFF = ["admin", "secretariat"];
const as = (i: number) => STAFF[i % STAFF.length]!;

type ErrorBody = { error: { code: string; details?: { path?: string; code: string }[] } };
type ProjectBody = { title: { en: string }; status: string; version: number; phases: { seq: number; status: string }[]; totals: { type: string; currency: string; value: string }[] };

const rows = async <T>(query: ReturnType<typeof sql>) => ((await h.database.db.execute(query)) as unknown as { rows: T[] }).rows;
const countAudit = async (entity: string, entityId: string, action: string) =>
  Number((await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where entity = ${entity} and entity_id = ${entityId} and action = ${action}`))[0]!.n);
const statuses = (res: Response[]) => res.map((r) => r.status).sort((a, b) => a - b);
const times = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

async function createProject(code: string, phaseCount: number, approve = true) {
  const created = await h.call("POST", "/api/v1/projects", {
    as: "officer",
    body: {
      code,
      mechanism: "LMC",
      title: { en: `Concurrency ${code}` },
      visibility: "public",
      budget: "1000000.00",
      currency: "USD",
      parties: [
        { actor: "cn-yunnan", role: "lead" },
        { actor: "la-luangnamtha", role: "partner" },
      ],
    },
  });
  expect(created.status).toBe(201);
  for (let n = 1; n <= phaseCount; n++) {
    expect((await h.call("POST", `/api/v1/projects/${code}/phases`, { as: "officer", body: { name: { en: `Phase ${n}` }, budget: "100000.00" } })).status).toBe(201);
  }
  if (approve) {
    const etag = (await h.call("GET", `/api/v1/projects/${code}`, { as: "secretariat" })).headers.get("etag")!;
    expect((await h.call("PATCH", `/api/v1/projects/${code}`, { as: "secretariat", body: { status: "approved" }, headers: { "if-match": etag } })).status).toBe(200);
  }
}

const projectId = async (code: string) => (await rows<{ id: string }>(sql`select id from projects where code = ${code}`))[0]!.id;
const phaseId = async (code: string, seq: number) => (await rows<{ id: string }>(sql`select ph.id from phases ph join projects p on p.id = ph.project_id where p.code = ${code} and ph.seq = ${seq}`))[0]!.id;
const getProject = async (code: string) => (await (await h.call("GET", `/api/v1/projects/${code}`, { as: "admin" })).json()) as ProjectBody;
const transition = (code: string, seq: number, body: Record<string, unknown>, who: string) => h.call("POST", `/api/v1/projects/${code}/phases/${seq}/transitions`, { as: who, body });

beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
});
afterAll(() => h?.close());

describe("the same workflow step, many clients at once", () => {
  it("starts a phase once: one 200, every other client 409 invalid_transition, one history row and one audit row", async () => {
    await createProject("CC-PHASE", 1);
    const res = await times(CLIENTS, (i) => transition("CC-PHASE", 1, { action: "start" }, as(i)));
    expect(statuses(res)).toEqual([200, ...Array(CLIENTS - 1).fill(409)]);
    for (const r of res.filter((x) => x.status === 409)) expect(((await r.json()) as ErrorBody).error.details![0]).toMatchObject({ code: "invalid_transition" });
    const ph = await phaseId("CC-PHASE", 1);
    expect(await countAudit("phase", ph, "start")).toBe(1);
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from phase_events where phase_id = ${ph}`))[0]!.n).toBe(1);
    // The project became active exactly once too.
    expect(await countAudit("project", await projectId("CC-PHASE"), "status")).toBe(1);
    expect((await getProject("CC-PHASE")).status).toBe("active");
  });

  it("suspending two phases at the same moment leaves the project suspended, not active", async () => {
    // Each transition used to read the other phase as still active and keep the project active.
    await createProject("CC-TWO", 2);
    for (const seq of [1, 2]) expect((await transition("CC-TWO", seq, { action: "start" }, "secretariat")).status).toBe(200);
    // A few rounds: the lost update needed both to read before either committed.
    for (let round = 0; round < 4; round++) {
      const res = await Promise.all([1, 2].map((seq) => transition("CC-TWO", seq, { action: "suspend", reason: "conflict", country: "LA" }, "secretariat")));
      expect(statuses(res)).toEqual([200, 200]);
      const p = await getProject("CC-TWO");
      expect(p.phases.map((x) => x.status)).toEqual(["suspended", "suspended"]);
      expect(p.status).toBe("suspended");
      const resumed = await Promise.all([1, 2].map((seq) => transition("CC-TWO", seq, { action: "resume" }, "admin")));
      expect(statuses(resumed)).toEqual([200, 200]);
      expect((await getProject("CC-TWO")).status).toBe("active");
    }
  });

  it("submits an application once: one 200, the rest 409, one audit row", async () => {
    const call = await h.call("POST", "/api/v1/calls", {
      as: "secretariat",
      body: {
        code: "CC-CALL",
        mechanism: "LMC",
        fund: { en: "LMC Special Fund" },
        title: { en: "Concurrency call" },
        opensAt: "2026-11-01T00:00:00Z",
        closesAt: "2026-12-31T23:59:59Z",
        eligiblePillars: ["economic-sustainable"],
        eligibleCountries: ["CN", "KH", "LA", "MM", "TH", "VN"],
        ceiling: "500000.00",
        rubric: [{ code: "relevance", name: { en: "Relevance" }, weight: 1, min: 0, max: 10 }],
        reviewersPerApplication: 1,
      },
    });
    expect(call.status).toBe(201);
    const draft = await h.call("POST", "/api/v1/applications", {
      as: "officer",
      body: { call: "CC-CALL", code: "CC-APP", title: { en: "Cold chain" }, lead: "cn-yunnan", coApplicants: ["la-luangnamtha"], pillar: "economic-sustainable", requested: "400000.00", phases: [] },
    });
    expect(draft.status).toBe(201);
    // Only the applicant submits: its officer, pressing submit in many tabs at once.
    const res = await times(CLIENTS, () => h.call("POST", "/api/v1/applications/CC-APP/actions", { as: "officer", body: { action: "submit" } }));
    expect(statuses(res)).toEqual([200, ...Array(CLIENTS - 1).fill(409)]);
    const id = (await rows<{ id: string }>(sql`select id from applications where code = 'CC-APP'`))[0]!.id;
    expect(await countAudit("application", id, "submit")).toBe(1);
    // Withdraw and screen at once: exactly one of the two wins, the other sees its result.
    const [withdraw, screen] = await Promise.all([
      h.call("POST", "/api/v1/applications/CC-APP/actions", { as: "officer", body: { action: "withdraw" } }),
      h.call("POST", "/api/v1/applications/CC-APP/actions", { as: "secretariat", body: { action: "screen" } }),
    ]);
    expect(statuses([withdraw, screen])).toEqual([200, 409]);
    expect((await countAudit("application", id, "withdraw")) + (await countAudit("application", id, "screen"))).toBe(1);
  });
});

describe("a dispute's steps, many clients at once", () => {
  type Dispute = { id: string; code: string; stage: string; status: string; escalations: number };
  const pendingTimers = async (id: string) => rows<{ key: string }>(sql`select key from jobs where key like ${`dispute-deadline:${id}:%`} and status = 'pending'`);

  it("escalations move the case once per stage, with one timer armed; closing it succeeds once and disarms it", async () => {
    await h.addUser("mohan", "officer", "cn-mohan");
    await h.addUser("boten", "officer", "la-boten");
    const opened = await h.call("POST", "/api/v1/disputes", { as: "mohan", body: { mechanism: "MBZ", title: { en: "Terminal fees" }, summary: "Fees at the terminal", parties: ["cn-mohan", "la-boten"] } });
    expect(opened.status).toBe(201);
    const d = (await opened.json()) as Dispute;
    const who = ["mohan", "boten", "secretariat"];
    // Both parties and the secretariat ask for the next stage at once. Each request means "from
    // the stage I saw": a request that raced a winner gets 409; one that arrived after it may
    // escalate again, until a stage needs a mediator (422).
    const res = await times(CLIENTS, (i) => h.call("POST", `/api/v1/disputes/${d.code}/escalate`, { as: who[i % 3]!, body: { reason: `Request ${i}` } }));
    for (const r of res) expect([200, 409, 422]).toContain(r.status);
    const won = res.filter((r) => r.status === 200).length;
    expect(won).toBeGreaterThanOrEqual(1);
    const now = (await (await h.call("GET", `/api/v1/disputes/${d.code}`, { as: "secretariat" })).json()) as Dispute;
    expect(now.escalations).toBe(won);
    expect(await countAudit("dispute", d.id, "escalate")).toBe(won);
    expect((await pendingTimers(d.id)).map((j) => j.key)).toEqual([`dispute-deadline:${d.id}:${now.stage}`]);

    const closes = await times(CLIENTS, (i) => h.call("POST", `/api/v1/disputes/${d.code}/close`, { as: as(i), body: { outcome: "settled", text: `Settled, says client ${i}.` } }));
    expect(closes.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of closes.filter((x) => x.status !== 200)) expect([409, 422]).toContain(r.status);
    expect(await countAudit("dispute", d.id, "close")).toBe(1);
    expect(await pendingTimers(d.id)).toEqual([]);
  });
});

describe("money on one project, many clients at once", () => {
  const sums = async (code: string) => {
    const [r] = await rows<{ committed: string; disbursed: string; n: number }>(sql`select
      coalesce(sum(value) filter (where type = 'outgoing_commitment'), 0)::numeric(20,2)::text as committed,
      coalesce(sum(value) filter (where type = 'disbursement'), 0)::numeric(20,2)::text as disbursed, count(*)::int as n
      from transactions t join projects p on p.id = t.project_id where p.code = ${code} and t.currency = 'USD'`);
    return r!;
  };
  const allUsd = async () => {
    const [r] = await rows<{ committed: string; disbursed: string }>(sql`select
      coalesce(sum(value) filter (where type = 'outgoing_commitment'), 0)::numeric(20,2)::text as committed,
      coalesce(sum(value) filter (where type = 'disbursement'), 0)::numeric(20,2)::text as disbursed from transactions where currency = 'USD'`);
    return r!;
  };
  const post = (code: string, body: Record<string, unknown>, who: string) => h.call("POST", `/api/v1/projects/${code}/transactions`, { as: who, body });

  it("records every concurrent commitment, and never lets concurrent disbursements exceed them", async () => {
    await createProject("CC-MONEY", 1);
    // 12 commitments of 100.00–1200.00: 7800.00 in all.
    const commits = await times(CLIENTS, (i) => post("CC-MONEY", { type: "outgoing_commitment", value: `${(i + 1) * 100}.00`, currency: "USD", valueDate: "2026-03-01", phase: 1 }, as(i)));
    expect(statuses(commits)).toEqual(Array(CLIENTS).fill(201));
    expect(await sums("CC-MONEY")).toMatchObject({ committed: "7800.00", n: CLIENTS });

    // 20 disbursements of 500.00 against 7800.00: exactly 15 fit. Checked one at a time, so
    // no two can both see room for the last one.
    const disb = await times(20, (i) => post("CC-MONEY", { type: "disbursement", value: "500.00", currency: "USD", valueDate: "2026-04-01", phase: 1 }, as(i)));
    expect(statuses(disb)).toEqual([...Array(15).fill(201), ...Array(5).fill(422)]);
    for (const r of disb.filter((x) => x.status === 422)) expect(((await r.json()) as ErrorBody).error.details![0]).toMatchObject({ code: "disbursement_exceeds_commitment" });
    const s = await sums("CC-MONEY");
    expect(s).toMatchObject({ committed: "7800.00", disbursed: "7500.00", n: CLIENTS + 15 });
    expect(await countRows("audit_log where entity = 'transaction'")).toBe(CLIENTS + 15);

    // Every total the API reports equals the sum of the rows.
    const p = await getProject("CC-MONEY");
    const total = (type: string) => money(p.totals.find((t) => t.type === type && t.currency === "USD")!.value);
    expect(total("outgoing_commitment")).toBe(s.committed);
    expect(total("disbursement")).toBe(s.disbursed);
    const portfolio = (await (await h.call("GET", "/api/v1/portfolio?currency=USD", { as: "admin" })).json()) as { totals: { committed: string; disbursed: string } };
    const all = await allUsd();
    expect(money(portfolio.totals.committed)).toBe(all.committed);
    expect(money(portfolio.totals.disbursed)).toBe(all.disbursed);
  });

  it("keeps the rule while commitments and disbursements arrive interleaved", async () => {
    await createProject("CC-MIXED", 1);
    // Whatever order they land in, a disbursement is accepted only with room at that moment:
    // the disbursed total never exceeds the committed total.
    const res = await times(20, (i) =>
      post("CC-MIXED", i % 2 === 0 ? { type: "outgoing_commitment", value: "300.00", currency: "USD", valueDate: "2026-03-01" } : { type: "disbursement", value: "400.00", currency: "USD", valueDate: "2026-04-01" }, as(i)),
    );
    expect(res.every((r) => r.status === 201 || r.status === 422)).toBe(true);
    const accepted = res.map((r, i) => ({ i, ok: r.status === 201 }));
    expect(accepted.filter((x) => x.i % 2 === 0).every((x) => x.ok)).toBe(true);
    const s = await sums("CC-MIXED");
    expect(s.committed).toBe("3000.00");
    expect(Number(s.disbursed)).toBeLessThanOrEqual(3000);
    expect(Number(s.disbursed)).toBe(400 * accepted.filter((x) => x.i % 2 === 1 && x.ok).length);
    const p = await getProject("CC-MIXED");
    expect(money(p.totals.find((t) => t.type === "disbursement")?.value ?? "0")).toBe(s.disbursed);
  });
});

/** A table's count, with a where clause when the name carries one. */
async function countRows(tableAndWhere: string) {
  return Number((await rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${tableAndWhere}`)))[0]!.n);
}

describe("edits with the same If-Match, many clients at once", () => {
  it("a project: exactly one 200, the rest 412, and the row holds the winner's change", async () => {
    await createProject("CC-EDIT", 0);
    const etag = (await h.call("GET", "/api/v1/projects/CC-EDIT", { as: "admin" })).headers.get("etag")!;
    const updates = await countAudit("project", await projectId("CC-EDIT"), "update");
    const res = await times(CLIENTS, (i) => h.call("PATCH", "/api/v1/projects/CC-EDIT", { as: as(i), body: { title: { en: `Title from client ${i}` } }, headers: { "if-match": etag } }));
    expect(statuses(res)).toEqual([200, ...Array(CLIENTS - 1).fill(412)]);
    const winner = (await res.find((r) => r.status === 200)!.json()) as ProjectBody;
    for (const r of res.filter((x) => x.status === 412)) expect(((await r.json()) as ErrorBody).error.code).toBe("precondition_failed");
    const now = await getProject("CC-EDIT");
    expect(now.title.en).toBe(winner.title.en);
    expect(now.version).toBe(winner.version);
    expect(await countAudit("project", await projectId("CC-EDIT"), "update")).toBe(updates + 1);
  });

  it("an application: exactly one 200, the rest 412, and the row holds the winner's change", async () => {
    const draft = await h.call("POST", "/api/v1/applications", {
      as: "officer",
      body: { call: "CC-CALL", code: "CC-APP2", title: { en: "Cold chain, second try" }, lead: "cn-yunnan", coApplicants: ["la-luangnamtha"], pillar: "economic-sustainable", requested: "400000.00", phases: [] },
    });
    expect(draft.status).toBe(201);
    const etag = draft.headers.get("etag") ?? (await h.call("GET", "/api/v1/applications/CC-APP2", { as: "admin" })).headers.get("etag")!;
    const res = await times(CLIENTS, (i) => h.call("PATCH", "/api/v1/applications/CC-APP2", { as: i % 2 ? "officer" : "secretariat", body: { requested: `${100000 + i}.00` }, headers: { "if-match": etag } }));
    expect(statuses(res)).toEqual([200, ...Array(CLIENTS - 1).fill(412)]);
    const winner = (await res.find((r) => r.status === 200)!.json()) as { requested: string };
    const [row] = await rows<{ requested: string }>(sql`select requested::text as requested from applications where code = 'CC-APP2'`);
    expect(money(row!.requested)).toBe(money(winner.requested));
  });
});

const money = (v: string) => Number(v).toFixed(2);
const pgError = (code: string) => Object.assign(new Error(code === "40P01" ? "deadlock detected" : "could not serialize access"), { code });

describe("deadlocks and serialization failures", () => {
  it("retries a transaction that lost a deadlock or serialization race, then succeeds", async () => {
    const ctx = makeContext(h.database.db, SYSTEM, { channel: "cli" });
    let attempts = 0;
    const value = await withTransaction(ctx, async (tx) => {
      attempts++;
      await tx.db.execute(sql`select 1`);
      if (attempts < 3) throw new Error("query failed", { cause: pgError(attempts === 1 ? "40P01" : "40001") });
      return "done";
    });
    expect(value).toBe("done");
    expect(attempts).toBe(3);
  });

  it("gives up after a bounded number of attempts with 503 and Retry-After, never a 5xx without it or a raw error", async () => {
    const ctx = makeContext(h.database.db, SYSTEM, { channel: "cli" });
    let attempts = 0;
    const err = await withTransaction(ctx, async () => {
      attempts++;
      throw pgError("40001");
    }).catch((e: unknown) => e);
    expect(attempts).toBe(TRANSACTION_ATTEMPTS);
    expect(err).toBeInstanceOf(AppError);
    const res = toErrorResponse(err, "en");
    expect(res.status).toBe(503);
    expect(res.headers["Retry-After"]).toBe("1");
    expect(res.body.error.code).toBe("unavailable");
    // One that escapes a transaction (a single statement) maps the same way, not to 409 or 500.
    for (const code of ["40001", "40P01"]) expect(toErrorResponse(pgError(code), "en")).toMatchObject({ status: 503, headers: { "Retry-After": "1" } });
  });

  it("does not retry inside a savepoint: the enclosing transaction retries as a whole", async () => {
    const ctx = makeContext(h.database.db, SYSTEM, { channel: "cli" });
    let outer = 0;
    let inner = 0;
    const out = await withTransaction(ctx, async (tx) => {
      outer++;
      return withTransaction(tx, async () => {
        inner++;
        if (outer === 1) throw pgError("40P01");
        return outer;
      });
    });
    expect(out).toBe(2);
    expect(inner).toBe(2);
  });

  // Two transactions locking the same two rows in opposite order need two connections at once:
  // PGlite has only one, so there the second simply waits for the first.
  it.skipIf(TEST_DB !== "postgres")("survives a real deadlock: PostgreSQL aborts one transaction, which retries and commits", async () => {
    const [a, b] = [await projectId("CC-PHASE"), await projectId("CC-EDIT")];
    const ctx = makeContext(h.database.db, SYSTEM, { channel: "cli" });
    let firstLocks = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((r) => (release = r));
    let runs = 0;
    const lockBoth = (first: string, second: string) =>
      withTransaction(ctx, async (tx) => {
        runs++;
        await tx.db.execute(sql`select 1 from projects where id = ${first} for update`);
        if (++firstLocks === 2) release();
        // Only the first round waits for the other: each then holds what the other needs.
        if (firstLocks <= 2) await bothLocked;
        await tx.db.execute(sql`select 1 from projects where id = ${second} for update`);
        await tx.db.execute(sql`update projects set updated_at = updated_at where id in (${first}, ${second})`);
        return first;
      });
    const started = Date.now();
    const done = await Promise.all([lockBoth(a, b), lockBoth(b, a)]);
    expect(done.sort()).toEqual([a, b].sort());
    // PostgreSQL broke the cycle by aborting one of them; it ran again and committed.
    expect(runs).toBe(3);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("terminating a project while its phases move and money is booked against them: no 5xx, no raw error", async () => {
    // Terminate locks the project, then its phases; a transition used to lock its phase and then
    // the project, and a transaction naming a phase locks the project and then takes a key lock
    // on the phase: opposite orders, which could deadlock.
    await createProject("CC-LOCKS", 2);
    expect((await transition("CC-LOCKS", 1, { action: "start" }, "secretariat")).status).toBe(200);
    expect((await h.call("POST", "/api/v1/projects/CC-LOCKS/transactions", { as: "secretariat", body: { type: "outgoing_commitment", value: "100000.00", currency: "USD", valueDate: "2026-03-01", phase: 1 } })).status).toBe(201);
    const calls: Promise<Response>[] = [];
    for (let i = 0; i < 6; i++) {
      calls.push(transition("CC-LOCKS", 2, { action: i % 2 ? "suspend" : "start", reason: "conflict", country: "LA" }, as(i)));
      calls.push(transition("CC-LOCKS", 1, { action: i % 2 ? "resume" : "suspend", reason: "conflict", country: "LA" }, as(i)));
      calls.push(h.call("POST", "/api/v1/projects/CC-LOCKS/transactions", { as: as(i), body: { type: "disbursement", value: "1000.00", currency: "USD", valueDate: "2026-04-01", phase: (i % 2) + 1 } }));
    }
    calls.push(h.call("POST", "/api/v1/projects/CC-LOCKS/terminate", { as: "secretariat", body: { reason: "Withdrawn during the race." } }));
    const res = await Promise.all(calls);
    // 200/201 for what got in first; 409 for a step the project's new state no longer allows,
    // 422 for a rule it now breaks (a transaction on a terminated project, if refused).
    for (const r of res) expect([200, 201, 409, 422]).toContain(r.status);
    expect(res.at(-1)!.status).toBe(200);
    const p = await getProject("CC-LOCKS");
    expect(p.status).toBe("terminated");
    expect(p.phases.every((x) => x.status !== "active" && x.status !== "suspended" && x.status !== "planned")).toBe(true);
  });
});
