import { describe, expect, it } from "vitest";
import { ZCommentCreate, ZCommentModerate } from "./schemas.js";
import { canAnswer, hasControlCharacters, sourceKey, isOnlyLinks, longestWindowSeconds, nextStatus, quantile, responseHours, retryAfterSeconds } from "./rules.js";

const now = new Date("2026-05-01T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe("retryAfterSeconds", () => {
  it("lets a source write while both windows have room", () => {
    expect(retryAfterSeconds([], now)).toBe(0);
    expect(retryAfterSeconds([ago(10), ago(20), ago(30), ago(40)], now)).toBe(0);
  });
  it("holds the fifth within ten minutes until the oldest of the five leaves the window", () => {
    expect(retryAfterSeconds([ago(10), ago(20), ago(30), ago(40), ago(100)], now)).toBe(600 - 100);
    // Order does not matter.
    expect(retryAfterSeconds([ago(100), ago(10), ago(40), ago(30), ago(20)], now)).toBe(500);
  });
  it("counts the one that keeps the window full, not the oldest of many", () => {
    expect(retryAfterSeconds([ago(10), ago(20), ago(30), ago(40), ago(100), ago(200)], now)).toBe(600 - 100);
  });
  it("forgets a comment exactly a window old", () => {
    expect(retryAfterSeconds([ago(600), ago(10), ago(20), ago(30), ago(40)], now)).toBe(0);
    expect(retryAfterSeconds([ago(599), ago(10), ago(20), ago(30), ago(40)], now)).toBe(1);
  });
  it("applies the daily limit of twenty, spread over the day", () => {
    const day = Array.from({ length: 20 }, (_, i) => ago(3600 * (i + 1)));
    expect(retryAfterSeconds(day, now)).toBe(86400 - 20 * 3600);
    expect(retryAfterSeconds(day.slice(0, 19), now)).toBe(0);
  });
  it("waits for the later of two full windows", () => {
    const day = [...Array.from({ length: 15 }, (_, i) => ago(3600 * (i + 1))), ago(1), ago(2), ago(3), ago(4), ago(5)];
    expect(retryAfterSeconds(day, now)).toBe(86400 - 15 * 3600);
  });
  it("ignores times in the future and rounds partial seconds up", () => {
    expect(retryAfterSeconds([new Date(now.getTime() + 5000)], now, [{ max: 1, windowSeconds: 60 }])).toBe(0);
    expect(retryAfterSeconds([new Date(now.getTime() - 500)], now, [{ max: 1, windowSeconds: 60 }])).toBe(60);
  });
  it("looks back as far as the longest window", () => {
    expect(longestWindowSeconds()).toBe(86400);
    expect(longestWindowSeconds([{ max: 1, windowSeconds: 5 }])).toBe(5);
  });
});

describe("content checks", () => {
  it("finds control characters but allows tabs and line breaks", () => {
    expect(hasControlCharacters("a\u0000b")).toBe(true);
    expect(hasControlCharacters("a\u007fb")).toBe(true);
    expect(hasControlCharacters("a\u0085b")).toBe(true);
    expect(hasControlCharacters("line one\nline two\r\n\tindented")).toBe(false);
    expect(hasControlCharacters("ផ្លូវ​ថ្មី")).toBe(false); // Khmer with a zero-width space
  });
  it("refuses text that is nothing but links", () => {
    expect(isOnlyLinks("https://spam.example")).toBe(true);
    expect(isOnlyLinks("http://a.example, www.b.example !")).toBe(true);
    expect(isOnlyLinks("See https://a.example for the flood map")).toBe(false);
    expect(isOnlyLinks("ទំព័រ https://a.example")).toBe(false);
    expect(isOnlyLinks("no links here")).toBe(false);
    expect(isOnlyLinks("!!!")).toBe(false);
  });
  it("validates a comment", () => {
    const ok = { subject: "project", ref: "P-1", lang: "km", body: "  សួស្តី  " };
    expect(ZCommentCreate.parse(ok).body).toBe("សួស្តី");
    expect(ZCommentCreate.safeParse({ ...ok, body: "   " }).success).toBe(false);
    expect(ZCommentCreate.safeParse({ ...ok, body: "x".repeat(4000) }).success).toBe(true);
    expect(ZCommentCreate.safeParse({ ...ok, body: "x".repeat(4001) }).success).toBe(false);
    expect(ZCommentCreate.safeParse({ ...ok, body: "bad\u0007bell" }).success).toBe(false);
    expect(ZCommentCreate.safeParse({ ...ok, body: "https://spam.example" }).success).toBe(false);
    expect(ZCommentCreate.safeParse({ ...ok, lang: "fr" }).success).toBe(false);
    expect(ZCommentCreate.safeParse({ ...ok, authorName: "n".repeat(81) }).success).toBe(false);
    expect(ZCommentCreate.safeParse({ ...ok, authorEmail: "not an address" }).success).toBe(false);
    expect(ZCommentCreate.safeParse({ ...ok, authorEmail: `${"a".repeat(195)}@x.org` }).success).toBe(false);
    expect(ZCommentCreate.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  });
  it("needs a reason to reject", () => {
    expect(ZCommentModerate.safeParse({ decision: "reject" }).success).toBe(false);
    expect(ZCommentModerate.safeParse({ decision: "reject", reason: "insults" }).success).toBe(true);
    expect(ZCommentModerate.safeParse({ decision: "publish" }).success).toBe(true);
  });
});

describe("moderation and response time", () => {
  it("moves between statuses but refuses the one it already has", () => {
    expect(nextStatus("pending", "publish")).toBe("published");
    expect(nextStatus("pending", "reject")).toBe("rejected");
    expect(nextStatus("published", "reject")).toBe("rejected");
    expect(nextStatus("rejected", "publish")).toBe("published");
    expect(nextStatus("published", "publish")).toBeNull();
    expect(nextStatus("rejected", "reject")).toBeNull();
  });
  it("answers pending and published comments once, never rejected ones", () => {
    expect(canAnswer({ status: "pending", answeredAt: null })).toBe("ok");
    expect(canAnswer({ status: "published", answeredAt: null })).toBe("ok");
    expect(canAnswer({ status: "rejected", answeredAt: null })).toBe("comment_rejected");
    expect(canAnswer({ status: "published", answeredAt: now })).toBe("comment_already_answered");
  });
  it("measures hours and quantiles", () => {
    expect(responseHours(ago(5400), now)).toBe(1.5);
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([4], 0.9)).toBe(4);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0.9)).toBe(9.1);
  });
});

describe("sourceKey", () => {
  it("keeps IPv4 and counts IPv6 by its /64", () => {
    expect(sourceKey("203.0.113.7")).toBe("203.0.113.7");
    expect(sourceKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(sourceKey("2001:db8:aa:bb:1:2:3:4")).toBe("2001:db8:aa:bb::/64");
    expect(sourceKey("2001:0db8:00aa:00bb:ffff::1")).toBe("2001:db8:aa:bb::/64");
    expect(sourceKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(sourceKey("[2001:DB8::1]")).toBe("2001:db8:0:0::/64");
    expect(sourceKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(sourceKey("::1")).toBe("0:0:0:0::/64");
    expect(sourceKey("unknown")).toBe("unknown");
  });
});
