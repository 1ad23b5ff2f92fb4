/** Why a value was refused: a message key under `server.import.skip.` and its parameters. */
export type Refusal = { reason: string; params?: Record<string, string | number> };

type Parsed<T> = { ok: true; value: T } | ({ ok: false } & Refusal);

/**
 * TFDD writes dates as the US spreadsheet does, `m/d/yyyy` (3/16/1948); an ISO `yyyy-mm-dd` is
 * accepted too. Empty is null; anything else, or a day the calendar lacks (2/30/1960), is refused.
 */
export function parseTfddDate(raw: string): Parsed<string | null> {
  const s = raw.trim();
  if (s === "") return { ok: true, value: null };
  let y: number, m: number, d: number;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (us) [m, d, y] = [Number(us[1]), Number(us[2]), Number(us[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return { ok: false, reason: "tfdd_bad_date", params: { value: s } };
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1000 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { ok: false, reason: "tfdd_bad_date", params: { value: s } };
  return { ok: true, value: `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

/**
 * The Basins at Risk (BAR) scale: an integer from −7 (formal declaration of war) through 0
 * (neutral) to +7 (voluntary unification into one nation). Empty means the event was not rated.
 */
export function parseBar(raw: string): Parsed<number | null> {
  const s = raw.trim();
  if (s === "") return { ok: true, value: null };
  if (!/^[+-]?\d+$/.test(s)) return { ok: false, reason: "tfdd_bar_not_integer", params: { value: s } };
  const n = Number(s);
  if (n < -7 || n > 7) return { ok: false, reason: "tfdd_bar_out_of_range", params: { value: n } };
  return { ok: true, value: n };
}

/** The first year of `1970`, `1961/1987` or `est. 1995`; null for `.` or nothing. */
export function firstYear(raw: string): number | null {
  const m = /\b(1[5-9]\d\d|20\d\d)\b/.exec(raw);
  return m ? Number(m[1]) : null;
}

/** Missing-value markers of the TFDD tables, kept out of names and codes. */
export const isBlank = (s: string | undefined) => !s || ["", ".", "n/a", "N.A.", "#N/A"].includes(s.trim());

/**
 * A short English title from an event summary: its first sentence, cut at a word boundary to at
 * most `max` characters with an ellipsis. Summaries are often one long sentence, sometimes
 * with doubled spaces; some start with a lowercase word.
 */
export function shortTitle(summary: string, max = 120): string {
  const text = summary.replace(/\s+/g, " ").trim();
  if (!text) return "";
  // A sentence ends at ". " followed by a capital, not at "U.S. " or "No. 3".
  const end = /(?<![A-Z]|\bNo|\bSt|\bDr|\bMr)[.!?](?=\s+[A-Z(“"])/.exec(text);
  let first = end ? text.slice(0, end.index) : text.replace(/[.\s]+$/, "");
  if (first.length > max) {
    const cut = first.slice(0, max - 1);
    const space = cut.lastIndexOf(" ");
    first = `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/, "")}…`;
  }
  return first.charAt(0).toUpperCase() + first.slice(1);
}
