import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SaxesParser } from "saxes";

/**
 * IATI's small "embedded" codelists are part of the standard's schema version and change with it,
 * so Concord carries them in code (their names, in seven languages, are in `locales/<lang>/web.json`
 * under `iati.codes`). The large ones (sectors, countries, currencies, regions, organisation types…)
 * change on their own schedule: they are read from a folder the user keeps current
 * (`--codelists DIR` or CONCORD_IATI_CODELISTS), and where they are absent Concord shows codes.
 */
export const EMBEDDED_CODELISTS = {
  ActivityStatus: ["1", "2", "3", "4", "5", "6"],
  ActivityDateType: ["1", "2", "3", "4"],
  OrganisationRole: ["1", "2", "3", "4"],
  TransactionType: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"],
  BudgetType: ["1", "2"],
  BudgetStatus: ["1", "2"],
  RelatedActivityType: ["1", "2", "3", "4", "5"],
} as const;

export type EmbeddedCodelist = keyof typeof EMBEDDED_CODELISTS;

export const isEmbeddedCode = (list: EmbeddedCodelist, code: string) => (EMBEDDED_CODELISTS[list] as readonly string[]).includes(code);

/** The non-embedded codelists whose names an imported activity shows beside its codes. */
export const NAMED_CODELISTS = ["Sector", "SectorCategory", "Country", "Region", "Currency", "OrganisationType", "FlowType", "FinanceType", "AidType", "TiedStatus", "CollaborationType", "ActivityScope", "DocumentCategory"] as const;

/** Names by codelist and code (`"Sector" → "11110" → "Education policy and administrative management"`), English. */
export type CodelistNames = Map<string, Map<string, string>>;

/** Reads one IATI codelist XML file: each item's code and its English (or first) name. */
export function parseCodelist(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const parser = new SaxesParser();
  const path: string[] = [];
  let code = "";
  let name = "";
  let nameLang: string | undefined;
  let inNarrative = false;
  let text = "";
  parser.on("opentag", (tag) => {
    path.push(tag.name);
    if (tag.name === "codelist-item") {
      code = "";
      name = "";
    }
    if (tag.name === "narrative" && path.at(-2) === "name" && path.at(-3) === "codelist-item") {
      inNarrative = true;
      nameLang = (tag.attributes as Record<string, string>)["xml:lang"];
      text = "";
    }
    if (tag.name === "code") text = "";
  });
  parser.on("text", (t) => {
    text += t;
  });
  parser.on("closetag", (tag) => {
    path.pop();
    if (tag.name === "code" && path.at(-1) === "codelist-item") code = text.trim();
    if (tag.name === "narrative" && inNarrative) {
      inNarrative = false;
      // The English narrative carries no xml:lang (it is the list's language); keep the first otherwise.
      if (!nameLang || !name) name = text.trim();
    }
    if (tag.name === "codelist-item" && code) out.set(code, name);
  });
  parser.write(xml).close();
  return out;
}

/** Loads the named codelists present in `dir`; a missing folder or file just means codes without names. */
export function loadCodelistNames(dir: string | undefined): CodelistNames {
  const names: CodelistNames = new Map();
  if (!dir || !existsSync(dir)) return names;
  const files = new Set(readdirSync(dir));
  for (const list of NAMED_CODELISTS) {
    const file = `${list}.xml`;
    if (files.has(file)) names.set(list, parseCodelist(readFileSync(join(dir, file), "utf8")));
  }
  return names;
}
