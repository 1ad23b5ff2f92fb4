import type { EventKind } from "../../db/schema/events.js";
import { diplomaticTrack, type Track, type TrackParticipant, type TrackReading } from "./track.js";

/**
 * Event kinds that are meetings between people, so have a diplomatic track. Declarations,
 * plans, agreements, establishments, initiatives and water events are outcomes or happenings,
 * not interactions: they carry no track.
 */
export const MEETING_KINDS = [
  "leaders_meeting",
  "foreign_ministers_meeting",
  "ministers_meeting",
  "senior_officials_meeting",
  "joint_working_group",
  "governors_forum",
  "local_consultation",
  "expert_dialogue",
  "public_forum",
  "forum",
  "consultation",
] as const satisfies readonly EventKind[];

const MEETINGS: ReadonlySet<string> = new Set(MEETING_KINDS);
export const isMeetingKind = (kind: string): boolean => MEETINGS.has(kind);

export type MeetingTrackInput = {
  kind: string;
  participants: readonly TrackParticipant[];
  openToPublic?: boolean;
  override?: { track: Track; reason: string } | null;
};

/**
 * The track of a meeting as stored and shown: null for events that are not meetings, whatever
 * their participants; a public forum is open to the public by its nature.
 */
export function meetingTrack(input: MeetingTrackInput): TrackReading | null {
  if (!isMeetingKind(input.kind)) return null;
  return diplomaticTrack({ participants: input.participants, openToPublic: input.openToPublic || input.kind === "public_forum", override: input.override });
}
