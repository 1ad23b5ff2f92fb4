/**
 * Words out of text in any of Concord's seven languages, for similarity and duplicate detection.
 * Thai, Lao, Khmer, Burmese and Chinese write no spaces between words: ICU's dictionary-based word
 * break (`Intl.Segmenter`) finds them. Everything here is pure and synchronous.
 */

export const TEXT_LANGS = ["en", "zh", "lo", "th", "vi", "km", "my"] as const;
export type TextLang = (typeof TEXT_LANGS)[number];

export type Script = "thai" | "lao" | "khmer" | "myanmar" | "han" | "latin" | "other";

/**
 * The script of one code point, by Unicode block: Thai, Lao, Khmer (and Khmer symbols), Myanmar
 * (and its extensions A and B), Han (CJK unified ideographs, extension A, compatibility), Latin
 * (Basic Latin letters, Latin-1, Extended A/B, IPA, Extended Additional: Vietnamese lives there).
 * Code ranges rather than regular expressions: this runs for every character of every title.
 */
export function scriptOfCode(c: number): Script {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? "latin" : "other";
  if (c >= 0x0e00 && c <= 0x0e7f) return "thai";
  if (c >= 0x0e80 && c <= 0x0eff) return "lao";
  if ((c >= 0x1780 && c <= 0x17ff) || (c >= 0x19e0 && c <= 0x19ff)) return "khmer";
  if ((c >= 0x1000 && c <= 0x109f) || (c >= 0xaa60 && c <= 0xaa7f) || (c >= 0xa9e0 && c <= 0xa9ff)) return "myanmar";
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) return "han";
  if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) return "latin";
  return "other";
}

/** The script of one character. */
export function scriptOfChar(ch: string): Script {
  return scriptOfCode(ch.codePointAt(0)!);
}

/** The script most of the letters of a text are written in; `other` when it has no letters we know. */
export function detectScript(text: string): Script {
  const counts = new Map<Script, number>();
  for (let i = 0; i < text.length; i++) {
    const s = scriptOfCode(text.charCodeAt(i));
    if (s !== "other") counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  let best: Script = "other";
  let n = 0;
  for (const [s, c] of counts) if (c > n) [best, n] = [s, c];
  return best;
}

const LANG_OF_SCRIPT: Record<Exclude<Script, "latin" | "other">, TextLang> = { thai: "th", lao: "lo", khmer: "km", myanmar: "my", han: "zh" };
/** Letters only Vietnamese uses among Concord's Latin-script languages. */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;

/** The language of a text when nobody said: from its script, and for Latin script Vietnamese when it has Vietnamese letters. */
export function guessLang(text: string): TextLang {
  const script = detectScript(text);
  if (script === "latin") return VIETNAMESE.test(text) ? "vi" : "en";
  if (script === "other") return "en";
  return LANG_OF_SCRIPT[script];
}

/**
 * NFKC (folds full-width Latin and digits, half-width forms, ligatures), lower case, punctuation
 * and symbols to spaces, runs of space to one. Combining marks stay: Thai, Lao, Khmer and Burmese
 * vowels and tones are marks, and words differ by them. NFKC splits Thai and Lao SARA AM (ำ, ຳ)
 * into NIKHAHIT + SARA AA, which ICU's dictionaries do not know ("สำนักงาน" would break into
 * "สํา" + "นักงาน"): it is put back together.
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\u0E4D\u0E32/g, "\u0E33")
    .replace(/\u0ECD\u0EB2/g, "\u0EB3")
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * Words that say nothing about what a project is. A small list per language; TF-IDF weighting
 * takes care of the rest (words frequent in a corpus weigh little there).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // en
  "a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "at", "by", "with", "from", "as", "is", "are", "was", "were", "be", "been",
  "this", "that", "these", "those", "its", "it", "into", "via", "per", "than", "over", "under", "about", "which", "who",
  // vi (folded: see foldLatin)
  "va", "cua", "cho", "cac", "nhung", "mot", "tai", "voi", "la", "trong",
  // zh
  "的", "和", "与", "及", "在", "是", "对",
  // th, lo
  "และ", "ของ", "ใน", "ที่", "ເພື່ອ", "ແລະ", "ຂອງ", "ໃນ",
]);

/**
 * Latin-script words without their diacritics: a Vietnamese name is often written without them
 * ("Ha Noi", "Luang Namtha"), and two records of one project should meet whichever way they spell
 * it. A few Vietnamese words then collide; for matching, recall matters more.
 */
export function foldLatin(word: string): string {
  if (ASCII.test(word)) return word;
  return word.normalize("NFD").replace(/\p{M}+/gu, "").replace(/đ/g, "d").normalize("NFC");
}

/** Overlapping pairs of characters (grapheme clusters where the script has marks): the fallback for a script ICU cannot split. */
export function charBigrams(word: string): string[] {
  const chars = [...graphemes.segment(word)].map((s) => s.segment);
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}
const ASCII = /^[\x00-\x7f]*$/;
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

const segmenters = new Map<TextLang, Intl.Segmenter>();
function segmenterFor(lang: TextLang): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) segmenters.set(lang, (s = new Intl.Segmenter(lang, { granularity: "word" })));
  return s;
}

/**
 * Whether the runtime's ICU splits a script into words. Node 20's full ICU (74+) has dictionaries
 * for Thai, Lao, Khmer, Burmese and Chinese/Japanese and splits them all (checked on Node 20.20);
 * a runtime built with small-icu or an older ICU may return a whole run as one "word", and then
 * those scripts fall back to character bigrams, which still match shared substrings.
 */
const SPLIT_PROBES: Partial<Record<Script, [TextLang, string]>> = {
  thai: ["th", "รถไฟความเร็วสูง"],
  lao: ["lo", "ທາງລົດໄຟລາວຈີນ"],
  khmer: ["km", "ផ្លូវដែកភ្នំពេញ"],
  myanmar: ["my", "မြန်မာနိုင်ငံရထားလမ်း"],
  han: ["zh", "中老铁路口岸"],
};
export const ICU_SPLITS: Readonly<Record<Script, boolean>> = Object.fromEntries(
  (["thai", "lao", "khmer", "myanmar", "han", "latin", "other"] as const).map((script) => {
    const probe = SPLIT_PROBES[script];
    if (!probe) return [script, true];
    const words = [...segmenterFor(probe[0]).segment(probe[1])].filter((s) => s.isWordLike);
    return [script, words.length > 1];
  }),
) as Record<Script, boolean>;

export type TokenizeOptions = {
  /** The text's language; guessed from its script when not given. */
  lang?: TextLang;
  /** Keep stop words (default: drop them). */
  keepStopWords?: boolean;
};

/** Whether a script writes words without spaces between them, so that only a dictionary finds them. */
const UNSPACED: ReadonlySet<Script> = new Set(["thai", "lao", "khmer", "myanmar", "han"]);

function hasUnspaced(chunk: string): boolean {
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk.charCodeAt(i);
    if (c >= 0x0e00 && UNSPACED.has(scriptOfCode(c))) return true;
  }
  return false;
}

/**
 * A text's words, normalised (see normalizeText), in order, repeats kept: word-like segments of
 * ICU's word break for the language; Latin words folded (foldLatin); stop words dropped; a run of
 * a script the runtime cannot split becomes character bigrams (see ICU_SPLITS).
 *
 * Once punctuation is gone, a space-delimited chunk with no Thai, Lao, Khmer, Burmese or Han in it
 * is one word, as ICU would say; only the other chunks go through `Intl.Segmenter`, which costs
 * about 50 µs a title in V8 and would dominate indexing 100,000 projects.
 */
export function tokenize(text: string, opts: TokenizeOptions = {}): string[] {
  const norm = normalizeText(text);
  if (!norm) return [];
  let lang = opts.lang;
  const out: string[] = [];
  const push = (word: string, script: Script) => {
    if (script === "latin") word = foldLatin(word);
    if (!opts.keepStopWords && STOP_WORDS.has(word)) return;
    if (!ICU_SPLITS[script] && [...word].length > 2) out.push(...charBigrams(word));
    else out.push(word);
  };
  for (const chunk of norm.split(" ")) {
    if (!hasUnspaced(chunk)) {
      push(chunk, scriptOfCode(chunk.codePointAt(0)!));
      continue;
    }
    lang ??= guessLang(norm);
    for (const seg of segmenterFor(lang).segment(chunk)) if (seg.isWordLike) push(seg.segment, scriptOfChar(seg.segment));
  }
  return out;
}
