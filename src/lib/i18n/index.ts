import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LANGS, type Lang } from "../../db/schema/common.js";

export { LANGS, type Lang };

type Messages = { [key: string]: string | Messages };

export const LOCALES_DIR = fileURLToPath(new URL("../../../locales/", import.meta.url));

/** Reads every `locales/<lang>/<namespace>.json` once; namespaces become the first key segment. */
function load(): Record<Lang, Messages> {
  const out = {} as Record<Lang, Messages>;
  for (const lang of LANGS) {
    const dir = join(LOCALES_DIR, lang);
    const bundle: Messages = {};
    if (!existsSync(dir)) {
      out[lang] = bundle;
      continue;
    }
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      bundle[file.replace(/\.json$/, "")] = JSON.parse(readFileSync(join(dir, file), "utf8")) as Messages;
    }
    out[lang] = bundle;
  }
  return out;
}

let bundles: Record<Lang, Messages> | undefined;

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/**
 * Translates `namespace.key` into `lang`, interpolating `{{name}}` placeholders. Falls back
 * to English, then to the key itself, so a missing translation never breaks a response
 * (the locale completeness test is what keeps that from happening).
 */
export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  bundles ??= load();
  const template = lookup(bundles[lang], key) ?? lookup(bundles.en, key) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => (name in params ? String(params[name]) : `{{${name}}}`));
}

/** Picks the best of our languages from an Accept-Language header (`th-TH,th;q=0.9,en;q=0.8`). */
export function negotiateLang(header: string | undefined | null, fallback: Lang = "en"): Lang {
  if (!header) return fallback;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...rest] = part.trim().split(";");
      const q = rest.find((p) => p.trim().startsWith("q="));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLang(base)) return base;
  }
  return fallback;
}

/** All keys of a bundle, flattened with dots; used by the completeness test. */
export function flattenKeys(messages: Messages, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === "string" ? [prefix + k] : flattenKeys(v, `${prefix}${k}.`),
  );
}

export function loadBundles(): Record<Lang, Messages> {
  bundles ??= load();
  return bundles;
}
