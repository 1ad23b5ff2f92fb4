import { lazy, Suspense, useId } from "react";
import { useWaterBasins, useWaterIntensity, type WaterBasin } from "../api/water";
import { useI18n } from "../i18n";
import { BAR_VALUES, barColour, barLevelKey, barText, formatBar } from "../lib/bar";
import { Loading } from "./ui";

// ECharts loads only when a timeline with water events is shown.
const BarIntensityChart = lazy(() => import("../charts/BarIntensity").then((m) => ({ default: m.BarIntensityChart })));

/** A water event's BAR value as a swatch on the conflict–cooperation scale; its meaning on hover and for screen readers. */
export function BarBadge({ value }: { value: number | null }) {
  const { t } = useI18n();
  if (value === null)
    return (
      <span className="badge" data-bar="none">
        {t("bar.notRated")}
      </span>
    );
  const label = t("bar.value", { value: formatBar(value), label: t(barLevelKey(value)) });
  return (
    <span className="badge" data-bar={value} title={label} aria-label={label} style={{ background: barColour(value), color: barText(value), fontVariantNumeric: "tabular-nums", minWidth: "2.2em", textAlign: "center" }}>
      {formatBar(value)}
    </span>
  );
}

/** The fifteen colours of the scale from war to unification, and what each value means. */
export function BarLegend({ level = 2 }: { level?: 2 | 3 }) {
  const { t } = useI18n();
  const id = useId();
  const H = level === 2 ? "h2" : "h3";
  return (
    <section className="panel" aria-labelledby={id} data-testid="bar-legend">
      <H id={id}>{t("bar.title")}</H>
      <p>{t("bar.legend")}</p>
      <div style={{ display: "flex", alignItems: "center", gap: "0.5rem", flexWrap: "wrap" }}>
        <span>{t("bar.conflict")}</span>
        <ol aria-label={t("bar.title")} style={{ display: "flex", listStyle: "none", padding: 0, margin: 0 }}>
          {BAR_VALUES.map((v) => (
            <li key={v} title={t(barLevelKey(v))} style={{ background: barColour(v), color: barText(v), padding: "0.15rem 0.35rem", minWidth: "1.9em", textAlign: "center", fontVariantNumeric: "tabular-nums" }}>
              {formatBar(v)}
            </li>
          ))}
        </ol>
        <span>{t("bar.cooperation")}</span>
      </div>
      <details>
        <summary>{t("bar.levels")}</summary>
        <dl className="bar-levels">
          {BAR_VALUES.map((v) => (
            <div key={v} style={{ display: "flex", gap: "0.5rem", alignItems: "baseline" }}>
              <dt>
                <BarBadge value={v} />
              </dt>
              <dd style={{ margin: 0 }}>{t(barLevelKey(v))}</dd>
            </div>
          ))}
        </dl>
      </details>
      <p className="muted">{t("bar.credit")}</p>
    </section>
  );
}

/** Water events per year for a basin or a mechanism, with their mean BAR value; nothing when there are none. */
export function WaterIntensity({ basin, mechanism, level = 2 }: { basin?: string; mechanism?: string; level?: 2 | 3 }) {
  const { t, fmt } = useI18n();
  const intensity = useWaterIntensity({ ...(basin ? { basin } : {}), ...(mechanism ? { mechanism } : {}) });
  const id = useId();
  const H = level === 2 ? "h2" : "h3";
  if (!intensity.data?.length) return null;
  return (
    <section aria-labelledby={id}>
      <H id={id}>{t("events.intensity")}</H>
      <Suspense fallback={<Loading />}>
        <BarIntensityChart
          data={intensity.data}
          labels={{
            title: t("bar.chartLabel"),
            conflict: t("bar.conflict"),
            neutral: t("bar.neutral"),
            cooperation: t("bar.cooperation"),
            mean: t("bar.mean"),
            year: (y) => fmt.year(y),
            number: (n) => fmt.number(n),
          }}
        />
      </Suspense>
    </section>
  );
}

/** The basin filter: every basin with water data, by TFDD code and name. */
export function BasinSelect({ value, onChange, only }: { value: string | undefined; onChange: (code: string | undefined) => void; only?: (b: WaterBasin) => boolean }) {
  const { t, fmt } = useI18n();
  const basins = useWaterBasins();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t("events.basin")}</label>
      <select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} data-testid="basin-select">
        <option value="">{t("common.all")}</option>
        {(basins.data ?? [])
          .filter((b) => b.code === value || !only || only(b))
          .sort((a, b) => fmt.compare(a.name ?? a.code, b.name ?? b.code))
          .map((b) => (
            <option key={b.code} value={b.code}>
              {b.name ? `${b.name} (${b.code})` : b.code}
            </option>
          ))}
      </select>
    </div>
  );
}
