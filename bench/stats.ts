/** The p-th percentile (nearest rank) of a sample; 0 for an empty one. Every bench row uses this one. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : 0;
}
