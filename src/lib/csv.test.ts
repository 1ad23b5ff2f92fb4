import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { csvCell, csvFilename, csvRow, localizedCell, readCsv, toCsv, UTF8_BOM, type CsvRecord } from "./csv.js";

const read = async (bytes: Buffer | string, opts: Parameters<typeof readCsv>[1] = {}) => {
  const out: CsvRecord[] = [];
  for await (const r of readCsv(Readable.from([typeof bytes === "string" ? Buffer.from(bytes) : bytes]), opts)) out.push(r);
  return out;
};

describe("csvCell", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvCell("Mekong")).toBe("Mekong");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(-12.5)).toBe("-12.5");
    expect(csvCell(10n ** 20n)).toBe("100000000000000000000");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("quotes the delimiter, quotes and line breaks, doubling quotes (RFC 4180)", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r\nlf")).toBe('"cr\r\nlf"');
    expect(csvCell(" padded ")).toBe('" padded "');
    expect(csvCell("a;b", { delimiter: ";" })).toBe('"a;b"');
    expect(csvCell("a,b", { delimiter: ";" })).toBe("a,b");
  });

  it("guards strings a spreadsheet would run as formulas", () => {
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("+1-2")).toBe("'+1-2");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\r=cmd")).toBe(`"'\r=cmd"`);
  });

  it("keeps numbers numbers: a decimal string, even negative, is not guarded", () => {
    expect(csvCell("-1250000.00")).toBe("-1250000.00");
    expect(csvCell("+5")).toBe("+5");
    expect(csvCell("-1e5")).toBe("-1e5");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell("1250000.00")).toBe("1250000.00");
  });
});

describe("csvRow and toCsv", () => {
  it("ends every line with CRLF", () => {
    expect(csvRow(["a", 1, null])).toBe("a,1,\r\n");
    expect(toCsv(["h1", "h2"], [["x", "y,z"]])).toBe('h1,h2\r\nx,"y,z"\r\n');
  });

  it("starts with a BOM only when asked", () => {
    expect(toCsv(["h"], [], { bom: true }).startsWith(UTF8_BOM)).toBe(true);
    expect(toCsv(["h"], []).startsWith(UTF8_BOM)).toBe(false);
    expect(Buffer.from(toCsv(["h"], [], { bom: true }), "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it("round-trips non-Latin text, quotes and line breaks through csv-parse", () => {
    const rows = [
      ["澜湄合作", "ການຮ່ວມມືແມ່ນ້ຳຂອງ-ລ້ານຊ້າງ", "ความร่วมมือแม่โขง-ล้านช้าง"],
      ["Hợp tác Mê Kông – Lan Thương", "កិច្ចសហប្រតិបត្តិការមេគង្គ-ឡានឆាង", "မဲခေါင်-လန်ချန်း ပူးပေါင်းဆောင်ရွက်မှု"],
      ['He said "yes", then left', "line one\nline two", "=not a formula"],
    ];
    const text = toCsv(["a", "b", "c"], rows, { bom: true });
    const back = parse(text, { bom: true }) as string[][];
    expect(back[0]).toEqual(["a", "b", "c"]);
    expect(back.slice(1, 3)).toEqual(rows.slice(0, 2));
    expect(back[3]).toEqual(['He said "yes", then left', "line one\nline two", "'=not a formula"]);
  });
});

describe("localizedCell and csvFilename", () => {
  it("picks the language, falling back to English", () => {
    expect(localizedCell({ en: "Water", th: "น้ำ" }, "th")).toBe("น้ำ");
    expect(localizedCell({ en: "Water", th: "น้ำ" }, "km")).toBe("Water");
    expect(localizedCell(null, "en")).toBe("");
  });

  it("names the file after the list and the UTC day", () => {
    expect(csvFilename("projects", new Date("2026-03-23T23:30:00Z"))).toBe("concord-projects-20260323.csv");
  });
});

describe("readCsv", () => {
  it("gives each record the line it starts on, across quoted line breaks and blank lines", async () => {
    const out = await read('code,name\r\nA,"two\nlines"\r\n\r\nB,plain\r\n');
    expect(out).toEqual([
      { line: 1, fields: ["code", "name"] },
      { line: 2, fields: ["A", "two\nlines"] },
      { line: 5, fields: ["B", "plain"] },
    ]);
  });

  it("counts a CRLF inside a quoted field once, in CRLF, LF and CR files", async () => {
    // csv-parse's own line count takes a CRLF inside quotes for two lines.
    for (const eol of ["\r\n", "\n", "\r"]) {
      const text = ['id,title', '1,"first\r\nsecond\r\nthird"', "2,plain", "", '3,"x\r\ny"', "4,last"].join(eol) + eol;
      const out = await read(text);
      expect(out.map((r) => r.line), JSON.stringify(eol)).toEqual([1, 2, 5, 7, 9]);
      expect(out[1]).toEqual({ line: 2, fields: ["1", "first\r\nsecond\r\nthird"] });
    }
  });

  it("names the line of a malformed record after a CRLF inside quotes, and stops there when told", async () => {
    const text = 'a,b\r\n1,"two\r\nlines"\r\nx"q,3\r\n4,5\r\n';
    expect(await read(text)).toMatchObject([{ line: 1 }, { line: 2 }, { line: 4, error: expect.any(String) }, { line: 5, fields: ["4", "5"] }]);
    expect(await read(text, { onError: "stop" })).toMatchObject([{ line: 1 }, { line: 2 }, { line: 4, error: expect.any(String) }]);
    await expect(read(text, { onError: "throw" })).rejects.toThrow(/Invalid Opening Quote/);
  });

  it("drops a UTF-8 BOM and reads Thai, Lao, Khmer and Burmese", async () => {
    const names = ["ກົມ", "กรม", "ក្រសួង", "ဝန်ကြီးဌာန"];
    const out = await read(`${UTF8_BOM}name\n${names.join("\n")}\n`);
    expect(out.map((r) => ("fields" in r ? r.fields[0] : r.error))).toEqual(["name", ...names]);
  });

  it("decodes other encodings: Latin-1, Thai TIS-620", async () => {
    expect(await read(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), { encoding: "latin1" })).toEqual([{ line: 1, fields: ["café"] }]);
    expect(await read(iconv.encode("ชื่อ;น้ำ\n", "tis-620"), { encoding: "tis-620", delimiter: ";" })).toEqual([{ line: 1, fields: ["ชื่อ", "น้ำ"] }]);
  });

  it("reports a malformed record with its line and reads on", async () => {
    const out = await read('a,b\n1,2\nx"q,3\n4,5\n"open,6\n7,8\n');
    expect(out.filter((r) => "fields" in r).map((r) => r.line)).toEqual([1, 2, 4]);
    const errors = out.filter((r): r is { line: number; error: string } => "error" in r);
    expect(errors.map((e) => e.line)).toEqual([3, 5]);
  });

  it("passes rows of any width to the caller, and counts bytes", async () => {
    let bytes = 0;
    const out = await read("a,b\n1\n1,2,3\n", { onBytes: (b) => (bytes = b) });
    expect(out.map((r) => ("fields" in r ? r.fields.length : -1))).toEqual([2, 1, 3]);
    expect(bytes).toBe(12);
  });
});
