/**
 * Pure pieces of the side-by-side comparison: water events gathered into periods, and a project's
 * budget split over its countries.
 */

/** Water events of one year (or one period) with their BAR intensity; `sum` and `rated` give the mean. */
export type YearCounts = { year: number; events: number; conflict: number; neutral: number; cooperation: number; sum: number; rated: number };

export type PeriodCounts = { period: string; events: number; conflict: number; neutral: number; cooperation: number; mean: number | null };

/**
 * Years gathered into periods of `width` years aligned on multiples of the width (1995–1999,
 * 2000–2004 for five), each with the mean BAR value of its rated events, to two decimals. A width
 * of 1 keeps the years ("1996"). Periods without events are left out.
 */
export function bucketYears(rows: readonly YearCounts[], width: number): PeriodCounts[] {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`period width ${width}`);
  const by = new Map<number, Omit<YearCounts, "year">>();
  for (const r of rows) {
    const start = Math.floor(r.year / width) * width;
    const b = by.get(start) ?? by.set(start, { events: 0, conflict: 0, neutral: 0, cooperation: 0, sum: 0, rated: 0 }).get(start)!;
    for (const k of ["events", "conflict", "neutral", "cooperation", "sum", "rated"] as const) b[k] += Number(r[k]);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, b]) => b.events > 0)
    .map(([start, b]) => ({
      period: width === 1 ? String(start) : `${start}-${start + width - 1}`,
      events: b.events,
      conflict: b.conflict,
      neutral: b.neutral,
      cooperation: b.cooperation,
      mean: b.rated ? Math.round((b.sum / b.rated) * 100) / 100 : null,
    }));
}

/**
 * The share of a project's budget each of its countries gets: the recipient countries by their
 * percentages when every one has a percentage (normalised, so 60/60 is half each), equally when
 * any is missing; without recipients, the parties' countries equally. Shares add up to 1, or
 * there are none.
 */
export function budgetShares(recipients: readonly { country: string; percentage: number | string | null }[], partyCountries: readonly string[]): [string, number][] {
  if (recipients.length) {
    const pcts = recipients.map((r) => (r.percentage === null || r.percentage === "" ? Number.NaN : Number(r.percentage)));
    const total = pcts.reduce((s, p) => s + (Number.isFinite(p) ? p : 0), 0);
    const given = pcts.every((p) => Number.isFinite(p) && p >= 0) && total > 0;
    return recipients.map((r, i) => [r.country, given ? pcts[i]! / total : 1 / recipients.length]);
  }
  const cs = [...new Set(partyCountries)];
  return cs.map((c) => [c, 1 / cs.length]);
}
