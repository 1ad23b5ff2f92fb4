import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/support/app.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
});
afterAll(() => h?.close());

const report = (query: string, as?: string) => h.call("GET", `/api/v1/mechanisms/LMC/annual-report${query}`, { as });

describe("annual progress report", () => {
  it("is an HTML page in the requested language with the year's figures", async () => {
    const suspend = await h.call("POST", "/api/v1/projects/SAMPLE-MBZ-LOGISTICS/phases/2/transitions", { as: "secretariat", body: { action: "suspend", reason: "change_of_government", country: "LA" } });
    expect(suspend.status).toBe(200);
    const res = await report("?year=2026&lang=th", "secretariat");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("ความร่วมมือแม่โขง-ล้านช้าง: รายงานความก้าวหน้าประจำปี 2026");
    // The suspension made this year, with its reason in Thai.
    expect(html).toMatch(/SAMPLE-MBZ-LOGISTICS<\/td><td>2<\/td><td>การเปลี่ยนรัฐบาล<\/td><td>LA/);
    // A year before any of the sample projects ran reports nothing for them.
    expect(await (await report("?year=2015&lang=en")).text()).toContain("Projects running during the year: 0");
  });

  it("prints to PDF in English and in Thai", async () => {
    for (const lang of ["en", "th"]) {
      const res = await report(`?year=2026&format=pdf&lang=${lang}`, "secretariat");
      expect(res.status, lang).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      expect(bytes.length).toBeGreaterThan(10_000);
    }
  }, 120_000);

  it("refuses a year out of range and an unknown mechanism", async () => {
    expect((await report("?year=1999")).status).toBe(400);
    expect((await report("?year=2026&format=docx")).status).toBe(400);
    expect((await h.call("GET", "/api/v1/mechanisms/NOPE/annual-report?year=2026")).status).toBe(404);
  });
});
