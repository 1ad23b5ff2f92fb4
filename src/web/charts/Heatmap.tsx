import { HeatmapChart } from "echarts/charts";
import { GridComponent, TitleComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { heatmapSize, overlapHeatmapOption } from "../../lib/overlap/chart";
import type { Matrix } from "../../lib/overlap/sets";
import { echarts, FONT_FAMILY } from "./echarts";
import { ChartFigure } from "./ChartFigure";
import type { ChartOption } from "./useChart";

echarts.use([HeatmapChart, GridComponent, TitleComponent, TooltipComponent, VisualMapComponent]);

/**
 * The heat map of an overlap matrix, the same picture the CLI draws as SVG, with a button that
 * saves it as PNG. The table beside it carries the figures for assistive technology; the chart is
 * a picture of them, so it is an image with a label.
 */
export function OverlapHeatmap({ matrix, title, label, format, filename, buttonText }: { matrix: Matrix; title: string; label: string; format: (v: number) => string; filename: string; buttonText: string }) {
  const option = overlapHeatmapOption(matrix, { title, fontFamily: FONT_FAMILY, format });
  const { height } = heatmapSize(matrix.codes.length, true);
  return (
    <div className="heatmap">
      <ChartFigure option={option as ChartOption} label={label} testId="overlap-chart" buttonTestId="download-png" style={{ height, maxWidth: heatmapSize(matrix.codes.length, true).width + 160 }} filename={filename} downloadLabel={buttonText} />
    </div>
  );
}
