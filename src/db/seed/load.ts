import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../client.js";
import { actors, countries } from "../schema/actors.js";
import { auditLog } from "../schema/audit.js";
import { eventParticipants, events } from "../schema/events.js";
import { memberships, mechanisms, organs, participantCounts, pillars, priorityAreas } from "../schema/mechanisms.js";
import { phases, progressReports, projectParties, projects, transactions } from "../schema/projects.js";
import { MEETING_KINDS } from "../../lib/diplomacy/meetings.js";
import { refreshTrack } from "../../modules/events/participants.js";
import type { ReferenceData, RefActor } from "./types.js";

export type SeedSummary = Record<"countries" | "actors" | "mechanisms" | "memberships" | "events" | "projects", number>;

/** Orders actors so that every parent is inserted before its children. */
export function parentsFirst(list: RefActor[]): RefActor[] {
  const byCode = new Map(list.map((a) => [a.code, a]));
  const out: RefActor[] = [];
  const seen = new Set<string>();
  const visit = (a: RefActor, path: string[]) => {
    if (seen.has(a.code)) return;
    if (path.includes(a.code)) throw new Error(`actor hierarchy has a cycle: ${[...path, a.code].join(" -> ")}`);
    const parent = a.parent ? byCode.get(a.parent) : undefined;
    if (a.parent && !parent) throw new Error(`actor ${a.code} names unknown parent ${a.parent}`);
    if (parent) visit(parent, [...path, a.code]);
    seen.add(a.code);
    out.push(a);
  };
  for (const a of list) visit(a, []);
  return out;
}

/**
 * Loads the reference dataset. Idempotent: records are matched by code and only missing ones
 * are inserted, so running it on every start never overwrites what users have since edited.
 * Returns how many records of each kind were added.
 */
export async function loadReference(db: Db, data: ReferenceData): Promise<SeedSummary> {
  return db.transaction(async (tx) => {
    const summary: SeedSummary = { countries: 0, actors: 0, mechanisms: 0, memberships: 0, events: 0, projects: 0 };

    summary.countries = (await tx.insert(countries).values(data.countries).onConflictDoNothing().returning({ code: countries.code })).length;

    const ordered = parentsFirst(data.actors);
    const actorIds = new Map<string, string>();
    const existing = await tx.select({ id: actors.id, code: actors.code }).from(actors).where(inArray(actors.code, ordered.map((a) => a.code)));
    for (const e of existing) actorIds.set(e.code, e.id);
    // Insert level by level so each batch can point at parents inserted before it.
    for (const batch of byDepth(ordered)) {
      const rows = batch
        .filter((a) => !actorIds.has(a.code))
        .map((a) => ({
          code: a.code,
          type: a.type,
          level: a.level ?? null,
          parentId: a.parent ? actorIds.get(a.parent)! : null,
          countryCode: a.country ?? null,
          name: a.name,
          description: a.description ?? null,
          source: a.source ?? null,
          isSample: a.isSample ?? false,
        }));
      if (!rows.length) continue;
      const inserted = await tx.insert(actors).values(rows).returning({ id: actors.id, code: actors.code });
      for (const r of inserted) actorIds.set(r.code, r.id);
      summary.actors += inserted.length;
    }
    const actorId = (code: string) => {
      const id = actorIds.get(code) ?? null;
      if (!id) throw new Error(`reference data names unknown actor ${code}`);
      return id;
    };

    for (const m of data.mechanisms) {
      let [row] = await tx.select({ id: mechanisms.id }).from(mechanisms).where(eq(mechanisms.code, m.code));
      if (!row) {
        [row] = await tx
          .insert(mechanisms)
          .values({
            code: m.code,
            name: m.name,
            description: m.description ?? null,
            foundedOn: m.foundedOn ?? null,
            foundedPrecision: m.foundedPrecision ?? "day",
            secretariatActorId: m.secretariat ? actorId(m.secretariat) : null,
            source: m.source ?? null,
          })
          .returning({ id: mechanisms.id });
        summary.mechanisms++;
      }
      const mechanismId = row!.id;
      const pillarIds = new Map<string, string>();
      if (m.pillars?.length) {
        await tx.insert(pillars).values(m.pillars.map((p, i) => ({ mechanismId, code: p.code, name: p.name, position: i }))).onConflictDoNothing();
      }
      for (const p of await tx.select({ id: pillars.id, code: pillars.code }).from(pillars).where(eq(pillars.mechanismId, mechanismId))) pillarIds.set(p.code, p.id);
      if (m.priorityAreas?.length) {
        await tx
          .insert(priorityAreas)
          .values(m.priorityAreas.map((a, i) => ({ mechanismId, code: a.code, pillarId: a.pillar ? pillarIds.get(a.pillar) ?? null : null, name: a.name, position: i })))
          .onConflictDoNothing();
      }
      if (m.organs?.length) {
        await tx
          .insert(organs)
          .values(m.organs.map((o, i) => ({ mechanismId, code: o.code, kind: o.kind, name: o.name, description: o.description ?? null, actorId: o.actor ? actorId(o.actor) : null, position: i })))
          .onConflictDoNothing();
      }
      const have = await tx.select({ actorId: memberships.actorId, role: memberships.role }).from(memberships).where(eq(memberships.mechanismId, mechanismId));
      const missing = m.members.filter((x) => !have.some((h) => h.actorId === actorId(x.actor) && h.role === x.role));
      if (missing.length) {
        await tx.insert(memberships).values(
          missing.map((x) => ({ mechanismId, actorId: actorId(x.actor), role: x.role, since: x.since ?? null, until: x.until ?? null, source: x.source ?? m.source ?? null })),
        );
        summary.memberships += missing.length;
      }
    }

    const mechanismIds = new Map((await tx.select({ id: mechanisms.id, code: mechanisms.code }).from(mechanisms)).map((m) => [m.code, m.id]));
    const mechanismId = (code: string) => {
      const id = mechanismIds.get(code);
      if (!id) throw new Error(`reference data names unknown mechanism ${code}`);
      return id;
    };

    if (data.participantCounts.length) {
      await tx
        .insert(participantCounts)
        .values(data.participantCounts.map((c) => ({ mechanismId: mechanismId(c.mechanism), countryCode: c.country, actorType: c.actorType, count: c.count, source: c.source })))
        .onConflictDoNothing();
    }

    const haveEvents = new Set((await tx.select({ code: events.code }).from(events)).map((e) => e.code));
    for (const e of data.events.filter((x) => !haveEvents.has(x.code))) {
      const [row] = await tx
        .insert(events)
        .values({
          code: e.code,
          mechanismId: e.mechanism ? mechanismId(e.mechanism) : null,
          kind: e.kind,
          date: e.date,
          datePrecision: e.datePrecision ?? "day",
          endDate: e.endDate ?? null,
          place: e.place ?? null,
          title: e.title,
          description: e.description ?? null,
          visibility: e.visibility ?? "public",
          openToPublic: e.openToPublic ?? false,
          outcomes: e.outcomes ?? [],
          source: e.source ?? null,
          isSample: e.isSample ?? false,
        })
        .returning({ id: events.id });
      const participants = new Map<string, { role: string; representatives: string[] }>();
      for (const p of e.participants ?? []) {
        const x = typeof p === "string" ? { actor: p } : p;
        if (!participants.has(x.actor)) participants.set(x.actor, { role: x.role ?? "participant", representatives: x.representatives ?? [] });
      }
      if (participants.size) await tx.insert(eventParticipants).values([...participants].map(([a, x]) => ({ eventId: row!.id, actorId: actorId(a), ...x })));
      await refreshTrack(tx as unknown as Db, row!.id);
      summary.events++;
    }
    // Reference meetings loaded before meetings had tracks get theirs from the participants they
    // hold; only the reference codes, so a start stays quick on a database of generated events.
    const refCodes = data.events.map((e) => e.code);
    const untracked = refCodes.length
      ? await tx
          .select({ id: events.id })
          .from(events)
          .where(and(inArray(events.code, refCodes), isNull(events.track), eq(events.trackOverridden, false), inArray(events.kind, [...MEETING_KINDS])))
      : [];
    for (const e of untracked) await refreshTrack(tx as unknown as Db, e.id);

    const haveProjects = new Set((await tx.select({ code: projects.code }).from(projects)).map((p) => p.code));
    for (const p of data.projects.filter((x) => !haveProjects.has(x.code))) {
      const mechId = mechanismId(p.mechanism);
      const [pillar] = p.pillar ? await tx.select({ id: pillars.id }).from(pillars).where(and(eq(pillars.mechanismId, mechId), eq(pillars.code, p.pillar))) : [];
      const [area] = p.priorityArea
        ? await tx.select({ id: priorityAreas.id }).from(priorityAreas).where(and(eq(priorityAreas.mechanismId, mechId), eq(priorityAreas.code, p.priorityArea)))
        : [];
      const lead = p.parties.find((x) => x.role === "lead");
      if (!lead) throw new Error(`sample project ${p.code} has no lead party`);
      const [row] = await tx
        .insert(projects)
        .values({
          code: p.code,
          mechanismId: mechId,
          pillarId: pillar?.id ?? null,
          priorityAreaId: area?.id ?? null,
          title: p.title,
          description: p.description ?? null,
          sector: p.sector ?? null,
          status: p.status,
          visibility: p.visibility,
          startDate: p.startDate ?? null,
          endDate: p.endDate ?? null,
          budget: p.budget ?? null,
          currency: p.currency ?? "USD",
          ownerOrgId: actorId(lead.actor),
          source: p.source ?? null,
          isSample: true,
        })
        .returning({ id: projects.id, currency: projects.currency });
      const projectId = row!.id;
      const parties = new Map(p.parties.map((x) => [`${x.actor}:${x.role}`, x]));
      await tx.insert(projectParties).values([...parties.values()].map((x) => ({ projectId, actorId: actorId(x.actor), role: x.role })));
      const phaseIds = new Map<number, string>();
      if (p.phases?.length) {
        const inserted = await tx
          .insert(phases)
          .values(
            p.phases.map((ph) => ({
              projectId,
              seq: ph.seq,
              name: ph.name,
              status: ph.status,
              startDate: ph.startDate ?? null,
              endDate: ph.endDate ?? null,
              budget: ph.budget ?? null,
              deliverables: ph.deliverables ?? [],
            })),
          )
          .returning({ id: phases.id, seq: phases.seq });
        for (const ph of inserted) phaseIds.set(ph.seq, ph.id);
      }
      if (p.transactions?.length) {
        await tx.insert(transactions).values(
          p.transactions.map((t) => ({
            projectId,
            phaseId: t.phase ? phaseIds.get(t.phase) ?? null : null,
            type: t.type,
            value: t.value,
            currency: t.currency ?? row!.currency,
            valueDate: t.valueDate,
            providerActorId: t.provider ? actorId(t.provider) : null,
            receiverActorId: t.receiver ? actorId(t.receiver) : null,
            description: t.description ?? null,
          })),
        );
      }
      for (const r of p.reports ?? []) {
        const phaseId = phaseIds.get(r.phase);
        if (!phaseId) throw new Error(`sample project ${p.code} reports on unknown phase ${r.phase}`);
        await tx.insert(progressReports).values({
          projectId,
          phaseId,
          periodStart: r.periodStart,
          periodEnd: r.periodEnd,
          dueDate: r.dueDate,
          submittedAt: new Date(r.submittedAt),
          narrative: r.narrative,
          spending: r.spending ?? null,
          status: r.status ?? "submitted",
        });
      }
      summary.projects++;
    }

    if (Object.values(summary).some((n) => n > 0)) {
      await tx.insert(auditLog).values({ channel: "seed", entity: "reference_data", entityId: "reference", action: "load", after: summary });
    }
    return summary;
  });
}

function byDepth(ordered: RefActor[]): RefActor[][] {
  const depth = new Map<string, number>();
  for (const a of ordered) depth.set(a.code, a.parent ? depth.get(a.parent)! + 1 : 0);
  const out: RefActor[][] = [];
  for (const a of ordered) (out[depth.get(a.code)!] ??= []).push(a);
  return out;
}

