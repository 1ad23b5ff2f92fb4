/**
 * Sums of money given as exact decimal strings (as PostgreSQL numeric reads back), kept exact by
 * adding hundredths as bigints: a province's figures must equal the sum of its projects' to the cent.
 */
export function sumDecimals(values: readonly (string | null | undefined)[]): string {
  let total = 0n;
  for (const v of values) {
    if (v === null || v === undefined || v === "") continue;
    const negative = v.startsWith("-");
    const [whole = "0", frac = ""] = (negative ? v.slice(1) : v).split(".");
    const hundredths = BigInt(whole || "0") * 100n + BigInt((frac + "00").slice(0, 2));
    total += negative ? -hundredths : hundredths;
  }
  const sign = total < 0n ? "-" : "";
  const abs = total < 0n ? -total : total;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}
