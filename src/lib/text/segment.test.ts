import { describe, expect, it } from "vitest";
import { charBigrams, detectScript, foldLatin, guessLang, ICU_SPLITS, normalizeText, scriptOfChar, tokenize } from "./segment.js";

// The Mohan–Boten hub and the MRC secretariat, as src/db/seed/reference/{projects,actors}.ts name them.
const HUB = {
  en: "Mohan–Boten cross-border logistics hub",
  zh: "磨憨—磨丁跨境物流枢纽",
  lo: "ສູນກາງຂົນສົ່ງຂ້າມແດນ ບໍ່ຫານ-ບໍ່ເຕັນ",
  th: "ศูนย์กลางโลจิสติกส์ข้ามแดนโม่ฮาน-บ่อเต็น",
  vi: "Trung tâm logistics xuyên biên giới Ma Hán - Boten",
  km: "មជ្ឈមណ្ឌលដឹកជញ្ជូនឆ្លងដែន ម៉ូហាន-បូតេន",
  my: "မိုဟန်-ဘိုတန် နယ်ကျော် ထောက်ပံ့ပို့ဆောင်ရေး ဗဟိုချက်",
} as const;
const MRC = {
  en: "Mekong River Commission Secretariat",
  zh: "湄公河委员会秘书处",
  lo: "ກອງເລຂາຄະນະກຳມາທິການແມ່ນ້ຳຂອງ",
  th: "สำนักงานเลขาธิการคณะกรรมาธิการแม่น้ำโขง",
  vi: "Ban Thư ký Ủy hội sông Mê Công",
  km: "លេខាធិការដ្ឋានគណៈកម្មការទន្លេមេគង្គ",
  my: "မဲခေါင်မြစ်ကော်မရှင် အတွင်းရေးမှူးရုံး",
} as const;

describe("normalizeText", () => {
  it("folds width, case and punctuation", () => {
    expect(normalizeText("ＬＭＣ　Ｆｕｎｄ：Ｐｈａｓｅ　２ (Upland—rice!)")).toBe("lmc fund phase 2 upland rice");
    expect(normalizeText("  ")).toBe("");
  });
  it("keeps Thai and Lao SARA AM whole after NFKC", () => {
    expect(normalizeText("แม่น้ำ")).toBe("แม่น้ำ");
    expect(normalizeText("ນ້ຳ")).toBe("ນ້ຳ");
  });
});

describe("scripts and languages", () => {
  it("detects each script and guesses the language", () => {
    expect(Object.fromEntries(Object.entries(HUB).map(([k, v]) => [k, guessLang(v)]))).toEqual({ en: "en", zh: "zh", lo: "lo", th: "th", vi: "vi", km: "km", my: "my" });
    expect(detectScript(MRC.km)).toBe("khmer");
    expect(detectScript(MRC.my)).toBe("myanmar");
    expect(detectScript("123 — !")).toBe("other");
    expect(guessLang("123")).toBe("en");
    expect(scriptOfChar("ệ")).toBe("latin");
  });
  it("Node's ICU splits every script Concord writes", () => {
    expect(ICU_SPLITS).toMatchObject({ thai: true, lao: true, khmer: true, myanmar: true, han: true });
  });
});

describe("tokenize", () => {
  it("splits the Mohan–Boten hub in all seven languages", () => {
    expect(tokenize(HUB.en)).toEqual(["mohan", "boten", "cross", "border", "logistics", "hub"]);
    expect(tokenize(HUB.zh)).toEqual(expect.arrayContaining(["物流", "枢纽"]));
    expect(tokenize(HUB.lo)).toEqual(expect.arrayContaining(["ສູນກາງ", "ຂົນສົ່ງ", "ຂ້າມ", "ແດນ"]));
    expect(tokenize(HUB.th)).toEqual(expect.arrayContaining(["ศูนย์", "กลาง", "ข้าม", "แดน"]));
    expect(tokenize(HUB.vi)).toEqual(["trung", "tam", "logistics", "xuyen", "bien", "gioi", "ma", "han", "boten"]);
    expect(tokenize(HUB.km)).toEqual(expect.arrayContaining(["មជ្ឈមណ្ឌល", "ដឹកជញ្ជូន", "ឆ្លងដែន"]));
    expect(tokenize(HUB.my)).toEqual(expect.arrayContaining(["နယ်", "ကျော်", "ထောက်ပံ့", "ပို့ဆောင်"]));
  });
  it("splits the MRC secretariat in all seven languages", () => {
    expect(tokenize(MRC.en)).toEqual(["mekong", "river", "commission", "secretariat"]);
    expect(tokenize(MRC.zh)).toEqual(expect.arrayContaining(["湄公河", "秘书"]));
    expect(tokenize(MRC.lo)).toEqual(expect.arrayContaining(["ຄະນະ", "ແມ່", "ນ້ຳ"]));
    expect(tokenize(MRC.th)).toEqual(["สำนักงาน", "เลขาธิการ", "คณะ", "กรรมาธิการ", "แม่น้ำ", "โขง"]);
    expect(tokenize(MRC.vi)).toEqual(["ban", "thu", "ky", "uy", "hoi", "song", "me", "cong"]);
    expect(tokenize(MRC.km)).toEqual(expect.arrayContaining(["លេខាធិការ", "គណៈកម្មការ"]));
    expect(tokenize(MRC.my)).toEqual(expect.arrayContaining(["မြစ်", "ကော်မရှင်"]));
    for (const text of Object.values(MRC)) for (const t of tokenize(text)) expect(t).toBe(t.trim());
  });
  it("drops stop words unless told, and splits mixed scripts", () => {
    expect(tokenize("The upgrade of the Vientiane–Boten road")).toEqual(["upgrade", "vientiane", "boten", "road"]);
    expect(tokenize("The road", { keepStopWords: true })).toEqual(["the", "road"]);
    expect(tokenize("LMC专项基金项目")).toEqual(expect.arrayContaining(["lmc", "基金", "项目"]));
    expect(tokenize("")).toEqual([]);
    expect(tokenize("— !")).toEqual([]);
  });
});

describe("helpers", () => {
  it("foldLatin strips diacritics and đ", () => {
    expect(foldLatin("đường")).toBe("duong");
    expect(foldLatin("road")).toBe("road");
  });
  it("charBigrams pairs grapheme clusters", () => {
    expect(charBigrams("abc")).toEqual(["ab", "bc"]);
    expect(charBigrams("a")).toEqual(["a"]);
    expect(charBigrams("ນ້ຳທາ")).toEqual(["ນ້ຳທ", "ທາ"]);
  });
});
