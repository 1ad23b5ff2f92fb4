// Search parameters in the URL, parsed leniently: a bad value is dropped, never an error page.

const PROJECT_STATUSES = ["proposed", "approved", "active", "suspended", "completed", "terminated", "cancelled"] as const;

/** The project list's filters live in the URL, so every dashboard figure can link to its list. */
export type ProjectSearch = {
  q?: string;
  mechanism?: string;
  status?: (typeof PROJECT_STATUSES)[number];
  pillar?: string;
  area?: string;
  country?: string;
  actor?: string;
  year?: number;
  sort?: string;
  page?: number;
};

export const str = (v: unknown, max = 200) => (typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, max) : typeof v === "number" ? String(v) : undefined);
const int = (v: unknown) => {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

export function parseProjectSearch(s: Record<string, unknown>): ProjectSearch {
  const status = str(s.status);
  const country = str(s.country, 3);
  return {
    q: str(s.q),
    mechanism: str(s.mechanism, 64),
    status: PROJECT_STATUSES.find((x) => x === status),
    pillar: str(s.pillar, 64),
    area: str(s.area, 64),
    country: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : undefined,
    actor: str(s.actor),
    year: int(s.year),
    sort: str(s.sort, 20),
    page: int(s.page),
  };
}

