import { describe, expect, it } from "vitest";
import { flattenKeys, LANGS, loadBundles, negotiateLang, t } from "./index.js";

const bundles = loadBundles();
const enKeys = flattenKeys(bundles.en).sort();
const lookup = (lang: (typeof LANGS)[number], key: string) => key.split(".").reduce<unknown>((node, k) => (node as Record<string, unknown>)?.[k], bundles[lang]) as string;
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("locales", () => {
  it("has English strings", () => {
    expect(enKeys.length).toBeGreaterThan(50);
  });

  it.each(LANGS.filter((l) => l !== "en"))("%s has every key English has, and no other", (lang) => {
    expect(flattenKeys(bundles[lang]).sort()).toEqual(enKeys);
  });

  it.each(LANGS.filter((l) => l !== "en"))("%s keeps every placeholder and translates the text", (lang) => {
    let same = 0;
    for (const key of enKeys) {
      const en = lookup("en", key);
      const tr = lookup(lang, key);
      expect(tr, key).toBeTypeOf("string");
      expect(tr.trim(), key).not.toBe("");
      expect(placeholders(tr), key).toEqual(placeholders(en));
      if (tr === en) same++;
    }
    // A few strings are pure tokens (codes, placeholders); anything more means untranslated copies.
    expect(same).toBeLessThanOrEqual(2);
  });

  it("interpolates and falls back to English, then to the key", () => {
    expect(t("en", "server.rules.unknown_actor", { ref: "atlantis" })).toBe('No organisation "atlantis" exists.');
    expect(t("th", "no.such.key")).toBe("no.such.key");
  });
});

describe("negotiateLang", () => {
  it.each([
    ["th-TH,th;q=0.9,en;q=0.8", "th"],
    ["fr-FR,fr;q=0.9,lo;q=0.5", "lo"],
    ["en;q=0.1, km;q=0.9", "km"],
    ["my-MM", "my"],
    ["zh-Hans-CN", "zh"],
    ["de", "en"],
    ["", "en"],
    [";;;q=abc,", "en"],
  ])("%s -> %s", (header, lang) => {
    expect(negotiateLang(header)).toBe(lang);
  });
});
