// The Basins at Risk (BAR) scale of water events: colours and labels, shared by every view that shows one.

/** The scale's values, from formal war to voluntary unification. */
export const BAR_VALUES = [-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7] as const;

/**
 * A diverging scale (ColorBrewer RdBu): deep red for war, grey for neutral, deep blue for
 * unification. Index = value + 7.
 */
const COLOURS = ["#67001f", "#8c0d25", "#b2182b", "#c43c3c", "#d6604d", "#f4a582", "#fbd0b9", "#e6e6e6", "#d1e5f0", "#b4d5e8", "#92c5de", "#6aa9cf", "#4393c3", "#2b6fae", "#053061"] as const;

const clamp = (v: number) => Math.max(-7, Math.min(7, Math.round(v)));

export const barColour = (v: number) => COLOURS[clamp(v) + 7]!;

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

/** Black or white, whichever reads better on the value's colour. */
export const barText = (v: number) => (contrast(barColour(v), "#000000") >= contrast(barColour(v), "#ffffff") ? "#000000" : "#ffffff");

/** `+3`, `0`, `−3` (a true minus sign): the sign is the point of the scale. */
export const formatBar = (v: number) => (v > 0 ? `+${v}` : v < 0 ? `−${Math.abs(v)}` : "0");

/** The locale key of a value's meaning: `bar.level.m7` … `bar.level.0` … `bar.level.p7`. */
export const barLevelKey = (v: number) => {
  const c = clamp(v);
  return `bar.level.${c < 0 ? `m${-c}` : c > 0 ? `p${c}` : "0"}`;
};

/** conflict below 0, neutral at 0, cooperation above. */
export const barTone = (v: number) => (v < 0 ? "conflict" : v > 0 ? "cooperation" : "neutral");
