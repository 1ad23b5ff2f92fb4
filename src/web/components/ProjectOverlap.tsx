import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { api, unwrap, type Schemas } from "../api/client";
import { useI18n } from "../i18n";
import { Downloads } from "./Downloads";
import { Async } from "./ui";

type Reason = Schemas["ProjectOverlap"]["items"][number]["reasons"][number];

/**
 * On a project's page: the projects of other mechanisms and the imported records (GCDF, IATI) in
 * the same place and sector over overlapping years, each with why, and the list as CSV.
 */
export function ProjectOverlap({ code }: { code: string }) {
  const { t, fmt } = useI18n();
  const overlap = useQuery({
    queryKey: ["compare", "project-overlap", code],
    queryFn: () => unwrap(api.GET("/api/v1/compare/projects/{ref}/overlap", { params: { path: { ref: code }, query: {} } })),
  });
  const reason = (r: Reason) =>
    r.kind === "distance"
      ? t("compare.projectOverlap.reason.distance", { km: fmt.number(r.km ?? 0) })
      : r.kind === "years"
        ? t("compare.projectOverlap.reason.years", { from: r.from ?? t("compare.projectOverlap.openYear"), to: r.to ?? t("compare.projectOverlap.openYear") })
        : t(`compare.projectOverlap.reason.${r.kind}`, { codes: (r.codes ?? []).join(", ") });
  return (
    <section aria-labelledby="project-overlap" data-testid="project-overlap">
      <h2 id="project-overlap">{t("compare.projectOverlap.heading")}</h2>
      <p className="muted">{t("compare.projectOverlap.intro")}</p>
      <Async query={overlap}>
        {(list) =>
          list.items.length === 0 ? (
            <p>{t("compare.projectOverlap.none")}</p>
          ) : (
            <>
              <Downloads path={`/api/v1/compare/projects/${encodeURIComponent(code)}/overlap`} />
              <table>
                <caption className="sr-only">{t("compare.projectOverlap.heading")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("compare.projectOverlap.project")}</th>
                    <th scope="col">{t("compare.projectOverlap.source")}</th>
                    <th scope="col">{t("compare.projectOverlap.place")}</th>
                    <th scope="col">{t("compare.projectOverlap.reasons")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((o) => (
                    <tr key={o.code}>
                      <td>
                        <Link to="/projects/$ref" params={{ ref: o.code }}>
                          {o.code}
                        </Link>
                      </td>
                      <td>{o.externalSource ? o.externalSource.toUpperCase() : (o.mechanism ?? "—")}</td>
                      <td>{t(`compare.projectOverlap.places.${o.place}`)}</td>
                      <td>{o.reasons.map(reason).join("; ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </Async>
    </section>
  );
}
