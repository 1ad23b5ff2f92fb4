import { GraphChart, HeatmapChart, LineChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { echarts, FONT_FAMILY } from "./echarts";
import { ChartFigure } from "./ChartFigure";
import { useChart, type ChartOption } from "./useChart";

echarts.use([GraphChart, HeatmapChart, LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent]);

export type PortraitPoint = { x: number; y: number; label: string; colour: string };

const axis = (name: string, max?: number) => ({ type: "value" as const, name, nameLocation: "middle" as const, nameGap: 28, min: 0, ...(max === undefined ? {} : { max }), axisLabel: { color: "#222" } });

/**
 * A phase portrait: paths from a grid of starting states, with the rest points marked by type.
 * The table of rest points beside it carries the same facts for assistive technology.
 */
export function PhasePortrait({ paths, points, xName, yName, label, max, filename, downloadLabel }: { paths: number[][][]; points: PortraitPoint[]; xName: string; yName: string; label: string; max?: number; filename: string; downloadLabel: string }) {
  const option = {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 48, right: 16, top: 16, bottom: 44 },
    tooltip: { trigger: "item" },
    xAxis: axis(xName, max),
    yAxis: axis(yName, max),
    series: [
      ...paths.map((p) => ({ type: "line", data: p, showSymbol: false, silent: true, lineStyle: { color: "#7d98b3", width: 1 } })),
      ...paths.map((p) => ({ type: "scatter", data: [p[0]], symbolSize: 4, silent: true, itemStyle: { color: "#7d98b3" } })),
      { type: "scatter", data: points.map((p) => ({ value: [p.x, p.y], name: p.label, itemStyle: { color: p.colour, borderColor: "#222" } })), symbolSize: 14, label: { show: true, position: "right", formatter: "{b}", color: "#222" }, tooltip: { formatter: "{b}" } },
    ],
  };
  return <ChartFigure option={option as ChartOption} label={label} testId="phase-portrait" style={{ height: 380, maxWidth: 520 }} filename={filename} downloadLabel={downloadLabel} />;
}

/** A sweep as a heat map: for each pair of parameter values, the share of starts ending at the chosen ESS. */
export function SweepHeatmap({ xs, ys, values, xName, yName, label, filename, downloadLabel }: { xs: string[]; ys: string[]; values: [number, number, number][]; xName: string; yName: string; label: string; filename: string; downloadLabel: string }) {
  const option = {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 56, right: 16, top: 16, bottom: 80 },
    tooltip: { trigger: "item" },
    xAxis: { type: "category", data: xs, name: xName, nameLocation: "middle", nameGap: 28, axisLabel: { color: "#222" } },
    yAxis: { type: "category", data: ys, name: yName, nameLocation: "middle", nameGap: 40, axisLabel: { color: "#222" } },
    visualMap: { min: 0, max: 100, calculable: false, orient: "horizontal", left: "center", bottom: 0, inRange: { color: ["#f7fbff", "#08306b"] }, textStyle: { color: "#222" } },
    series: [{ type: "heatmap", data: values, label: { show: xs.length * ys.length <= 120, color: "#222", textBorderColor: "#fff", textBorderWidth: 2, formatter: (p: { value: number[] }) => `${p.value[2]}%` } }],
  };
  return <ChartFigure option={option as ChartOption} label={label} testId="sweep-heatmap" style={{ height: 360, maxWidth: 640 }} filename={filename} downloadLabel={downloadLabel} />;
}

export type GraphNode = { id: string; name: string; category: number; size: number; x: number; y: number };

/**
 * The collaboration network as a graph. Positions are computed before drawing (communities on a
 * ring, members on a small ring inside), so ECharts does no force layout and stays smooth with a
 * few thousand actors; the tables beside it carry the same facts.
 */
export function NetworkGraph({ nodes, links, categories, label }: { nodes: GraphNode[]; links: { source: string; target: string; value: number }[]; categories: string[]; label: string }) {
  const option = {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    tooltip: { trigger: "item" },
    legend: { top: 0, data: categories, textStyle: { color: "#222" } },
    series: [
      {
        type: "graph",
        layout: "none",
        roam: true,
        large: nodes.length > 1000,
        categories: categories.map((name) => ({ name })),
        data: nodes.map((n) => ({ id: n.id, name: n.name, category: n.category, symbolSize: n.size, x: n.x, y: n.y, value: n.id })),
        links: links.map((l) => ({ source: l.source, target: l.target, value: l.value, lineStyle: { width: Math.min(4, 0.5 + l.value / 2) } })),
        lineStyle: { color: "#9aa7b4", opacity: 0.5 },
        emphasis: { focus: "adjacency" },
        label: { show: nodes.length <= 60, position: "right", color: "#222", formatter: "{b}" },
      },
    ],
  };
  const { ref } = useChart(option as ChartOption);
  return <div ref={ref} className="chart" role="img" aria-label={label} data-testid="network-graph" style={{ height: 520 }} />;
}
