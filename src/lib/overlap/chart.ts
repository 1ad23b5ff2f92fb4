import type { Matrix } from "./sets.js";

/**
 * The heat map of one overlap matrix as an ECharts option, built in one place for the web page
 * (canvas, downloadable as PNG) and the CLI (server-side SVG), so both draw the same picture.
 * Pure: no ECharts import, only the plain option object; the caller registers the heatmap
 * series, grid, visual map and title components and the renderer.
 */

export type HeatmapLabels = {
  /** Shown above the chart (e.g. "Membership overlap (Jaccard)"); none when left out. */
  title?: string;
  /** Font stack for Lao, Thai, Khmer, Burmese and Chinese labels. */
  fontFamily?: string;
  /** A cell's text; two decimals unless told (the web page passes its locale's number format). */
  format?: (value: number) => string;
  /** Server-side rendering draws once: no animation to wait for. */
  animation?: boolean;
};

/** Light to dark blue over [0, 1]; the dark half gets white cell text. */
const COLOURS = ["#f3f7fb", "#9ec3e6", "#1d5c96"];
const DARK_FROM = 0.6;

export const formatShare = (v: number) => v.toFixed(2);

/** Width and height in pixels that fit a matrix of this many mechanisms, labels included. */
export function heatmapSize(count: number, hasTitle = false): { width: number; height: number } {
  const side = Math.max(3, count) * 64;
  return { width: side + 140, height: side + 110 + (hasTitle ? 32 : 0) };
}

/** One cell per pair, rows top to bottom in the matrix's order, the value written in the cell. */
export function overlapHeatmapOption(matrix: Matrix, labels: HeatmapLabels = {}) {
  const format = labels.format ?? formatShare;
  const data = matrix.cells.flatMap((row, i) => row.map((v, j) => ({ value: [j, i, v] as [number, number, number], label: { color: v >= DARK_FROM ? "#fff" : "#111" } })));
  return {
    animation: labels.animation ?? true,
    textStyle: labels.fontFamily ? { fontFamily: labels.fontFamily } : {},
    ...(labels.title ? { title: { text: labels.title, left: "center", top: 4, textStyle: { fontSize: 14, color: "#222" } } } : {}),
    tooltip: { position: "top" as const },
    grid: { left: 8, right: 8, top: labels.title ? 40 : 8, bottom: 64, outerBoundsMode: "same" as const, outerBoundsContain: "axisLabel" as const },
    xAxis: { type: "category" as const, data: matrix.codes, position: "top" as const, splitArea: { show: true }, axisLabel: { color: "#222" } },
    yAxis: { type: "category" as const, data: matrix.codes, inverse: true, splitArea: { show: true }, axisLabel: { color: "#222" } },
    visualMap: { min: 0, max: 1, text: [format(1), format(0)], calculable: false, orient: "horizontal" as const, left: "center", bottom: 8, precision: 2, inRange: { color: COLOURS }, textStyle: { color: "#222" } },
    series: [
      {
        type: "heatmap" as const,
        data,
        label: { show: true, formatter: (p: { value: unknown }) => format((p.value as number[])[2] ?? 0) },
        itemStyle: { borderColor: "#fff", borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: "#222", borderWidth: 1 } },
      },
    ],
  };
}
