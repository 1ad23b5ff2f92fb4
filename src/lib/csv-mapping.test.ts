import { describe, expect, it } from "vitest";
import { checkMapping, compileMapping, CsvMappingError, localizedFrom, mapValue, parseAmount, parseDate, ZActorMapping, ZProjectMapping } from "./csv-mapping.js";

describe("parseDate", () => {
  it.each([
    ["2026-03-23", "YYYY-MM-DD", "2026-03-23"],
    ["2000-11-23T00:00:00", "YYYY-MM-DD", "2000-11-23"],
    ["23/03/2026", "DD/MM/YYYY", "2026-03-23"],
    ["3/23/2026", "MM/DD/YYYY", "2026-03-23"],
    ["23.3.2026", "DD.MM.YYYY", "2026-03-23"],
    ["20260323", "YYYYMMDD", "2026-03-23"],
    ["2026/03/23 14:05", "YYYY/MM/DD", "2026-03-23"],
  ] as const)("%s as %s", (value, format, iso) => {
    expect(parseDate(value, format)).toBe(iso);
  });

  it("refuses what is not a calendar date in that format", () => {
    expect(parseDate("2026-02-30", "YYYY-MM-DD")).toBeNull();
    expect(parseDate("13/13/2026", "DD/MM/YYYY")).toBeNull();
    expect(parseDate("23/03/2026", "MM/DD/YYYY")).toBeNull();
    expect(parseDate("2026", "YYYY-MM-DD")).toBeNull();
    expect(parseDate("soon", "YYYY-MM-DD")).toBeNull();
  });
});

describe("parseAmount", () => {
  it("rounds exactly to cents, without floats", () => {
    expect(parseAmount("23968990.8976866", ".")).toBe("23968990.90");
    expect(parseAmount("1,250,000", ".")).toBe("1250000.00");
    expect(parseAmount("1.250.000,505", ",")).toBe("1250000.51");
    expect(parseAmount("12 500", ".")).toBe("12500.00");
    expect(parseAmount("0.004", ".")).toBe("0.00");
    expect(parseAmount("999999999999999999.99", ".")).toBe("999999999999999999.99");
  });

  it("refuses negatives, words and amounts too large to store", () => {
    expect(parseAmount("-5", ".")).toBeNull();
    expect(parseAmount("five", ".")).toBeNull();
    expect(parseAmount("1e6", ".")).toBeNull();
    expect(parseAmount("9999999999999999999", ".")).toBeNull();
  });
});

describe("mapValue", () => {
  const map = { Govt: "government", University: "university", "*": "ngo" };
  it("maps exactly, then ignoring case, then with the catch-all", () => {
    expect(mapValue("Govt", map)).toBe("government");
    expect(mapValue("UNIVERSITY", map)).toBe("university");
    expect(mapValue("Foundation", map)).toBe("ngo");
    expect(mapValue("Foundation", { Govt: "government" })).toBe("Foundation");
    expect(mapValue("x", undefined)).toBe("x");
  });
});

describe("mapping schema", () => {
  it("fills the defaults", () => {
    const m = ZActorMapping.parse({ columns: { type: "Type", "name.en": "Name" } });
    expect(m).toMatchObject({ delimiter: ",", encoding: "utf8", dateFormat: "YYYY-MM-DD", decimalSeparator: ".", createMissingActors: true, constants: {} });
  });

  it("names unknown fields, bad options and unknown encodings", () => {
    const bad = ZProjectMapping.safeParse({ columns: { "titel.en": "Title" }, delimiter: ":", encoding: "klingon", dateFormat: "D/M/Y" });
    expect(bad.success).toBe(false);
    const issues = bad.error!.issues.map((i) => `${i.path.join(".")}:${i.code}`);
    expect(issues).toEqual(expect.arrayContaining(["columns:unrecognized_keys", "delimiter:invalid_value", "encoding:custom", "dateFormat:invalid_value"]));
    expect(bad.error!.issues.find((i) => i.path[0] === "encoding")!.message).toBe("csv_encoding");
    expect(ZProjectMapping.safeParse({ columns: { status: { column: "S", mapp: {} } } }).success).toBe(false);
    expect(ZProjectMapping.safeParse({ colums: {} }).success).toBe(false);
  });

  it("requires the fields a record cannot do without, once each, for the right kind", () => {
    const rule = (kind: "actors" | "projects", m: unknown) => {
      try {
        checkMapping(kind, (kind === "actors" ? ZActorMapping : ZProjectMapping).parse(m));
        return null;
      } catch (e) {
        return e instanceof CsvMappingError ? `${e.rule}@${e.path}` : String(e);
      }
    };
    expect(rule("projects", { columns: { code: "Code", "title.en": "Title" } })).toBe("csv_mapping_required@mapping.columns.lead");
    expect(rule("projects", { columns: { code: "Code", "title.en": "Title" }, constants: { lead: "vn" } })).toBeNull();
    expect(rule("projects", { columns: { code: "Code", "title.en": "Title", lead: "Lead" }, constants: { lead: "vn" } })).toBe("csv_mapping_twice@mapping.constants.lead");
    expect(rule("actors", { kind: "projects", columns: { type: "T", "name.en": "N" } })).toBe("csv_mapping_kind@mapping.kind");
    expect(rule("actors", { columns: { "name.en": "N" } })).toBe("csv_mapping_required@mapping.columns.type");
  });
});

describe("compileMapping", () => {
  const mapping = ZProjectMapping.parse({
    dateFormat: "DD/MM/YYYY",
    columns: {
      code: "Code",
      "title.en": "Title",
      "title.th": "ชื่อโครงการ",
      status: { column: "State", map: { Ongoing: "active", Done: "completed" }, default: "approved" },
      startDate: "Start",
      endDate: { column: "End", dateFormat: "YYYY-MM-DD" },
      budget: "Budget",
      lead: "Lead",
      partners: { column: "Partners", split: "|" },
      countries: "Countries",
    },
    constants: { currency: "USD", funders: ["cn", "lmc-secretariat"] },
  });
  const header = ["Code", "Title", "ชื่อโครงการ", "State", "Start", "End", "Budget", "Lead", "Partners", "Countries", "Notes"];
  const reader = compileMapping("projects", mapping, header, "p.csv");

  it("reads a row into fields: maps, defaults, splits, dates, amounts and constants", () => {
    const { values, problems } = reader.read(["P-1", "Water", "น้ำ", "Ongoing", "23/03/2026", "2027-01-31", "1,000.5", "vn", "la | th", "VN; LA:40", "x"]);
    expect(problems).toEqual([]);
    expect(values).toMatchObject({
      code: "P-1",
      "title.en": "Water",
      "title.th": "น้ำ",
      status: "active",
      startDate: "2026-03-23",
      endDate: "2027-01-31",
      budget: "1000.50",
      lead: ["vn"],
      partners: ["la", "th"],
      countries: ["VN", "LA:40"],
      currency: "USD",
      funders: ["cn", "lmc-secretariat"],
    });
    expect(localizedFrom(values, "title")).toEqual({ en: "Water", th: "น้ำ" });
    expect(reader.read(["P-2", "T", "", "", "", "", "", "vn", "", "", ""]).values.status).toBe("approved");
    expect(reader.width).toBe(11);
    expect(reader.unmapped).toEqual([{ index: 10, name: "Notes" }]);
  });

  it("says which value of a row is wrong", () => {
    const { problems } = reader.read(["P-3", "T", "", "", "2026-03-23", "", "lots", "vn", "", "", ""]);
    expect(problems).toEqual([
      { reason: "csv_bad_date", params: { field: "startDate", value: "2026-03-23", format: "DD/MM/YYYY" } },
      { reason: "csv_bad_amount", params: { field: "budget", value: "lots" } },
    ]);
  });

  it("refuses a mapping naming a column the file lacks", () => {
    expect(() => compileMapping("projects", mapping, header.filter((h) => h !== "Lead"), "p.csv")).toThrow(CsvMappingError);
    try {
      compileMapping("projects", mapping, header.filter((h) => h !== "Lead"), "p.csv");
    } catch (e) {
      expect(e).toMatchObject({ rule: "csv_missing_column", path: "mapping.columns.lead", params: { field: "lead", column: "Lead", file: "p.csv" } });
    }
  });
});
