import { useEffect, useRef } from "react";
import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { echarts, FONT_FAMILY } from "./echarts";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent]);

export type RateSeries = { name: string; points: { year: number; rate: number | null }[] };

/**
 * Fulfilment rate per year, one line per actor (0–100 %). The table beside it carries the same
 * figures for assistive technology; the chart is a picture of them.
 */
export function RateLines({ series, label }: { series: RateSeries[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
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
  const signature = JSON.stringify(option, (_k, v: unknown) => (typeof v === "function" ? String(v) : v));
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let c: ReturnType<typeof echarts.init> | null = null;
    const start = () => {
      if (c || el.clientWidth === 0 || el.clientHeight === 0) return;
      c = echarts.init(el, undefined, { renderer: "canvas" });
      c.setOption(option);
    };
    const observer = new ResizeObserver(() => (c ? c.resize() : start()));
    observer.observe(el);
    start();
    return () => {
      observer.disconnect();
      c?.dispose();
    };
    // The option is rebuilt every render; only a change of its content starts a new chart.
  }, [signature]);
  return <div ref={ref} className="chart" role="img" aria-label={label} data-testid="rate-chart" style={{ height: 220 }} />;
}
