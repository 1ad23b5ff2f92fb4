import { describe, expect, it } from "vitest";
import { heatmapSize, overlapHeatmapOption } from "./chart.js";
import { overlapHeatmapSvg } from "./svg.js";

const m = { codes: ["LMC", "LMI", "MRC"], cells: [[1, 5 / 7, 4 / 6], [5 / 7, 1, 4 / 6], [4 / 6, 4 / 6, 1]] };

describe("overlap heat map", () => {
  it("puts every cell at its column and row with its value", () => {
    const o = overlapHeatmapOption(m);
    expect(o.xAxis.data).toEqual(m.codes);
    expect(o.yAxis.inverse).toBe(true);
    const data = o.series[0]!.data;
    expect(data).toHaveLength(9);
    expect(data[1]!.value).toEqual([1, 0, 5 / 7]);
    expect(o.series[0]!.label.formatter({ value: data[1]!.value })).toBe("0.71");
    expect(overlapHeatmapOption(m, { format: (v) => `${Math.round(v * 100)}%` }).series[0]!.label.formatter({ value: [0, 0, 0.5] })).toBe("50%");
  });

  it("renders a standalone SVG with the codes and values, sized to the matrix", () => {
    const svg = overlapHeatmapSvg(m, { title: "Membership overlap" });
    expect(svg.startsWith("<svg")).toBe(true);
    for (const code of m.codes) expect(svg).toContain(code);
    expect(svg).toContain("0.71");
    expect(svg).toContain("Membership overlap");
    expect(svg).toContain(`width="${heatmapSize(3, true).width}"`);
  });
});
