import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
  const created = await h.call("POST", "/api/v1/projects", {
    as: "officer",
    body: {
      code: "YN-LN-BRIDGE",
      mechanism: "LMC",
      pillar: "economic-sustainable",
      priorityArea: "connectivity",
      title: { en: "Border bridge maintenance" },
      visibility: "public",
      budget: "900000.00",
      parties: [
        { actor: "cn-yunnan", role: "lead" },
        { actor: "la-luangnamtha", role: "partner" },
      ],
    },
  });
  expect(created.status).toBe(201);
  for (const n of [1, 2]) {
    const res = await h.call("POST", "/api/v1/projects/YN-LN-BRIDGE/phases", { as: "officer", body: { name: { en: `Phase ${n}` }, budget: "300000.00" } });
    expect(res.status).toBe(201);
  }
  const etag = (await h.call("GET", "/api/v1/projects/YN-LN-BRIDGE", { as: "secretariat" })).headers.get("etag")!;
  expect((await h.call("PATCH", "/api/v1/projects/YN-LN-BRIDGE", { as: "secretariat", body: { status: "approved" }, headers: { "if-match": etag } })).status).toBe(200);
});
afterAll(() => h?.close());

type History = { items: { action: string; fromStatus: string; toStatus: string; reason: string | null; countryCode: string | null }[] };
type ErrorBody = { error: { code: string; details?: { path: string; code: string }[] } };
const transition = (seq: number, body: Record<string, unknown>, as?: string) => h.call("POST", `/api/v1/projects/YN-LN-BRIDGE/phases/${seq}/transitions`, { as, body });
const projectStatus = async () => ((await (await h.call("GET", "/api/v1/projects/YN-LN-BRIDGE", { as: "secretariat" })).json()) as { status: string; phases: { seq: number; status: string }[] });

describe("phase transitions", () => {
  it("lets the lead's officer start a phase, which makes the project active", async () => {
    const res = await transition(1, { action: "start" }, "officer");
    expect(res.status).toBe(200);
    expect(((await res.json()) as History).items.map((e) => e.toStatus)).toEqual(["active"]);
    expect((await projectStatus()).status).toBe("active");
  });

  it("refuses the public, another organisation's officer and an officer suspending, writing nothing", async () => {
    const before = await countRows(h.database, "phase_events");
    expect((await transition(1, { action: "suspend", reason: "conflict", country: "LA" })).status).toBe(401);
    expect((await transition(2, { action: "start" }, "otherOfficer")).status).toBe(403);
    expect((await transition(1, { action: "suspend", reason: "conflict", country: "LA" }, "officer")).status).toBe(403);
    expect((await transition(1, { action: "suspend", reason: "conflict", country: "LA" }, "analyst")).status).toBe(403);
    expect(await countRows(h.database, "phase_events")).toBe(before);
  });

  it("needs a reason and a country named on the project to suspend", async () => {
    const missing = await transition(1, { action: "suspend" }, "secretariat");
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorBody).error.details!.map((d) => d.path).sort()).toEqual(["country", "reason"]);
    expect((await transition(1, { action: "suspend", reason: "coup" , country: "LA" }, "secretariat")).status).toBe(400);
    const elsewhere = await transition(1, { action: "suspend", reason: "change_of_government", country: "TH" }, "secretariat");
    expect(elsewhere.status).toBe(422);
    expect(((await elsewhere.json()) as ErrorBody).error.details![0]).toMatchObject({ path: "country", code: "suspension_country_not_party" });
    expect((await projectStatus()).phases.find((p) => p.seq === 1)!.status).toBe("active");
  });

  it("suspends after a change of government, and flags every project with a party in that country", async () => {
    const res = await transition(1, { action: "suspend", reason: "change_of_government", country: "la", note: "New provincial government reviewing cross-border works" }, "secretariat");
    expect(res.status).toBe(200);
    expect((await projectStatus()).status).toBe("suspended");

    const exposure = await h.call("GET", "/api/v1/exposure", { as: "secretariat" });
    expect(exposure.status).toBe(200);
    const { items } = (await exposure.json()) as { items: { countryCode: string; suspendedPhases: { projectCode: string; seq: number; reason: string }[]; exposedProjects: { code: string }[] }[] };
    const la = items.find((i) => i.countryCode === "LA")!;
    expect(la.suspendedPhases).toEqual([expect.objectContaining({ projectCode: "YN-LN-BRIDGE", seq: 1, reason: "change_of_government" })]);
    // The sample Mohan–Boten project has a Lao party too: it shares the exposure.
    expect(la.exposedProjects.map((p) => p.code)).toEqual(expect.arrayContaining(["YN-LN-BRIDGE", "SAMPLE-MBZ-LOGISTICS"]));
    expect(items.map((i) => i.countryCode)).not.toContain("TH");

    expect((await h.call("GET", "/api/v1/exposure")).status).toBe(401);
    expect((await h.call("GET", "/api/v1/exposure", { as: "officer" })).status).toBe(403);
  });

  it("resumes once when two people resume at the same moment; the other gets 409", async () => {
    const results = await Promise.all([transition(1, { action: "resume" }, "secretariat"), transition(1, { action: "resume" }, "admin")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(((await refused.json()) as ErrorBody).error.details![0]).toMatchObject({ code: "invalid_transition" });
    expect((await projectStatus()).status).toBe("active");
  });

  it("keeps the whole history of the phase, readable by anyone who may see the project", async () => {
    const res = await h.call("GET", "/api/v1/projects/YN-LN-BRIDGE/phases/1/history");
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as History;
    expect(items.map((e) => `${e.action}:${e.fromStatus}->${e.toStatus}`)).toEqual(["start:planned->active", "suspend:active->suspended", "resume:suspended->active"]);
    expect(items[1]).toMatchObject({ reason: "change_of_government", countryCode: "LA" });
    expect((await h.call("GET", "/api/v1/projects/YN-LN-BRIDGE/phases/9/history")).status).toBe(404);
    expect((await transition(9, { action: "start" }, "secretariat")).status).toBe(404);
  });

  it("writes an audit row for each step", async () => {
    const res = await h.call("GET", "/api/v1/audit?entity=phase&limit=50", { as: "admin" });
    const { items } = (await res.json()) as { items: { action: string }[] };
    expect(items.map((i) => i.action)).toEqual(expect.arrayContaining(["start", "suspend", "resume"]));
  });

  it("terminates with a reason, cancelling open phases and reporting what was disbursed as sunk cost", async () => {
    for (const body of [
      { type: "outgoing_commitment", value: "300000.00", valueDate: "2026-03-01", phase: 1 },
      { type: "disbursement", value: "120000.00", valueDate: "2026-04-01", phase: 1 },
    ]) expect((await h.call("POST", "/api/v1/projects/YN-LN-BRIDGE/transactions", { as: "secretariat", body })).status).toBe(201);
    const terminate = (body: Record<string, unknown>, as?: string) => h.call("POST", "/api/v1/projects/YN-LN-BRIDGE/terminate", { as, body });
    expect((await terminate({ reason: "x" }, "officer")).status).toBe(403);
    expect((await terminate({}, "secretariat")).status).toBe(400);
    const etag = (await h.call("GET", "/api/v1/projects/YN-LN-BRIDGE", { as: "secretariat" })).headers.get("etag")!;
    expect((await h.call("PATCH", "/api/v1/projects/YN-LN-BRIDGE", { as: "secretariat", body: { status: "terminated" }, headers: { "if-match": etag } })).status).toBe(400);
    const res = await terminate({ reason: "The partner province withdrew after the elections." }, "secretariat");
    expect(res.status).toBe(200);
    const p = (await res.json()) as { status: string; phases: { seq: number; status: string }[]; termination: { reason: string; sunkCost: { currency: string; value: string }[] } };
    expect(p.status).toBe("terminated");
    expect(p.phases.map((x) => x.status)).toEqual(["cancelled", "cancelled"]);
    expect(p.termination).toMatchObject({ reason: "The partner province withdrew after the elections.", sunkCost: [{ currency: "USD", value: "120000.00" }] });
    expect((await terminate({ reason: "again" }, "secretariat")).status).toBe(409);
    const history = (await (await h.call("GET", "/api/v1/projects/YN-LN-BRIDGE/phases/2/history")).json()) as History;
    expect(history.items.map((e) => e.action)).toEqual(["cancel"]);
  });
});
