import { describe, expect, it } from "vitest";
import { BAR_VALUES, barColour, barLevelKey, barText, barTone, contrast, formatBar } from "./bar";

describe("BAR scale colours", () => {
  it("runs from red (conflict) through grey (neutral) to blue (cooperation)", () => {
    const rgb = (v: number) => [1, 3, 5].map((i) => parseInt(barColour(v).slice(i, i + 2), 16)) as [number, number, number];
    for (const v of [-7, -4, -1]) expect(rgb(v)[0]).toBeGreaterThan(rgb(v)[2]);
    for (const v of [1, 4, 7]) expect(rgb(v)[2]).toBeGreaterThan(rgb(v)[0]);
    const [r, g, b] = rgb(0);
    expect(r).toBe(g);
    expect(g).toBe(b);
    expect(new Set(BAR_VALUES.map(barColour)).size).toBe(15);
  });

  it("writes every value's label in a colour that meets WCAG AA contrast on its swatch", () => {
    for (const v of BAR_VALUES) expect(contrast(barColour(v), barText(v)), String(v)).toBeGreaterThanOrEqual(4.5);
  });

  it("formats values with their sign and names their meaning", () => {
    expect(BAR_VALUES.map(formatBar)).toEqual(["−7", "−6", "−5", "−4", "−3", "−2", "−1", "0", "+1", "+2", "+3", "+4", "+5", "+6", "+7"]);
    expect([barLevelKey(-7), barLevelKey(0), barLevelKey(3), barLevelKey(12)]).toEqual(["bar.level.m7", "bar.level.0", "bar.level.p3", "bar.level.p7"]);
    expect([barTone(-2), barTone(0), barTone(5)]).toEqual(["conflict", "neutral", "cooperation"]);
  });
});
