import { describe, expect, it } from "vitest";
import type { AnnualReportData } from "./data.js";
import { barChart, renderAnnualReport } from "./render.js";

const data: AnnualReportData = {
  mechanism: { code: "LMC", name: { en: "Lancang-Mekong Cooperation", th: "ความร่วมมือแม่โขง-ล้านช้าง" } },
  year: 2026,
  asOf: "2026-11-22",
  calls: [{ code: "LMC-SF-2026", title: { en: "Special Fund 2026" }, opensAt: "2026-11-01T00:00:00Z", closesAt: "2026-12-31T23:59:59Z" }],
  applications: { received: 12, approved: 3, rejected: 1, returned: 2 },
  projects: {
    total: 4,
    byPillar: [{ key: "economic-sustainable", label: { en: "Economic and sustainable development", th: "เศรษฐกิจและการพัฒนาที่ยั่งยืน" }, count: 3 }],
    byArea: [{ key: "-", label: null, count: 4 }],
    byCountry: [{ key: "LA", label: { en: "Laos", th: "ลาว" }, count: 2 }],
    byStatus: [{ key: "suspended", label: null, count: 1 }],
  },
  money: [{ currency: "USD", committed: "1234567.00", disbursed: "1000.00" }],
  suspensions: [{ projectCode: "YN-LN-COLD", seq: 2, reason: "change_of_government", countryCode: "LA", at: "2026-06-01T00:00:00Z" }],
  terminations: [{ projectCode: "YN-OLD", at: "2026-09-01T00:00:00Z", reason: "Partner withdrew", currency: "USD", sunkCost: "120000.00" }],
  lateReports: [{ projectCode: "P<1>", seq: 1, periodStart: "2026-01-01", periodEnd: "2026-03-31", daysLate: 206 }],
};

describe("annual report rendering", () => {
  it("writes every heading, label and figure in the chosen language", () => {
    const html = renderAnnualReport(data, "th");
    expect(html).toContain('<html lang="th">');
    expect(html).toContain("ความร่วมมือแม่โขง-ล้านช้าง: รายงานความก้าวหน้าประจำปี 2026");
    expect(html).toContain("เศรษฐกิจและการพัฒนาที่ยั่งยืน");
    expect(html).toContain("ไม่ระบุสาขาสำคัญ"); // a project without a priority area
    expect(html).toContain("การเปลี่ยนรัฐบาล"); // the suspension's reason
    expect(html).toContain("ระงับ"); // the status
    expect(html).toContain("75%"); // 3 approved of 4 decided
    expect(html).not.toMatch(/report\.\w+/); // no raw message key
  });

  it("formats money and numbers for the language, and escapes what users typed", () => {
    expect(renderAnnualReport(data, "en")).toContain("$1,234,567");
    expect(renderAnnualReport(data, "vi")).toMatch(/1\.234\.567/);
    expect(renderAnnualReport(data, "en")).toContain("P&lt;1&gt;");
    expect(renderAnnualReport(data, "en")).toMatch(/YN-OLD<\/td><td>[^<]+<\/td><td>Partner withdrew<\/td><td>\$120,000/);
  });

  it("draws bars proportional to the values", () => {
    const svg = barChart([{ label: "a", value: 10 }, { label: "<b>", value: 5 }], { locale: "en", width: 560 });
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([240, 120]);
    expect(svg).toContain("&lt;b&gt;");
    expect(barChart([], { locale: "en" })).toBe("");
  });
});
