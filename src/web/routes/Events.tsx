import { useNavigate, useSearch } from "@tanstack/react-router";
import { useEvents } from "../api/queries";
import { Async, Empty, MechanismSelect, Name, PageTitle, SampleNote } from "../components/ui";
import { pick, useI18n } from "../i18n";

export function Events() {
  const { t, lang, fmt } = useI18n();
  const { mechanism } = useSearch({ from: "/events" });
  const navigate = useNavigate({ from: "/events" });
  const events = useEvents({ mechanism, sort: "-date" });
  return (
    <>
      <PageTitle>{t("events.title")}</PageTitle>
      <div className="filters">
        <MechanismSelect value={mechanism} onChange={(code) => void navigate({ search: { mechanism: code } })} />
      </div>
      <Async query={events}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty />
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("project.date")}</th>
                  <th scope="col">{t("events.event")}</th>
                  <th scope="col">{t("events.kind")}</th>
                  <th scope="col">{t("projects.mechanism")}</th>
                  <th scope="col">{t("events.place")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <time dateTime={e.date}>{fmt.date(e.date, e.datePrecision)}</time>
                    </td>
                    <td>
                      <Name text={e.title} /> <SampleNote show={e.isSample} />
                    </td>
                    <td>{t(`eventKind.${e.kind}`)}</td>
                    <td>{e.mechanismCode ?? "—"}</td>
                    <td>{e.place ? pick(e.place, lang) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </>
  );
}
