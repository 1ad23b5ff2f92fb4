import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { digestConfig, digestFileName } from "./delivery.js";

describe("digest delivery settings", () => {
  it("reads the environment, with safe defaults", () => {
    expect(digestConfig({})).toEqual({ dir: resolve(".concord/digests"), smtpUrl: null, from: "Concord <concord@localhost>", hour: 6, publicUrl: null });
    expect(digestConfig({ CONCORD_DIGEST_DIR: "/srv/digests", CONCORD_SMTP_URL: "smtp://u:p@mail:587", CONCORD_MAIL_FROM: "a@b.c", CONCORD_DIGEST_HOUR: "23", CONCORD_PUBLIC_URL: "https://c.example/" })).toEqual({
      dir: "/srv/digests",
      smtpUrl: "smtp://u:p@mail:587",
      from: "a@b.c",
      hour: 23,
      publicUrl: "https://c.example",
    });
    // An hour that is not one falls back to the default rather than scheduling nonsense.
    for (const h of ["24", "-1", "6.5", "six"]) expect(digestConfig({ CONCORD_DIGEST_HOUR: h }).hour, h).toBe(6);
  });

  it("names a digest file after a plain e-mail address, else after the user's id", () => {
    const id = "0b9d3c1e-8f5a-4c55-9a51-1f2e3d4c5b6a";
    expect(digestFileName("sec@concord.demo", id)).toBe("sec@concord.demo.txt");
    expect(digestFileName("first.last+alerts@mekong.org", id)).toBe("first.last+alerts@mekong.org.txt");
    for (const evil of ["../etc/passwd", "a/b@c.d", "..@x.y", ".hidden@x.y", "a\\b@c.d", "ünï@x.y", "a b@c.d", ""]) expect(digestFileName(evil, id), evil).toBe(`${id}.txt`);
  });
});
