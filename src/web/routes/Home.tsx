import { Link, Navigate } from "@tanstack/react-router";
import { useEvents, useMe, useMechanisms, useProjects } from "../api/queries";
import { Async, Empty, Loading, Name, SampleNote, StatusBadge } from "../components/ui";
import { useI18n } from "../i18n";

/** Signed-in users start on their workspace; the public reads the transparency portal. */
export function Home() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.data) return <Navigate to={me.data.role === "reviewer" ? "/projects" : "/dashboard"} />;
  return <Portal />;
}

function Portal() {
  const { t, fmt } = useI18n();
  const projects = useProjects({ sort: "-startDate", limit: 10 });
  const mechanisms = useMechanisms();
  const events = useEvents({ sort: "-date", limit: 8 });
  return (
    <>
      <section className="hero">
        <h1>{t("portal.title")}</h1>
        <p>{t("portal.intro")}</p>
      </section>
      <div className="grid-2">
        <section aria-labelledby="portal-projects">
          <h2 id="portal-projects">{t("portal.projects")}</h2>
          <Async query={projects}>
            {(page) =>
              page.items.length === 0 ? (
                <Empty />
              ) : (
                <ul className="cards">
                  {page.items.map((p) => (
                    <li key={p.id} className="card">
                      <Link to="/projects/$ref" params={{ ref: p.code }}>
                        <Name text={p.title} />
                      </Link>
                      <div className="meta">
                        <StatusBadge status={p.status} /> <SampleNote show={p.isSample} /> {p.mechanismCode} · {fmt.date(p.startDate)} · {fmt.money(p.budget, p.currency)}
                      </div>
                    </li>
                  ))}
                </ul>
              )
            }
          </Async>
          <p>
            <Link to="/projects">{t("portal.allProjects")}</Link>
          </p>
        </section>
        <section aria-labelledby="portal-mechanisms">
          <h2 id="portal-mechanisms">{t("portal.mechanisms")}</h2>
          <Async query={mechanisms}>
            {(page) => (
              <ul className="plain">
                {page.items.map((m) => (
                  <li key={m.id}>
                    <Link to="/mechanisms/$ref" params={{ ref: m.code }}>
                      <Name text={m.name} />
                    </Link>{" "}
                    <span className="muted">({m.code})</span>
                  </li>
                ))}
              </ul>
            )}
          </Async>
          <h2>{t("portal.events")}</h2>
          <Async query={events}>
            {(page) => (
              <ul className="plain">
                {page.items.map((e) => (
                  <li key={e.id}>
                    <span className="muted">{fmt.date(e.date, e.datePrecision)}</span> <Name text={e.title} />
                  </li>
                ))}
              </ul>
            )}
          </Async>
          <p>
            <Link to="/events">{t("portal.allEvents")}</Link>
          </p>
        </section>
      </div>
    </>
  );
}
