import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { echarts, FONT_FAMILY } from "./echarts";
import { useChart } from "./useChart";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent]);

export type RateSeries = { name: string; points: { year: number; rate: number | null }[] };

/**
 * Fulfilment rate per year, one line per actor (0–100 %). The table beside it carries the same
 * figures for assistive technology; the chart is a picture of them.
 */
export function RateLines({ series, label }: { series: RateSeries[]; label: string }) {
  const years = [...new Set(series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
  const option = {
    textStyle: { fontFamily: FONT_FAMILY },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis" as const, valueFormatter: (v: unknown) => (typeof v === "number" ? `${v}%` : "–") },
    legend: { top: 0, type: "scroll" as const },
    xAxis: { type: "category" as const, data: years.map(String) },
    yAxis: { type: "value" as const, min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: series.map((s) => ({
      type: "line" as const,
      name: s.name,
      connectNulls: true,
      data: years.map((y) => {
        const r = s.points.find((p) => p.year === y)?.rate;
        return r == null ? null : Math.round(r * 100);
      }),
    })),
  };
  const { ref } = useChart(option);
  return <div ref={ref} className="chart" role="img" aria-label={label} data-testid="rate-chart" style={{ height: 220 }} />;
}
