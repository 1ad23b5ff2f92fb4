import { describe, expect, it } from "vitest";
import { fieldOf, validate, type Values } from "./project-form";

const good: Values = {
  code: "",
  mechanism: "LMC",
  pillar: "",
  priorityArea: "",
  titleEn: "Cross-border clinic exchange",
  titleLocal: "",
  descriptionEn: "",
  sector: "",
  visibility: "internal",
  startDate: "2027-01-01",
  endDate: "2028-01-01",
  budget: "1250000.50",
  currency: "USD",
  lead: "cn-yunnan",
  partners: ["la"],
};

describe("project form rules", () => {
  it("accepts a complete proposal", () => {
    expect(validate(good)).toEqual({});
  });

  it.each([
    [{ titleEn: "  " }, "titleEn", "form.errors.required"],
    [{ mechanism: "" }, "mechanism", "form.errors.required"],
    [{ code: "-bad" }, "code", "form.errors.code"],
    [{ budget: "12,5" }, "budget", "form.errors.money"],
    [{ budget: "1.234" }, "budget", "form.errors.money"],
    [{ currency: "usd" }, "currency", "form.errors.currency"],
    [{ endDate: "2026-12-31" }, "endDate", "form.errors.endBeforeStart"],
    [{ lead: "" }, "lead", "form.errors.required"],
    [{ partners: ["cn-yunnan"] }, "partners.0", "form.errors.partnerIsLead"],
    [{ sector: "x".repeat(21) }, "sector", "form.errors.tooLong"],
  ] as const)("%o is refused at %s", (patch, field, key) => {
    expect(validate({ ...good, ...patch } as Values)).toMatchObject({ [field]: key });
  });

  it("puts a server error next to the field its path names", () => {
    expect(fieldOf("title.en", "too_small")).toBe("titleEn");
    expect(fieldOf("title.lo", "too_big")).toBe("titleLocal");
    expect(fieldOf("parties", "exactly_one_lead")).toBe("lead");
    expect(fieldOf("parties.0.actor", "unknown_actor")).toBe("lead");
    expect(fieldOf("parties.2.actor", "unknown_actor")).toBe("partners.1");
    expect(fieldOf("endDate", "end_before_start")).toBe("endDate");
    expect(fieldOf(undefined, "unknown_pillar")).toBe("pillar");
    expect(fieldOf("somethingElse", "x")).toBe("form");
  });
});
