import type { CountryLookup } from "./countries.js";

/**
 * What an agency name in GCDF says about the organisation: its kind and its country. GCDF names
 * organisations only in words ("Export-Import Bank of China", "Vietnam Ministry of Finance",
 * "SinoHydro "), so this reads the words; it is a guess for organisations Concord does not know
 * yet, and an actor matched by name keeps what Concord already records about it.
 */

/** The actor kinds Concord has (src/db/schema/actors.ts), repeated so this file stays free of the database. */
export type AgencyType = "government" | "enterprise" | "university" | "research" | "finance" | "ngo" | "intermediary" | "international";

export type AgencyRole = "funding" | "receiving" | "implementing";

const INTERNATIONAL = /\b(united nations|world bank|asian development bank|african development bank|international monetary fund|unicef|undp|world health organi[sz]ation|world food programme|food and agriculture organi[sz]ation|asian infrastructure investment bank)\b/i;
const GOVERNMENT_STRONG = /\b(ministry|ministries|minister|government|embassy|consulate|parliament|congress|people's liberation army|armed forces|hanban)\b/i;
const FINANCE = /\b(bank|eximbank|exim|fund|sinosure|credit insurance)\b/i;
const UNIVERSITY = /\b(university|college|school|confucius institute)\b/i;
const RESEARCH = /\b(research|academy)\b/i;
const COMPANY = /\b(co|company|companies|corporation|corp|group|ltd|limited|inc|plc|pcl|jsc|llc|holdings?|enterprises?|gmbh|sa)\b/i;
const GOVERNMENT_WEAK = /\b(council|commission|committee|department|bureau|authority|administration|agency|office|secretariat|province|provincial|municipal|municipality|prefecture|county|center for disease control)\b/i;
const NGO = /\b(red cross|foundation|association|society|federation|charity)\b/i;

/** The kind of organisation a name suggests; a company unless the words say otherwise. */
export function agencyType(name: string): AgencyType {
  if (INTERNATIONAL.test(name)) return "international";
  if (GOVERNMENT_STRONG.test(name)) return "government";
  if (FINANCE.test(name)) return "finance";
  if (UNIVERSITY.test(name)) return "university";
  if (RESEARCH.test(name)) return "research";
  if (COMPANY.test(name)) return "enterprise";
  if (GOVERNMENT_WEAK.test(name)) return "government";
  if (NGO.test(name)) return "ngo";
  return "enterprise";
}

/** Words that mark a Chinese organisation: the country, its provinces and large cities, and the state firms GCDF names by brand. */
const CHINESE =
  /\b(china|chinese|sino\w*|prc|beijing|shanghai|tianjin|chongqing|guangzhou|shenzhen|zhuhai|xiamen|wuhan|harbin|dalian|qingdao|hangzhou|nanjing|kunming|chengdu|anyang|yunnan|guangxi|guangdong|jiangsu|zhejiang|shandong|sichuan|hunan|hubei|henan|hebei|fujian|anhui|jiangxi|shaanxi|shanxi|xinjiang|hainan|gansu|heilongjiang|jilin|liaoning|inner mongolia|guizhou|ningxia|qinghai|icbc|citic|cnpc|camc|norinco|powerchina|huawei|zte|hanban|eximbank|crbc|crcc|crec|cccc|cscec|cmec|dongfang|haier|hisense|poly technologies|state grid|xinhua|subei)\b/i;
const CJK = /\p{Script=Han}/u;

/** How the Mekong and other recipient countries are named as adjectives at the start of an agency's name. */
const COUNTRY_WORDS: [RegExp, string][] = [
  [/\b(viet ?nam|vietnamese)\b/i, "VN"],
  [/\b(laos?|laotian|lao pdr)\b/i, "LA"],
  [/\b(cambodia|cambodian|khmer)\b/i, "KH"],
  [/\b(myanmar|burma|burmese)\b/i, "MM"],
  [/\b(thailand|thai)\b/i, "TH"],
];

/**
 * "Government of Viet Nam", "Government of Myanmar (Burma)", "the Government of Laos": the
 * country whose national government the name is, or null.
 */
export function nationalGovernmentOf(name: string, countries: CountryLookup): string | null {
  const m = /^\s*(?:the\s+)?government\s+of\s+(?:the\s+)?(.+?)\s*$/i.exec(name);
  if (!m) return null;
  const rest = m[1]!.replace(/\([^)]*\)/g, "").trim();
  return countries(rest) ?? COUNTRY_WORDS.find(([re]) => re.test(rest) && rest.replace(re, "").trim() === "")?.[1] ?? null;
}

export const looksChinese = (name: string) => CHINESE.test(name) || CJK.test(name);

/** The country a name names (a Mekong country word, the recipient's own name), or null. */
function namedCountry(name: string, recipientName: string | null, recipientCode: string | null): string | null {
  for (const [re, code] of COUNTRY_WORDS) if (re.test(name)) return code;
  if (recipientName && recipientCode && name.toLowerCase().includes(recipientName.toLowerCase())) return recipientCode;
  return null;
}

/**
 * The country of an agency. Funders are Chinese: GCDF records only official finance from China.
 * A receiving agency is in the recipient country unless its name is plainly Chinese (a Yunnan
 * trading company that takes the loan). An implementing agency is Chinese or in a country its name
 * names; otherwise unknown. A name that starts with another country's word ("Lao-China Railway")
 * belongs to that country.
 */
export function agencyCountry(name: string, role: AgencyRole, recipient: { name: string | null; code: string | null }): string | null {
  if (role === "funding") return "CN";
  const first = name.trim().split(/[\s-]+/)[0] ?? "";
  const leading = COUNTRY_WORDS.find(([re]) => re.test(first))?.[1];
  if (leading) return leading;
  if (recipient.name && recipient.code && name.trim().toLowerCase().startsWith(recipient.name.toLowerCase())) return recipient.code;
  if (looksChinese(name)) return "CN";
  const named = namedCountry(name, recipient.name, recipient.code);
  if (named) return named;
  return role === "receiving" ? recipient.code : null;
}
