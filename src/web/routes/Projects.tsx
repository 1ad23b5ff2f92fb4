import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useCountries, useMe, useMechanism, useProjects, type ProjectQuery } from "../api/queries";
import { Async, Empty, MechanismSelect, Name, PageTitle, SampleNote, StatusBadge } from "../components/ui";
import { Downloads } from "../components/Downloads";
import { pick, useI18n } from "../i18n";
import type { ProjectSearch } from "../lib/search";

const STATUSES = ["proposed", "approved", "active", "suspended", "completed", "terminated", "cancelled"] as const;
const SORTS = ["-updatedAt", "code", "-code", "startDate", "-startDate", "budget", "-budget", "status"] as const;
const PAGE = 25;

export function Projects() {
  const { t, lang, fmt } = useI18n();
  const search = useSearch({ from: "/projects" });
  const navigate = useNavigate({ from: "/projects" });
  const me = useMe();
  const mechanism = useMechanism(search.mechanism);
  const countries = useCountries();
  const [q, setQ] = useState(search.q ?? "");
  useEffect(() => setQ(search.q ?? ""), [search.q]);
  const ids = { q: useId(), status: useId(), pillar: useId(), area: useId(), country: useId(), sort: useId() };

  const page = search.page ?? 0;
  const query: ProjectQuery = {
    q: search.q,
    mechanism: search.mechanism,
    status: search.status,
    pillar: search.pillar,
    area: search.area,
    country: search.country,
    actor: search.actor,
    year: search.year,
    sort: SORTS.find((x) => x === search.sort) ?? "-updatedAt",
    limit: PAGE,
    offset: page * PAGE,
  };
  const projects = useProjects(query);
  const set = (patch: Partial<ProjectSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch, page: undefined }) });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    set({ q: q.trim() || undefined });
  };
  const canCreate = me.data && ["admin", "secretariat", "officer"].includes(me.data.role);
  const active = Object.entries(search).filter(([k, v]) => v !== undefined && k !== "page" && k !== "sort");

  return (
    <>
      <PageTitle
        actions={
          canCreate ? (
            <Link to="/projects/new" className="button primary">
              {t("nav.newProject")}
            </Link>
          ) : null
        }
      >
        {t("projects.title")}
      </PageTitle>
      <form className="filters" onSubmit={onSearch} role="search" aria-label={t("projects.filters")}>
        <div className="field">
          <label htmlFor={ids.q}>{t("projects.search")}</label>
          <input id={ids.q} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("projects.searchPlaceholder")} />
        </div>
        <button type="submit">{t("projects.searchButton")}</button>
        <MechanismSelect value={search.mechanism} onChange={(code) => set({ mechanism: code, pillar: undefined, area: undefined })} />
        {mechanism.data && mechanism.data.pillars.length > 0 ? (
          <>
            <div className="field">
              <label htmlFor={ids.pillar}>{t("projects.pillar")}</label>
              <select id={ids.pillar} value={search.pillar ?? ""} onChange={(e) => set({ pillar: e.target.value || undefined })}>
                <option value="">{t("common.all")}</option>
                {mechanism.data.pillars.map((p) => (
                  <option key={p.code} value={p.code}>
                    {pick(p.name, lang)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.area}>{t("projects.area")}</label>
              <select id={ids.area} value={search.area ?? ""} onChange={(e) => set({ area: e.target.value || undefined })}>
                <option value="">{t("common.all")}</option>
                {mechanism.data.priorityAreas.map((p) => (
                  <option key={p.code} value={p.code}>
                    {pick(p.name, lang)}
                  </option>
                ))}
              </select>
            </div>
          </>
        ) : null}
        <div className="field">
          <label htmlFor={ids.status}>{t("projects.status")}</label>
          <select id={ids.status} value={search.status ?? ""} onChange={(e) => set({ status: STATUSES.find((s) => s === e.target.value) })}>
            <option value="">{t("common.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.country}>{t("projects.country")}</label>
          <select id={ids.country} value={search.country ?? ""} onChange={(e) => set({ country: e.target.value || undefined })}>
            <option value="">{t("common.all")}</option>
            {[...(countries.data ?? [])]
              .sort((a, b) => fmt.compare(pick(a.name, lang), pick(b.name, lang)))
              .map((c) => (
                <option key={c.code} value={c.code}>
                  {pick(c.name, lang)}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.sort}>{t("projects.sort")}</label>
          <select id={ids.sort} value={search.sort ?? "-updatedAt"} onChange={(e) => void navigate({ search: (prev) => ({ ...prev, sort: e.target.value }) })}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`projects.sorts.${s.replace("-", "desc_")}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {active.length > 0 ? (
        <p className="active-filters">
          {t("projects.filteredBy")}{" "}
          {active.map(([k, v]) => (
            <span key={k} className="chip">
              {t(`projects.filter.${k}`)}: {k === "status" ? t(`status.${String(v)}`) : k === "year" ? fmt.year(Number(v)) : String(v)}
            </span>
          ))}{" "}
          <Link to="/projects" search={{}}>
            {t("projects.clear")}
          </Link>
        </p>
      ) : null}
      <Downloads path="/api/v1/projects" query={query} iati />
      <Async query={projects}>
        {(data) => {
          const items = data.items;
          const total = data.total;
          return (
            <>
              <p className="muted" aria-live="polite" data-testid="project-count">
                {t("projects.count", { formatted: fmt.number(total) })}
              </p>
              {items.length === 0 ? (
                <Empty />
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="sr-only">{t("projects.title")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("projects.code")}</th>
                        <th scope="col">{t("projects.titleCol")}</th>
                        <th scope="col">{t("projects.mechanism")}</th>
                        <th scope="col">{t("projects.status")}</th>
                        <th scope="col">{t("projects.countries")}</th>
                        <th scope="col">{t("projects.start")}</th>
                        <th scope="col" className="num">
                          {t("projects.budget")}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((p) => (
                        <tr key={p.id}>
                          <td>{p.code}</td>
                          <td>
                            <Link to="/projects/$ref" params={{ ref: p.code }}>
                              <Name text={p.title} />
                            </Link>{" "}
                            <SampleNote show={p.isSample} />
                          </td>
                          <td>{p.mechanismCode}</td>
                          <td>
                            <StatusBadge status={p.status} />
                          </td>
                          <td>{p.countries.map((c) => pick(countries.data?.find((x) => x.code === c)?.name, lang) || c).join(", ")}</td>
                          <td>{fmt.date(p.startDate)}</td>
                          <td className="num">{fmt.money(p.budget, p.currency)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {total > PAGE ? (
                <nav className="pager" aria-label={t("projects.pages")}>
                  <button type="button" disabled={page === 0} onClick={() => void navigate({ search: (prev) => ({ ...prev, page: page - 1 }) })}>
                    {t("projects.previous")}
                  </button>
                  <span>{t("projects.pageOf", { page: fmt.number(page + 1), pages: fmt.number(Math.ceil(total / PAGE)) })}</span>
                  <button type="button" disabled={(page + 1) * PAGE >= total} onClick={() => void navigate({ search: (prev) => ({ ...prev, page: page + 1 }) })}>
                    {t("projects.next")}
                  </button>
                </nav>
              ) : null}
            </>
          );
        }}
      </Async>
    </>
  );
}
