import { sql } from "drizzle-orm";
import type { ServiceContext } from "../../core/context.js";
import { actors, type ActorType } from "../../db/schema/actors.js";

/**
 * A name reduced to what identifies an organisation across sources: case, accents, punctuation
 * and spacing dropped ("Government of Viet Nam", "GOVERNMENT OF VIET-NAM" match). Letters of
 * every script are kept, so Chinese, Thai or Lao names normalise too.
 */
export function normaliseName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A readable, unique-looking handle from a name or registry reference: `gb-gov-1`, `china-eximbank`. */
export function actorCodeFrom(prefix: string, text: string): string {
  const slug = normaliseName(text).replace(/ /g, "-").replace(/[^a-z0-9-]/g, "").slice(0, 48).replace(/-+$/, "");
  return `${prefix}-${slug || "org"}`;
}

export type OrgInput = { ref?: string | null; name?: string | null; type: ActorType; countryCode?: string | null; source: string };

/**
 * Matches organisations named in an imported file to Concord's actors, first by registry
 * reference, then by normalised English name, and creates the ones it cannot match. It keeps
 * what it has seen, so a file naming one donor ten thousand times asks the database once.
 * Creation happens in the caller's transaction: a rolled-back batch forgets its new actors too
 * (call `forget()` after a rollback).
 */
export class ActorResolver {
  private byRef = new Map<string, string>();
  private byName = new Map<string, string>();
  private codes = new Set<string>();
  private pending: { ref?: string; name: string; code: string }[] = [];
  created = 0;
  matched = 0;
  private loaded = false;

  constructor(private readonly codePrefix: string) {}

  /** Loads every actor's reference and name once; the actor table is small next to an import. */
  private async load(ctx: ServiceContext) {
    if (this.loaded) return;
    const rows = await ctx.db.select({ id: actors.id, code: actors.code, ref: actors.externalRef, name: actors.name }).from(actors);
    for (const r of rows) {
      this.codes.add(r.code);
      if (r.ref) this.byRef.set(r.ref.toLowerCase(), r.id);
      // Every language of a name matches; the first actor to claim a name keeps it.
      for (const v of Object.values(r.name)) {
        const n = v ? normaliseName(v) : "";
        if (n && !this.byName.has(n)) this.byName.set(n, r.id);
      }
    }
    this.loaded = true;
  }

  /** The actor id for an organisation, or null when the input names none. */
  async resolve(ctx: ServiceContext, org: OrgInput): Promise<string | null> {
    await this.load(ctx);
    const ref = org.ref?.trim() || null;
    const name = org.name?.trim() || null;
    if (!ref && !name) return null;
    const refKey = ref?.toLowerCase();
    // A known reference settles it: the name, costly to normalise, is looked at only without one.
    const refHit = refKey ? this.byRef.get(refKey) : undefined;
    if (refHit) {
      this.matched++;
      return refHit;
    }
    const nameKey = name ? this.normalised(name) : null;
    const hit = nameKey && this.byName.get(nameKey);
    if (hit) {
      this.matched++;
      if (refKey && !this.byRef.has(refKey)) this.byRef.set(refKey, hit);
      return hit;
    }
    let code = actorCodeFrom(this.codePrefix, ref ?? name!);
    for (let i = 2; this.codes.has(code); i++) code = `${actorCodeFrom(this.codePrefix, ref ?? name!)}-${i}`;
    // A reference already held by another actor the cache missed (created by a parallel import) is matched, not duplicated.
    const [row] = await ctx.db
      .insert(actors)
      .values({ code, type: org.type, countryCode: org.countryCode ?? null, name: { en: name ?? ref! }, externalRef: ref, source: org.source, createdAt: ctx.now(), updatedAt: ctx.now() })
      .onConflictDoUpdate({ target: actors.externalRef, set: { updatedAt: sql`${actors.updatedAt}` } })
      .returning({ id: actors.id });
    this.codes.add(code);
    if (refKey) this.byRef.set(refKey, row!.id);
    if (nameKey) this.byName.set(nameKey, row!.id);
    this.pending.push({ ref: refKey, name: nameKey ?? "", code });
    this.created++;
    return row!.id;
  }

  private names = new Map<string, string>();

  /** `normaliseName`, remembered: a file names the same few organisations thousands of times. */
  private normalised(name: string): string {
    let key = this.names.get(name);
    if (key === undefined) {
      key = normaliseName(name);
      if (this.names.size < 100_000) this.names.set(name, key);
    }
    return key;
  }

  /** Marks the actors created since the last call as committed. */
  commit() {
    this.pending = [];
  }

  /** Drops the actors created in a batch that rolled back, so the next batch creates them again. */
  forget() {
    for (const p of this.pending) {
      if (p.ref) this.byRef.delete(p.ref);
      if (p.name) this.byName.delete(p.name);
      this.codes.delete(p.code);
      this.created--;
    }
    this.pending = [];
  }
}

