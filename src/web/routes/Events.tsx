import { useNavigate, useSearch } from "@tanstack/react-router";
import { useId } from "react";
import type { Event } from "../api/client";
import { useEvents } from "../api/queries";
import { Async, Empty, MechanismSelect, Name, PageTitle, SampleNote } from "../components/ui";
import { Downloads } from "../components/Downloads";
import { BarBadge, BarLegend, BasinSelect, WaterIntensity } from "../components/WaterBar";
import { pick, useI18n } from "../i18n";

const KINDS = [
  "leaders_meeting",
  "foreign_ministers_meeting",
  "senior_officials_meeting",
  "joint_working_group",
  "governors_forum",
  "forum",
  "consultation",
  "declaration",
  "plan",
  "agreement",
  "establishment",
  "initiative",
  "water_event",
  "other",
] as const satisfies readonly Event["kind"][];
const isKind = (k: string | undefined): k is Event["kind"] => !!k && (KINDS as readonly string[]).includes(k);

export function Events() {
  const { t, lang, fmt } = useI18n();
  const { mechanism, basin, kind: rawKind } = useSearch({ from: "/events" });
  const kind = isKind(rawKind) ? rawKind : undefined;
  const navigate = useNavigate({ from: "/events" });
  const set = (patch: { mechanism?: string; basin?: string; kind?: string }) => void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  const events = useEvents({ mechanism, sort: "-date", ...(basin ? { basin } : {}), ...(kind ? { kind } : {}) });
  const kindId = useId();
  return (
    <>
      <PageTitle>{t("events.title")}</PageTitle>
      <div className="filters">
        <MechanismSelect value={mechanism} onChange={(code) => set({ mechanism: code })} />
        <div className="field">
          <label htmlFor={kindId}>{t("events.kind")}</label>
          <select id={kindId} value={kind ?? ""} onChange={(e) => set({ kind: e.target.value || undefined })} data-testid="kind-select">
            <option value="">{t("common.all")}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`eventKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <BasinSelect value={basin} onChange={(code) => set({ basin: code })} only={(b) => b.events > 0} />
      </div>
      <Downloads path="/api/v1/events" query={{ mechanism, sort: "-date", basin, kind }} />
      <Async query={events}>
        {(page) => {
          const water = page.items.some((e) => e.kind === "water_event");
          return page.items.length === 0 ? (
            <Empty />
          ) : (
            <>
              {water ? <WaterIntensity basin={basin} mechanism={mechanism} /> : null}
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("project.date")}</th>
                    <th scope="col">{t("events.event")}</th>
                    <th scope="col">{t("events.kind")}</th>
                    {water ? <th scope="col">{t("events.bar")}</th> : null}
                    <th scope="col">{t("projects.mechanism")}</th>
                    <th scope="col">{water ? t("events.basin") : t("events.place")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((e) => (
                    <tr key={e.id} data-kind={e.kind}>
                      <td>
                        <time dateTime={e.date}>{fmt.date(e.date, e.datePrecision)}</time>
                      </td>
                      <td>
                        <Name text={e.title} /> <SampleNote show={e.isSample} />
                        {e.kind === "water_event" && (e.countryCodes.length || e.issueTypes.length) ? (
                          <div className="muted">
                            {e.countryCodes.join(" · ")}
                            {e.countryCodes.length && e.issueTypes.length ? " — " : ""}
                            {e.issueTypes.map((i) => t(`waterIssue.${i}`, { defaultValue: i })).join(", ")}
                          </div>
                        ) : null}
                      </td>
                      <td>{t(`eventKind.${e.kind}`)}</td>
                      {water ? <td>{e.kind === "water_event" ? <BarBadge value={e.barScale} /> : "—"}</td> : null}
                      <td>{e.mechanismCode ?? "—"}</td>
                      <td>{water ? (e.basinCode ?? (e.place ? pick(e.place, lang) : "—")) : e.place ? pick(e.place, lang) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {water ? <BarLegend /> : null}
              {page.total > page.items.length ? <p className="muted">{t("water.count", { n: `${fmt.number(page.items.length)} / ${fmt.number(page.total)}` })}</p> : null}
            </>
          );
        }}
      </Async>
    </>
  );
}

/* The meeting page: filled in by issue 6. */
export function EventPage() {
  return null;
}
