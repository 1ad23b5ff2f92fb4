import i18next from "i18next";
import { initReactI18next, useTranslation } from "react-i18next";
import en from "../../locales/en/web.json";
import km from "../../locales/km/web.json";
import lo from "../../locales/lo/web.json";
import my from "../../locales/my/web.json";
import th from "../../locales/th/web.json";
import vi from "../../locales/vi/web.json";
import zh from "../../locales/zh/web.json";

/** The seven languages, in the order the switcher lists them. */
export const LANGS = ["en", "zh", "lo", "th", "vi", "km", "my"] as const;
export type Lang = (typeof LANGS)[number];

/**
 * Each language's name in itself (an endonym). These are the same in every language on purpose,
 * so they are data rather than translations and do not live in locales/.
 */
export const LANG_NAMES: Record<Lang, string> = { en: "English", zh: "中文", lo: "ລາວ", th: "ไทย", vi: "Tiếng Việt", km: "ខ្មែរ", my: "မြန်မာ" };

/** BCP 47 tags for Intl: Chinese is written in simplified characters across the mechanism. */
export const INTL_TAGS: Record<Lang, string> = { en: "en-GB", zh: "zh-Hans-CN", lo: "lo-LA", th: "th-TH", vi: "vi-VN", km: "km-KH", my: "my-MM" };

const STORAGE_KEY = "concord.lang";

export const isLang = (v: unknown): v is Lang => typeof v === "string" && (LANGS as readonly string[]).includes(v);

/** Best of our languages among the browser's, in the browser's order of preference. */
export function browserLang(languages: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return "en";
}

/** The remembered choice, or the browser's language on a first visit. */
export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // Storage may be disabled; fall through to the browser's language.
  }
  return browserLang();
}

export function rememberLang(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Nothing to do: the choice then lasts for this page only.
  }
}

void i18next.use(initReactI18next).init({
  resources: { en: { web: en }, zh: { web: zh }, lo: { web: lo }, th: { web: th }, vi: { web: vi }, km: { web: km }, my: { web: my } },
  lng: initialLang(),
  fallbackLng: "en",
  ns: ["web"],
  defaultNS: "web",
  interpolation: { escapeValue: false },
  returnNull: false,
  // A key with no text anywhere shows up bracketed, so the browser tests can find it.
  parseMissingKeyHandler: (key: string) => `⟦${key}⟧`,
  // Every language is bundled, so nothing needs to suspend while switching.
  react: { useSuspense: false },
});

export function applyDocumentLang(lang: Lang) {
  document.documentElement.lang = lang;
  document.title = i18next.t("app.title", { lng: lang });
}
applyDocumentLang(currentLang());

export function currentLang(): Lang {
  return isLang(i18next.language) ? i18next.language : "en";
}

export async function changeLang(lang: Lang) {
  rememberLang(lang);
  await i18next.changeLanguage(lang);
  applyDocumentLang(lang);
}

export { i18next };

/** A record's name in a language: the translation when there is one, English otherwise. */
export type Localized = { en: string } & Partial<Record<Exclude<Lang, "en">, string>>;
export const pick = (text: Localized | null | undefined, lang: Lang): string => (text ? (text[lang] ?? text.en) : "");

/** Intl formatters for the chosen language: numbers, money, dates, and sorting. */
export function formatters(lang: Lang) {
  const tag = INTL_TAGS[lang];
  const number = new Intl.NumberFormat(tag);
  const compact = new Intl.NumberFormat(tag, { notation: "compact", maximumFractionDigits: 1 });
  const collator = new Intl.Collator(tag);
  const dateFmt = {
    day: new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" }),
    month: new Intl.DateTimeFormat(tag, { year: "numeric", month: "long", timeZone: "UTC" }),
    year: new Intl.DateTimeFormat(tag, { year: "numeric", timeZone: "UTC" }),
  };
  // Chromium ships no date data for Lao, Khmer and Burmese (Intl falls back to US English), so
  // those get day, month name from our translations, and year.
  const hasDates = Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
  const monthName = (d: Date) => i18next.t(`date.months.${d.getUTCMonth() + 1}`, { lng: lang });
  const manual = {
    day: (d: Date) => `${d.getUTCDate()} ${monthName(d)} ${d.getUTCFullYear()}`,
    month: (d: Date) => `${monthName(d)} ${d.getUTCFullYear()}`,
    year: (d: Date) => String(d.getUTCFullYear()),
  };
  const formatDate = (d: Date, precision: "day" | "month" | "year") => (hasDates ? dateFmt[precision].format(d) : manual[precision](d));
  return {
    lang,
    number: (n: number) => number.format(n),
    compact: (n: number) => compact.format(n),
    /** Money arrives as an exact decimal string; Intl formats the string without going through a float. */
    money: (value: string | null | undefined, currency: string) => {
      if (value == null) return "—";
      const f = new Intl.NumberFormat(tag, { style: "currency", currency, maximumFractionDigits: 0 });
      return f.format(value as unknown as number);
    },
    date: (iso: string | null | undefined, precision: "day" | "month" | "year" = "day") => {
      if (!iso) return "—";
      const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
      return Number.isNaN(d.getTime()) ? iso : formatDate(d, precision);
    },
    year: (y: number) => formatDate(new Date(Date.UTC(y, 6, 1)), "year"),
    compare: (a: string, b: string) => collator.compare(a, b),
  };
}
export type Formatters = ReturnType<typeof formatters>;

/** Translation, language and formatters for a component; re-renders when the language changes. */
export function useI18n() {
  const { t, i18n } = useTranslation("web");
  const lang = isLang(i18n.language) ? i18n.language : "en";
  return { t, lang, fmt: formatters(lang) };
}
