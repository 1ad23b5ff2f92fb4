/**
 * The pure rules of public feedback: what a comment may contain, how often one source may write,
 * and how the secretariat's response time is measured. No database, no clock of its own.
 */

/** Per source (a hashed client address): a burst limit and a daily limit, checked together. */
export const COMMENT_LIMITS = [
  { max: 5, windowSeconds: 10 * 60 },
  { max: 20, windowSeconds: 24 * 60 * 60 },
] as const;

export type RateLimit = { max: number; windowSeconds: number };

/** The longest window: how far back a check has to look. */
export const longestWindowSeconds = (limits: readonly RateLimit[] = COMMENT_LIMITS) => Math.max(...limits.map((l) => l.windowSeconds));

/**
 * Seconds until the source may write again, or 0 when it may write now. `previous` are the times
 * of the source's earlier comments (any order). A limit is full when `max` of them fall inside its
 * window ending now; it frees up when the oldest one that keeps it full leaves the window.
 */
export function retryAfterSeconds(previous: readonly Date[], now: Date, limits: readonly RateLimit[] = COMMENT_LIMITS): number {
  const t = now.getTime();
  let wait = 0;
  for (const { max, windowSeconds } of limits) {
    const start = t - windowSeconds * 1000;
    // A comment exactly windowSeconds old has left the window.
    const inside = previous.map((d) => d.getTime()).filter((x) => x > start && x <= t).sort((a, b) => a - b);
    if (inside.length < max) continue;
    const freeing = inside[inside.length - max]!;
    wait = Math.max(wait, Math.ceil((freeing + windowSeconds * 1000 - t) / 1000));
  }
  return wait;
}

export const MAX_COMMENT_CHARS = 4000;
export const MAX_AUTHOR_NAME_CHARS = 80;
export const MAX_AUTHOR_EMAIL_CHARS = 200;

/**
 * Control characters other than tab and line breaks: C0, DEL and C1. They have no place in a
 * comment and are refused rather than stripped, so what is stored is exactly what was sent.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
export const hasControlCharacters = (s: string) => CONTROL.test(s);

const LINK = /(?:https?:\/\/|www\.)\S+/giu;

/** True when the text is nothing but links (and the spaces and punctuation between them): spam. */
export function isOnlyLinks(s: string): boolean {
  if (!LINK.test(s)) return false;
  LINK.lastIndex = 0;
  return !/[\p{L}\p{N}]/u.test(s.replace(LINK, ""));
}

/** Hours from a comment to its answer, to one decimal. */
export const responseHours = (createdAt: Date, answeredAt: Date) => Math.round(((answeredAt.getTime() - createdAt.getTime()) / 3_600_000) * 10) / 10;

/** The q-th quantile (0..1) by linear interpolation between closest ranks; null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const v = sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  return Math.round(v * 10) / 10;
}

export type CommentStatus = "pending" | "published" | "rejected";
export type Decision = "publish" | "reject";

/**
 * Moderation moves: a pending comment is published or rejected; a published one can still be
 * taken down, and a rejected one published after a second look. Deciding what it already is, is refused.
 */
export function nextStatus(status: CommentStatus, decision: Decision): CommentStatus | null {
  const to: CommentStatus = decision === "publish" ? "published" : "rejected";
  return to === status ? null : to;
}

/**
 * Answering publishes a pending comment in the same step (the secretariat answers what it accepts);
 * a rejected comment is not answered, and a comment is answered once, so its response time stays true.
 */
export function canAnswer(c: { status: CommentStatus; answeredAt: Date | null }): "ok" | "comment_rejected" | "comment_already_answered" {
  if (c.status === "rejected") return "comment_rejected";
  if (c.answeredAt) return "comment_already_answered";
  return "ok";
}

/**
 * What the rate limit counts as one source: an IPv4 address as it is, an IPv6 address by its
 * /64 network, since one subscriber usually holds a whole /64 and could otherwise write from
 * a fresh address each time. IPv4 addresses mapped into IPv6 count as IPv4.
 */
export function sourceKey(address: string): string {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(":")) return a;
  const [head = "", tail] = a.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  if (tail === undefined && left.length !== 8) return a;
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
