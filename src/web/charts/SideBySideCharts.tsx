import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { barColour } from "../lib/bar";
import { echarts, FONT_FAMILY } from "./echarts";
import { ChartFigure } from "./ChartFigure";
import type { ChartOption } from "./useChart";

// Only what these charts add to the shared ECharts build; they load with the comparison, lazily.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent]);

export type Series = { name: string; values: number[] };

type Props = {
  /** Category labels on the x axis (mechanisms, periods). */
  categories: string[];
  series: Series[];
  label: string;
  /** File name of the PNG the download button saves. */
  filename: string;
  downloadLabel: string;
  stacked?: boolean;
  colours?: string[];
  /** A line on a second −7…+7 axis (the mean BAR value), null where there is none. */
  line?: { name: string; values: (number | null)[] };
  testId: string;
};

const PALETTE = ["#1d5c96", "#c0504d", "#4f8f3a", "#8064a2", "#d08c1a", "#2c8c99", "#7f7f7f", "#b05a94"];

/**
 * A bar chart with a "Download image (PNG)" button: the picture is the chart as drawn
 * (ECharts getDataURL), on white so it reads in a report. The table beside it is the accessible form.
 */
export function ExportableBarChart({ categories, series, label, filename, downloadLabel, stacked = false, colours = PALETTE, line, testId }: Props) {
  const option = {
    textStyle: { fontFamily: FONT_FAMILY },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: "#222" } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: categories, axisLabel: { color: "#222", interval: 0 } },
    yAxis: line
      ? [
          { type: "value", minInterval: 1, axisLabel: { color: "#222" } },
          { type: "value", min: -7, max: 7, interval: 7, splitLine: { show: false }, axisLabel: { color: "#222" } },
        ]
      : [{ type: "value", axisLabel: { color: "#222" } }],
    series: [
      ...series.map((s, i) => ({ name: s.name, type: "bar", stack: stacked ? "all" : undefined, barMaxWidth: 28, data: s.values, itemStyle: { color: colours[i % colours.length] } })),
      ...(line
        ? [
            {
              name: line.name,
              type: "line",
              yAxisIndex: 1,
              connectNulls: false,
              data: line.values,
              lineStyle: { color: "#333" },
              itemStyle: { color: (p: { value: number | null }) => (p.value === null ? "#333" : barColour(p.value)), borderColor: "#333" },
              symbol: "circle",
              symbolSize: 8,
            },
          ]
        : []),
    ],
  };
  return <ChartFigure option={option as ChartOption} label={label} testId={testId} style={{ height: 260 }} filename={filename} downloadLabel={downloadLabel} />;
}
