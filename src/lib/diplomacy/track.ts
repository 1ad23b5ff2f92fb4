import type { ActorType, GovLevel } from "../../db/schema/actors.js";

/**
 * Diplomatic tracks of an interaction (seed 002 §3.1, multi-track diplomacy):
 * - Track I: governments and state bodies only (intergovernmental organisations count as state);
 * - Track II: non-state actors only — experts, universities, research institutes, NGOs, business,
 *   finance — without government;
 * - Track III: both together, or an interaction opened to the public.
 */
export const TRACKS = ["I", "II", "III"] as const;
export type Track = (typeof TRACKS)[number];

export type TrackParticipant = { type: ActorType; level?: GovLevel | null };

const STATE_TYPES: ReadonlySet<ActorType> = new Set(["government", "international"]);

export type TrackInput = {
  participants: readonly TrackParticipant[];
  /** A public forum or hearing: anyone could take part, whoever is named. */
  openToPublic?: boolean;
  /** The secretariat's reading where the derivation is wrong for this meeting; it needs a reason. */
  override?: { track: Track; reason: string } | null;
};

export type TrackReading = {
  track: Track | null;
  derived: Track | null;
  /** Why: which kinds of participant the derivation saw, or the override's reason. */
  basis: { state: number; nonState: number; local: number; openToPublic: boolean; override: string | null };
};

/**
 * The track an interaction runs on, from who took part. With no participants and no public
 * opening there is nothing to derive from (null). An override replaces the derived track but the
 * derived one is kept beside it, so a report can show where people and the rule disagree.
 */
export function diplomaticTrack(input: TrackInput): TrackReading {
  let state = 0;
  let nonState = 0;
  let local = 0;
  for (const p of input.participants) {
    if (STATE_TYPES.has(p.type)) state++;
    else nonState++;
    if (p.type === "government" && p.level && p.level !== "country" && p.level !== "central") local++;
  }
  const openToPublic = input.openToPublic ?? false;
  const derived: Track | null = openToPublic || (state > 0 && nonState > 0) ? "III" : state > 0 ? "I" : nonState > 0 ? "II" : null;
  const override = input.override ?? null;
  if (override && !override.reason.trim()) throw new Error("a track override needs a reason");
  return { track: override?.track ?? derived, derived, basis: { state, nonState, local, openToPublic, override: override?.reason.trim() ?? null } };
}
