import type { CSSProperties } from "react";
import { downloadPng, useChart, type ChartOption } from "./useChart";

/**
 * A chart with a "Download image (PNG)" button under it. The chart is a picture with a label; the
 * table beside it on each page carries the same figures for assistive technology.
 */
export function ChartFigure({ option, label, testId, style, filename, downloadLabel, buttonTestId = `${testId}-png` }: { option: ChartOption; label: string; testId: string; style: CSSProperties; filename: string; downloadLabel: string; buttonTestId?: string }) {
  const { ref, chart } = useChart(option);
  return (
    <figure className="chart-figure">
      <div ref={ref} className="chart" role="img" aria-label={label} data-testid={testId} style={style} />
      <button type="button" className="button secondary" onClick={() => downloadPng(chart.current, filename)} data-testid={buttonTestId}>
        {downloadLabel}
      </button>
    </figure>
  );
}
