/**
 * Exact decimal arithmetic on the strings GCDF writes (`23968990.8976866`): amounts are summed and
 * rounded as scaled integers, never as floats, so a total is the same to the last digit as a
 * spreadsheet's exact sum.
 */

const DECIMAL = /^\d+(\.\d+)?$/;

/** A non-negative plain decimal (no sign, exponent or thousands separator). */
export const isPlainDecimal = (s: string) => DECIMAL.test(s);

/** Drops leading zeros of the integer part and trailing zeros of the fraction: `007.50` → `7.5`. */
export function canonicalDecimal(s: string): string {
  if (!isPlainDecimal(s)) throw new Error(`not a decimal: ${s}`);
  const [int = "0", frac = ""] = s.split(".");
  const i = int.replace(/^0+(?=\d)/, "");
  const f = frac.replace(/0+$/, "");
  return f ? `${i}.${f}` : i;
}

const scaled = (s: string, places: number): bigint => {
  const [int = "0", frac = ""] = s.split(".");
  return BigInt(int + frac.padEnd(places, "0"));
};

const unscaled = (n: bigint, places: number): string => {
  const digits = n.toString().padStart(places + 1, "0");
  if (places === 0) return digits;
  const out = `${digits.slice(0, -places)}.${digits.slice(-places)}`.replace(/\.?0+$/, "");
  return out || "0";
};

/** The exact sum of plain decimals, in canonical form. */
export function sumDecimals(values: Iterable<string>): string {
  const list = [...values];
  const places = Math.max(0, ...list.map((v) => v.split(".")[1]?.length ?? 0));
  let total = 0n;
  for (const v of list) total += scaled(v, places);
  return unscaled(total, places);
}

/**
 * Rounds half away from zero (as PostgreSQL's numeric does) to `places` decimals and writes them
 * all: `roundDecimal("1.005", 2)` → `1.01`, `roundDecimal("7", 2)` → `7.00`.
 */
export function roundDecimal(s: string, places: number): string {
  if (!isPlainDecimal(s)) throw new Error(`not a decimal: ${s}`);
  const [int = "0", frac = ""] = s.split(".");
  let n = BigInt(int + frac.slice(0, places).padEnd(places, "0"));
  if ((frac[places] ?? "0") >= "5") n += 1n;
  const digits = n.toString().padStart(places + 1, "0");
  return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
