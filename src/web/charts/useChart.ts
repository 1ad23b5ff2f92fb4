import { useEffect, useRef } from "react";
import { echarts } from "./echarts";

export type EChartsInstance = ReturnType<typeof echarts.init>;
export type ChartOption = Parameters<EChartsInstance["setOption"]>[0];

/**
 * Mounts an ECharts instance on the returned element for as long as the option's content is the
 * same; a changed option (new data, another language) gets a fresh instance — ECharts 6 fails
 * re-laying out a map series with `notMerge`, and a fresh instance costs little at these sizes.
 * ECharts cannot lay out in a box of size zero (while React hides a suspended subtree), so the
 * chart starts once the box has a size. `chart` holds the live instance, for a PNG download.
 */
export function useChart(option: ChartOption, onClick?: (key: string) => void) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsInstance | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  const optionRef = useRef(option);
  optionRef.current = option;
  const signature = JSON.stringify(option, (_k, v: unknown) => (typeof v === "function" ? String(v) : v));
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const start = () => {
      if (chart.current || el.clientWidth === 0 || el.clientHeight === 0) return;
      const c = echarts.init(el, undefined, { renderer: "canvas" });
      c.setOption(optionRef.current);
      c.on("click", (p) => {
        const data = p.data as { key?: string } | undefined;
        if (data?.key) click.current?.(data.key);
      });
      chart.current = c;
    };
    const observer = new ResizeObserver(() => {
      const c = chart.current;
      if (!c) start();
      else if (!c.isDisposed() && el.clientWidth > 0 && el.clientHeight > 0) c.resize();
    });
    observer.observe(el);
    start();
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [signature]);
  return { ref, chart };
}

/** Saves the chart as drawn, on white so it reads in a report. */
export function downloadPng(chart: EChartsInstance | null, filename: string) {
  const url = chart?.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
  if (!url) return;
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}
