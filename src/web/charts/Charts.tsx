import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { FeatureCollection, Geometry } from "geojson";
import atlas from "world-atlas/countries-50m.json";
import { echarts, FONT_FAMILY } from "./echarts";
import { useChart } from "./useChart";

export type Datum = { key: string; label: string; value: number; formatted: string };

/** A horizontal bar chart; clicking a bar opens the list behind it. */
export function BarChart({ data, label, onSelect, color = "#1d5c96" }: { data: Datum[]; label: string; onSelect: (key: string) => void; color?: string }) {
  const rows = [...data].reverse();
  const { ref } = useChart(
    {
      textStyle: { fontFamily: FONT_FAMILY },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "item", formatter: (p: unknown) => { const d = (p as { data: Datum & { value: number } }).data; return `${d.label}: ${d.formatted}`; } },
      xAxis: { type: "value", axisLabel: { show: false }, splitLine: { show: false } },
      yAxis: { type: "category", data: rows.map((d) => d.label), axisLabel: { width: 160, overflow: "truncate", color: "#222" } },
      series: [
        {
          type: "bar",
          data: rows.map((d) => ({ value: d.value, key: d.key, label: d.label, formatted: d.formatted })),
          itemStyle: { color },
          cursor: "pointer",
          label: { show: true, position: "right", formatter: (p: unknown) => (p as { data: Datum }).data.formatted, color: "#222" },
        },
      ],
    },
    onSelect,
  );
  return <div ref={ref} className="chart" role="img" aria-label={label} style={{ height: Math.max(120, data.length * 34 + 24) }} />;
}

/** World-atlas ids (ISO 3166 numeric) of the six Lancang-Mekong countries. */
const MEKONG: Record<string, string> = { "156": "CN", "418": "LA", "104": "MM", "764": "TH", "116": "KH", "704": "VN" };

let registered = false;
function registerMekong() {
  if (registered) return;
  const topo = atlas as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const all = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const features = all.features
    .filter((f) => f.id !== undefined && MEKONG[String(f.id)])
    .map((f) => ({ ...f, properties: { name: MEKONG[String(f.id)]! } }));
  echarts.registerMap("mekong", { type: "FeatureCollection", features } as unknown as Parameters<typeof echarts.registerMap>[1]);
  registered = true;
}

/** Choropleth of the Mekong countries by project count, from boundaries bundled with the app. */
export function MekongMap({ data, label, onSelect }: { data: Datum[]; label: string; onSelect: (key: string) => void }) {
  registerMekong();
  const max = Math.max(1, ...data.map((d) => d.value));
  const { ref } = useChart(
    {
      textStyle: { fontFamily: FONT_FAMILY },
      tooltip: { trigger: "item", formatter: (p: unknown) => { const d = (p as { data?: Datum }).data; return d ? `${d.label}: ${d.formatted}` : ""; } },
      visualMap: { min: 0, max, left: 8, bottom: 8, calculable: false, inRange: { color: ["#e3eef9", "#1d5c96"] }, textStyle: { color: "#222" } },
      series: [
        {
          type: "map",
          map: "mekong",
          roam: false,
          // The Mekong basin, not the whole of China.
          boundingCoords: [[91, 29], [111, 8]],
          label: { show: true, formatter: (p: unknown) => (p as { data?: Datum }).data?.label ?? "", color: "#111", fontSize: 11 },
          itemStyle: { borderColor: "#fff", areaColor: "#eee" },
          emphasis: { label: { color: "#000" }, itemStyle: { areaColor: "#f2b544" } },
          data: data.map((d) => ({ name: d.key, value: d.value, key: d.key, label: d.label, formatted: d.formatted })),
        },
      ],
    },
    onSelect,
  );
  return <div ref={ref} className="chart map" role="img" aria-label={label} style={{ height: 420 }} />;
}
