// Only the ECharts parts the dashboard uses, so the lazy chunk stays small.
import { BarChart, MapChart } from "echarts/charts";
import { GridComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, MapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };

/** The same fonts as the page, so Lao, Thai, Khmer, Burmese and Chinese labels render in the canvas. */
export const FONT_FAMILY =
  '"Noto Sans", "Noto Sans Lao", "Noto Sans Lao UI", "Noto Sans Thai", "Noto Sans Khmer", "Noto Sans Myanmar", "Noto Sans CJK SC", system-ui, sans-serif';
