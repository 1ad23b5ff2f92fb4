export type Point = { lat: number; lon: number };

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km by the haversine formula. */
export function haversineKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The closest pair of points between two lists, or null when either has none. */
export function nearestKm(a: readonly Point[], b: readonly Point[]): number | null {
  let best: number | null = null;
  for (const p of a)
    for (const q of b) {
      const d = haversineKm(p, q);
      if (best === null || d < best) best = d;
    }
  return best;
}
