import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { barColour } from "../lib/bar";
import { echarts, FONT_FAMILY } from "./echarts";
import { useChart, type ChartOption } from "./useChart";

// Only what this chart adds to the shared ECharts build; it loads with the chart, lazily.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent]);

export type IntensityYear = { year: number; events: number; conflict: number; neutral: number; cooperation: number; mean: number | null };

type Labels = { title: string; conflict: string; neutral: string; cooperation: string; mean: string; year: (y: number) => string; number: (n: number) => string };

/**
 * Water events per year as bars, hostile ones below the axis and cooperative ones above, with the
 * year's mean BAR value as a line on the −7…+7 scale. Years without events are kept, so the
 * time axis is true to scale.
 */
export function BarIntensityChart({ data, labels }: { data: IntensityYear[]; labels: Labels }) {
  const first = data[0]?.year ?? 0;
  const last = data.at(-1)?.year ?? 0;
  const byYear = new Map(data.map((d) => [d.year, d]));
  const years = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
  const row = (y: number) => byYear.get(y) ?? { year: y, events: 0, conflict: 0, neutral: 0, cooperation: 0, mean: null };
  // The count axis is symmetric, so its zero lines up with the BAR axis's neutral 0.
  const top = Math.max(1, ...data.map((d) => Math.max(d.conflict, d.neutral + d.cooperation)));
  const peak = top <= 5 ? top : Math.ceil(top / (top <= 50 ? 5 : 10)) * (top <= 50 ? 5 : 10);
  const option = {
    textStyle: { fontFamily: FONT_FAMILY },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: "#222" } },
    tooltip: {
      trigger: "axis",
      formatter: (ps: unknown) => {
        const y = (ps as { axisValue: string }[])[0]?.axisValue;
        const d = row(Number(y));
        const mean = d.mean === null ? "—" : d.mean.toFixed(2);
        return `${labels.year(d.year)}<br>${labels.conflict}: ${labels.number(d.conflict)}<br>${labels.neutral}: ${labels.number(d.neutral)}<br>${labels.cooperation}: ${labels.number(d.cooperation)}<br>${labels.mean}: ${mean}`;
      },
    },
    xAxis: { type: "category", data: years.map(String), axisLabel: { color: "#222", formatter: (v: string) => labels.year(Number(v)) } },
    yAxis: [
      { type: "value", min: -peak, max: peak, minInterval: 1, axisLabel: { color: "#222", formatter: (v: number) => labels.number(Math.abs(v)) } },
      { type: "value", min: -7, max: 7, interval: 7, splitLine: { show: false }, axisLabel: { color: "#222" } },
    ],
    series: [
      { name: labels.conflict, type: "bar", stack: "events", barMaxWidth: 28, data: years.map((y) => -row(y).conflict), itemStyle: { color: barColour(-5) } },
      { name: labels.neutral, type: "bar", stack: "events", data: years.map((y) => row(y).neutral), itemStyle: { color: "#9a9a9a" } },
      { name: labels.cooperation, type: "bar", stack: "events", data: years.map((y) => row(y).cooperation), itemStyle: { color: barColour(5) } },
      {
        name: labels.mean,
        type: "line",
        yAxisIndex: 1,
        connectNulls: false,
        data: years.map((y) => row(y).mean),
        lineStyle: { color: "#333" },
        itemStyle: { color: (p: { value: number | null }) => (p.value === null ? "#333" : barColour(p.value)), borderColor: "#333" },
        symbol: "circle",
        symbolSize: 8,
      },
    ],
  };
  const { ref } = useChart(option as ChartOption);
  return <div ref={ref} className="chart" role="img" aria-label={labels.title} data-testid="bar-intensity-chart" style={{ height: 280 }} />;
}
