import { HeatmapChart } from "echarts/charts";
import { GridComponent, TitleComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { heatmapSize, overlapHeatmapOption, type HeatmapLabels } from "./chart.js";
import type { Matrix } from "./sets.js";

echarts.use([HeatmapChart, GridComponent, TitleComponent, VisualMapComponent, SVGRenderer]);

/** The heat map of a matrix as a standalone SVG document, drawn without a browser (ECharts SSR). */
export function overlapHeatmapSvg(matrix: Matrix, labels: HeatmapLabels = {}): string {
  const size = heatmapSize(matrix.codes.length, !!labels.title);
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, ...size });
  try {
    const { tooltip: _tooltip, ...option } = overlapHeatmapOption(matrix, { ...labels, animation: false });
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
