import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { useActors } from "../../api/queries";
import { ActorLink, Async } from "../../components/ui";
import { pick, useI18n } from "../../i18n";
import { percent, SizeText } from "./common";

type Groups = Schemas["PartnerGroups"];

/**
 * Going out together to a designated zone: the zone's open needs per factor, and groups of
 * organisations that together cover them, each with what its members bring.
 */
export function ZoneGroups() {
  const { t, lang } = useI18n();
  const zoneId = useId();
  const sizeId = useId();
  const zones = useActors({ level: "zone" });
  const [zone, setZone] = useState("");
  const [maxMembers, setMaxMembers] = useState(8);
  const groups = useQuery({
    queryKey: ["partner-groups", zone, maxMembers],
    queryFn: () => unwrap(api.GET("/api/v1/zones/{ref}/partner-groups", { params: { path: { ref: zone }, query: { maxMembers, alternatives: 2 } } })),
    enabled: !!zone,
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">{t("partners.groups.title")}</h2>
      <p className="muted description">{t("partners.groups.how")}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor={zoneId}>{t("partners.groups.zone")}</label>
          <select id={zoneId} name="zone" value={zone} onChange={(e) => setZone(e.target.value)}>
            <option value="">{t("form.choose")}</option>
            {zones.data?.items.map((z) => (
              <option key={z.code} value={z.code}>
                {pick(z.name, lang)} ({z.code})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={sizeId}>{t("partners.groups.maxMembers")}</label>
          <input
            id={sizeId}
            name="maxMembers"
            type="number"
            min={1}
            max={20}
            value={maxMembers}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= 20) setMaxMembers(n);
            }}
          />
        </div>
      </div>
      {zone ? <Async query={groups}>{(g) => <GroupsView g={g} />}</Async> : null}
    </section>
  );
}

function GroupsView({ g }: { g: Groups }) {
  const { t, fmt, lang } = useI18n();
  if (g.needs.length === 0)
    return (
      <p className="muted" data-testid="zone-no-needs">
        {t("partners.groups.noNeeds", { zone: pick(g.zone.name, lang) })}
      </p>
    );
  return (
    <div data-testid="zone-groups">
      <table data-testid="zone-needs">
        <caption>{t("partners.groups.needsCaption", { zone: pick(g.zone.name, lang) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("partners.field.factor")}</th>
            <th scope="col" className="num">
              {t("partners.groups.needed")}
            </th>
            <th scope="col" className="num">
              {t("partners.groups.postings")}
            </th>
          </tr>
        </thead>
        <tbody>
          {g.needs.map((n) => (
            <tr key={n.factor}>
              <th scope="row">{t(`factor.${n.factor}`)}</th>
              <td className="num">
                <SizeText size={n.amount} unit={n.unit} />
              </td>
              <td className="num">{fmt.number(n.postings.length)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="zone-candidates">{t("partners.groups.candidates", { n: fmt.number(g.candidates) })}</p>
      {g.groups.length === 0 || g.groups[0]!.members.length === 0 ? (
        <p className="muted">{t("partners.groups.none")}</p>
      ) : (
        g.groups.map((group, i) => (
          <article key={group.members.map((m) => m.code).join("|")} className="partner-group" data-testid="partner-group" data-complete={group.complete}>
            <h3>
              {i === 0 ? t("partners.groups.best") : t("partners.groups.alternative", { n: fmt.number(i) })}{" "}
              <span className={`badge status-${group.complete ? "active" : "suspended"}`}>{group.complete ? t("partners.groups.complete") : t("partners.groups.partial")}</span>
            </h3>
            <p>{t("partners.groups.coveredShare", { share: percent(fmt, group.covered), n: fmt.number(group.members.length) })}</p>
            <table>
              <caption>{t("partners.groups.membersCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("partners.field.organisation")}</th>
                  <th scope="col">{t("partners.groups.type")}</th>
                  <th scope="col">{t("partners.groups.brings")}</th>
                  <th scope="col" className="num">
                    {t("partners.groups.fit")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {group.members.map((m) => (
                  <tr key={m.code}>
                    <th scope="row">
                      <ActorLink code={m.code} name={m.name} />
                    </th>
                    <td>
                      {t(`actorType.${m.type}`)}
                      {m.country ? ` · ${m.country.toUpperCase()}` : ""}
                    </td>
                    <td>
                      <ul className="plain">
                        {Object.entries(m.brings).map(([f, amount]) => (
                          <li key={f}>
                            {t(`factor.${f}`)}: <SizeText size={amount} unit={g.needs.find((n) => n.factor === f)?.unit ?? null} />
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="num">{percent(fmt, m.fit)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table data-testid="group-coverage">
              <caption>{t("partners.groups.coverageCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("partners.field.factor")}</th>
                  <th scope="col">{t("partners.groups.coverage")}</th>
                </tr>
              </thead>
              <tbody>
                {g.needs.map((n) => {
                  const c = group.coverage[n.factor] ?? 0;
                  return (
                    <tr key={n.factor} data-factor={n.factor}>
                      <th scope="row">{t(`factor.${n.factor}`)}</th>
                      <td>
                        <meter min={0} max={1} low={0.5} high={0.99} optimum={1} value={c} aria-label={`${t(`factor.${n.factor}`)}: ${percent(fmt, c)}`} />{" "}
                        <span data-testid="coverage-value">{percent(fmt, c)}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </article>
        ))
      )}
    </div>
  );
}
