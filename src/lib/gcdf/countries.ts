/**
 * GCDF's Recipient column names countries in English (`Viet Nam`, `Lao People's Democratic
 * Republic`, `Kyrgyz Republic`, `West Bank and Gaza Strip`). They become ISO 3166-1 alpha-2 codes
 * from, in order: the names below that differ from the usual ones; the IATI Country codelist when
 * the user has it (`--codelists DIR`); and the English region names the runtime's ICU knows, so
 * the import works without any file. Regional rows (`Africa, regional`, `Multi-Region`) have no
 * country.
 */

/** Names as GCDF 2.0 writes them where ISO, IATI and ICU disagree with it, and the five Mekong recipients, pinned. */
const ALIASES: Record<string, string> = {
  cambodia: "KH",
  "lao people s democratic republic": "LA",
  laos: "LA",
  myanmar: "MM",
  burma: "MM",
  thailand: "TH",
  "viet nam": "VN",
  vietnam: "VN",
  china: "CN",
  "democratic republic of the congo": "CD",
  congo: "CG",
  "republic of the congo": "CG",
  "democratic people s republic of korea": "KP",
  "north korea": "KP",
  "republic of korea": "KR",
  "south korea": "KR",
  "kyrgyz republic": "KG",
  russia: "RU",
  turkey: "TR",
  "west bank and gaza strip": "PS",
  "syrian arab republic": "SY",
  micronesia: "FM",
  "cabo verde": "CV",
  "cote d ivoire": "CI",
  "brunei darussalam": "BN",
  "sao tome and principe": "ST",
  "sint maarten": "SX",
  curacao: "CW",
  iran: "IR",
  tanzania: "TZ",
  bolivia: "BO",
  venezuela: "VE",
  moldova: "MD",
  gambia: "GM",
  bahamas: "BS",
  "north macedonia": "MK",
  "timor leste": "TL",
};

/**
 * Codes ICU names that are not countries a project can go to (groupings, pseudo-regions) or that
 * no longer exist (they would otherwise claim today's names: SU "Russia", BU "Burma").
 */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "SU", "BU", "TP", "YU", "ZR", "DD", "CS", "FX", "NT", "AN", "DY", "HV", "VD", "YD", "RH", "NH", "CT", "JT", "MI", "NQ", "PC", "PU", "PZ", "WK", "AQ"]);

/**
 * A country name reduced for matching: accents, case, `&`/`and`, `St.`/`Saint`, the article and
 * bracketed qualifiers dropped (`Congo (the Democratic Republic of the)` keeps only `Congo`, so
 * those are pinned in ALIASES).
 */
export function countryKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\([^)]*\)/g, " ")
    .replace(/&/g, " and ")
    .replace(/,\s*the\b.*$/, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .replace(/\bst\b/g, "saint")
    .replace(/^the /, "")
    .trim();
}

let icuNames: Map<string, string> | null = null;

/** English region names from ICU (Node ships full ICU), first code wins. */
function icu(): Map<string, string> {
  if (icuNames) return icuNames;
  const out = new Map<string, string>();
  const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        name = undefined;
      }
      if (!name || name === code) continue;
      const key = countryKey(name);
      if (key && !out.has(key)) out.set(key, code);
    }
  return (icuNames = out);
}

/** Recipient name → ISO alpha-2, or null for a region or a name nothing knows. */
export type CountryLookup = (name: string) => string | null;

/**
 * Builds the lookup. `codelist` is the IATI Country codelist as code → English name (see
 * `parseCodelist` in lib/iati); without it, ICU's names fill in.
 */
export function countryLookup(codelist?: ReadonlyMap<string, string> | null): CountryLookup {
  // A key two codes share (`Korea (the Republic of)`, `Korea (the Democratic People's Republic of)`) names neither.
  const fromList = new Map<string, string | null>();
  for (const [code, name] of codelist ?? []) {
    if (!/^[A-Z]{2}$/.test(code)) continue;
    const key = countryKey(name);
    if (!key) continue;
    fromList.set(key, fromList.has(key) && fromList.get(key) !== code ? null : code);
  }
  const cache = new Map<string, string | null>();
  return (name: string) => {
    const key = countryKey(name);
    if (!key) return null;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const code = ALIASES[key] ?? (fromList.get(key) === null ? null : (fromList.get(key) ?? icu().get(key) ?? null));
    cache.set(key, code);
    return code;
  };
}
